"""A thread's messages: opens at the newest, keys move between them, 20,000, hostile text."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from textual.app import App, ComposeResult

from asynctui.client.queries import Message
from asynctui.tui.widgets._thread_view import MAX_BODY_CHARS, AskLine, ThreadView

NOW = datetime(2025, 3, 3, 12, 0, tzinfo=UTC)  # a Monday
NAMES = {"u1": "Ana Ruiz", "u2": "Bob Stone"}
HANDLES = {"u1": "ana", "u2": "bob"}

UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def message(
    index: int,
    body: str = "",
    *,
    author: str = "u2",
    quote: str | None = None,
    edited: bool = False,
    reactions: dict[str, list[str]] | None = None,
) -> Message:
    return Message(
        id=f"m{index}",
        thread="t1",
        author=author,
        at=NOW - timedelta(minutes=100 - index),
        body=body or f"Message {index}",
        quote=quote,
        edited_at=NOW if edited else None,
        reactions=reactions or {},
    )


def conversation(count: int) -> list[Message]:
    return [
        message(
            i,
            f"Message {i}: " + ("a longer one that wraps over a few lines. " * (i % 4)),
            author="u1" if i % 2 else "u2",
            quote=f"m{i - 1}" if i % 5 == 4 else None,
            reactions={"👍": ["u1"]} if i % 3 == 0 else None,
        )
        for i in range(count)
    ]


class ThreadApp(App[None]):
    def __init__(self, messages: Sequence[Message], asks: Sequence[AskLine] = ()) -> None:
        super().__init__()
        self.messages = list(messages)
        self.asks = list(asks)
        self.selected: list[str] = []

    def compose(self) -> ComposeResult:
        yield ThreadView()

    def on_mount(self) -> None:
        self.show(self.messages)
        self.query_one(ThreadView).focus()

    def show(self, messages: Sequence[Message], title: str = "Launch plan") -> None:
        self.query_one(ThreadView).set_thread(
            title,
            messages,
            NAMES.__getitem__,
            HANDLES.__getitem__,
            "u1",
            "Europe/Berlin",
            NOW,
            self.asks,
        )

    def on_thread_view_message_selected(self, event: ThreadView.MessageSelected) -> None:
        self.selected.append(event.message_id)


def visible_text(view: ThreadView) -> list[str]:
    return [view.render_line(y).text for y in range(view.scrollable_content_region.height)]


def selected_header_is_visible(view: ThreadView) -> bool:
    lines = visible_text(view)
    return any(line.startswith("▌") for line in lines)


async def test_a_thread_opens_at_its_newest_message() -> None:
    app = ThreadApp(conversation(40))
    async with app.run_test(size=(80, 20)) as pilot:
        await pilot.pause()
        view = app.query_one(ThreadView)
        assert view.message_index == 39
        assert view.selected_message() == app.messages[39]
        assert view.scroll_offset.y == view.max_scroll_y > 0
        assert app.selected == ["m39"]
        assert any("Message 39" in line for line in visible_text(view))


async def test_keys_move_between_messages_and_keep_the_selected_one_in_view() -> None:
    app = ThreadApp(conversation(40))
    async with app.run_test(size=(80, 20)) as pilot:
        view = app.query_one(ThreadView)
        await pilot.press("k", "up")
        assert view.message_index == 37
        await pilot.press("j")
        assert view.message_index == 38
        await pilot.press("g")
        assert view.message_index == 0
        assert view.scroll_offset.y == 0
        assert visible_text(view)[0].strip() == "Launch plan"
        for expected in range(1, 12):
            await pilot.press("down")
            assert view.message_index == expected
            assert selected_header_is_visible(view)
        await pilot.press("G")
        assert view.message_index == 39
        await pilot.pause()
        assert app.selected[:5] == ["m39", "m38", "m37", "m38", "m0"]
        assert app.selected[-1] == "m39"


async def test_paging_scrolls_and_selects_a_message_in_view() -> None:
    app = ThreadApp(conversation(60))
    async with app.run_test(size=(80, 20)) as pilot:
        view = app.query_one(ThreadView)
        await pilot.press("home")
        height = view.scrollable_content_region.height
        await pilot.press("pagedown")
        assert view.scroll_offset.y == height
        assert selected_header_is_visible(view)
        first = view.message_index
        await pilot.press("pagedown")
        assert view.scroll_offset.y == 2 * height
        assert view.message_index > first
        assert selected_header_is_visible(view)
        await pilot.press("pageup", "pageup")
        assert view.scroll_offset.y == 0
        assert view.message_index == 0


async def test_twenty_thousand_messages_mount_and_respond() -> None:
    app = ThreadApp(conversation(20_000))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        view = app.query_one(ThreadView)
        assert view.message_index == 19_999
        assert view.scroll_offset.y == view.max_scroll_y
        await pilot.press("home")
        assert (view.message_index, view.scroll_offset.y) == (0, 0)
        await pilot.press("pagedown")
        assert view.scroll_offset.y == view.scrollable_content_region.height
        assert selected_header_is_visible(view)
        await pilot.press("end")
        assert view.message_index == 19_999
        assert view.scroll_offset.y == view.max_scroll_y
        await pilot.press("pageup")
        assert selected_header_is_visible(view)


async def test_headers_quotes_reactions_and_edits_are_shown() -> None:
    messages = [
        message(1, "First words of a long message that goes on and on and on", author="u2"),
        message(
            2,
            "Agreed.",
            author="u1",
            quote="m1",
            edited=True,
            reactions={"👍": ["u1", "u2"], "🎉": ["u2"]},
        ),
    ]
    asks = [AskLine("Asked @bob · due Mon 15:00", "due_soon")]
    app = ThreadApp(messages, asks)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        lines = [line.rstrip() for line in visible_text(app.query_one(ThreadView))]
        assert lines[0] == " Launch plan"
        assert lines[1] == " ◆ Asked @bob · due Mon 15:00"
        assert "  Bob Stone @bob · 11:21" in lines  # 10:21 UTC in Berlin
        assert "▌ Ana Ruiz @ana · 11:22 · (edited)" in lines
        quote = next(line for line in lines if "│" in line)
        assert quote.startswith("▌ │ > bob: First words of a long")
        assert "▌ 👍 2  🎉 1" in lines


async def test_a_resize_rewraps_and_keeps_the_newest_message_in_view() -> None:
    long = " ".join(f"word{i}" for i in range(200))
    app = ThreadApp([message(1, long), message(2, "end")])
    async with app.run_test(size=(100, 20)) as pilot:
        await pilot.pause()
        view = app.query_one(ThreadView)
        wide = view.virtual_size.height
        await pilot.resize_terminal(50, 20)
        await pilot.pause()
        assert view.virtual_size.height > wide
        assert view.scroll_offset.y == view.max_scroll_y
        assert all(len(line) <= 50 for line in visible_text(view))


async def test_new_messages_in_the_same_thread_keep_an_earlier_selection() -> None:
    app = ThreadApp(conversation(30))
    async with app.run_test(size=(80, 20)) as pilot:
        view = app.query_one(ThreadView)
        await pilot.press("k", "k")
        app.show(conversation(31))
        assert view.selected_message() == app.messages[27]
        await pilot.press("end")
        app.show(conversation(32))
        assert view.message_index == 31
        assert view.scroll_offset.y == view.max_scroll_y


async def test_an_empty_thread_shows_its_title_and_selects_nothing() -> None:
    app = ThreadApp([])
    async with app.run_test(size=(60, 10)) as pilot:
        await pilot.press("j", "k", "pagedown", "end")
        view = app.query_one(ThreadView)
        assert view.selected_message() is None
        assert any("No messages yet." in line for line in visible_text(view))
        assert app.selected == []


HOSTILE = [
    "\x1b]52;c;SGVsbG8=\x07copy",
    "\x1b[2Jclear",
    "[@click=app.quit]x[/]",
    "\u202eevil",
    "\x9b31mred",
    "bad bytes \udcff\udcfe".encode("utf-8", "surrogateescape").decode("utf-8", "surrogateescape"),
    b"\xff\xfe broken".decode("utf-8", "replace"),
    "tab\there\nnewline\r\nbell\x07 \x1bPdcs\x1b\\ \x1b]8;;http://x\x1b\\link",
    # The same, read as Markdown: the escape goes before a mark is read.
    "`\x1b]8;;https://evil.example\x07osc8\x1b]8;;\x07` **[b]bold[/b]** <script>x</script>",
    "```\n\x1b[31mfenced\x1b[0m [i]code[/i]\n```",
]


async def test_hostile_text_is_shown_as_plain_text_without_escapes() -> None:
    NAMES["evil"] = "\x1b[31mMallory\u202e [b]x[/b]"
    HANDLES["evil"] = "mal\x07lory"
    try:
        messages = [
            message(i, text, author="evil", quote="m0" if i else None, reactions={text[:5]: ["u1"]})
            for i, text in enumerate(HOSTILE)
        ]
        app = ThreadApp(messages, [AskLine(HOSTILE[0], "overdue")])
        async with app.run_test(size=(100, 60)) as pilot:
            await pilot.press("home")
            view = app.query_one(ThreadView)
            lines = visible_text(view)
            for line in lines:
                assert not UNSAFE.search(line), repr(line)
                assert "\t" not in line
            text = "\n".join(lines)
            assert "[@click=app.quit]x[/]" in text
            assert "Mallory [b]x[/b] @mallory" in text
            assert "evil" in text and "copy" in text and "red" in text and "link" in text
            assert "\ufffd" in text
            assert "osc8 [b]bold[/b] <script>x</script>" in text
            assert "fenced [i]code[/i]" in text
            assert "```" not in [line.strip("▌ ") for line in lines]  # the fences are not shown
    finally:
        del NAMES["evil"], HANDLES["evil"]


async def test_a_100_kb_line_is_cut_with_a_note_of_what_is_left() -> None:
    huge = "y" * 100_000
    app = ThreadApp([message(1, huge), message(2, "after")])
    async with app.run_test(size=(80, 30)) as pilot:
        view = app.query_one(ThreadView)
        await pilot.press("home")
        lines: list[str] = []
        while True:
            lines += visible_text(view)
            if view.scroll_offset.y >= view.max_scroll_y:
                break
            await pilot.press("pagedown")
        text = "\n".join(lines)
        assert f"… ({100_000 - MAX_BODY_CHARS:,} more characters)" in text
        assert "after" in text
        assert all(len(line) <= 80 for line in lines)
