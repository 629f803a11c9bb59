"""Threads: open one, reply, quote, edit, ask for a reply, react, resolve.

Every flow takes the main screen. What was chosen is recorded by the functions
under "what was chosen", one per intent.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from asynctui.client import queries
from asynctui.core.events import (
    AskCreated,
    MessageEdited,
    MessagePosted,
    ReactionAdded,
    ThreadOpened,
    ThreadResolved,
)
from asynctui.core.hours import Window
from asynctui.core.ids import new_id
from asynctui.core.text import clean_line

if TYPE_CHECKING:
    from asynctui.tui.main_screen import MainScreen
    from asynctui.tui.screens._ask import AskChoice
    from asynctui.tui.screens._new_thread import NewThread
    from asynctui.tui.widgets._compose import Compose

__all__ = [
    "add_reaction",
    "ask",
    "ask_for_reply",
    "edit",
    "edit_message",
    "new_thread",
    "open_new_thread",
    "post_reply",
    "quote",
    "react",
    "reply",
    "resolve",
    "send",
    "set_resolved",
]

NO_CHANNELS = "No channels yet: create one with `asynctui channel create NAME`."


# -- the flows ----------------------------------------------------------------------


def reply(main: MainScreen) -> None:
    """The compose box, on the thread being read."""
    if (thread_id := main.need_thread()) is None:
        return

    def start(compose: Compose) -> None:
        if compose.thread_id != thread_id or compose.mode != "reply":
            row = queries.thread(main.ws.db, thread_id)
            main.pane.start_reply(compose, thread_id, row.title if row else "")
        compose.focus_text()

    main.pane.with_compose(start)


def quote(main: MainScreen) -> None:
    """Reply quoting the selected message."""
    if (thread_id := main.need_thread()) is None:
        return
    selected = main.selected_message()
    if selected is None:
        main.notify("Select a message to quote.", severity="warning")
        return
    row = queries.thread(main.ws.db, thread_id)
    words = f"@{main.team().handle(selected.author)}: {clean_line(selected.body)}"

    def start(compose: Compose) -> None:
        main.pane.start_reply(compose, thread_id, row.title if row else "", (selected.id, words))
        compose.focus_text()

    main.pane.with_compose(start)


def edit(main: MainScreen) -> None:
    """The compose box, on my selected message."""
    if (thread_id := main.need_thread()) is None:
        return
    selected = main.selected_message()
    if selected is None or selected.author != main.ws.member:
        main.notify("Select one of your own messages to edit it.", severity="warning")
        return
    row = queries.thread(main.ws.db, thread_id)

    def start(compose: Compose) -> None:
        compose.start("edit", thread_id, row.title if row else "", selected.body, selected.id)
        compose.focus_text()

    main.pane.with_compose(start)


def send(main: MainScreen, message: Compose.Submitted) -> None:
    """What the compose box sent: a reply, or my edited message."""
    if message.mode == "edit" and message.message_id:
        edit_message(main, message.message_id, message.body)
    else:
        post_reply(main, message.thread_id, message.body, message.quote, message.item)
        # No read mark needed: a thread counts as read up to my own latest message.
    main.refresh_data()
    if message.item is not None:
        # The next item still expected of me, if any.
        from asynctui.client import ritual_views

        agenda = ritual_views.agenda_for(
            main.ws.db, main.team(), main.ws.member, main.now(), message.thread_id
        )
        if agenda is not None and main.pane.compose_box is not None:
            main.pane.compose_box.set_agenda(*agenda)
    main.focus_thread()


def new_thread(main: MainScreen) -> None:
    """A new thread's channel, title and first message; it opens when posted."""
    from asynctui.tui.screens._new_thread import NewThreadScreen

    channels = [(c.id, c.name) for c in queries.channels(main.ws.db)]
    if not channels:
        main.notify(NO_CHANNELS, severity="warning")
        return

    def posted(result: NewThread | None) -> None:
        if result is None:
            return
        thread = open_new_thread(main, result)
        main.refresh_data()
        main.open_thread(thread)

    main.app.push_screen(NewThreadScreen(channels, main.current_channel()), posted)


def ask(main: MainScreen) -> None:
    """Ask someone of the team for a reply in the thread, within a window."""
    from asynctui.client.asking import preview
    from asynctui.tui.screens._ask import AskScreen, Candidate

    if (thread_id := main.need_thread()) is None:
        return
    team, now, me = main.team(), main.now(), main.ws.member
    tz = team.tz(me)
    people = [
        Candidate(
            m.id,
            f"{m.name} @{m.handle} · {m.tz.rsplit('/', 1)[-1].replace('_', ' ')}",
            team.hours(m.id).promise,
        )
        for m in team.sorted_members()
        if m.id != me
    ]
    row = queries.thread(main.ws.db, thread_id)

    def asked(choice: AskChoice | None) -> None:
        if choice is None:
            return
        ask_for_reply(main, thread_id, choice.asked, choice.within)
        said = preview(team, choice.asked, choice.within, tz, now)
        main.notify(said.text, title=f"Asked @{team.handle(choice.asked)}", timeout=8)
        main.refresh_data()

    main.app.push_screen(
        AskScreen(
            row.title if row else "",
            people,
            lambda asked_id, within: preview(team, asked_id, within, tz, now).text,
        ),
        asked,
    )


def react(main: MainScreen) -> None:
    """An emoji on the selected message."""
    from asynctui.tui.screens._react import ReactScreen

    selected = main.selected_message()
    if selected is None:
        main.notify("Select a message to react to.", severity="warning")
        return

    def reacted(emoji: str | None) -> None:
        if emoji:
            add_reaction(main, selected.id, emoji)
            main.refresh_data()

    main.app.push_screen(ReactScreen(), reacted)


def resolve(main: MainScreen) -> None:
    """Resolve the thread being read, or reopen it."""
    if (thread_id := main.need_thread()) is None:
        return
    row = queries.thread(main.ws.db, thread_id)
    resolved = not (row.resolved if row else False)
    set_resolved(main, thread_id, resolved)
    main.notify("Resolved." if resolved else "Reopened.", timeout=3)
    main.refresh_data()


# -- what was chosen ------------------------------------------------------------------


def open_new_thread(main: MainScreen, choice: NewThread) -> str:
    """Open the thread chosen in the dialog; its id."""
    thread = new_id()
    main.emit(
        ThreadOpened(
            thread=thread,
            channel=choice.channel,
            title=choice.title,
            message=new_id(),
            body=choice.body,
        )
    )
    return thread


def post_reply(
    main: MainScreen,
    thread_id: str,
    body: str,
    quote: str | None = None,
    item: int | None = None,
) -> None:
    """Post ``body`` in the thread (quoting a message, or on a meeting's agenda item)."""
    main.emit(MessagePosted(message=new_id(), thread=thread_id, body=body, quote=quote, item=item))


def edit_message(main: MainScreen, message_id: str, body: str) -> None:
    main.emit(MessageEdited(message=message_id, body=body))


def ask_for_reply(main: MainScreen, thread_id: str, asked: str, within: Window) -> None:
    main.emit(AskCreated(ask=new_id(), thread=thread_id, asked=asked, within=within))


def add_reaction(main: MainScreen, message_id: str, emoji: str) -> None:
    main.emit(ReactionAdded(message=message_id, emoji=emoji))


def set_resolved(main: MainScreen, thread_id: str, resolved: bool) -> None:
    main.emit(ThreadResolved(thread=thread_id, resolved=resolved))
