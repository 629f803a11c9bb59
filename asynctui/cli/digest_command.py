"""`asynctui digest`: what happened since I was last here, for the terminal or for mail.

Without ``--since`` the digest starts where the last one shown on this device
ended (the replica's ``last_digest``; 24 hours ago the first time) and moves
that mark to now, so a daily cron job mails each thing once. ``--since``
looks back without moving the mark.
"""

from __future__ import annotations

import argparse
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from asynctui.cli.context import CliError, Context
from asynctui.cli.grammar import Sub, adder
from asynctui.cli.output import when
from asynctui.client import digest
from asynctui.core.clock import parse_instant
from asynctui.core.hours import parse_clock
from asynctui.core.schedule import wall_instant
from asynctui.core.timewords import parse_duration

__all__ = ["FIRST_LOOK_BACK", "LAST_DIGEST", "cmd_digest", "parse_since"]

LAST_DIGEST = "last_digest"
"""Replica meta key: when the last digest without --since was shown (ISO, UTC)."""

FIRST_LOOK_BACK = timedelta(hours=24)
"""How far the first digest on a device looks back."""

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def parse_since(text: str, tz: str, now: datetime) -> datetime:
    """A past instant as people say it, in the viewer's zone: '24h', '2d' (ago),
    'yesterday', 'today', 'monday' (its start), '09:00' (the last one), a date
    (its start) or an ISO time. Raises ValueError for a future one."""
    words = text.strip().lower()
    today = now.astimezone(ZoneInfo(tz)).date()
    found: datetime | None = None
    try:
        found = now - parse_duration(words)
    except ValueError:
        pass
    if found is None:
        if words in ("today", "yesterday"):
            found = wall_instant(today - timedelta(days=int(words == "yesterday")), 0, tz)
        elif (
            len(words) >= 3
            and (day := next((n for n, d in enumerate(_WEEKDAYS) if d.startswith(words)), None))
            is not None
        ):
            found = wall_instant(today - timedelta(days=(today.weekday() - day) % 7), 0, tz)
        elif re.fullmatch(r"\d{1,2}:\d{2}", words):
            found = wall_instant(today, parse_clock(words), tz)
            if found > now:
                found = wall_instant(today - timedelta(days=1), parse_clock(words), tz)
        elif re.fullmatch(r"\d{4}-\d{2}-\d{2}", words):
            found = datetime.fromisoformat(words).replace(tzinfo=ZoneInfo(tz))
        else:
            try:
                value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
            except ValueError:
                raise ValueError(
                    f"not a time: {text!r} (try 24h, 2d, yesterday, monday, 09:00,"
                    " 2026-12-01 or an ISO time)"
                ) from None
            if value.tzinfo is None:
                value = value.replace(tzinfo=ZoneInfo(tz))
            found = value
    found = parse_instant(found.isoformat())
    if found > now:
        raise ValueError(f"{text!r} is in the future ({when(found, tz, now)})")
    return found


def cmd_digest(ctx: Context) -> int:
    args = ctx.args
    workspace = ctx.workspace()
    team = workspace.team()
    me = ctx.me()
    now = ctx.now()
    if args.since:
        try:
            since = parse_since(args.since, me.tz, now)
        except ValueError as exc:
            raise CliError(f"--since: {exc}") from None
    else:
        mark = workspace.replica.get_meta(LAST_DIGEST)
        since = now - FIRST_LOOK_BACK
        if mark:
            try:
                since = min(parse_instant(mark), now)
            except ValueError:
                ctx.warn(f"the last digest's time {mark!r} is unreadable: looking back 24 hours")
    report = digest.build(workspace.db, team, me.id, since, now)
    if args.json:
        ctx.write_json(report)
    else:
        ctx.out.write(digest.render(report, team, me.tz, markdown=args.markdown))
    if not args.since:
        workspace.replica.set_meta(LAST_DIGEST, now.isoformat())
    return 0


def register(sub: Sub, common: argparse.ArgumentParser) -> None:
    """The grammar of the digest."""
    add = adder(sub, common)
    p = add("digest", cmd_digest, "what happened since I was last here")
    p.add_argument(
        "--since",
        metavar="TIME",
        help="look back to: 24h, 2d, yesterday, monday, 09:00, 2026-12-01 or ISO"
        " (default: the last digest, or 24h; --since does not move that mark)",
    )
    p.add_argument("--markdown", action="store_true", help="Markdown, e.g. to mail from cron")
