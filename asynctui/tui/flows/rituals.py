"""Rituals: meetings, check-ins, decisions and action items.

Every flow takes the main screen. What was chosen is recorded by the functions
under "what was chosen", one per intent.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from asynctui.client import queries
from asynctui.client.team import Team
from asynctui.client.views import CHECKINS, MEETINGS
from asynctui.core.events import (
    ActionCreated,
    ActionDone,
    CheckinAnswered,
    CheckinCreated,
    DecisionMade,
    MeetingClosed,
    MeetingOpened,
)
from asynctui.core.hours import Window
from asynctui.core.ids import new_id
from asynctui.core.text import clean_line
from asynctui.tui.flows.threads import NO_CHANNELS, new_thread

if TYPE_CHECKING:
    from asynctui.client.ritual_forms import PlannedAction
    from asynctui.client.ritual_views import Entry
    from asynctui.tui.main_screen import MainScreen
    from asynctui.tui.screens._action_item import ActionChoice
    from asynctui.tui.screens._close_meeting import CloseChoice
    from asynctui.tui.screens._decision import DecisionChoice
    from asynctui.tui.screens._new_checkin import NewCheckin
    from asynctui.tui.screens._new_meeting import NewMeeting

__all__ = [
    "add_action",
    "answer",
    "answer_checkin",
    "close",
    "close_listed_meeting",
    "close_meeting",
    "close_open_meeting",
    "create_checkin",
    "decide",
    "mark_decision",
    "new_action_item",
    "new_checkin",
    "new_meeting",
    "new_ritual",
    "open_entry",
    "open_meeting",
    "set_done",
    "toggle_done",
]


def handles(team: Team) -> dict[str, str]:
    """Lower-case handle -> member id, for the dialogs that name people."""
    return {m.handle.lower(): m.id for m in team.sorted_members()}


def _channels(main: MainScreen) -> tuple[list[tuple[str, str]], dict[str, frozenset[str]]] | None:
    """The channels to choose from, and each private one's members; None (said) if none."""
    db = main.ws.db
    channels = queries.channels(db)
    if not channels:
        main.notify(NO_CHANNELS, severity="warning")
        return None
    private = {c.id: frozenset(queries.channel_members(db, c.id)) for c in channels if c.private}
    return [(c.id, c.name) for c in channels], private


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
    done = not entry.done
    set_done(main, entry.action, done)
    text = clean_line(entry.lines[0].left[-1].text)[:60]
    main.notify(f"Done: {text}" if done else f"Open again: {text}", timeout=3)
    main.refresh_data()


# -- meetings ----------------------------------------------------------------------------


def new_meeting(main: MainScreen) -> None:
    """Should this be async? Then a meeting's title, channel, goal, agenda,
    participants and deadline; it opens with me among the participants."""
    from asynctui.client import ritual_forms
    from asynctui.tui.screens._new_meeting import NewMeetingScreen

    team, now, me = main.team(), main.now(), main.ws.member
    tz = team.tz(me)
    if (found := _channels(main)) is None:
        return
    channels, private = found

    def deadline(text: str) -> tuple[datetime | None, Window | None, str]:
        found, within = ritual_forms.meeting_deadline(text, team, me, tz, now)
        return found, within, ritual_forms.deadline_words(found, within, tz, now)

    def made(choice: NewMeeting | None) -> None:
        if choice is None:
            return
        thread = open_meeting(main, choice)
        count = len(choice.participants) + 1
        main.notify(
            f"Meeting opened: {choice.title[:60]} · {len(choice.agenda)} agenda item(s),"
            f" {count} participant(s).",
            timeout=5,
        )
        main.refresh_data()
        main.open_thread(thread)

    screen = NewMeetingScreen(
        channels, main.current_channel(), me, handles(team), private, deadline
    )
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
    from asynctui.client import ritual_forms, rituals
    from asynctui.core.timefmt import when
    from asynctui.tui.screens._close_meeting import CloseMeetingScreen

    db, team, now, me = main.ws.db, main.team(), main.now(), main.ws.member
    tz = team.tz(me)
    m = rituals.meeting(db, thread_id)
    if m is None:
        main.notify("This thread is not a meeting.", severity="warning")
        return
    title = clean_line(m.title)
    if m.owner != me:
        main.notify(
            f'Only @{team.handle(m.owner)}, who opened "{title}", can close it.',
            severity="warning",
        )
        return
    if m.closed_at is not None:
        main.notify(f'"{title}" is already closed.', severity="warning")
        return
    parts = rituals.participation(db, team, m, now)
    done = sum(1 for p in parts if not p.missing)
    state = f"{done} of {len(parts)} participants have contributed to every item."
    known = handles(team)

    def read(text: str) -> tuple[list[PlannedAction], list[str]]:
        return ritual_forms.action_lines(text, known, team, tz, now)

    def describe(action: PlannedAction) -> str:
        due = "no due time" if action.due is None else f"due {when(action.due, tz, now)}"
        return f"@{team.handle(action.owner)} · {due}"

    def closed(choice: CloseChoice | None) -> None:
        if choice is None:
            return
        close(main, thread_id, choice)
        follow_up = rituals.action_items(db, now, thread=thread_id, show="open")
        lines = [
            f"· {clean_line(a.text)[:50]} @{team.handle(a.owner)}"
            + ("" if a.due is None else f", due {when(a.due, tz, now)}")
            for a in follow_up[:8]
        ]
        more = [f"… and {len(follow_up) - 8} more"] if len(follow_up) > 8 else []
        head = (
            f"Follow-up: {len(follow_up)} open action item(s)"
            if follow_up else "Follow-up: no open action items."
        )  # fmt: skip
        main.notify("\n".join([head, *lines, *more]), title=f"Closed: {title[:60]}", timeout=10)
        main.refresh_data()

    main.app.push_screen(CloseMeetingScreen(m.title, state, read, describe), closed)


