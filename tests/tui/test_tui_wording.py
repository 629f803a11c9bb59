"""The team panel, the status bar, the thread list and the ask dialog say whose time
they mean, in the same words as the CLI (issue #12).

The demo team read at the fixed clocks of ``tests/wording_cases.py``; the CLI's test
(``tests/cli/test_cli_wording.py``) finds the same words in `asynctui team`, `status`,
`threads` and `ask`.
"""

from __future__ import annotations

from datetime import datetime

import pytest
from app_harness import SIZE, DemoTeam, status_bar_text, synced, widget_text
from app_harness import demo_team as demo_team
from wording_cases import SCENES, Scene

from asynctui.tui.screens._ask import AskScreen
from asynctui.tui.widgets._status_bar import StatusBar

NAMES = {"ana": "Ana Ruiz", "kenji": "Kenji Sato", "sam": "Sam Okafor", "priya": "Priya Raman"}


def words_of(text: str) -> str:
    """Text as one line of words (a dialog wraps it at its width)."""
    return " ".join(text.split())


def card(panel: str, name: str) -> str:
    """One person's card in the team panel's text (cards are apart by a blank line)."""
    lines = panel.splitlines()
    (at,) = [i for i, line in enumerate(lines) if line.lstrip().startswith(name)]
    end = next((i for i in range(at, len(lines)) if not lines[i].strip()), len(lines))
    return "\n".join(lines[at:end])


@pytest.mark.parametrize("scene", SCENES, ids=[s.what for s in SCENES])
async def test_the_team_panel_and_the_status_bar_say_whose_time_it_is(
    demo: DemoTeam, scene: Scene
) -> None:
    app = demo.app(datetime.fromisoformat(scene.now))
    async with app.run_test(size=SIZE) as pilot:
        await synced(pilot)
        bar = app.query_one(StatusBar).left_part().plain
        assert bar.startswith(f"● {scene.mine}") or bar.startswith(f"◉ {scene.mine}"), bar
        assert scene.mine in status_bar_text(app)
        await pilot.press("ctrl+t")
        await pilot.pause()
        panel = widget_text(app, "#team")
        for handle, words in scene.presence.items():
            assert words in card(panel, NAMES[handle]), (handle, panel)


@pytest.mark.parametrize("scene", SCENES, ids=[s.what for s in SCENES])
async def test_the_thread_list_counts_down_as_people_read_it(demo: DemoTeam, scene: Scene) -> None:
    app = demo.app(datetime.fromisoformat(scene.now))
    async with app.run_test(size=SIZE) as pilot:
        await synced(pilot)
        rows = widget_text(app, "#threads").splitlines()
        for title, badge in scene.badges.items():
            (at,) = [i for i, row in enumerate(rows) if title in row]
            assert badge in rows[at + 1], rows[at : at + 2]


@pytest.mark.parametrize("scene", SCENES, ids=[s.what for s in SCENES])
async def test_the_ask_dialog_says_when_they_are_back_on_my_clock_and_on_theirs(
    demo: DemoTeam, scene: Scene
) -> None:
    app = demo.app(datetime.fromisoformat(scene.now))
    async with app.run_test(size=SIZE) as pilot:
        await synced(pilot)
        app.main.open_thread(demo.thread_id("Onboarding empty states"))
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, AskScreen)
        # The people as the dialog lists them, first highlighted: walk down to each.
        order = [demo.team().handle(p.id) for p in screen._people]
        at = 0
        for handle, words in sorted(scene.asks.items(), key=lambda kv: order.index(kv[0])):
            while at < order.index(handle):
                await pilot.press("down")
                at += 1
            await pilot.pause()
            shown = words_of(widget_text(app, "#ask-preview"))
            assert words in shown, (handle, shown)
            assert "your time" not in shown
