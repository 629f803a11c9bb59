"""The badge's due time is never cut: the channel and people give way first, then
the words of where the owing person is, at every width from 60 to 200 columns."""

from __future__ import annotations

from typing import Any

import pytest
from app_harness import ANA, CRASH, NOW, ONBOARDING, DemoTeam, screen_text, synced, wait_until
from app_harness import demo_team as demo_team
from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.app import App, ComposeResult

from asynctui.client.views import INBOX, OWED_TO_ME, ThreadSummary, Views
from asynctui.tui.widgets._lines import fit_start, keep_end
from asynctui.tui.widgets._team_panel import MemberCard
from asynctui.tui.widgets._thread_list import ThreadList


class ListApp(App[None]):
    """The thread list alone, on rows read from the demo's replica."""

    def __init__(self, rows: list[ThreadSummary]) -> None:
        super().__init__()
        self.rows = {row.id: row for row in rows}

    def compose(self) -> ComposeResult:
        yield ThreadList()

    def on_mount(self) -> None:
        self.query_one(ThreadList).set_rows(list(self.rows), self.rows.__getitem__)


def demo_rows(demo: DemoTeam, view: str) -> list[ThreadSummary]:
    views = Views(demo.db(), demo.team(), ANA, NOW)
    return [views.summary(id) for id in views.first_ids(view, "urgency", 20)]


def due_part(words: str) -> str:
    """'kenji · due Fri 10:00' -> 'due Fri 10:00': what the badge exists to show."""
    return words.split(" · ", 1)[1]


@pytest.mark.parametrize("view", [INBOX, OWED_TO_ME])
async def test_at_every_width_each_rows_due_time_is_whole(demo: DemoTeam, view: str) -> None:
    rows = demo_rows(demo, view)
    assert any(row.badges and row.badges[0].short for row in rows), "someone owing is off"
    app = ListApp(rows)
    async with app.run_test(size=(60, 2 * len(rows) + 2)) as pilot:
        thread_list = app.query_one(ThreadList)
        for width in range(60, 201):
            await pilot.resize_terminal(width, 2 * len(rows) + 2)
            await pilot.pause()
            room = thread_list.scrollable_content_region.width
            for index, row in enumerate(rows):
                line = thread_list.render_line(2 * index + 1).text
                assert cell_len(line) == room
                if not row.badges:
                    continue
                badge = row.badges[0]
                short = badge.short or badge.text
                assert badge.text in line or short in line, (room, line, badge)
                assert due_part(short) in line


async def test_where_someone_is_goes_before_the_due_time_and_after_the_channel(
    demo: DemoTeam,
) -> None:
    rows = [row for row in demo_rows(demo, INBOX) if row.badges and row.badges[0].short]
    app = ListApp(rows)
    async with app.run_test(size=(30, 2 * len(rows) + 2)) as pilot:
        thread_list = app.query_one(ThreadList)
        for width in range(30, 201):
            await pilot.resize_terminal(width, 2 * len(rows) + 2)
            await pilot.pause()
            room = thread_list.scrollable_content_region.width
            for index, row in enumerate(rows):
                line = thread_list.render_line(2 * index + 1).text
                badge = row.badges[0]
                if badge.text not in line:
                    # Dropped only when the whole badge could not fit even with the
                    # channel and people gone.
                    assert cell_len(badge.text) + 2 > room - 5, (room, line)
                if room - 5 >= cell_len(badge.short) + 2:
                    assert badge.short in line or badge.text in line, (room, line)
                elif room >= 24:
                    assert due_part(badge.short) in line, (room, line)


@pytest.mark.parametrize("width", range(60, 201, 20))
async def test_in_the_app_a_badge_of_someone_off_keeps_its_due_time(
    demo: DemoTeam, width: int
) -> None:
    app = demo.app()
    async with app.run_test(size=(width, 30)) as pilot:
        await synced(pilot)
        lines = screen_text(app).splitlines()
        for title, due in ((CRASH, "due Fri 10:00"), (ONBOARDING, "due 20:00")):
            (at,) = [i for i, line in enumerate(lines) if title[:14] in line]
            assert due in lines[at + 1], (width, lines[at + 1])
            assert f"{due[:-1]}…" not in lines[at + 1]


async def test_a_team_card_keeps_the_local_time_and_the_end_of_a_status(demo: DemoTeam) -> None:
    app = demo.app()
    async with app.run_test(size=(160, 45)) as pilot:
        await synced(pilot)
        await pilot.press("ctrl+t")
        assert await wait_until(pilot, lambda: bool(app.query(MemberCard)))
        cards: list[Any] = list(app.query(MemberCard))
        for width in range(24, 80):
            for card in cards:
                person = card.person
                header, *rest = [line.plain for line in card.lines(width)]
                assert header.endswith(person.local_time), (width, header)
                assert cell_len(header) <= width or cell_len(person.local_time) + 6 > width
                if person.status is not None and person.status.until is not None:
                    until = person.status_words[-1]
                    if width >= cell_len(until) + 10:
                        assert rest[0].endswith(until), (width, rest[0])
                        assert cell_len(rest[0]) <= width


def test_a_ritual_rows_right_part_cut_short_keeps_its_end() -> None:
    chip = [Segment(" "), Segment(" @sam · due Fri 17:00 ", Style(bgcolor="red"))]
    for width in range(1, 30):
        kept = keep_end(chip, width)
        text = "".join(segment.text for segment in kept)
        assert cell_len(text) == min(width, 23)
        if width >= 16:
            assert text.endswith("due Fri 17:00 ")
        if width < 23:
            assert text.startswith("…") and kept[0].style == kept[-1].style


def test_a_badge_cut_from_its_start_keeps_the_due_time() -> None:
    assert fit_start("kenji · due Fri 10:00", 21) == "kenji · due Fri 10:00"
    assert fit_start("kenji · due Fri 10:00", 19) == "…ji · due Fri 10:00"
    assert fit_start("kenji · due Fri 10:00", 16) == "…due Fri 10:00"
    assert fit_start("kenji · due Fri 10:00", 5) == "…0:00"
