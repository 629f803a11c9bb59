"""Demo time: the story is told at a weekday morning and resumes where it was left."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from asynctui.client.replica import latest_activity
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
    last = latest_activity(base / "replica.db")
    return max(anchor, last) if last else anchor
