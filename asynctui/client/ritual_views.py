"""What the TUI's ritual views show: check-ins, meetings, decisions and action items.

Plain data, like :mod:`asynctui.client.views`: each view is a list of entries
(:mod:`asynctui.client.ritual_entries`), each entry a few lines of worded parts
with a tone (a badge tone, or how loud the words are). The rules are the read
models' (:mod:`asynctui.client.rituals`): who owes what by when is counted on
the owing person's calendar; here it is only worded, in the viewer's zone.
Text from people is passed on as it was written; whoever draws it makes it safe
(the TUI's ``safe_line``).

Also here, for the thread view and the compose box: the header a meeting's or a
check-in occurrence's thread shows, and the agenda a reply can contribute to.
(Due times typed as words are read once, by ``client.commands.forms``.)
"""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from typing import Literal

from asynctui.client import rituals
from asynctui.client.ritual_entries import (
    Entry,
    EntryLine,
    Part,
    Tone,
    Words,
    badge_tone,
    heading_entry,
    note_entry,
    short_day,
)
from asynctui.client.team import Team
from asynctui.client.views import ACTIONS, CHECKINS, DECISIONS, MEETINGS, ViewInfo
from asynctui.client.words import NO_DUE_TIME
from asynctui.core.events import occurrence_thread
from asynctui.core.expectations import describe_remaining, urgency
from asynctui.core.schedule import format_schedule, next_after

__all__ = [
    "ACTION_FILTERS",
    "ActionFilter",
    "Entry",
    "EntryLine",
    "Part",
    "Tone",
    "action_entries",
    "agenda_for",
    "checkin_entries",
    "counts",
    "decision_channels",
    "decision_entries",
    "hint",
    "meeting_entries",
    "thread_header",
]

ActionFilter = Literal["mine", "everyone", "overdue"]
ACTION_FILTERS: tuple[ActionFilter, ...] = ("mine", "everyone", "overdue")
"""The Action items view's filters, in the order a key cycles them."""
_FILTER_NAMES: dict[ActionFilter, str] = {
    "mine": "Mine",
    "everyone": "Everyone's",
    "overdue": "Overdue",
}


# -- the sidebar ------------------------------------------------------------------------


Pending = list[tuple[rituals.Checkin, rituals.Expected, date]]
"""``rituals.pending_checkins``, computed once per refresh by the caller and shared
by the counts, the Check-ins view and the reminders."""


def counts(
    db: sqlite3.Connection, team: Team, me: str, now: datetime, pending: Pending
) -> list[ViewInfo]:
    """The ritual views with their counts: check-in questions waiting for my answer,
    open meetings still expecting something of me, my open action items."""
    mine = rituals.action_items(db, now, owner=me, show="open")
    return [
        ViewInfo(CHECKINS, "Check-ins", len(pending)),
        ViewInfo(MEETINGS, "Meetings", len(rituals.waiting_meetings(db, team, me, now))),
        ViewInfo(DECISIONS, "Decisions", 0),
        ViewInfo(ACTIONS, "Action items", len(mine)),
    ]


# -- check-ins --------------------------------------------------------------------------


def checkin_entries(
    db: sqlite3.Connection, team: Team, me: str, now: datetime, pending: Pending
) -> list[Entry]:
    """The questions waiting for my answer first, then each running check-in with
    its current occurrence: who answered, who has not yet, who is overdue, who is
    skipped and why."""
    words = Words(team, me, now)
    out: list[Entry] = []
    if pending:
        out.append(heading_entry("waiting", "Waiting for your answer", "enter: answer"))
    for ci, mine, day in pending:
        badge: tuple[Part, ...] = ()
        if mine.due is not None:
            level = urgency(mine.due, None, now)
            badge = (Part(words.owed("you", mine.due, level, True), badge_tone(level), chip=True),)
        due = f" · due {words.at(mine.due)}" if mine.due is not None else ""
        out.append(
            Entry(
                f"answer:{ci.id}:{day.isoformat()}",
                "answer",
                (
                    EntryLine((Part("✎ ", "strong"), Part(ci.title, "title")), badge),
                    EntryLine((Part(f"  {short_day(day)}{due} · #{ci.channel_name}", "muted"),)),
                    EntryLine((Part("  "), Part(" · ".join(ci.questions))), wrap=True),
                ),
                thread=occurrence_thread(ci.id, day),
                checkin=ci.id,
                day=day,
                title=ci.title,
                questions=ci.questions,
            )
        )
    running = rituals.checkins(db, running_only=True)
    out.append(heading_entry("running", "Running check-ins", "enter: read the answers"))
    if not running:
        out.append(
            note_entry("none", "No check-ins yet: start one with `asynctui checkin create`.")
        )
    for ci in running:
        out.append(_occurrence_entry(db, team, ci, words))
    return out


