"""Messages read as light Markdown in the thread, and hostile text stays inert; the thread's
header says where it lives and whether it is resolved. On the demo team, in its folder."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta

from app_harness import HIRING, NOW, PRIYA, SIZE, DemoTeam, screen_text, synced, widget_text
from app_harness import demo_team as demo_team  # the `demo` fixture
from rich.segment import Segment
from textual.pilot import Pilot

from asynctui.client.fold import ms
from asynctui.client.replica import Replica
from asynctui.core.events import Event, MessagePosted
from asynctui.core.ids import new_id
from asynctui.stores.folder import FolderStore
from asynctui.tui.app import AsyncTuiApp
from asynctui.tui.widgets._thread_list import ThreadList
from asynctui.tui.widgets._thread_view import ThreadView

UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")

MARKDOWN = "\n".join(
    [
        "Can we **ship it** today? Run `make deploy` first, *carefully*.",
        "```",
        "  make   deploy --all",
        "```",
        "> the checklist says so",
        "- one item",
        "2. step two",
        "See [the guide](https://example.com/guide).",
    ]
)

HOSTILE = "\n".join(
    [
        "<script>alert(1)</script> <b>not bold</b>",
        "[bold]x[/bold] and [@click=app.quit]quit[/] and **[red]y[/red]**",
        "`\x1b]8;;https://evil.example\x07click\x1b]8;;\x07` and \x1b[2Jcleared \x9b31mred",
        "```",
        "\x1b]52;c;ZWNobyBoaQ==\x07copied \x1bPdcs\x1b\\ \u202eevil",
        "```",
        "[x](javascript:alert(1))",
    ]
)


def post_as_priya(demo: DemoTeam, title: str, body: str) -> None:
    """A message from Priya's laptop, in her journal in the shared folder."""
    replica = Replica(demo.replica_path)
    try:
        lamport = replica.lamport
    finally:
        replica.close()
    at = NOW - timedelta(minutes=1)
    message = MessagePosted(message=new_id(ms(at)), thread=demo.thread_id(title), body=body)
    FolderStore(demo.folder, "priya-laptop").append(
        [Event(id=new_id(ms(at)), lamport=lamport + 1, device="priya-laptop", author=PRIYA,
               at=at, body=message)]
    )  # fmt: skip


async def read(pilot: Pilot[None], demo: DemoTeam, title: str) -> ThreadView:
    """Open a thread from the list, as enter does."""
    app = pilot.app
    assert isinstance(app, AsyncTuiApp)
    await synced(pilot)
    app.query_one(ThreadList).focus()
    assert app.query_one(ThreadList).select_id(demo.thread_id(title))
    await pilot.press("enter")
    await pilot.pause()
    return app.query_one(ThreadView)


def drawn(view: ThreadView) -> Iterator[Segment]:
    """Every segment of every line the thread view draws, top to bottom."""
    for y in range(view.scrollable_content_region.height):
        yield from view.render_line(y)


def style_of(view: ThreadView, text: str) -> Segment:
    (found,) = [s for s in drawn(view) if s.text == text]
    return found


async def test_a_message_in_markdown_is_drawn_styled_without_its_marks(demo: DemoTeam) -> None:
    post_as_priya(demo, HIRING, MARKDOWN)
    app = demo.app()
    async with app.run_test(size=SIZE) as pilot:
        view = await read(pilot, demo, HIRING)
        text = widget_text(app, "#thread")
        assert "Can we ship it today? Run make deploy first, carefully." in text
        assert "  make   deploy --all" in text
        assert "│ the checklist says so" in text
        assert "• one item" in text and "2. step two" in text
        assert "See the guide (https://example.com/guide)." in text
        assert "**" not in text and "`" not in text and "](" not in text

        bold = style_of(view, "ship it")
        assert bold.style is not None and bold.style.bold
        italic = style_of(view, "carefully")
        assert italic.style is not None and italic.style.italic
        code = style_of(view, "make deploy")
        plain = style_of(view, " first, ")
        assert code.style is not None and plain.style is not None
        assert code.style.color != plain.style.color
        link = style_of(view, "the guide")
        assert link.style is not None and link.style.underline
        # Drawn as a link, not one a click or the terminal would open (a later issue).
        assert link.style.link is None and set(link.style.meta) <= {"offset"}


async def test_hostile_text_in_markdown_is_shown_as_typed_and_inert(demo: DemoTeam) -> None:
    post_as_priya(demo, HIRING, HOSTILE)
    app = demo.app()
    async with app.run_test(size=SIZE) as pilot:
        view = await read(pilot, demo, HIRING)
        screen = screen_text(app)
        assert not UNSAFE.search(screen), UNSAFE.findall(screen)
        text = widget_text(app, "#thread")
        assert "<script>alert(1)</script> <b>not bold</b>" in text
        assert "[bold]x[/bold] and [@click=app.quit]quit[/] and [red]y[/red]" in text
        assert "click and cleared red" in text
        assert "copied  evil" in text  # code keeps its spaces, the DCS between them gone
        assert "[x](javascript:alert(1))" in text
        for segment in drawn(view):
            assert not UNSAFE.search(segment.text)
            if segment.style is not None:
                assert segment.style.link is None
                assert set(segment.style.meta) <= {"offset"}  # no @click
        assert app.is_running


async def test_the_thread_header_says_its_channel_and_whether_it_is_resolved(
    demo: DemoTeam,
) -> None:
    app = demo.app()
    async with app.run_test(size=SIZE) as pilot:
        await read(pilot, demo, HIRING)
        title = widget_text(app, "#thread").splitlines()[0]
        assert title.strip().startswith(HIRING)
        assert title.rstrip().endswith("#general · open")
        await pilot.press("x")
        await pilot.pause()
        title = widget_text(app, "#thread").splitlines()[0]
        assert title.rstrip().endswith("#general · ✓ resolved")


async def test_at_80_columns_the_header_keeps_the_title_and_the_state(demo: DemoTeam) -> None:
    app = demo.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await read(pilot, demo, HIRING)
        title = widget_text(app, "#thread").splitlines()[0]
        assert title.strip().startswith("Hiring")
        assert "#general" in title and "open" in title
