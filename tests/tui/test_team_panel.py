"""The team panel: local times, presence words and day strips at a fixed instant."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from textual.app import App, ComposeResult

from asynctui.client.replica import Replica
from asynctui.client.team import Team
from asynctui.core.events import Event, HoursSet, Payload, ProfileSet, StatusSet
from asynctui.core.hours import Hours, TimeOff, WeeklyRule, Window
from asynctui.core.ids import new_id
from asynctui.tui.widgets._team_panel import (
    OFF,
    WORK,
    MemberCard,
    TeamPanel,
    people,
    strip_cells,
)

NOW = datetime(2026, 11, 18, 12, 20, tzinfo=UTC)
"""Wednesday: 13:20 in Berlin, 07:20 in New York, 21:20 in Tokyo, 12:20 in London."""

ANA, BOB, CHEN, DANA, EVE = "m-ana", "m-bob", "m-chen", "m-dana", "m-eve"
HOSTILE_NAME = "Eve\x1b[31m [bold]Evil[/bold]\x1b]8;;http://x\x07link\x1b]8;;\x07\u202e"


def build_team(newcomer: bool = False) -> Team:
    """Ana (me, Berlin, focus Wed 13-14), Bob (New York), Chen (Tokyo, focus status),
    Dana (London, promise 2d) and Eve (hostile name, on holiday)."""
    replica = Replica(":memory:")
    events: list[Event] = []

    def add(author: str, body: Payload, at: datetime = NOW - timedelta(days=30)) -> None:
        events.append(
            Event(
                id=new_id(int(at.timestamp() * 1000)),
                lamport=len(events) + 1,
                device=f"d-{author}",
                author=author,
                at=at,
                body=body,
            )
        )

    add(ANA, ProfileSet(name="Ana Schmidt", handle="ana", tz="Europe/Berlin"))
    add(BOB, ProfileSet(name="Bob Jones", handle="bob", tz="America/New_York"))
    add(CHEN, ProfileSet(name="Chen Wei", handle="chen", tz="Asia/Tokyo"))
    add(DANA, ProfileSet(name="Dana Scully", handle="dana", tz="Europe/London"))
    add(EVE, ProfileSet(name=HOSTILE_NAME, handle="eve\x07", tz="Europe/Berlin"))
    if newcomer:
        add("m-abe", ProfileSet(name="Abe", handle="abe", tz="Australia/Sydney"))
    add(ANA, HoursSet(hours=Hours(focus=(WeeklyRule(days=(2,), start=13 * 60, end=14 * 60),))))
    add(DANA, HoursSet(hours=Hours(promise=Window(2, "d"))))
    add(EVE, HoursSet(hours=Hours(time_off=(TimeOff(date(2026, 11, 16), date(2026, 11, 20)),))))
    add(
        CHEN,
        StatusSet(
            state="focus",
            text="Shipping \x1b[2J[i]v2[/i]",
            emoji="🎧",
            until=NOW + timedelta(minutes=40),
        ),
        at=NOW - timedelta(minutes=10),
    )
    replica.apply(events)
    return Team(replica.db)


class PanelApp(App[None]):
    def compose(self) -> ComposeResult:
        yield TeamPanel()

    def on_mount(self) -> None:
        self.query_one(TeamPanel).update_team(build_team(), ANA, NOW)


def card_text(app: App[None], member_id: str) -> list[str]:
    card = next(c for c in app.query(MemberCard) if c.person.member_id == member_id)
    return card.render().plain.splitlines()


async def test_me_first_then_by_handle() -> None:
    app = PanelApp()
    async with app.run_test(size=(60, 50)) as pilot:
        await pilot.pause()
        order = [card.person.member_id for card in app.query(MemberCard)]
        assert order == [ANA, BOB, CHEN, DANA, EVE]


async def test_local_times_and_presence_words_at_a_fixed_instant() -> None:
    app = PanelApp()
    async with app.run_test(size=(60, 50)) as pilot:
        await pilot.pause()
        ana = card_text(app, ANA)
        assert ana[0].startswith("Ana Schmidt @ana (you)")
        assert ana[0].endswith("Wed 13:20 Berlin")
        assert ana[1:3] == ["in focus until 14:00", "replies within 8 working hours"]

        bob = card_text(app, BOB)
        assert bob[0].endswith("Wed 07:20 New York")
        assert bob[1] == "off until 15:00 (in 1h 40m)"

        chen = card_text(app, CHEN)
        assert chen[0].endswith("Wed 21:20 Tokyo")
        assert chen[1] == "◉ in focus · 🎧 Shipping [i]v2[/i] · until 14:00"
        assert chen[2] == "in focus until 14:00"

        dana = card_text(app, DANA)
        assert dana[0].endswith("Wed 12:20 London")
        assert dana[1:3] == ["working until 18:00", "replies within 2 working days"]


def test_the_day_strip_marks_where_they_work_in_my_day() -> None:
    by_id = {p.member_id: p for p in people(build_team(), ANA, NOW)}
    # Bob works 09:00-17:00 in New York: 15:00-23:00 of my Berlin day.
    glyphs, now_cell = strip_cells(by_id[BOB].strip, 48)
    assert now_cell == 26  # 13:00-13:30
    assert glyphs == OFF * 30 + WORK * 16 + OFF * 2
    # Chen works 09:00-17:00 in Tokyo: 01:00-09:00 of my day.
    glyphs, _ = strip_cells(by_id[CHEN].strip, 48)
    assert glyphs == OFF * 2 + WORK * 16 + OFF * 30
    # Eve is on holiday all week.
    glyphs, _ = strip_cells(by_id[EVE].strip, 24)
    assert glyphs == OFF * 24


async def test_the_rendered_strip_shows_working_cells_and_now() -> None:
    app = PanelApp()
    async with app.run_test(size=(60, 50)) as pilot:
        await pilot.pause()
        strip = card_text(app, BOB)[-1]
        assert len(strip) == 48
        assert strip[26] == "┃"
        assert strip[30:46] == WORK * 16
        assert strip[29] == OFF and strip[46] == OFF


async def test_hostile_names_and_statuses_are_cleaned() -> None:
    app = PanelApp()
    async with app.run_test(size=(60, 50)) as pilot:
        await pilot.pause()
        eve = card_text(app, EVE)
        assert "\x1b" not in "".join(eve) and "\x07" not in "".join(eve)
        assert "\u202e" not in "".join(eve)
        assert eve[0].startswith("Eve [bold]Evil[/bold]link @eve")
        shown = "\n".join(strip.text for strip in app.screen._compositor.render_strips())
        assert "\x1b" not in shown
        assert "[bold]Evil[/bold]" in shown


async def test_updating_keeps_the_cards_and_moves_the_clock() -> None:
    app = PanelApp()
    async with app.run_test(size=(60, 50)) as pilot:
        await pilot.pause()
        cards = list(app.query(MemberCard))
        later = NOW + timedelta(hours=3)
        app.query_one(TeamPanel).update_team(build_team(), ANA, later)
        await pilot.pause()
        assert list(app.query(MemberCard)) == cards
        assert card_text(app, BOB)[0].endswith("Wed 10:20 New York")
        assert card_text(app, BOB)[1] == "working until 23:00"


async def test_a_newcomer_gets_a_card_in_handle_order() -> None:
    app = PanelApp()
    async with app.run_test(size=(60, 50)) as pilot:
        await pilot.pause()
        app.query_one(TeamPanel).update_team(build_team(newcomer=True), ANA, NOW)
        await pilot.pause()
        order = [card.person.member_id for card in app.query(MemberCard)]
        assert order == [ANA, "m-abe", BOB, CHEN, DANA, EVE]
        assert card_text(app, "m-abe")[0].endswith("Wed 23:20 Sydney")