def _occurrence_entry(
    db: sqlite3.Connection, team: Team, ci: rituals.Checkin, words: Words
) -> Entry:
    now = words.now
    head = (Part(ci.title, "title"), Part(f"  #{ci.channel_name}", "muted"))
    schedule = f"  {format_schedule(ci.schedule)}, each in their own zone"
    day = rituals.current_day(ci, team, now)
    if day is None:
        upcoming = next_after(ci.schedule, words.tz, now)
        first = f"; first {short_day(upcoming[0])}" if upcoming else ""
        waiting = (EntryLine(head), EntryLine((Part(schedule + first, "muted"),)))
        return Entry(f"checkin:{ci.id}", "occurrence", waiting)
    occ = rituals.occurrence(db, team, ci, day, now)
    answered = occ.who("answered")
    expected = len(answered) + len(occ.who("pending", "overdue", "upcoming"))
    tally = Part(f"{short_day(day)} · {len(answered)} of {expected} answered", "muted")
    lines = [EntryLine(head, (tally,)), EntryLine((Part(schedule, "muted"),))]
    lines += [EntryLine(_person(p, words)) for p in occ.people]
    return Entry(f"checkin:{ci.id}", "occurrence", tuple(lines), thread=occ.thread)


def _person(p: rituals.Expected, words: Words) -> tuple[Part, ...]:
    """One member's state in an occurrence: '✓ @bob  answered 09:41 (late)'."""
    who = words.who(p.member)
    if p.state == "answered":
        at = f"answered {words.at(p.answered_at)}" if p.answered_at is not None else "answered"
        late = (Part(" (late)", "due_soon"),) if p.late else ()
        return (Part("  ✓ ", "answered"), Part(who, "strong"), Part(f"  {at}", "muted"), *late)
    if p.state == "overdue":
        assert p.due is not None
        left = describe_remaining(p.due, words.now)
        return (
            Part("  ! ", "overdue"),
            Part(who, "strong"),
            Part(f"  {left}", "overdue"),
            Part(f" · was due {words.at(p.due)}", "muted"),
        )
    if p.state == "pending":
        tone = badge_tone(urgency(p.due, None, words.now)) if p.due is not None else "open"
        due = f" · {words.due(p.due, p.member == words.me)}" if p.due is not None else ""
        return (Part("  … ", tone), Part(who, "strong"), Part(f"  not yet{due}", tone))
    if p.state == "skipped":
        return (Part("  – ", "off"), Part(who, "muted"), Part(f"  skipped: {p.reason}", "off"))
    return (
        Part("  · ", "muted"),
        Part(who, "muted"),
        Part(f"  gets the question at {words.at(p.starts)}", "muted"),
    )


# -- meetings ---------------------------------------------------------------------------


def meeting_entries(db: sqlite3.Connection, team: Team, me: str, now: datetime) -> list[Entry]:
    """Open meetings (newest first), then closed ones: goal, my deadline, and per
    agenda item whether I contributed (the owner: who has and who has not)."""
    words = Words(team, me, now)
    found = rituals.meetings(db)
    open_ = [m for m in found if m.closed_at is None]
    closed = [m for m in found if m.closed_at is not None]
    out = [heading_entry("open", "Open meetings", "enter: open the thread")]
    if not open_:
        out.append(note_entry("none", "No open meetings."))
    out += [_meeting_entry(db, team, m, words) for m in open_]
    if closed:
        out.append(heading_entry("closed", "Closed"))
        out += [_meeting_entry(db, team, m, words) for m in closed]
    return out


def _meeting_entry(db: sqlite3.Connection, team: Team, m: rituals.Meeting, words: Words) -> Entry:
    parts = rituals.participation(db, team, m, words.now)
    head = (Part(m.title, "title"), Part(f"  #{m.channel_name} · by {words.who(m.owner)}", "muted"))
    lines = [EntryLine(head, _meeting_badge(m, parts, words))]
    lines += _meeting_lines(m, parts, words)
    return Entry(f"meeting:{m.thread}", "meeting", tuple(lines), thread=m.thread)


def _meeting_badge(
    m: rituals.Meeting, parts: list[rituals.Participation], words: Words
) -> tuple[Part, ...]:
    if m.closed_at is not None:
        return (Part(f"closed {words.at(m.closed_at)}", "muted"),)
    mine = next((p for p in parts if p.member == words.me), None)
    if mine is not None and mine.missing:
        owed = words.owed("you", mine.due, mine.urgency, True)
        return (Part(owed, "open" if mine.due is None else badge_tone(mine.urgency), chip=True),)
    done = sum(1 for p in parts if not p.missing)
    tone: Tone = "answered" if done == len(parts) else "muted"
    return (Part(f"{done} of {len(parts)} done", tone),)


