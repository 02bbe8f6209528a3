from __future__ import annotations

import pytest
from linebot.v3.messaging import (
    ApiException,
    MessagingApi,
    MessagingApiBlob,
    PostbackAction,
    RichMenuArea,
    RichMenuBounds,
    RichMenuRequest,
    RichMenuSize,
    ShowLoadingAnimationRequest,
)
from linebot.v3.messaging.exceptions import NotFoundException

from linefake import FakeLine

from .helpers import raw_call

USER = "U" + "d" * 32
GROUP = "C" + "e" * 32
JPEG = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_content_download_and_expiry(fake: FakeLine, blob: MessagingApiBlob) -> None:
    fake.put_content("m-100", JPEG)
    response = blob.get_message_content_with_http_info("m-100")
    assert bytes(response.data) == JPEG
    assert response.headers["Content-Type"] == "image/jpeg"
    fake.delete_content("m-100")  # LINE discards content after a while
    with pytest.raises(NotFoundException) as caught:
        blob.get_message_content("m-100")
    assert caught.value.status == 404
    with pytest.raises(NotFoundException):
        blob.get_message_content("never-sent")
    assert [c.body_length for c in fake.calls("/v2/bot/message/")] == [0, 0, 0]


def test_profiles(fake: FakeLine, api: MessagingApi) -> None:
    fake.set_profile(USER, "ประยูร ใจดี", picture_url="https://example.invalid/p.jpg")
    profile = api.get_profile(USER)
    assert (profile.user_id, profile.display_name, profile.language) == (USER, "ประยูร ใจดี", "th")
    assert profile.picture_url == "https://example.invalid/p.jpg"
    member = api.get_group_member_profile(GROUP, USER)
    assert (member.user_id, member.display_name) == (USER, "ประยูร ใจดี")
    with pytest.raises(NotFoundException):
        api.get_profile("U" + "0" * 32)
    with pytest.raises(NotFoundException):
        api.get_group_member_profile(GROUP, "U" + "0" * 32)


def test_loading_animation(fake: FakeLine, api: MessagingApi) -> None:
    request = ShowLoadingAnimationRequest(chat_id=USER, loading_seconds=10)
    response = api.show_loading_animation_with_http_info(request)
    assert response.status_code == 202
    [call] = fake.calls("/v2/bot/chat/loading/start")
    assert call.body == {"chatId": USER, "loadingSeconds": 10}
    bad = raw_call(
        fake.base_url, "POST", "/v2/bot/chat/loading/start", {"chatId": USER, "loadingSeconds": 7}
    )
    assert bad.status == 400


def _menu_request(name: str = "main") -> RichMenuRequest:
    return RichMenuRequest(
        size=RichMenuSize(width=2500, height=843),
        selected=True,
        name=name,
        chat_bar_text="เมนู",
        areas=[
            RichMenuArea(
                bounds=RichMenuBounds(x=0, y=0, width=1250, height=843),
                action=PostbackAction(label="รายงาน", data="action=report"),
            )
        ],
    )


def test_rich_menu_lifecycle(fake: FakeLine, api: MessagingApi, blob: MessagingApiBlob) -> None:
    menu_id = api.create_rich_menu(_menu_request()).rich_menu_id
    assert menu_id.startswith("richmenu-")
    fetched = api.get_rich_menu(menu_id)
    assert (fetched.name, fetched.chat_bar_text, fetched.size.width) == ("main", "เมนู", 2500)
    assert fetched.areas[0].action.data == "action=report"
    assert [m.rich_menu_id for m in api.get_rich_menu_list().richmenus] == [menu_id]

    with pytest.raises(ApiException) as no_image:
        api.link_rich_menu_id_to_user(USER, menu_id)
    assert no_image.value.status == 400

    # The SDK sends the image only when told its Content-Type; otherwise it tries JSON.
    blob.set_rich_menu_image(menu_id, PNG, _headers={"Content-Type": "image/png"})
    assert bytes(blob.get_rich_menu_image(menu_id)) == PNG
    with pytest.raises(ApiException) as twice:
        blob.set_rich_menu_image(menu_id, PNG, _headers={"Content-Type": "image/png"})
    assert twice.value.status == 400

    with pytest.raises(NotFoundException):
        api.get_rich_menu_id_of_user(USER)
    api.link_rich_menu_id_to_user(USER, menu_id)
    assert api.get_rich_menu_id_of_user(USER).rich_menu_id == menu_id
    api.unlink_rich_menu_id_from_user(USER)
    with pytest.raises(NotFoundException):
        api.get_rich_menu_id_of_user(USER)

    api.set_default_rich_menu(menu_id)
    assert api.get_default_rich_menu_id().rich_menu_id == menu_id
    api.link_rich_menu_id_to_user(USER, menu_id)
    api.delete_rich_menu(menu_id)
    with pytest.raises(NotFoundException):
        api.get_rich_menu(menu_id)
    with pytest.raises(NotFoundException):
        api.get_rich_menu_id_of_user(USER)
    with pytest.raises(NotFoundException):
        api.get_default_rich_menu_id()
    assert api.get_rich_menu_list().richmenus == []


def test_rich_menu_rejects_bad_input(fake: FakeLine) -> None:
    assert raw_call(fake.base_url, "POST", "/v2/bot/richmenu", {"name": "x"}).status == 400
    created = raw_call(fake.base_url, "POST", "/v2/bot/richmenu", _menu_request().to_dict()).body[
        "richMenuId"
    ]
    gif = raw_call(
        fake.base_url,
        "POST",
        f"/v2/bot/richmenu/{created}/content",
        headers={"Content-Type": "image/gif"},
    )
    assert gif.status == 415
    assert raw_call(fake.base_url, "GET", "/v2/bot/richmenu/richmenu-nope").status == 404


def test_rich_menu_upload_records_raw_size(
    fake: FakeLine, api: MessagingApi, blob: MessagingApiBlob
) -> None:
    menu_id = api.create_rich_menu(_menu_request()).rich_menu_id
    blob.set_rich_menu_image(menu_id, PNG, _headers={"Content-Type": "image/png"})
    [upload] = [c for c in fake.calls("/v2/bot/richmenu/") if c.method == "POST"]
    assert (upload.body, upload.body_length) == (None, len(PNG))
    assert upload.headers["content-type"] == "image/png"
