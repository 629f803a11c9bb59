"""The theme picker lists our themes first, then Textual's own under their own heading."""

from __future__ import annotations

from app_harness import SIZE, DemoTeam, screen_text, synced
from app_harness import demo_team as demo_team  # the `demo` fixture
from textual.widgets import OptionList

from asynctui.tui.screens._themes import ThemeScreen


def listed(picker: OptionList) -> list[str]:
    return [str(picker.get_option_at_index(i).prompt) for i in range(picker.option_count)]


async def test_change_theme_lists_ours_first_then_textuals_under_a_heading(
    demo: DemoTeam,
) -> None:
    app = demo.app()
    async with app.run_test(size=SIZE) as pilot:
        await synced(pilot)
        # What the palette's "Theme" command runs.
        app.action_change_theme()
        await pilot.pause()
        assert isinstance(app.screen, ThemeScreen)
        names = listed(app.screen.query_one(OptionList))
        assert names[:5] == [
            "asynctui themes",
            "asynctui-dark (current)",
            "asynctui-light",
            "asynctui-high-contrast",
            "Textual's own themes",
        ]
        textuals = names[5:]
        assert "textual-dark" in textuals and "dracula" in textuals
        assert textuals == sorted(textuals)
        assert "Textual's own themes" in screen_text(app)


async def test_down_and_enter_switch_to_the_light_theme_and_escape_leaves_it(
    demo: DemoTeam,
) -> None:
    app = demo.app()
    async with app.run_test(size=SIZE) as pilot:
        await synced(pilot)
        app.action_change_theme()
        await pilot.pause()
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.theme == "asynctui-light"
        app.action_change_theme()
        await pilot.pause()
        # The headings cannot be chosen: up from the first of ours stays on it.
        await pilot.press("up", "up", "escape")
        await pilot.pause()
        assert not isinstance(app.screen, ThemeScreen)
        assert app.theme == "asynctui-light"