# -- check-ins ---------------------------------------------------------------------------


def new_checkin(main: MainScreen) -> None:
    """A check-in's title, channel, schedule, questions, members and answer window,
    the CLI's defaults to start from."""
    from asynctui.client.rituals import DEFAULT_QUESTIONS, DEFAULT_WITHIN
    from asynctui.core.schedule import format_schedule
    from asynctui.tui.screens._new_checkin import NewCheckinScreen

    team = main.team()
    if (found := _channels(main)) is None:
        return
    channels, private = found

    def made(choice: NewCheckin | None) -> None:
        if choice is None:
            return
        members = choice.members
        if not members:  # as the CLI: the private channel's members, or everyone
            inside = private.get(choice.channel)
            members = tuple(m.id for m in team.sorted_members() if inside is None or m.id in inside)
        create_checkin(main, choice, members)
        main.notify(
            f"Check-in made: {choice.title[:60]} · {format_schedule(choice.schedule)},"
            f" {len(members)} member(s).",
            timeout=5,
        )
        main.refresh_data()

    screen = NewCheckinScreen(
        channels, main.current_channel(), handles(team), private, DEFAULT_QUESTIONS,
        DEFAULT_WITHIN,
    )  # fmt: skip
    main.app.push_screen(screen, made)


def answer_checkin(main: MainScreen, entry: Entry) -> None:
    """My answers to a check-in's questions; its occurrence's thread opens after."""
    from asynctui.core.events import occurrence_thread
    from asynctui.tui.screens._checkin_answer import CheckinAnswerScreen

    day = entry.day
    if day is None:
        return
    # The occurrence and my due time, as the list words them.
    when_ = "".join(part.text for part in entry.lines[1].left).strip()

    def answered(answers: tuple[str, ...] | None) -> None:
        if answers is None:
            return
        answer(main, entry.checkin, day, answers)
        main.notify(f"Answers sent: {clean_line(entry.title)[:60]}.", timeout=4)
        main.refresh_data()
        main.open_thread(occurrence_thread(entry.checkin, day))

    main.app.push_screen(CheckinAnswerScreen(entry.title, when_, entry.questions), answered)


# -- decisions and action items ----------------------------------------------------------


def mark_decision(main: MainScreen) -> None:
    """Record the selected message as a decision of the thread."""
    from asynctui.tui.screens._decision import DecisionScreen

    if (thread_id := main.need_thread()) is None:
        return
    selected = main.selected_message()
    if selected is None:
        main.notify("Select the message that holds the decision.", severity="warning")
        return
    team = main.team()
    handle = team.handle(selected.author)
    text = clean_line(selected.body.split("\n", 1)[0])[:200]

    def decided(choice: DecisionChoice | None) -> None:
        if choice is None:
            return
        decide(main, thread_id, choice.text, (selected.id,), choice.deciders)
        main.notify(f"Decision recorded: {choice.text[:60]}", timeout=4)
        main.refresh_data()

    source = f"@{handle}: {clean_line(selected.body)}"
    main.app.push_screen(DecisionScreen(source, text, [handle], handles(team)), decided)


