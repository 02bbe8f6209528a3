"""Photos, locations, videos and files from leaders: attached to the report they belong to,
or held until its text arrives. One answer per burst of photos, not one per photo."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import func, select

from handlers import texts
from handlers.context import Context
from handlers.fetched import PhotoProblem, StoredPhoto
from handlers.receipts import receipt_message
from models.inbox import enqueue_timer
from models.reports import Photo, Report, held_photos, open_report, photo_count

PROBLEM_TEXTS = {"gone": texts.PHOTO_GONE, "not_image": texts.PHOTO_NOT_IMAGE,
                 "too_large": texts.PHOTO_TOO_LARGE}


def is_leader_image(ctx: Context) -> bool:
    return ctx.message_type == "image" and ctx.is_leader


def on_leader_image(ctx: Context) -> None:
    member = ctx.member
    assert member is not None
    message_id = str(ctx.message.get("id"))
    if ctx.session.scalar(select(Photo.id).where(Photo.line_message_id == message_id)):
        return  # LINE sent this photo again: it is already kept
    image_set = ctx.message.get("imageSet") or {}
    photo = Photo(line_message_id=message_id, member_id=member.id, created_at=ctx.now,
                  image_set_id=image_set.get("id"), image_index=image_set.get("index"))
    fetched = ctx.prefetched.photo
    if isinstance(fetched, StoredPhoto):
        photo.status, photo.sha256, photo.path = "stored", fetched.sha256, fetched.path
        photo.size, photo.content_type = fetched.size, fetched.content_type
    else:
        assert isinstance(fetched, PhotoProblem)
        photo.status, photo.error = "failed", f"{fetched.reason}: {fetched.detail}"
    report = open_report(ctx.session, member.id, ctx.now - ctx.report_window)
    cap = ctx.settings.max_photos_per_report
    if report is not None and photo_count(ctx.session, report.id) < cap:
        photo.report = report
    elif report is not None and photo.status == "stored":
        photo.status, photo.error = "failed", f"over the cap of {cap} photos"
    ctx.session.add(photo)
    ctx.session.flush()
    if burst_complete(ctx, image_set):
        answer_burst(ctx, report, image_set.get("id"), message_id)


def burst_complete(ctx: Context, image_set: dict[str, object]) -> bool:
    """A single photo is its own burst; a set is complete when all `total` have arrived
    (counted, since `index` is missing on some old phones and events may come out of order)."""
    if not image_set.get("id") or not image_set.get("total"):
        return True
    arrived = ctx.session.scalar(
        select(func.count()).select_from(Photo).where(Photo.image_set_id == image_set["id"]))
    return (arrived or 0) >= int(str(image_set["total"]))


def burst_photos(ctx: Context, set_id: object, message_id: str) -> list[Photo]:
    if set_id:
        query = select(Photo).where(Photo.image_set_id == set_id)
    else:
        query = select(Photo).where(Photo.line_message_id == message_id)
    return list(ctx.session.scalars(query.order_by(Photo.id)))


def answer_burst(ctx: Context, report: Report | None, set_id: object, message_id: str) -> None:
    photos = burst_photos(ctx, set_id, message_id)
    stored = [p for p in photos if p.status == "stored"]
    notes = problem_notes(photos)
    if report is not None and any(p.report_id == report.id for p in photos):
        headline = texts.PHOTOS_ATTACHED.format(count=len(stored))
        ctx.reply(receipt_message(ctx, report, headline, notes), important=True)
        return
    if report is not None:  # the report is full
        ctx.reply("\n".join([texts.PHOTO_CAP.format(
            cap=ctx.settings.max_photos_per_report), *notes]))
        return
    if not stored:
        ctx.reply("\n".join(notes))
        return
    assert ctx.member is not None
    ctx.reply("\n".join([texts.PHOTOS_HELD.format(count=len(stored)), *notes]), important=True)
    # If no text follows within the window, ask once what these photos show.
    enqueue_timer(ctx.session, ctx.chat_key, "unclaimed_photos", ctx.now + ctx.report_window,
                  {"user_id": ctx.user_id, "member_id": ctx.member.id,
                   "photo_ids": [p.id for p in stored]},
                  key=f"photos:{ctx.event_id}")


def problem_notes(photos: list[Photo]) -> list[str]:
    notes = []
    for reason, text in PROBLEM_TEXTS.items():
        count = sum(1 for p in photos if p.status == "failed" and (p.error or "").startswith(
            reason))
        if count:
            notes.append(text.format(count=count))
    over = sum(1 for p in photos if (p.error or "").startswith("over the cap"))
    if over:
        notes.append(texts.PHOTOS_OVER_CAP.format(count=over))
    return notes


def is_unclaimed_photos_timer(ctx: Context) -> bool:
    return ctx.type == "timer" and ctx.event.get("kind") == "unclaimed_photos"


def on_unclaimed_photos_timer(ctx: Context) -> None:
    member_id = ctx.event["member_id"]
    waiting = [p for p in held_photos(ctx.session, member_id, ctx.now - timedelta(days=1))
               if p.id in set(ctx.event["photo_ids"])]
    if waiting:
        ctx.push_to(str(ctx.event["user_id"]), texts.WHAT_ARE_THESE_PHOTOS.format(
            count=len(waiting)))


def is_leader_location(ctx: Context) -> bool:
    return ctx.message_type == "location" and ctx.is_leader


def on_leader_location(ctx: Context) -> None:
    assert ctx.member is not None
    address = ctx.message.get("address") or ctx.message.get("title") or ""
    place: dict[str, Any] = {"latitude": ctx.message.get("latitude"),
                             "longitude": ctx.message.get("longitude"), "address": address[:300]}
    report = open_report(ctx.session, ctx.member.id, ctx.now - ctx.report_window)
    if report is None:
        ctx.set_user_state("location", place)
        ctx.reply(texts.LOCATION_HELD)
        return
    report.latitude, report.longitude = place["latitude"], place["longitude"]
    report.address = str(place["address"]) or None
    ctx.reply(receipt_message(ctx, report, texts.LOCATION_ATTACHED))


def is_leader_other_media(ctx: Context) -> bool:
    return ctx.message_type in ("video", "file", "audio") and ctx.is_leader


def on_leader_other_media(ctx: Context) -> None:
    """Kept as a reference (an officer may ask for it), but photos are the evidence."""
    assert ctx.member is not None
    message_id = str(ctx.message.get("id"))
    if ctx.session.scalar(select(Photo.id).where(Photo.line_message_id == message_id)):
        return
    report = open_report(ctx.session, ctx.member.id, ctx.now - ctx.report_window)
    ctx.session.add(Photo(line_message_id=message_id, member_id=ctx.member.id,
                          report=report, status="not_photo", created_at=ctx.now,
                          content_type=ctx.message_type,
                          error=str(ctx.message.get("fileName") or "")[:200] or None))
    if not ctx.in_group:
        ctx.reply(texts.ONLY_PHOTOS_COUNT)
