"""Rituals: meetings, check-ins, decisions and action items.

Every flow takes the main screen, opens a dialog and hands what was typed to
the command layer (``client.commands.meetings``, ``checkins``, ``actions``),
which holds every rule; a refusal is shown in the dialog, which stays open.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from asynctui.client import queries
from asynctui.client.commands import Done, Refused
from asynctui.client.views import CHECKINS, MEETINGS
from asynctui.core.text import clean_line
from asynctui.tui.carry_out import attempt, carry_out
from asynctui.tui.flows.threads import NO_CHANNELS, new_thread

if TYPE_CHECKING:
    from asynctui.client.ritual_views import Entry
    from asynctui.tui.main_screen import MainScreen

__all__ = [
    "answer_checkin",
    "close_listed_meeting",
    "close_meeting",
    "close_open_meeting",
    "mark_decision",
    "new_action_item",
    "new_checkin",
    "new_meeting",
    "new_ritual",
    "open_entry",
    "toggle_done",
]

FOLLOW_UP_SHOWN = 8
"""Open action items listed when a meeting closes; the rest are counted."""


def _channel_names(main: MainScreen) -> list[str] | None:
    """The channels to choose from; None (said) if there are none."""
    channels = queries.channels(main.ws.db)
    if not channels:
        main.notify(NO_CHANNELS, severity="warning")
        return None
    return [c.name for c in channels]


def _current_channel(main: MainScreen) -> str | None:
    """The name of the channel in view, to start a dialog from."""
    current = main.current_channel()
    found = next((c for c in queries.channels(main.ws.db) if c.id == current), None)
    return None if found is None else found.name


# -- the ritual list -------------------------------------------------------------------


def open_entry(main: MainScreen, entry: Entry) -> None:
    """Enter on an entry: answer a check-in, or open the entry's thread."""
    if entry.kind == "answer":
        answer_checkin(main, entry)
    elif entry.thread is not None and queries.thread(main.ws.db, entry.thread) is not None:
        main.open_thread(entry.thread)
    elif entry.kind == "occurrence":
        main.notify("No answers yet: the thread starts with the first one.", timeout=4)


def new_ritual(main: MainScreen, view: str) -> None:
    """The list's "new" key: a meeting, a check-in, or else a thread."""
    if view == MEETINGS:
        new_meeting(main)
    elif view == CHECKINS:
        new_checkin(main)
    else:
        new_thread(main)


def toggle_done(main: MainScreen, entry: Entry) -> None:
    """An action item done, or open again."""
    from asynctui.client.commands import actions

    change = actions.undo if entry.done else actions.done
    carry_out(main, lambda ws: change(ws, action=entry.action))


# -- meetings ----------------------------------------------------------------------------


def new_meeting(main: MainScreen) -> None:
    """Should this be async? Then a meeting's title, channel, goal, agenda,
    participants and deadline; it opens with me among the participants."""
    from asynctui.client.commands import meetings
    from asynctui.tui.screens._new_meeting import NewMeeting, NewMeetingScreen

    if (channels := _channel_names(main)) is None:
        return

    def send(choice: NewMeeting) -> Done | str:
        return attempt(main, lambda ws: meetings.create(
            ws, channel=choice.channel, title=choice.title, goal=choice.goal,
            agenda=choice.agenda, due=choice.due, participants=choice.participants,
        ))  # fmt: skip

    def made(done: Done | None) -> None:
        if done is not None:
            main.open_thread(done.id)

    def preview(text: str) -> str:
        return meetings.due_preview(main.ws, text)

    screen = NewMeetingScreen(channels, _current_channel(main), preview, send)
    main.app.push_screen(screen, made)


def close_open_meeting(main: MainScreen) -> None:
    """Close the meeting whose thread is open (its owner only)."""
    if (thread_id := main.need_thread()) is not None:
        close_meeting(main, thread_id)


def close_listed_meeting(main: MainScreen, entry: Entry | None) -> None:
    """Close the meeting selected in the Meetings view."""
    if entry is None or entry.thread is None:
        main.notify("Select a meeting to close it.", severity="warning")
        return
    close_meeting(main, entry.thread)


def close_meeting(main: MainScreen, thread_id: str) -> None:
    """The owner's closing: outcome, decisions, action items; then the follow-up."""
    from asynctui.client import rituals
    from asynctui.client.commands import meetings
    from asynctui.client.commands.forms import action_lines
    from asynctui.tui.screens._close_meeting import CloseChoice, CloseMeetingScreen

    try:
        # Whether I may close it is asked before anything is typed.
        m = meetings.closable(main.ws, thread_id)
    except Refused as exc:
        main.notify(str(exc), title="Not done", severity="warning")
        return
    parts = rituals.participation(main.ws.db, main.team(), m, main.now())
    done = sum(1 for p in parts if not p.missing)
    state = f"{done} of {len(parts)} participants have contributed to every item."

    def read(text: str) -> tuple[list[str], str]:
        return meetings.actions_preview(main.ws, text)

    def send(choice: CloseChoice) -> Done | str:
        return attempt(main, lambda ws: meetings.close(
            ws, meeting=thread_id, outcome=choice.outcome, decisions=choice.decisions,
            actions=action_lines(choice.actions),
        ), quiet=True)  # fmt: skip

    def closed(done: Done | None) -> None:
        if done is not None:
            main.notify(_follow_up(main, done), title=done.said, timeout=10)

    main.app.push_screen(CloseMeetingScreen(m.title, state, read, send), closed)