def new_action_item(main: MainScreen) -> None:
    """An action item of the thread, or of its selected message."""
    from asynctui.client import ritual_views
    from asynctui.core.timefmt import when
    from asynctui.tui.screens._action_item import ActionItemScreen

    if (thread_id := main.need_thread()) is None:
        return
    team, now, me = main.team(), main.now(), main.ws.member
    tz = team.tz(me)
    row = queries.thread(main.ws.db, thread_id)
    selected = main.selected_message()
    source = None if selected is None else (
        f"@{team.handle(selected.author)}'s message: {clean_line(selected.body)}"
    )  # fmt: skip

    def due_words(text: str, owner: str) -> tuple[datetime | None, str]:
        due = ritual_views.due_from_words(text, team, owner, tz, now)
        if due is None:
            return None, "No due time."
        words = f"Due {when(due, tz, now)} your time"
        their_tz = team.tz(owner)
        if owner != me and their_tz != tz:
            place = their_tz.rsplit("/", 1)[-1].replace("_", " ")
            words += f" ({when(due, their_tz, now)} in {place} for @{team.handle(owner)})"
        return due, words + "."

    def made(choice: ActionChoice | None) -> None:
        if choice is None:
            return
        message = selected.id if choice.message and selected is not None else None
        add_action(main, thread_id, choice.text, choice.owner, choice.due, message)
        due = "" if choice.due is None else f", due {when(choice.due, tz, now)}"
        main.notify(f"Action item for @{team.handle(choice.owner)}{due}.", timeout=4)
        main.refresh_data()

    main.app.push_screen(
        ActionItemScreen(
            row.title if row else "",
            source,
            "" if selected is None else clean_line(selected.body.split("\n", 1)[0])[:200],
            team.handle(me),
            handles(team),
            due_words,
        ),
        made,
    )


# -- what was chosen ----------------------------------------------------------------------


def open_meeting(main: MainScreen, choice: NewMeeting) -> str:
    """Open the meeting chosen in the dialog, with me among its participants; its thread."""
    thread = new_id()
    main.emit(
        MeetingOpened(
            thread=thread, channel=choice.channel, title=choice.title, message=new_id(),
            goal=choice.goal, agenda=choice.agenda,
            participants=tuple(dict.fromkeys([main.ws.member, *choice.participants])),
            deadline=choice.deadline, within=choice.within,
        )
    )  # fmt: skip
    return thread


def close(main: MainScreen, thread_id: str, choice: CloseChoice) -> None:
    """The meeting's decisions and action items, then its closing with the outcome."""
    for text in choice.decisions:
        main.emit(DecisionMade(decision=new_id(), thread=thread_id, text=text))
    for action in choice.actions:
        add_action(main, thread_id, action.text, action.owner, action.due)
    main.emit(MeetingClosed(thread=thread_id, outcome=choice.outcome))


def create_checkin(main: MainScreen, choice: NewCheckin, members: tuple[str, ...]) -> None:
    main.emit(
        CheckinCreated(
            checkin=new_id(), channel=choice.channel, title=choice.title,
            questions=choice.questions, schedule=choice.schedule, members=members,
            within=choice.within,
        )
    )  # fmt: skip


def answer(main: MainScreen, checkin: str, day: date, answers: tuple[str, ...]) -> None:
    main.emit(CheckinAnswered(checkin=checkin, day=day, message=new_id(), answers=answers))


def decide(
    main: MainScreen,
    thread_id: str,
    text: str,
    messages: tuple[str, ...] = (),
    deciders: tuple[str, ...] = (),
) -> None:
    main.emit(
        DecisionMade(
            decision=new_id(), thread=thread_id, text=text, messages=messages, deciders=deciders
        )
    )


def add_action(
    main: MainScreen,
    thread_id: str,
    text: str,
    owner: str,
    due: datetime | None,
    message: str | None = None,
) -> None:
    main.emit(
        ActionCreated(
            action=new_id(), thread=thread_id, text=text, owner=owner, due=due, message=message
        )
    )


def set_done(main: MainScreen, action: str, done: bool) -> None:
    main.emit(ActionDone(action=action, done=done))
