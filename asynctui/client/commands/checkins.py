"""Check-ins: create, answer, stop.

A check-in asks its members the same questions at the schedule's time in EACH
member's own zone. The rules, once:

- its members are the ones named, or by default the private channel's members,
  or everyone; a private channel's check-in asks only its members;
- at most 20 questions of one line each (500 characters), at most 200 members;
- an answer is given only by a member, to an occurrence that has reached them,
  once; an answer left empty is sent as "—", but one at least must be written;
- only its creator stops it, once; a stopped check-in takes no answers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from datetime import date, datetime, timedelta
from typing import Any

import msgspec

from asynctui.client import queries, rituals
from asynctui.client.commands import find
from asynctui.client.commands._base import Done, Refused, record
from asynctui.client.commands.forms import (
    MAX_ITEMS,
    MAX_LINE,
    MAX_PEOPLE,
    Unreadable,
    one_line,
    window,
)
from asynctui.client.outbox import short
from asynctui.client.rituals import DEFAULT_QUESTIONS, DEFAULT_WITHIN, Checkin
from asynctui.client.workspace import Workspace
from asynctui.core import timefmt
from asynctui.core.events import CheckinAnswered, CheckinCreated, CheckinStopped
from asynctui.core.ids import new_id
from asynctui.core.schedule import format_schedule, latest, occurs_on, parse_schedule
from asynctui.core.text import clean_line
from asynctui.core.timefmt import local, span, when
from asynctui.core.windows import format_window

__all__ = ["SKIPPED", "answer", "create", "day_of", "day_words", "find_checkin", "the_one", "stop"]

SKIPPED = "—"
"""What an answer left empty is sent as: every question gets an answer."""


def day_words(day: date) -> str:
    """'Mon 23 Nov 2026'."""
    return timefmt.day(day, year=True)


def _fields(ci: Checkin, **extra: Any) -> dict[str, Any]:
    """The check-in as scripts read it (its id is Done's)."""
    data = {k: v for k, v in asdict(ci).items() if k != "id"}
    return msgspec.to_builtins(data | extra)  # type: ignore[no-any-return]


def find_checkin(ws: Workspace, ref: str) -> Checkin:
    """A check-in by id, the start or the end of its id (lists show the end), or title."""
    found = rituals.find_checkin(ws.db, ref)
    if found is None:
        raise Refused(f"no check-in {ref!r} (see `asynctui checkin list`)")
    return found


def the_one(ws: Workspace, ref: str | None) -> Checkin:
    """The check-in named, or, when none is, the only one waiting for my answer,
    or the only one running."""
    if ref:
        return find_checkin(ws, ref)
    waiting = rituals.pending_checkins(ws.db, ws.team(), ws.member, ws.now())
    if len(waiting) == 1:
        return waiting[0][0]
    running = rituals.checkins(ws.db, running_only=True)
    if len(running) == 1:
        return running[0]
    if not running:
        raise Refused("no check-in is running (create one with `asynctui checkin create`)")
    names = ", ".join(f"{clean_line(c.title)} ({short(c.id)})" for c in running)
    raise Refused(f"several check-ins are running: name one of {names}")


def day_of(ci: Checkin, typed: date | str, tz: str, now: datetime) -> date:
    """A day of the check-in: a date, or 'today', 'yesterday' or YYYY-MM-DD in ``tz``."""
    if isinstance(typed, date):
        day = typed
    else:
        today = local(now, tz).date()
        words = {"today": today, "yesterday": today - timedelta(days=1)}
        try:
            day = words.get(typed.strip().lower()) or date.fromisoformat(typed.strip())
        except ValueError:
            raise Unreadable(
                "day", f"not a date: {typed!r} (use YYYY-MM-DD, today or yesterday)"
            ) from None
    if not occurs_on(ci.schedule, day):
        raise Refused(
            f"{clean_line(ci.title)} does not happen on {day_words(day)}"
            f" ({format_schedule(ci.schedule)})"
        )
    return day


# -- create ------------------------------------------------------------------------------


def create(
    ws: Workspace,
    *,
    channel: str,
    title: str,
    schedule: str,
    questions: Sequence[str] = (),
    members: Sequence[str] = (),
    within: str = "",
) -> Done:
    """A check-in in ``channel`` asking ``questions`` (default: the usual three) of
    ``members`` (handles; default: a private channel's members, or everyone) at
    ``schedule`` in each one's zone, each answer due ``within`` their working time."""
    team = ws.team()
    where = find.channel(ws, channel)
    name = one_line(title, "title")
    try:
        when_ = parse_schedule(schedule)
    except ValueError as exc:
        raise Unreadable("schedule", str(exc)) from None
    asked = tuple(one_line(q, "question") for q in questions or DEFAULT_QUESTIONS)
    if len(asked) > MAX_ITEMS:
        raise Refused(f"too many questions ({len(asked)}; at most {MAX_ITEMS})")
    answer_within = window(within) if within.strip() else DEFAULT_WITHIN
    inside = queries.channel_members(ws.db, where.id) if where.private else []
    if members:
        people = [find.member(team, h) for h in members]
        for person in people:
            if where.private and person.id not in inside:
                raise Refused(f"@{person.handle} is not a member of the private #{where.name}")
        chosen = tuple(dict.fromkeys(p.id for p in people))
    elif where.private:
        chosen = tuple(m for m in inside if m in team.members)
    else:
        chosen = tuple(m.id for m in team.sorted_members())
    if len(chosen) > MAX_PEOPLE:
        raise Refused(f"too many members ({len(chosen)}; at most {MAX_PEOPLE})")
    checkin = new_id()
    made = record(ws, CheckinCreated(
        checkin=checkin, channel=where.id, title=name, questions=asked, schedule=when_,
        members=chosen, within=answer_within,
    ))  # fmt: skip
    ci = rituals.checkin(ws.db, checkin)
    assert ci is not None
    now = ws.now()
    team = ws.team()
    first = []
    for member in chosen:
        reach, skipped = rituals.first_reach(ws.db, team, ci, member, now)
        first.append({
            "member": member, "handle": team.handle(member),
            "starts": None if reach is None else reach.starts,
            "due": None if reach is None else reach.due,
            "skipped": [{"day": d, "reason": r} for d, r in skipped],
        })  # fmt: skip
    said = (
        f'Created check-in {short(checkin)} "{name}" in #{clean_line(where.name)}:'
        f" {format_schedule(when_)} in each member's own time;"
        f" answers due within {format_window(answer_within)}."
    )
    fields = _fields(ci, schedule_words=format_schedule(when_), first=first)
    return Done(made, said, "checkin", checkin, fields)


# -- answer ------------------------------------------------------------------------------


def _answers(ci: Checkin, given: Sequence[str]) -> tuple[str, ...]:
    """One answer per question, in order; an empty one is sent as SKIPPED."""
    count = len(ci.questions)
    questions = " / ".join(clean_line(q) for q in ci.questions)
    if len(given) != count:
        raise Refused(
            f"{len(given)} answer(s) for {count} question(s): give one per question,"
            f" in order ({questions})"
        )
    answers = tuple(text.strip() for text in given)
    if not any(answers):
        raise Refused(f"write at least one answer ({questions})")
    for n, text in enumerate(answers):
        if len(text) > MAX_LINE:
            raise Refused(
                f"answer {n + 1} is too long ({len(text)} characters; at most {MAX_LINE})"
            )
    return tuple(a or SKIPPED for a in answers)


def answer(
    ws: Workspace, *, answers: Sequence[str], checkin: str | None = None, day: date | str = ""
) -> Done:
    """My ``answers`` to ``checkin`` (default: the one waiting for me) on ``day``
    (default: my latest occurrence)."""
    team, now = ws.team(), ws.now()
    me = find.me(ws)
    ci = the_one(ws, checkin)
    title = clean_line(ci.title)
    if ci.stopped:
        raise Refused(f"{title} was stopped: it takes no more answers")
    if me.id not in (ci.members or team.members):
        raise Refused(f"{title} does not ask you: you are not among its members")
    if day:
        occurs = day_of(ci, day, me.tz, now)
    else:
        found = latest(ci.schedule, me.tz, now)
        if (
            found is None
            or rituals.expected(ws.db, team, ci, found[0], me.id, now).reason
            == rituals.BEFORE_START
        ):
            first, _ = rituals.first_reach(ws.db, team, ci, me.id, now)
            at = "" if first is None else (
                f": it first reaches you {when(first.starts, me.tz, now)}"
            )  # fmt: skip
            raise Refused(f"{title} has not reached you yet{at}")
        occurs = found[0]
    mine = rituals.expected(ws.db, team, ci, occurs, me.id, now)
    of = f"{title} of {day_words(occurs)}"
    if mine.state == "answered" and mine.answered_at is not None:
        raise Refused(f"you already answered {of} ({when(mine.answered_at, me.tz, now)})")
    if mine.state == "upcoming":
        raise Refused(
            f"{of} has not reached you yet: it reaches you"
            f" {when(mine.starts, me.tz, now)} (in {span(mine.starts - now)})"
        )
    if mine.reason == rituals.BEFORE_START:
        raise Refused(f"{of} was before the check-in began")
    given = _answers(ci, answers)
    message = new_id()
    made = record(ws, CheckinAnswered(checkin=ci.id, day=occurs, message=message, answers=given))
    occ = rituals.occurrence(ws.db, ws.team(), ci, occurs, now)
    counted = [p for p in occ.people if p.state != "skipped"]
    late = ""
    if mine.due is not None and now > mine.due:
        late = f" (late: it was due {when(mine.due, me.tz, now)})"
    said = f"Answered {of}{late}; {len(occ.who('answered'))} of {len(counted)} have answered."
    fields: dict[str, Any] = {"checkin": ci.id, "day": occurs.isoformat(), "thread": occ.thread,
              "message": message, "answers": list(given)}  # fmt: skip
    return Done(made, said, "answer", message, fields)


# -- stop --------------------------------------------------------------------------------


def stop(ws: Workspace, *, checkin: str) -> Done:
    """Stop a check-in I created: it asks nobody any more."""
    ci = find_checkin(ws, checkin)
    title = clean_line(ci.title)
    if ci.author != ws.member:
        raise Refused(f"only @{ws.team().handle(ci.author)}, who created {title}, can stop it")
    if ci.stopped:
        raise Refused(f"{title} is already stopped")
    made = record(ws, CheckinStopped(checkin=ci.id))
    stopped = rituals.checkin(ws.db, ci.id) or ci
    said = f"Stopped check-in {short(ci.id)} ({title}): it asks nobody any more."
    return Done(made, said, "checkin", ci.id, _fields(stopped))
