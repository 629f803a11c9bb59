"""The footer keeps the keys that matter most at every width, help and quit always."""

from __future__ import annotations

from typing import Any

import pytest
from app_harness import SIZE, DemoTeam, screen_text, synced, wait_until
from app_harness import demo_team as demo_team
from textual.pilot import Pilot

from asynctui.config import save
from asynctui.tui import keys
from asynctui.tui.app import AsyncTuiApp
from asynctui.tui.main_screen import MainScreen
from asynctui.tui.screens._help import HelpScreen
from asynctui.tui.widgets._footer import CROWD, FooterKey, KeyFooter, Placed, lay_out

WIDTHS = (80, 100, 120, 160)

THREAD_KEYS = ("enter Open", "esc Back", "r Reply", "c New", "a Ask", "n Next unread", "/ Search")
"""What someone reading threads must see at 80 columns."""


def footer_line(app: AsyncTuiApp) -> str:
    return screen_text(app).splitlines()[-1]


async def footer_shown(pilot: Pilot[Any]) -> KeyFooter:
    app = pilot.app
    await synced(pilot)
    assert await wait_until(pilot, lambda: bool(app.screen.query(KeyFooter)))
    footer = app.screen.query_one(KeyFooter)
    assert await wait_until(pilot, lambda: bool(footer.placed))
    await pilot.pause()
    return footer


def drawn_whole(footer: KeyFooter, line: str, width: int) -> list[str]:
    """Each key the footer placed, as read on the screen; every one within the width."""
    words = []
    for place in footer.placed:
        text = f"{place.key.shown} {place.key.description if place.long else place.key.label}"
        assert place.end <= width, (text, place.end, width)
        assert line[place.x : place.end] == text, (line, text)
        words.append(text)
    return words


@pytest.mark.parametrize("width", WIDTHS)
async def test_help_and_quit_and_the_thread_keys_are_shown_at_every_width(
    demo: DemoTeam, width: int
) -> None:
    app = demo.app()
    async with app.run_test(size=(width, 30)) as pilot:
        footer = await footer_shown(pilot)
        line = footer_line(app)
        assert len(line) == width
        shown = drawn_whole(footer, line, width)
        assert line.rstrip().endswith("q Quit"), line
        assert "? Help" in shown
        for key in THREAD_KEYS:
            assert any(text.startswith(key) for text in shown), (width, key, line)


async def test_a_wide_footer_shows_more_and_says_it_in_full(demo: DemoTeam) -> None:
    app = demo.app()
    async with app.run_test(size=SIZE) as pilot:
        await footer_shown(pilot)
        line = footer_line(app)
        for words in ("+ React", "o Owed by me", "c New thread", "ctrl+p"):
            assert words in line, line


async def test_a_narrow_footer_drops_the_least_important_keys_first(demo: DemoTeam) -> None:
    app = demo.app()
    async with app.run_test(size=(80, 24)) as pilot:
        footer = await footer_shown(pilot)
        ranks = [p.key.rank for p in footer.placed if p.key.rank != keys.ALWAYS]
        every = sorted(k.rank for k in footer._keys if k.rank != keys.ALWAYS)
        assert ranks == every[: len(ranks)]
        assert "+ React" not in footer_line(app)


async def test_a_remapped_key_is_shown_as_remapped(demo: DemoTeam) -> None:
    config = demo.config
    config.keys = {"reply": "R", "help": "f1"}
    save(config, demo.config_path)
    app = demo.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await footer_shown(pilot)
        line = footer_line(app)
        assert "R Reply" in line and "r Reply" not in line
        assert "f1 Help" in line and "? Help" not in line


async def test_the_ritual_views_show_their_own_keys_at_80_columns(demo: DemoTeam) -> None:
    app = demo.app()
    async with app.run_test(size=(80, 24)) as pilot:
        footer = await footer_shown(pilot)
        await pilot.press("T")  # action items
        assert await wait_until(pilot, lambda: "space Done" in footer_line(app))
        shown = drawn_whole(footer, footer_line(app), 80)
        for key in ("space Done", "F ", "c ", "? Help", "q Quit"):
            assert any(text.startswith(key) for text in shown), (key, shown)


async def test_in_the_compose_box_the_footer_says_how_to_send_and_leave(demo: DemoTeam) -> None:
    app = demo.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await footer_shown(pilot)
        await pilot.press("enter", "r")
        assert await wait_until(pilot, lambda: "ctrl+s Send" in footer_line(app))
        line = footer_line(app)
        assert "esc Leave" in line
        # There ? and q are letters typed, so the footer does not offer them.
        assert "q Quit" not in line


async def test_the_footer_is_laid_out_again_only_when_its_keys_or_the_width_change(
    demo: DemoTeam,
) -> None:
    app = demo.app()
    async with app.run_test(size=(120, 30)) as pilot:
        footer = await footer_shown(pilot)
        placed = footer.placed
        screen = app.screen
        assert isinstance(screen, MainScreen)
        screen.refresh_bindings()  # nothing changed
        screen.refresh_data()  # what the clock's tick does
        await pilot.pause()
        assert footer.placed is placed
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert footer.placed is not placed
        placed = footer.placed
        await pilot.press("T")  # the action items: other keys
        assert await wait_until(pilot, lambda: footer.placed is not placed)


async def test_clicking_a_key_in_the_footer_presses_it(demo: DemoTeam) -> None:
    app = demo.app()
    async with app.run_test(size=(100, 30)) as pilot:
        footer = await footer_shown(pilot)
        (help_key,) = [p for p in footer.placed if p.key.key == "question_mark"]
        await pilot.click(KeyFooter, offset=(help_key.x, 0))
        assert await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))


# -- the layout alone, at every width ---------------------------------------------------


def some_keys() -> list[FooterKey]:
    """The main screen's keys as the registry has them, and one from outside it."""
    found = [
        FooterKey(
            k.keys.split(",")[0],
            keys.display_keys(k.keys.split(",")[0]),
            k.description,
            k.label or k.description,
            k.rank,
        )  # fmt: skip
        for k in keys.KEYS
        if k.show and k.group in ("navigation", "threads", "views", "app")
    ]
    return [*found, FooterKey("f9", "f9", "Something of a widget's own", "Something", 99)]


@pytest.mark.parametrize("width", range(14, 241, 3))
def test_at_any_width_the_footer_fits_and_keeps_a_prefix_of_the_ranks(width: int) -> None:
    found = some_keys()
    placed = lay_out(found, width)
    assert [p.key.key for p in placed if p.key.rank == keys.ALWAYS][-2:] == [
        "question_mark",
        "q",
    ]
    ends = [p.x for p in placed] + [placed[-1].end]
    if width >= 20:
        assert placed[-1].end <= width - 1
        assert ends == sorted(ends), "keys overlap"
    ranked = [p.key for p in placed if p.key.rank != keys.ALWAYS]
    order = sorted((k for k in found if k.rank != keys.ALWAYS), key=lambda k: k.rank)
    assert ranked == order[: len(ranked)]


def gaps(placed: list[Placed]) -> set[int]:
    return {b.x - a.end for a, b in zip(placed, placed[1:], strict=False)}


def test_keys_sit_two_cells_apart_when_there_is_room() -> None:
    assert min(gaps(lay_out(some_keys(), 120))) >= 2


def test_at_80_columns_keys_sit_closer_rather_than_lose_search() -> None:
    placed = lay_out(some_keys(), 80)
    assert "slash" in [p.key.key for p in placed]
    assert min(gaps(placed)) == 1
    assert max(p.key.rank for p in placed) <= CROWD