def _meeting_lines(
    m: rituals.Meeting, parts: list[rituals.Participation], words: Words
) -> list[EntryLine]:
    """Goal, deadline, outcome and one line per agenda item."""
    lines = [EntryLine((Part("  Goal: ", "muted"), Part(m.goal)), wrap=True)]
    mine = next((p for p in parts if p.member == words.me), None)
    if m.closed_at is not None:
        outcome = m.outcome or "(no outcome written)"
        lines.append(EntryLine((Part("  Outcome: ", "muted"), Part(outcome)), wrap=True))
    elif mine is not None:
        due = NO_DUE_TIME if mine.due is None else words.at(mine.due)
        lines.append(EntryLine((Part(f"  Your deadline: {due}", "muted"),)))
    owner = m.owner == words.me
    for n, item in enumerate(m.agenda):
        given = [p.member for p in parts if p.items[n]]
        waiting = [p.member for p in parts if not p.items[n]]
        line: list[Part] = []
        if mine is not None:
            if mine.items[n]:
                line.append(Part("  ✓ ", "answered"))
            else:
                line.append(
                    Part("  ○ ", badge_tone(mine.urgency) if m.closed_at is None else "off")
                )
        else:
            line.append(Part("    "))
        line.append(Part(f"{n + 1}. {item}"))
        # The counts stay whole at the right; a long item is cut instead.
        right: list[Part] = []
        if mine is not None and not mine.items[n] and m.closed_at is None:
            right.append(Part("expected from you · ", badge_tone(mine.urgency)))
        right.append(Part(f"{len(given)} of {len(parts)}", "muted"))
        lines.append(EntryLine(tuple(line), tuple(right)))
        if owner:
            # The owner sees who has and who has not, on a line of its own.
            who: list[Part] = [Part("      ")]
            if given:
                who.append(Part(f"✓ {words.people(given)}  ", "answered"))
            if waiting:
                tone: Tone = "muted" if m.closed_at is not None else "due_soon"
                who.append(Part(f"waiting: {words.people(waiting)}", tone))
            lines.append(EntryLine(tuple(who)))
    return lines


def agenda_for(
    db: sqlite3.Connection, team: Team, me: str, now: datetime, thread: str
) -> tuple[tuple[str, ...], int | None] | None:
    """The agenda a reply in ``thread`` can contribute to, and the item to start
    with (the first one still expected of me); None when the thread is not an
    open meeting."""
    m = rituals.meeting(db, thread)
    if m is None or m.closed_at is not None:
        return None
    mine = next((p for p in rituals.participation(db, team, m, now) if p.member == me), None)
    first = mine.missing[0] if mine is not None and mine.missing else None
    return m.agenda, first


# -- decisions --------------------------------------------------------------------------


def decision_channels(db: sqlite3.Connection) -> list[tuple[str, str]]:
    """(id, name) of the channels with decisions, by name: what the filter cycles."""
    found = {d.channel: d.channel_name for d in rituals.decisions(db) if d.channel}
    return sorted(found.items(), key=lambda item: (item[1].lower(), item[0]))


def decision_entries(
    db: sqlite3.Connection, team: Team, me: str, now: datetime, channel: str | None = None
) -> list[Entry]:
    """The team's decision log, newest first, all channels or one."""
    words = Words(team, me, now)
    found = rituals.decisions(db, channel=channel)
    if channel is None:
        title = "All channels"
    else:
        names = dict(decision_channels(db))
        title = f"#{names.get(channel, channel)}"
    out = [heading_entry("channel", f"Decisions · {title}", "F: next channel · enter: open")]
    if not found:
        out.append(note_entry("none", "No decisions yet: press d on a message to record one."))
    for d in found:
        where = f'  by {words.people(d.deciders)} · in "{d.thread_title}"'
        if channel is None and d.channel_name:
            where += f" #{d.channel_name}"
        lines = (
            EntryLine(
                (Part("◆ ", "strong"), Part(d.text, "title")),
                (Part(words.at(d.at), "muted"),),
                wrap=True,
            ),
            EntryLine((Part(where, "muted"),)),
        )
        out.append(Entry(f"decision:{d.id}", "decision", lines, thread=d.thread))
    return out


# -- action items -----------------------------------------------------------------------


