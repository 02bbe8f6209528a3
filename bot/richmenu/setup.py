"""Creating the rich menus on LINE: `cddbot richmenu setup`.

LINE will not replace a menu's image or areas, so every run makes new menus, points the
database and the members at them, and deletes the old ones. Menus are found by name
(layouts.NAME_PREFIX + role), which also sweeps up menus a failed earlier run left behind.
"""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.line_client import LineClient, LineError
from bot.richmenu import images
from bot.richmenu.layouts import LAYOUTS, Layout
from models.base import utcnow
from models.members import Member
from models.richmenus import RichMenu, enqueue_link

log = logging.getLogger(__name__)


def setup_rich_menus(line: LineClient, session: Session,
                     layouts: dict[str, Layout] | None = None) -> dict[str, str]:
    """Create each role's menu with its image, store role -> richMenuId, queue links for the
    members who have that role, and delete this project's older menus of those roles.
    Returns role -> the new richMenuId."""
    layouts = LAYOUTS if layouts is None else layouts
    created: dict[str, str] = {}
    for role, layout in layouts.items():
        created[role] = _create(line, layout)

    for role, menu_id in created.items():
        row = session.get(RichMenu, role)
        if row is None:
            session.add(RichMenu(role=role, rich_menu_id=menu_id))
        else:
            row.rich_menu_id, row.created_at = menu_id, utcnow()
    session.flush()  # before any link is queued or any old menu deleted
    members = session.execute(
        select(Member.line_user_id, Member.role)
        .where(Member.role.in_(created), Member.status == "active").order_by(Member.id)).all()
    for line_user_id, role in members:
        # Deleting the old menu unlinks it from everyone, so everyone is linked again.
        enqueue_link(session, line_user_id, created[role])
    session.flush()

    names = {layouts[role].name for role in created}
    for menu_id, name in line.rich_menus().items():
        if name in names and menu_id not in created.values():
            _delete(line, menu_id)
    return created


def _create(line: LineClient, layout: Layout) -> str:
    menu_id = line.create_rich_menu(layout.to_line())
    try:
        line.upload_rich_menu_image(menu_id, images.render(layout))
    except LineError:
        _delete(line, menu_id)  # a menu without an image cannot be linked: do not keep it
        raise
    log.info("rich menu for %s: %s", layout.role, menu_id)
    return menu_id


def _delete(line: LineClient, menu_id: str) -> None:
    try:
        line.delete_rich_menu(menu_id)
    except LineError as exc:
        if exc.status != 404:  # already gone is what we wanted
            raise
    log.info("deleted rich menu %s", menu_id)
