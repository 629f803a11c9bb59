"""What the TUI's ritual views are made of: when the digest of a quiet time is worth
showing (due times typed as words are read by client.commands.forms, see
tests/client/test_commands_rituals.py).

Ana is in Berlin, Bob in New York; both keep Mon-Fri 09:00-17:00 in their zone.
Wednesday 18 November 2026, 10:20 UTC: 11:20 in Berlin, 05:20 in New York.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from asynctui.client.digest import Digest, ThreadNews
from asynctui.client.queries import ThreadRow
from asynctui.client.quiet import has_news, quiet_lead
from asynctui.client.replica import Replica
from asynctui.client.team import Status, Team
from asynctui.core.calendar import WorkCalendar
from asynctui.core.events import Event, HoursSet, Payload, ProfileSet
from asynctui.core.hours import Hours, WeeklyRule
from asynctui.core.ids import new_id

NOW = datetime(2026, 11, 18, 10, 20, tzinfo=UTC)
ANA, BOB, CY = "m-ana", "m-bob", "m-cy"


@pytest.fixture
def team(tmp_path: Path) -> Team:
    replica = Replica(tmp_path / "replica.db")
    start = NOW - timedelta(days=30)
    bodies: list[tuple[str, Payload]] = [
        (ANA, ProfileSet(name="Ana", handle="ana", tz="Europe/Berlin")),
        (BOB, ProfileSet(name="Bob", handle="bob", tz="America/New_York")),
        (CY, ProfileSet(name="Cy", handle="cy", tz="Europe/London")),
        (CY, HoursSet(hours=Hours(working=()))),
    ]
    replica.apply(
        [
            Event(id=new_id(), lamport=n + 1, device=f"{who}-laptop", author=who, at=start, body=b)
            for n, (who, b) in enumerate(bodies)
        ]
    )
    return Team(replica.db)


def test_quiet_time_is_named_by_its_cause(team: Team) -> None:
    calendar = team.calendar(ANA)
    focus = Status("focus", "", "", NOW + timedelta(hours=1), NOW)
    assert quiet_lead(calendar, focus, NOW) == "in focus"
    assert quiet_lead(calendar, Status("ooo", "", "", None, NOW), NOW) == "out of office"
    evening = datetime(2026, 11, 18, 19, 0, tzinfo=UTC)
    assert quiet_lead(calendar, None, evening) == "off"
    blocks = Hours(focus=(WeeklyRule(days=(2,), start=11 * 60, end=12 * 60),))
    assert quiet_lead(WorkCalendar("Europe/Berlin", blocks), None, NOW) == "in focus"


def test_a_digest_is_news_only_for_what_came_after_quiet_began() -> None:
    since = NOW - timedelta(minutes=30)
    assert not has_news(Digest(ANA, since, NOW))
    row = ThreadRow("t", "c", "general", "Plan", BOB, since, NOW, False, 2)
    assert has_news(Digest(ANA, since, NOW, threads=[ThreadNews(row, 1, True)]))