def action_entries(
    db: sqlite3.Connection, team: Team, me: str, now: datetime, show: ActionFilter = "mine"
) -> list[Entry]:
    """Action items, open ones first (soonest due first), then done ones: mine,
    everyone's, or every overdue one."""
    words = Words(team, me, now)
    if show == "mine":
        found = rituals.action_items(db, now, owner=me)
    elif show == "overdue":
        found = rituals.action_items(db, now, show="overdue")
    else:
        found = rituals.action_items(db, now)
    others = " · ".join(_FILTER_NAMES[f] for f in ACTION_FILTERS if f != show)
    out = [heading_entry("filter", _FILTER_NAMES[show], f"F: {others} · space: done/undone")]
    if not found:
        empty = {
            "mine": "Nothing on your list. Press w in a thread to make an action item.",
            "everyone": "No action items yet. Press w in a thread to make one.",
            "overdue": "Nothing overdue.",
        }
        out.append(note_entry("none", empty[show]))
    for a in found:
        out.append(_action_entry(a, words))
    return out


def _action_entry(a: rituals.ActionItem, words: Words) -> Entry:
    mine = a.owner == words.me
    who = words.who(a.owner).removeprefix("@")
    if a.done:
        done_at = f" {words.at(a.done_at)}" if a.done_at is not None else ""
        badge = Part(f"done{done_at}", "answered", chip=True)
    else:
        tone = "open" if a.due is None else badge_tone(a.urgency)
        badge = Part(words.owed(who, a.due, a.urgency, mine), tone, chip=True)
    mark = Part("✓ ", "answered") if a.done else Part("○ ", badge_tone(a.urgency))
    where = f"  {words.who(a.owner)}"
    if a.due is not None and not a.done:
        where += f" · due {words.at(a.due)}"
    where += f' · in "{a.thread_title}"'
    if a.channel_name:
        where += f" #{a.channel_name}"
    if a.author != a.owner:
        where += f" · from {words.who(a.author)}"
    lines = (
        EntryLine((mark, Part(a.text, "title")), (badge,), wrap=True),
        EntryLine((Part(where, "muted"),)),
    )
    return Entry(f"action:{a.id}", "action", lines, thread=a.thread, done=a.done, action=a.id)


# -- threads: the header of a meeting or a check-in occurrence --------------------------


def _occurrence_of(db: sqlite3.Connection, thread: str) -> tuple[rituals.Checkin, date] | None:
    """The check-in and day whose occurrence ``thread`` is (the thread its answers make)."""
    # Only the answers posted in this thread, not every occurrence ever answered:
    # this runs each time a thread is shown. The thread an answer names is the
    # author's word, so it must also be the one its check-in and day make.
    found_in = db.execute(
        "SELECT DISTINCT a.checkin, a.day FROM checkin_answers a"
        " JOIN messages m ON m.id = a.message WHERE m.thread = ?",
        (thread,),
    )
    for checkin_id, day in found_in:
        when_ = date.fromisoformat(str(day))
        if occurrence_thread(str(checkin_id), when_) == thread:
            found = rituals.checkin(db, str(checkin_id))
            return None if found is None else (found, when_)
    return None


def thread_header(
    db: sqlite3.Connection, team: Team, me: str, now: datetime, thread: str
) -> list[EntryLine]:
    """What the thread view shows above the messages of a meeting (goal, deadline,
    agenda and contributions) or of a check-in occurrence (who answered and who
    has not); nothing for other threads."""
    words = Words(team, me, now)
    m = rituals.meeting(db, thread)
    if m is not None:
        parts = rituals.participation(db, team, m, now)
        lines = _meeting_lines(m, parts, words)
        head = (Part("Async meeting", "strong"), Part(f" · by {words.who(m.owner)}", "muted"))
        lines.insert(0, EntryLine(head, _meeting_badge(m, parts, words)))
        return lines
    found = _occurrence_of(db, thread)
    if found is None:
        return []
    ci, day = found
    occ = rituals.occurrence(db, team, ci, day, now)
    answered = occ.who("answered")
    expected = len(answered) + len(occ.who("pending", "overdue", "upcoming"))
    head = (
        Part("Check-in", "strong"),
        Part(f" · {short_day(day)} · {format_schedule(ci.schedule)}"),
    )
    lines = [EntryLine(head, (Part(f"{len(answered)} of {expected} answered", "muted"),))]
    lines += [EntryLine(_person(p, words)) for p in occ.people]
    return lines


def hint(text: str) -> EntryLine:
    """A line of help under a header: '  Reply with r; ctrl+g picks the agenda item.'"""
    return EntryLine((Part(f"  {text}", "muted"),))
