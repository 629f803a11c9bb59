"""The thread list: keys move the cursor, the cursor stays in view, 100,000 rows, hostile text."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from textual.app import App, ComposeResult

from asynctui.client.views import Badge, BadgeTone, ThreadSummary
from asynctui.tui.widgets._thread_list import EMPTY_TEXT, ROW_HEIGHT, ThreadList

NOW = datetime(2025, 3, 3, 12, 0, tzinfo=UTC)

UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def badge(text: str, tone: BadgeTone) -> Badge:
    return Badge("bob", text, tone, "open", None)


def summary(thread_id: str, title: str | None = None, **changes: Any) -> ThreadSummary:
    row = ThreadSummary(
        id=thread_id,
        title=title or f"Thread {thread_id}",
        channel_name="design",
        last_at=NOW,
        last_activity="2h ago",
        unread=0,
        participants=("ana", "bob"),
        badges=(),
        resolved=False,
    )
    return replace(row, **changes)


class ListApp(App[None]):
    def __init__(self, ids: list[str], rows: dict[str, ThreadSummary] | None = None) -> None:
        super().__init__()
        self.ids = ids
        self.rows = rows or {}
        self.asked: list[str] = []
        self.highlighted: list[str] = []
        self.selected: list[str] = []

    def row(self, thread_id: str) -> ThreadSummary:
        self.asked.append(thread_id)
        return self.rows.get(thread_id) or summary(thread_id)

    def compose(self) -> ComposeResult:
        yield ThreadList()

    def on_mount(self) -> None:
        self.query_one(ThreadList).set_rows(self.ids, self.row)
        self.query_one(ThreadList).focus()

    def on_thread_list_highlighted(self, message: ThreadList.Highlighted) -> None:
        self.highlighted.append(message.thread_id)

    def on_thread_list_selected(self, message: ThreadList.Selected) -> None:
        self.selected.append(message.thread_id)


def ids(count: int) -> list[str]:
    return [f"t{i}" for i in range(count)]


def visible_text(thread_list: ThreadList) -> list[str]:
    return [
        thread_list.render_line(y).text for y in range(thread_list.scrollable_content_region.height)
    ]


def cursor_is_visible(thread_list: ThreadList) -> bool:
    top = thread_list.scroll_offset.y
    bottom = top + thread_list.scrollable_content_region.height
    row_top = thread_list.cursor * ROW_HEIGHT
    return top <= row_top and row_top + ROW_HEIGHT <= bottom


async def test_keys_move_the_cursor_and_announce_each_thread() -> None:
    app = ListApp(ids(10))
    async with app.run_test(size=(80, 24)) as pilot:
        thread_list = app.query_one(ThreadList)
        await pilot.press("down", "j")
        assert thread_list.cursor == 2
        await pilot.press("k")
        assert thread_list.cursor == 1
        await pilot.press("G")
        assert thread_list.cursor == 9
        await pilot.press("g")
        assert thread_list.cursor == 0
        await pilot.press("end")
        await pilot.press("home", "up")
        assert thread_list.cursor == 0
        await pilot.pause()
        assert app.highlighted == ["t0", "t1", "t2", "t1", "t9", "t0", "t9", "t0"]
        assert app.selected == []


async def test_enter_and_a_click_open_a_thread() -> None:
    app = ListApp(ids(10))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("j", "enter")
        await pilot.click(ThreadList, offset=(10, 3 * ROW_HEIGHT + 1))
        await pilot.pause()
        assert app.selected == ["t1", "t3"]
        assert app.query_one(ThreadList).thread_id == "t3"


async def test_paging_moves_the_cursor_and_keeps_it_in_view() -> None:
    app = ListApp(ids(50))
    async with app.run_test(size=(80, 10)) as pilot:
        thread_list = app.query_one(ThreadList)
        page = thread_list.scrollable_content_region.height // ROW_HEIGHT
        await pilot.press("pagedown")
        assert thread_list.cursor == page
        assert cursor_is_visible(thread_list)
        await pilot.press("pagedown", "pagedown")
        assert thread_list.cursor == 3 * page
        assert cursor_is_visible(thread_list)
        await pilot.press("pageup")
        assert thread_list.cursor == 2 * page
        assert cursor_is_visible(thread_list)
        for _ in range(7):
            await pilot.press("j")
            assert cursor_is_visible(thread_list)
        await pilot.press("end")
        assert thread_list.cursor == 49
        assert cursor_is_visible(thread_list)
        assert thread_list.scroll_offset.y == thread_list.max_scroll_y


async def test_a_hundred_thousand_threads_mount_and_only_visible_rows_are_built() -> None:
    app = ListApp(ids(100_000))
    async with app.run_test(size=(100, 30)) as pilot:
        thread_list = app.query_one(ThreadList)
        assert thread_list.virtual_size.height == 100_000 * ROW_HEIGHT
        await pilot.press("pagedown")
        assert thread_list.cursor == thread_list.scrollable_content_region.height // ROW_HEIGHT
        await pilot.press("end")
        await pilot.pause()
        assert thread_list.cursor == 99_999
        assert thread_list.scroll_offset.y == thread_list.max_scroll_y
        assert "Thread t99999" in "\n".join(visible_text(thread_list))
        # Three screenfuls were drawn: rows were asked for those, not for the other 99,950.
        assert len(set(app.asked)) < 60
        await pilot.press("pageup")
        assert cursor_is_visible(thread_list)


async def test_the_cursor_stays_on_its_thread_when_rows_change() -> None:
    app = ListApp(ids(20))
    async with app.run_test(size=(80, 24)) as pilot:
        thread_list = app.query_one(ThreadList)
        await pilot.press("j", "j", "j")
        assert thread_list.thread_id == "t3"
        thread_list.refresh_rows(["t9", "t3", "t1"])
        assert (thread_list.cursor, thread_list.thread_id) == (1, "t3")
        app.rows["t3"] = summary("t3", title="Renamed")
        thread_list.refresh_rows()
        await pilot.pause()
        assert any("Renamed" in line for line in visible_text(thread_list))
        thread_list.refresh_rows(["t9"])
        await pilot.pause()
        assert thread_list.thread_id == "t9"
        assert app.highlighted[-1] == "t9"
        assert thread_list.select_id("nope") is False


async def test_an_empty_list_says_how_to_start() -> None:
    app = ListApp([])
    async with app.run_test(size=(80, 12)) as pilot:
        thread_list = app.query_one(ThreadList)
        await pilot.press("j", "enter", "end")
        lines = visible_text(thread_list)
        assert sum(EMPTY_TEXT in line for line in lines) == 1
        assert thread_list.thread_id is None
        assert app.selected == [] and app.highlighted == []


async def test_rows_show_unread_resolved_and_badges_right_aligned() -> None:
    rows = {
        "t0": summary(
            "t0",
            unread=3,
            badges=(badge("Bob · overdue 5h", "overdue"), badge("you · 3h left", "due_soon")),
        ),
        "t1": summary("t1", resolved=True),
    }
    app = ListApp(ids(2), rows)
    async with app.run_test(size=(80, 10)) as pilot:
        await pilot.pause()
        lines = visible_text(app.query_one(ThreadList))
        assert lines[0].startswith(" ● Thread t0")
        assert lines[0].rstrip().endswith("2h ago  3")
        assert lines[1].startswith("   #design · ana, bob")
        assert lines[1].rstrip().endswith("Bob · overdue 5h    you · 3h left")
        assert "✓ Thread t1" in lines[2]
        assert all(len(line) == len(lines[0]) for line in lines)


HOSTILE = [
    "\x1b]52;c;SGVsbG8=\x07copy",
    "\x1b[2Jclear",
    "[@click=app.quit]x[/]",
    "\u202eevil",
    "\x9b31mred",
    "bad bytes \udcff\udcfe".encode("utf-8", "surrogateescape").decode("utf-8", "surrogateescape"),
    b"\xff\xfe broken".decode("utf-8", "replace"),
    "tab\there\nnewline\r\nbell\x07",
    "x" * 100_000,
]


async def test_hostile_text_is_shown_as_plain_text_without_escapes() -> None:
    rows = {
        f"t{i}": summary(
            f"t{i}",
            title=text,
            channel_name=text,
            participants=(text, "ana"),
            last_activity=text[:30],
            badges=(badge(text, "overdue"),),
            unread=1,
        )
        for i, text in enumerate(HOSTILE)
    }
    app = ListApp(ids(len(HOSTILE)), rows)
    async with app.run_test(size=(120, 2 * len(HOSTILE) + 2)) as pilot:
        await pilot.pause()
        thread_list = app.query_one(ThreadList)
        lines = visible_text(thread_list)
        for line in lines:
            assert not UNSAFE.search(line), repr(line)
            assert "\x1b" not in line and "\t" not in line
        text = "\n".join(lines)
        assert "[@click=app.quit]x[/]" in text
        assert "evil" in text and "copy" in text and "red" in text
        assert "xxxxxxxx" in text
        assert all(len(line) <= 120 for line in lines)
