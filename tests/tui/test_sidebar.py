"""The sidebar: views and channels with their counts; moving selects a view."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.message import Message
from textual.widgets import OptionList

from asynctui.client.views import ViewInfo
from asynctui.tui.widgets._sidebar import Sidebar

VIEWS = [
    ViewInfo("inbox", "Inbox", 3),
    ViewInfo("owed-by-me", "Owed by me", 2),
    ViewInfo("owed-to-me", "Owed to me", 0),
    ViewInfo("mentions", "Mentions", 1),
    ViewInfo("channel:c1", "#design", 12),
    ViewInfo("channel:c2", "#ops\x1b[2J[b]x[/b]", 0),
]


class SidebarApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.selected: list[str] = []

    def compose(self) -> ComposeResult:
        yield Sidebar()

    def on_mount(self) -> None:
        self.query_one(Sidebar).update_views(VIEWS, "inbox")
        self.query_one(OptionList).focus()

    def on_sidebar_view_selected(self, event: Sidebar.ViewSelected) -> None:
        self.selected.append(event.view_id)


def screen_text(app: App[None]) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def test_counts_are_shown_right_aligned_under_headings() -> None:
    app = SidebarApp()
    async with app.run_test(size=(40, 14)) as pilot:
        await pilot.pause()
        lines = [line[:28].rstrip() for line in screen_text(app).splitlines()]
        assert "Views" in lines[0]
        inbox = next(line for line in lines if "Inbox" in line)
        assert inbox.endswith("3")
        assert len(inbox) == 28 or inbox.endswith(" 3")
        design = next(line for line in lines if "#design" in line)
        assert design.endswith("12")
        assert any("Channels" in line for line in lines)
        owed_to_me = next(line for line in lines if "Owed to me" in line)
        assert owed_to_me.strip() == "Owed to me"
        hostile = next(line for line in lines if "#ops" in line)
        assert "[b]x[/b]" in hostile


async def test_moving_down_selects_the_next_view() -> None:
    seen: list[Message] = []
    app = SidebarApp()
    async with app.run_test(message_hook=seen.append) as pilot:
        await pilot.pause()
        assert app.selected == []
        await pilot.press("j")
        await pilot.pause()
        assert app.selected == ["owed-by-me"]
        await pilot.press("down", "down", "down")
        await pilot.pause()
        assert app.selected[-1] == "channel:c1"
        await pilot.press("k", "k")
        await pilot.pause()
        assert app.selected[-1] == "owed-to-me"
        assert any(isinstance(m, Sidebar.ViewSelected) for m in seen)


async def test_enter_selects_and_updates_keep_the_highlight_quiet() -> None:
    app = SidebarApp()
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.selected == ["inbox"]
        sidebar = app.query_one(Sidebar)
        counts = [ViewInfo(v.id, v.label, v.count + 1) for v in VIEWS]
        sidebar.update_views(counts, "mentions")
        await pilot.pause()
        assert app.selected == ["inbox"]
        highlighted = app.query_one(OptionList).highlighted_option
        assert highlighted is not None and highlighted.id == "mentions"


async def test_focusing_the_sidebar_focuses_its_list() -> None:
    app = SidebarApp()
    async with app.run_test() as pilot:
        app.set_focus(None)
        app.query_one(Sidebar).focus()
        await pilot.pause()
        assert app.focused is app.query_one(OptionList)
