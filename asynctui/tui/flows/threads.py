"""Threads: open one, reply, quote, edit, ask for a reply, react, resolve, mark read.

Every flow takes the main screen, opens its dialog, and hands what was chosen to
a command of :mod:`asynctui.client.commands` through :func:`carry_out`: the
rules, the refusals and the words said are the CLI's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from asynctui.client import queries
from asynctui.client.commands import Refused
from asynctui.client.commands import asks as ask_commands
from asynctui.client.commands import threads as commands
from asynctui.core.text import clean_line
from asynctui.tui.carry_out import carry_out

if TYPE_CHECKING:
    from asynctui.client.search import Found
    from asynctui.tui.main_screen import MainScreen
    from asynctui.tui.screens._new_thread import NewThread
    from asynctui.tui.widgets._compose import Compose

__all__ = [
    "NO_CHANNELS",
    "ask",
    "edit",
    "mark_all_read",
    "mark_read",
    "new_thread",
    "quote",
    "react",
    "reply",
    "resolve",
    "search",
    "send",
]

NO_CHANNELS = "No channels yet: make one first, and the new thread can go there."


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
    if selected is None:
        main.notify("Select one of your own messages to edit it.", severity="warning")
        return
    try:
        mine = commands.editable(main.ws, selected.id)
    except Refused:
        # Said before the box opens, in the words of a dialog rather than the command's.
        main.notify("Select one of your own messages to edit it.", severity="warning")
        return
    row = queries.thread(main.ws.db, thread_id)

    def start(compose: Compose) -> None:
        compose.start("edit", thread_id, row.title if row else "", mine.body, mine.id)
        compose.focus_text()

    main.pane.with_compose(start)


def send(main: MainScreen, message: Compose.Submitted) -> None:
    """What the compose box sent: a reply, a meeting contribution, or my edited message."""
    if message.mode == "edit" and message.message_id:
        edited = message.message_id
        carry_out(main, lambda ws: commands.edit(ws, message=edited, body=message.body), quiet=True)
    elif message.item is not None:
        from asynctui.client import ritual_views
        from asynctui.client.commands import meetings

        item = message.item + 1
        done = carry_out(
            main,
            lambda ws: meetings.contribute(
                ws, meeting=message.thread_id, text=message.body, item=item
            ),
            quiet=True,
        )
        # The next item still expected of me, if any.
        agenda = ritual_views.agenda_for(
            main.ws.db, main.team(), main.ws.member, main.now(), message.thread_id
        )
        if done is not None and agenda is not None and main.pane.compose_box is not None:
            main.pane.compose_box.set_agenda(*agenda)
    else:
        # No read mark needed: a thread counts as read up to my own latest message.
        carry_out(
            main,
            lambda ws: commands.reply(
                ws, thread=message.thread_id, body=message.body, quote=message.quote
            ),
            quiet=True,
        )
    main.focus_thread()


def new_thread(main: MainScreen) -> None:
    """A new thread's channel (the one in view, else #general), title and first
    message; it opens when posted, and the dialog stays open (with what was typed)
    if it is refused. With no channel yet, the new channel dialog comes first."""
    from asynctui.tui.flows import channels as channel_flows
    from asynctui.tui.screens._new_thread import NewThreadScreen

    channels = channel_flows.channel_choices(main)
    if not channels:
        main.notify(NO_CHANNELS, severity="warning")
        channel_flows.new_channel(main)
        return

    def post(choice: NewThread) -> bool:
        done = carry_out(
            main,
            lambda ws: commands.post(
                ws, channel=choice.channel, title=choice.title, body=choice.body
            ),
            quiet=True,
        )
        if done is None:
            return False
        main.open_thread(done.id)
        return True

    start = channel_flows.default_channel(main, channels)
    main.app.push_screen(NewThreadScreen(channels, start, post))


def ask(main: MainScreen) -> None:
    """Ask someone of the team for a reply in the thread, within a window; the
    dialog shows what it would mean first, in the words said when it is made."""
    from asynctui.client.words import city
    from asynctui.tui.screens._ask import AskScreen, Candidate

    if (thread_id := main.need_thread()) is None:
        return
    team = main.team()
    people = [
        Candidate(m.id, f"{m.name} @{m.handle} · {city(m.tz)}")
        for m in team.sorted_members()
        if m.id != main.ws.member
    ]
    row = queries.thread(main.ws.db, thread_id)

    def preview(person: str, within: str) -> str:
        return ask_commands.preview(main.ws, person=person, within=within)

    def asked(person: str, within: str) -> bool:
        done = carry_out(
            main,
            lambda ws: ask_commands.ask(ws, thread=thread_id, person=person, within=within),
            quiet=True,
        )
        if done is not None:
            # Longer than most notes: it says when the reply is due.
            main.notify(done.said, timeout=8)
        return done is not None

    main.app.push_screen(AskScreen(row.title if row else "", people, preview, asked))


def react(main: MainScreen) -> None:
    """An emoji on the selected message."""
    from asynctui.tui.screens._react import ReactScreen

    selected = main.selected_message()
    if selected is None:
        main.notify("Select a message to react to.", severity="warning")
        return

    def reacted(emoji: str | None) -> None:
        if emoji:
            carry_out(main, lambda ws: commands.react(ws, message=selected.id, emoji=emoji))

    main.app.push_screen(ReactScreen(), reacted)


def resolve(main: MainScreen) -> None:
    """Resolve the thread being read, or reopen it."""
    if (thread_id := main.need_thread()) is None:
        return
    row = queries.thread(main.ws.db, thread_id)
    change = commands.reopen if row is not None and row.resolved else commands.resolve
    carry_out(main, lambda ws: change(ws, thread=thread_id))


def mark_read(main: MainScreen, thread_id: str) -> None:
    """The thread just opened, read up to its latest message; nothing if it was."""
    try:
        done = commands.mark_read(main.ws, thread=thread_id)
    except Refused:
        return
    if done.events:
        main.nudge_sync()
        main.call_after_refresh(main.refresh_data)


def mark_all_read(main: MainScreen) -> None:
    """Every unread thread of the view shown, read up to its latest message."""
    from asynctui.tui.main_screen import RITUAL_IDS

    views = main.views
    if views is None:
        return
    if main.view in RITUAL_IDS:
        main.notify("Open a thread view (i, o, O or a channel) to mark its threads read.")
        return
    unread = views.unread_threads()
    shown = [t for t in views.thread_ids(main.view, main.sort) if t in unread]
    carry_out(main, lambda ws: commands.mark_all_read(ws, threads=shown))


def search(main: MainScreen) -> None:
    """Search every message; the thread of the hit chosen opens."""
    from asynctui.tui.screens._search import SearchScreen

    team = main.team()

    def chosen(thread_id: str | None) -> None:
        if thread_id:
            main.open_thread(thread_id)

    # Runs in the search screen's worker thread: the replica opens a connection of
    # its own for it.
    me, now = main.ws.member, main.now()

    def find(text: str) -> list[Found]:
        return main.ws.replica.search(text, me, now)

    main.app.push_screen(
        SearchScreen(find, team.handle, team.tz(main.ws.member), main.now()), chosen
    )
