"""The status bar: my status on the left, the sync state on the right, one line."""

from __future__ import annotations

from datetime import timedelta

from textual.app import App, ComposeResult

from asynctui.client.words import MyState
from asynctui.tui.widgets._status_bar import StatusBar


class BarApp(App[None]):
    def compose(self) -> ComposeResult:
        yield StatusBar()


def line(app: BarApp) -> str:
    return app.query_one(StatusBar).render().plain


async def test_available_with_text_and_synced() -> None:
    app = BarApp()
    async with app.run_test(size=(60, 3)) as pilot:
        app.query_one(StatusBar).update_bar(
            MyState("available", "available", "Writing the plan", None), 0, "synced"
        )
        await pilot.pause()
        text = line(app)
        assert text.startswith("● available · Writing the plan")
        assert text.rstrip().endswith("synced")
        assert len(text) == app.query_one(StatusBar).content_region.width


async def test_focus_shows_time_left_and_held_notifications() -> None:
    app = BarApp()
    async with app.run_test(size=(60, 3)) as pilot:
        bar = app.query_one(StatusBar)
        bar.update_bar(
            MyState("focus", "in focus", "", timedelta(minutes=42)), 3, "offline · 2 queued"
        )
        await pilot.pause()
        text = line(app)
        assert "◉ in focus · 42 min left · 3 held" in text
        assert text.endswith("offline · 2 queued")


async def test_hostile_status_text_is_cleaned() -> None:
    app = BarApp()
    async with app.run_test(size=(80, 3)) as pilot:
        bar = app.query_one(StatusBar)
        hostile = "[red]x[/red]\x1b]52;c;aGk=\x07 lunch\x1b[2J"
        bar.update_bar(MyState("away", "away", hostile, None), 0, "syncing…")
        await pilot.pause()
        text = line(app)
        assert "\x1b" not in text
        assert "[red]x[/red] lunch" in text
