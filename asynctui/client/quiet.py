"""The digest the TUI shows when my focus or off time ends.

While the client may not interrupt me (``attention.may_notify``), nothing is
announced; when that ends, what happened meanwhile is shown as one digest, the
same grouped one as ``asynctui digest`` (:mod:`asynctui.client.digest`). It is
shown only when something new came in the meantime: open asks or waiting
check-ins alone, already known before the quiet time, are no reason to
interrupt the moment it ends.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import msgspec

from asynctui.client.attention import QUIET_STATES
from asynctui.client.team import Status
from asynctui.core.calendar import WorkCalendar

if TYPE_CHECKING:
    # Only named here: the TUI imports this module when quiet time begins, at
    # start outside working hours too, where the digest's read models (~7 ms
    # of imports) would delay the first frame (issue #3's cold start).
    from asynctui.client.digest import Digest

__all__ = ["has_news", "quiet_lead"]

_LEADS = {"focus": "in focus", "off": "off", "ooo": "out of office"}


def quiet_lead(calendar: WorkCalendar, my_status: Status | None, now: datetime) -> str:
    """How the quiet time that holds now is named: 'in focus', 'off', 'out of office'."""
    if my_status is not None and my_status.state in QUIET_STATES and my_status.active(now):
        return _LEADS[my_status.state]
    if calendar.hours.focus:
        # A focus block of my weekly hours: I would be working without it.
        unfocused = msgspec.structs.replace(calendar.hours, focus=())
        if WorkCalendar(calendar.tz, unfocused).is_working(now):
            return "in focus"
    return "off"


def has_news(digest: Digest) -> bool:
    """Whether anything in the digest happened after its ``since``."""
    since = digest.since
    return bool(
        digest.threads
        or digest.decisions
        or digest.new_actions
        or digest.checkin_answers
        or any(a.asked_at > since for a in digest.asks_of_me)
        or any(mine.starts > since for _, mine, _ in digest.checkins_waiting)
    )