def _follow_up(main: MainScreen, done: Done) -> str:
    """'Follow-up: 2 open action item(s)' and a line for each, from the closing's fields."""
    from asynctui.client.words import due_words

    items: Any = done.fields["follow_up"]
    team, tz, now = main.team(), main.team().tz(main.ws.member), main.now()
    if not items:
        return "Follow-up: no open action items."
    lines = [f"Follow-up: {len(items)} open action item(s)"]
    for item in items[:FOLLOW_UP_SHOWN]:
        line = f"· {clean_line(item['text'])[:50]} @{team.handle(item['owner'])}"
        if item["due"] is not None:
            from asynctui.core.clock import parse_instant

            line += f", {due_words(parse_instant(item['due']), tz, now).split(' · ')[0]}"
        lines.append(line)
    if len(items) > FOLLOW_UP_SHOWN:
        lines.append(f"… and {len(items) - FOLLOW_UP_SHOWN} more")
    return "\n".join(lines)


# -- check-ins ---------------------------------------------------------------------------


def new_checkin(main: MainScreen) -> None:
    """A check-in's title, channel, schedule, questions, members and answer window,
    the CLI's defaults to start from."""
    from asynctui.client.commands import checkins
    from asynctui.client.rituals import DEFAULT_QUESTIONS, DEFAULT_WITHIN
    from asynctui.tui.screens._new_checkin import NewCheckin, NewCheckinScreen

    if (channels := _channel_names(main)) is None:
        return

    def send(choice: NewCheckin) -> Done | str:
        return attempt(main, lambda ws: checkins.create(
            ws, channel=choice.channel, title=choice.title, schedule=choice.schedule,
            questions=choice.questions, members=choice.members, within=choice.within,
        ))  # fmt: skip

    screen = NewCheckinScreen(
        channels, _current_channel(main), DEFAULT_QUESTIONS, DEFAULT_WITHIN, send
    )
    main.app.push_screen(screen)


def answer_checkin(main: MainScreen, entry: Entry) -> None:
    """My answers to a check-in's questions; its occurrence's thread opens after."""
    from asynctui.client.commands import checkins
    from asynctui.tui.screens._checkin_answer import CheckinAnswerScreen

    day = entry.day
    if day is None:
        return
    # The occurrence and my due time, as the list words them.
    when_ = "".join(part.text for part in entry.lines[1].left).strip()

    def send(answers: tuple[str, ...]) -> Done | str:
        return attempt(main, lambda ws: checkins.answer(
            ws, checkin=entry.checkin, day=day, answers=answers
        ))  # fmt: skip

    def answered(done: Done | None) -> None:
        if done is not None:
            main.open_thread(str(done.fields["thread"]))

    main.app.push_screen(CheckinAnswerScreen(entry.title, when_, entry.questions, send), answered)


# -- decisions and action items ----------------------------------------------------------


def mark_decision(main: MainScreen) -> None:
    """Record the selected message as a decision of the thread."""
    from asynctui.client.commands import actions
    from asynctui.tui.screens._decision import DecisionChoice, DecisionScreen

    if (thread_id := main.need_thread()) is None:
        return
    selected = main.selected_message()
    if selected is None:
        main.notify("Select the message that holds the decision.", severity="warning")
        return
    handle = main.team().handle(selected.author)
    text = clean_line(selected.body.split("\n", 1)[0])[:200]

    def send(choice: DecisionChoice) -> Done | str:
        return attempt(main, lambda ws: actions.decide(
            ws, thread=thread_id, text=choice.text, messages=(selected.id,),
            deciders=choice.deciders,
        ))  # fmt: skip

    source = f"@{handle}: {clean_line(selected.body)}"
    main.app.push_screen(DecisionScreen(source, text, [handle], send))


def new_action_item(main: MainScreen) -> None:
    """An action item of the thread, or of its selected message."""
    from asynctui.client.commands import actions
    from asynctui.tui.screens._action_item import ActionChoice, ActionItemScreen

    if (thread_id := main.need_thread()) is None:
        return
    team = main.team()
    row = queries.thread(main.ws.db, thread_id)
    selected = main.selected_message()
    source = None if selected is None else (
        f"@{team.handle(selected.author)}'s message: {clean_line(selected.body)}"
    )  # fmt: skip

    def preview(text: str, owner: str) -> str:
        return actions.due_preview(main.ws, text, owner)

    def send(choice: ActionChoice) -> Done | str:
        message = selected.id if choice.message and selected is not None else None
        return attempt(main, lambda ws: actions.add(
            ws, thread=thread_id, text=choice.text, owner=choice.owner, due=choice.due,
            message=message,
        ))  # fmt: skip

    main.app.push_screen(
        ActionItemScreen(
            row.title if row else "",
            source,
            "" if selected is None else clean_line(selected.body.split("\n", 1)[0])[:200],
            team.handle(main.ws.member),
            preview,
            send,
        )
    )
