"""Demo time: the story is told at a weekday morning and resumes where it was left."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from asynctui.client.team import instant
from asynctui.core.clock import parse_instant


def demo_anchor(now: datetime, fixed: bool) -> datetime:
    """The instant the story is told at: the fixed clock, or the latest Wednesday
    11:20 in Berlin, so the demo is as lively on a Sunday night as midweek."""
    if fixed:
        return now.replace(second=0, microsecond=0)
    berlin = ZoneInfo("Europe/Berlin")
    day = now.astimezone(berlin).date()
    while True:
        candidate = datetime.combine(day, time(11, 20), tzinfo=berlin)
        if candidate.weekday() == 2 and candidate <= now:
            return candidate.astimezone(UTC)
        day -= timedelta(days=1)


def save_anchor(base: Path, anchor: datetime) -> None:
    (base / "anchor").write_text(anchor.isoformat(), encoding="utf-8")


def demo_start(base: Path) -> datetime:
    """Where demo time resumes: its anchor, or the last thing done in it if later."""
    anchor = parse_instant((base / "anchor").read_text(encoding="utf-8"))
    last = None
    try:
        db = sqlite3.connect(str(base / "replica.db"))
        try:
            (last,) = db.execute(
                "SELECT max(m) FROM (SELECT max(at) AS m FROM messages"
                " UNION ALL SELECT max(at) FROM statuses)"
            ).fetchone()
        finally:
            db.close()
    except sqlite3.Error:
        pass
    return max(anchor, instant(last)) if last else anchor
