"""The CLI and the TUI say the same words for the same state (issue #11).

One demo team, one fixed clock (Wednesday 11:20 in Berlin, Ana's zone): each row
sets a state up with the real `asynctui` command, then reads what `asynctui
<command>` prints and what the app draws on screen, and finds the same words in
both. The words come from ``asynctui.client.words``; this test keeps both front
ends on them.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from app_harness import (
    CRASH,
    LAUNCH,
    ONBOARDING,
    PAYMENT,
    SIZE,
    DemoTeam,
    screen_text,
    synced,
    widget_text,
)
from app_harness import demo_team as demo_team

from asynctui.cli import main


def run(demo: DemoTeam, capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """What `asynctui <argv>` prints for Ana, the demo's viewer."""
    capsys.readouterr()
    assert main(["--config", str(demo.config_path), *argv]) == 0
    return capsys.readouterr().out


def line_of(text: str, *needles: str) -> str:
    """The one line of ``text`` holding every needle."""
    (found,) = [line for line in text.splitlines() if all(n in line for n in needles)]
    return found


# -- presence and status: `asynctui team` / `status` and the team panel -------------------


@dataclass(frozen=True)
class Person:
    handle: str
    name: str
    words: tuple[str, ...]
    """What both front ends say of them (on one line each)."""


PEOPLE = [
    # A focus block of her own hours, set below: in focus, not "off".
    Person("ana", "Ana Ruiz", ("in focus until 12:00", "replies within 8 working hours")),
    # A focus status until 12:50 Berlin time, while 02:20 at home in Los Angeles.
    Person("maya", "Maya Chen", ("in focus until 12:50",)),
    Person("priya", "Priya Raman", ("working until 14:00", "replies within 1 working day")),
    # Times in the reader's zone: 09:00 in New York is 15:00 in Berlin.
    Person("sam", "Sam Okafor", ("off until 15:00 (in 3h 40m)",)),
    Person("kenji", "Kenji Sato", ("off until Fri 01:30 (in 1d 14h)",)),
]

STATUSES = [
    Person("maya", "Maya Chen", ("in focus · ✍️ Writing the Q1 plan",)),
    Person("priya", "Priya Raman", ("away · 🚸 School run · until 12:20",)),
    Person("kenji", "Kenji Sato", ("out of office · 🏔️ Family trip",)),
]


def card(panel: str, name: str) -> str:
    """The lines of one person's card in the team panel's text (cards are apart by a
    blank line)."""
    lines = panel.splitlines()
    (at,) = [i for i, line in enumerate(lines) if line.lstrip().startswith(name)]
    end = next((i for i in range(at, len(lines)) if not lines[i].strip()), len(lines))
    return "\n".join(lines[at:end])


def said(card: str, words: str) -> bool:
    """Whether a card says ``words``: whole, or cut short so that the status's end
    stays whole ('◉ in focus · ✍️ Writing the Q… · until 12:50', or with no room for
    the words at all '● out of office · until tomorrow 16:00')."""
    for line in card.splitlines():
        if words in line:
            return True
        head, _, end = line.strip().partition(" · until ")
        shown = head.split(" ", 1)[-1].removesuffix("…")  # after the status's dot
        if end and len(shown) > 5 and words.startswith(shown):
            return True
    return False


async def test_presence_and_status_read_the_same_in_team_and_the_team_panel(
    demo: DemoTeam, capsys: pytest.CaptureFixture[str]
) -> None:
    run(demo, capsys, "hours", "--focus", "Wed 11:00-12:00")
    team = run(demo, capsys, "team")
    status = run(demo, capsys, "status")
    app = demo.app()
    async with app.run_test(size=SIZE) as pilot:
        await synced(pilot)
        await pilot.press("ctrl+t")
        await pilot.pause()
        panel = widget_text(app, "#team")
        for person in PEOPLE:
            for words in person.words:
                assert words in line_of(team, f"@{person.handle}"), (person, team)
                assert words in card(panel, person.name), (person, panel)
        for person in STATUSES:
            for words in person.words:
                assert words in line_of(status, f"@{person.handle}"), (person, status)
                assert said(card(panel, person.name), words), (person, panel)


# -- badges: `asynctui threads` and the thread list ----------------------------------------

BADGES = [
    (LAUNCH, "you · overdue 23h"),
    (PAYMENT, "you · 40 min left"),
    # Others' asks: the time in my zone, and that they are off until then.
    (ONBOARDING, "sam · off until 15:00, due 20:00"),
    (CRASH, "kenji · off until Fri 01:30, due Fri 10:00"),
]
"""(thread, a badge it shows): who owes a reply, by when, in Ana's time."""


@pytest.mark.parametrize(("title", "badge"), BADGES, ids=[b for _, b in BADGES])
async def test_a_thread_shows_the_same_badge_in_threads_and_the_thread_list(
    demo: DemoTeam, capsys: pytest.CaptureFixture[str], title: str, badge: str
) -> None:
    listed = run(demo, capsys, "threads")
    assert badge in line_of(listed, title)
    app = demo.app()
    async with app.run_test(size=SIZE) as pilot:
        await synced(pilot)
        rows = widget_text(app, "#threads").splitlines()
        (at,) = [i for i, row in enumerate(rows) if title in row]
        assert badge in rows[at + 1], rows[at : at + 2]


# -- due words: `asynctui action list` and the action items view ---------------------------

ACTIONS = [
    ("Write the release notes", (), ("no due time",)),
    ("Book the venue", ("--due", "14:20"), ("due 14:20", "3h left")),
]
"""(an action item of mine, how it was made, what both lists say of it)."""


async def test_an_action_item_reads_the_same_in_action_list_and_the_action_view(
    demo: DemoTeam, capsys: pytest.CaptureFixture[str]
) -> None:
    thread = demo.thread_id(LAUNCH)
    for text, how, _ in ACTIONS:
        run(demo, capsys, "action", "add", thread[-6:], text, "--owner", "@ana", *how)
    listed = run(demo, capsys, "action", "list")
    app = demo.app()
    async with app.run_test(size=SIZE) as pilot:
        await synced(pilot)
        await pilot.press("T")
        await pilot.pause()
        shown = screen_text(app)
        for text, _, words in ACTIONS:
            entry = shown[shown.index(text) :].split("\n", 2)
            for said in words:
                assert said in line_of(listed, text), (said, listed)
                assert said in "\n".join(entry[:2]), (said, entry)


# -- where an ask stands: `asynctui show` and the thread view -----------------------------


async def test_an_ask_reads_the_same_in_show_and_the_thread_view(
    demo: DemoTeam, capsys: pytest.CaptureFixture[str]
) -> None:
    asked = "Asked @ana · due Tue 11:45 · overdue 23h"
    app = demo.app()
    async with app.run_test(size=SIZE) as pilot:
        await synced(pilot)
        await pilot.press("j", "enter")  # the Q1 launch thread, second by urgency
        await pilot.pause()
        shown = widget_text(app, "#thread")
        assert shown.splitlines()[0].split("  ")[0].strip() == LAUNCH
        assert asked in shown
    assert asked in run(demo, capsys, "show", demo.thread_id(LAUNCH)[-6:])
