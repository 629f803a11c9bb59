"""Check-ins: checkin create|list|show|answer|stop.

A check-in asks its members the same questions on a schedule, at the
schedule's time in EACH member's own zone; one date's answers make one
thread. Times are shown in the member's zone where that is what matters to
them ("09:30 New York") and in the viewer's ("15:30 your time").
"""

from __future__ import annotations

import sqlite3
import sys
from dataclasses import fields
from datetime import date, datetime, timedelta
from typing import Any

from asynctui.cli.context import CliError, Context
from asynctui.cli.output import short, table, when, write_json
from asynctui.client import queries, rituals
from asynctui.client.asking import city
from asynctui.client.rituals import DEFAULT_QUESTIONS, DEFAULT_WITHIN, Checkin, Expected, Occurrence
from asynctui.client.team import Team
from asynctui.core import events
from asynctui.core.events import CheckinAnswered, CheckinCreated, CheckinStopped
from asynctui.core.expectations import describe_remaining
from asynctui.core.ids import new_id
from asynctui.core.schedule import format_schedule, latest, next_after, occurs_on, parse_schedule
from asynctui.core.text import clean, clean_line
from asynctui.core.timefmt import local, span
from asynctui.core.windows import format_window, parse_window

__all__ = [
    "MAX_LINE",
    "cmd_checkin_answer",
    "cmd_checkin_create",
    "cmd_checkin_list",
    "cmd_checkin_show",
    "cmd_checkin_stop",
    "find",
    "one_line",
    "record",
]

MAX_LINE = events.MAX_LINE
"""Longest question, title or answer (``events.Line``)."""
MAX_QUESTIONS = events.MAX_LINES
MAX_MEMBERS = events.MAX_PEOPLE

_LOOK_AHEAD = 60
"""Occurrences tried when looking for the first one that reaches a member."""


def one_line(text: str, what: str) -> str:
    """Someone's title, question or agenda item: cleaned, on one line, 1-500 characters."""
    value = clean_line(text)
    if not value:
        raise CliError(f"the {what} is empty")
    if len(value) > MAX_LINE:
        raise CliError(f"the {what} is too long ({len(value)} characters; at most {MAX_LINE})")
    return value


def _day_words(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


def record(obj: Any, **extra: Any) -> dict[str, Any]:
    """A dataclass's fields as a dict (nested structs left for the JSON encoder)."""
    return {f.name: getattr(obj, f.name) for f in fields(obj)} | extra


# -- finding a check-in and a day -----------------------------------------------------------


def find(ctx: Context, ref: str) -> Checkin:
    """A check-in by id, the start or the end of its id (lists show the end), or title."""
    db = ctx.workspace().db
    found = rituals.find_checkin(db, ref)
    if found is None:
        wanted = ref.strip().upper()
        hits = [c for c in rituals.checkins(db) if len(wanted) >= 4 and c.id.endswith(wanted)]
        found = hits[0] if len(hits) == 1 else None
    if found is None:
        raise CliError(f"no check-in {ref!r} (see `asynctui checkin list`)")
    return found


def _the_one(ctx: Context, ref: str | None) -> Checkin:
    """The check-in named, or, when none is, the only one waiting for my answer,
    or the only one running."""
    if ref:
        return find(ctx, ref)
    workspace = ctx.workspace()
    waiting = rituals.pending_checkins(workspace.db, workspace.team(), workspace.member, ctx.now())
    if len(waiting) == 1:
        return waiting[0][0]
    running = rituals.checkins(workspace.db, running_only=True)
    if len(running) == 1:
        return running[0]
    if not running:
        raise CliError("no check-in is running (create one with `asynctui checkin create`)")
    names = ", ".join(f"{clean_line(c.title)} ({short(c.id)})" for c in running)
    raise CliError(f"several check-ins are running: name one of {names}")


def _parse_day(text: str, tz: str, now: datetime) -> date:
    today = local(now, tz).date()
    words = {"today": today, "yesterday": today - timedelta(days=1)}
    if text.strip().lower() in words:
        return words[text.strip().lower()]
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise CliError(
            f"--day: not a date: {text!r} (use YYYY-MM-DD, today or yesterday)"
        ) from None


def _checked_day(ci: Checkin, text: str, tz: str, now: datetime) -> date:
    day = _parse_day(text, tz, now)
    if not occurs_on(ci.schedule, day):
        raise CliError(
            f"{clean_line(ci.title)} does not happen on {_day_words(day)}"
            f" ({format_schedule(ci.schedule)})"
        )
    return day


def _first_reach(
    db: sqlite3.Connection, team: Team, ci: Checkin, member: str, now: datetime
) -> tuple[Expected | None, list[tuple[date, str]]]:
    """The first occurrence that is asked of ``member`` (from the current one on),
    and the days before it on which they are skipped, with why."""
    tz = team.tz(member)
    found = latest(ci.schedule, tz, now) or next_after(ci.schedule, tz, now)
    skipped: list[tuple[date, str]] = []
    for _ in range(_LOOK_AHEAD):
        if found is None:
            break
        day, starts = found
        mine = rituals.expected(db, team, ci, day, member, now)
        if mine.state != "skipped":
            return mine, skipped
        if mine.reason != rituals.BEFORE_START:
            skipped.append((day, mine.reason))
        found = next_after(ci.schedule, tz, starts)
    return None, skipped


def _default_day(ctx: Context, ci: Checkin) -> date | None:
    """The current occurrence, or before the first has reached anyone, the first."""
    workspace = ctx.workspace()
    team = workspace.team()
    now = ctx.now()
    day = rituals.current_day(ci, team, now)
    if day is not None:
        return day
    firsts = []
    for member in ci.members or tuple(team.members):
        first, _ = _first_reach(workspace.db, team, ci, member, now)
        if first is not None:
            firsts.append((first.starts, local(first.starts, team.tz(member)).date()))
    return min(firsts)[1] if firsts else None


# -- create ------------------------------------------------------------------------------


def cmd_checkin_create(ctx: Context) -> int:
    args = ctx.args
    workspace = ctx.workspace()
    team = workspace.team()
    me = ctx.me()
    now = ctx.now()
    channel = queries.channel_by_name(workspace.db, args.channel)
    if channel is None:
        raise CliError(f"no channel #{args.channel.lstrip('#')} (see `asynctui channels`)")
    title = one_line(args.title, "title")
    try:
        schedule = parse_schedule(args.schedule)
    except ValueError as exc:
        raise CliError(f"--schedule: {exc}") from None
    questions = tuple(one_line(q, "question") for q in args.question or DEFAULT_QUESTIONS)
    if len(questions) > MAX_QUESTIONS:
        raise CliError(f"too many questions ({len(questions)}; at most {MAX_QUESTIONS})")
    try:
        within = parse_window(args.within) if args.within else DEFAULT_WITHIN
    except ValueError as exc:
        raise CliError(f"--within: {exc}") from None
    in_channel = queries.channel_members(workspace.db, channel.id) if channel.private else []
    if args.member:
        people = [ctx.member(h, team) for h in args.member]
        for person in people:
            if channel.private and person.id not in in_channel:
                raise CliError(f"@{person.handle} is not a member of the private #{channel.name}")
        members = tuple(dict.fromkeys(p.id for p in people))
    elif channel.private:
        members = tuple(m for m in in_channel if m in team.members)
    else:
        members = tuple(m.id for m in team.sorted_members())
    if len(members) > MAX_MEMBERS:
        raise CliError(f"too many members ({len(members)}; at most {MAX_MEMBERS})")
    checkin = new_id()
    workspace.emit(
        CheckinCreated(
            checkin=checkin,
            channel=channel.id,
            title=title,
            questions=questions,
            schedule=schedule,
            members=members,
            within=within,
        )
    )
    ctx.sync_out()
    ci = rituals.checkin(workspace.db, checkin)
    assert ci is not None
    firsts = {m: _first_reach(workspace.db, team, ci, m, now) for m in members}
    if args.json:
        write_json(
            record(
                ci,
                schedule_words=format_schedule(schedule),
                first=[
                    {"member": m, "handle": team.handle(m),
                     "starts": None if f is None else f.starts,
                     "due": None if f is None else f.due,
                     "skipped": [{"day": d, "reason": r} for d, r in skipped]}
                    for m, (f, skipped) in firsts.items()
                ],
            ),
            ctx.out,
        )  # fmt: skip
        return 0
    out = ctx.out
    out.write(
        f'Created check-in {short(checkin)} "{title}" in #{clean_line(channel.name)}:'
        f" {format_schedule(schedule)} in each member's own time;"
        f" answers due within {format_window(within)}.\n"
    )
    out.write("Questions: " + " / ".join(clean_line(q) for q in questions) + "\n")
    out.write("First question for each member:\n")
    rows = []
    for member, (first, skipped) in firsts.items():
        rows.append(["", "@" + team.handle(member), _reach_words(first, team, member, me.tz, now)])
        for day, reason in skipped[:3]:
            rows.append(["", "", f"(skipped {_day_words(day)}: {reason})"])
    table(rows, out)
    return 0


def _reach_words(first: Expected | None, team: Team, member: str, tz: str, now: datetime) -> str:
    if first is None:
        return "never: no working day ahead on the schedule"
    theirs = team.tz(member)
    at = f"{when(first.starts, theirs, now)} {city(theirs)}"
    if theirs != tz:
        at += f" ({when(first.starts, tz, now)} your time)"
    if first.starts <= now:
        state = "answered" if first.state == "answered" else "can answer now"
        return f"reached them {at}; {state}"
    return at


# -- list --------------------------------------------------------------------------------


def cmd_checkin_list(ctx: Context) -> int:
    workspace = ctx.workspace()
    team = workspace.team()
    now = ctx.now()
    me = workspace.member
    tz = ctx.me().tz
    found = rituals.checkins(workspace.db)
    listed = []
    for ci in found:
        day = rituals.current_day(ci, team, now)
        mine = None
        if me in (ci.members or team.members) and not ci.stopped:
            mine = _first_reach(workspace.db, team, ci, me, now)[0]
        listed.append((ci, day, mine))
    if ctx.args.json:
        write_json(
            [
                record(ci, schedule_words=format_schedule(ci.schedule), current_day=day,
                      mine=None if mine is None else mine.state)
                for ci, day, mine in listed
            ],
            ctx.out,
        )  # fmt: skip
        return 0
    if not found:
        ctx.out.write("No check-ins yet (create one with `asynctui checkin create`).\n")
        return 0
    rows = []
    for ci, day, mine in listed:
        if ci.stopped:
            state = "stopped"
        elif mine is None:
            state = "" if day is not None else "not started"
        else:
            state = f"you: {_state_words(mine, tz, now)}"
        rows.append([
            short(ci.id), clean_line(ci.title), f"#{clean_line(ci.channel_name)}",
            format_schedule(ci.schedule), f"{len(ci.members or team.members)} members", state,
        ])  # fmt: skip
    table(rows, ctx.out)
    return 0


def _state_words(p: Expected, tz: str, now: datetime) -> str:
    if p.state == "answered":
        return "answered" + (" (late)" if p.late else "")
    if p.state == "skipped":
        return f"skipped ({p.reason})"
    if p.state == "upcoming":
        return f"next question {when(p.starts, tz, now)}"
    if p.due is None:
        return "waiting for your answer"
    return f"answer due {when(p.due, tz, now)} · {describe_remaining(p.due, now)}"


# -- show --------------------------------------------------------------------------------


def cmd_checkin_show(ctx: Context) -> int:
    workspace = ctx.workspace()
    team = workspace.team()
    now = ctx.now()
    tz = ctx.me().tz
    ci = _the_one(ctx, ctx.args.checkin)
    day = _checked_day(ci, ctx.args.day, tz, now) if ctx.args.day else _default_day(ctx, ci)
    if day is None:
        raise CliError(f"{clean_line(ci.title)} has no day ahead on which it asks anyone")
    occ = rituals.occurrence(workspace.db, team, ci, day, now)
    if ctx.args.json:
        write_json(
            {
                "checkin": record(ci, schedule_words=format_schedule(ci.schedule)),
                "day": day,
                "thread": occ.thread,
                "people": [record(p, handle=team.handle(p.member)) for p in occ.people],
            },
            ctx.out,
        )
        return 0
    _show(ctx, occ, team, tz, now)
    return 0


def _show(ctx: Context, occ: Occurrence, team: Team, tz: str, now: datetime) -> None:
    ci = occ.checkin
    out = ctx.out
    stopped = " · stopped" if ci.stopped else ""
    out.write(
        f"{clean_line(ci.title)} · {_day_words(occ.day)} · #{clean_line(ci.channel_name)}"
        f" · {short(ci.id)}{stopped}\n"
    )
    out.write(
        f"{format_schedule(ci.schedule)} in each member's own time;"
        f" answers due within {format_window(ci.within)}\n"
    )
    answered = occ.who("answered")
    width = max((len(team.handle(p.member)) + 1 for p in answered), default=0)
    for n, question in enumerate(ci.questions):
        out.write(f"\n{clean_line(question)}\n")
        if not answered:
            out.write("  (no answers yet)\n")
        for p in answered:
            text = clean(p.answers[n]) if n < len(p.answers) else "(no answer)"
            lines = text.strip().splitlines() or [""]
            out.write(f"  {('@' + team.handle(p.member)).ljust(width)}  {lines[0]}\n")
            for line in lines[1:]:
                out.write(f"  {'':{width}}  {line}\n")
    groups: list[tuple[str, list[list[str]]]] = [
        ("Answered", [
            ["", "@" + team.handle(p.member), when(p.answered_at, tz, now)
             + (f" · late (due {when(p.due, tz, now)})" if p.late and p.due else "")]
            for p in answered if p.answered_at is not None
        ]),
        ("Not answered yet", [
            ["", "@" + team.handle(p.member),
             "no working time ahead" if p.due is None
             else f"due {when(p.due, tz, now)} your time · {describe_remaining(p.due, now)}"]
            for p in occ.who("pending")
        ]),
        ("Overdue", [
            ["", "@" + team.handle(p.member),
             f"was due {when(p.due, tz, now)} your time · {describe_remaining(p.due, now)}"]
            for p in occ.who("overdue") if p.due is not None
        ]),
        ("Skipped", [
            ["", "@" + team.handle(p.member), p.reason] for p in occ.who("skipped")
        ]),
        ("Not reached yet", [
            ["", "@" + team.handle(p.member),
             f"at {when(p.starts, team.tz(p.member), now)} {city(team.tz(p.member))}"
             f" ({when(p.starts, tz, now)} your time)"]
            for p in occ.who("upcoming")
        ]),
    ]  # fmt: skip
    for title, rows in groups:
        if rows:
            out.write(f"\n{title} ({len(rows)})\n")
            table(rows, out)


# -- answer ------------------------------------------------------------------------------


def cmd_checkin_answer(ctx: Context) -> int:
    args = ctx.args
    workspace = ctx.workspace()
    team = workspace.team()
    now = ctx.now()
    me = ctx.me()
    ci = _the_one(ctx, args.checkin)
    title = clean_line(ci.title)
    if ci.stopped:
        raise CliError(f"{title} was stopped: it takes no more answers")
    if me.id not in (ci.members or team.members):
        raise CliError(f"{title} does not ask you: you are not among its members")
    if args.day:
        day = _checked_day(ci, args.day, me.tz, now)
    else:
        found = latest(ci.schedule, me.tz, now)
        if (
            found is None
            or rituals.expected(workspace.db, team, ci, found[0], me.id, now).reason
            == rituals.BEFORE_START
        ):
            first, _ = _first_reach(workspace.db, team, ci, me.id, now)
            when_ = "" if first is None else (
                f": it first reaches you {when(first.starts, me.tz, now)} your time"
            )  # fmt: skip
            raise CliError(f"{title} has not reached you yet{when_}")
        day = found[0]
    mine = rituals.expected(workspace.db, team, ci, day, me.id, now)
    if mine.state == "answered" and mine.answered_at is not None:
        raise CliError(
            f"you already answered {title} of {_day_words(day)}"
            f" ({when(mine.answered_at, me.tz, now)})"
        )
    if mine.state == "upcoming":
        raise CliError(
            f"{title} of {_day_words(day)} has not reached you yet: it reaches you"
            f" {when(mine.starts, me.tz, now)} your time (in {span(mine.starts - now)})"
        )
    if mine.reason == rituals.BEFORE_START:
        raise CliError(f"{title} of {_day_words(day)} was before the check-in began")
    answers = _answers(ci, args.answer)
    message = new_id()
    workspace.emit(CheckinAnswered(checkin=ci.id, day=day, message=message, answers=answers))
    ctx.sync_out()
    occ = rituals.occurrence(workspace.db, workspace.team(), ci, day, now)
    if args.json:
        write_json({"checkin": ci.id, "day": day, "thread": occ.thread, "message": message,
                    "answers": answers}, ctx.out)  # fmt: skip
        return 0
    counted = [p for p in occ.people if p.state != "skipped"]
    late = ""
    if mine.due is not None and now > mine.due:
        late = f" (late: it was due {when(mine.due, me.tz, now)})"
    ctx.out.write(
        f"Answered {title} of {_day_words(day)}{late}; {len(occ.who('answered'))} of"
        f" {len(counted)} have answered. See `asynctui checkin show {short(ci.id)}`.\n"
    )
    return 0


def _answers(ci: Checkin, given: list[str] | None) -> tuple[str, ...]:
    """One answer per question, in order: from --answer, or asked at a terminal."""
    count = len(ci.questions)
    if not given:
        if not sys.stdin.isatty():
            raise CliError(
                f"give one --answer per question, in order ({count}: "
                + " / ".join(clean_line(q) for q in ci.questions)
                + ")"
            )
        given = [_ask(q) for q in ci.questions]
    if len(given) != count:
        raise CliError(
            f"{len(given)} answer(s) for {count} question(s): give one --answer per question,"
            " in order (" + " / ".join(clean_line(q) for q in ci.questions) + ")"
        )
    answers = []
    for n, text in enumerate(given):
        value = text.strip()
        if not value:
            raise CliError(f"answer {n + 1} is empty (write 'nothing' if there is nothing)")
        if len(value) > MAX_LINE:
            raise CliError(
                f"answer {n + 1} is too long ({len(value)} characters; at most {MAX_LINE})"
            )
        answers.append(value)
    return tuple(answers)


def _ask(question: str) -> str:
    while True:
        try:
            value = input(f"{clean_line(question)}\n> ").strip()
        except EOFError:
            raise CliError("no answer given: nothing was sent") from None
        if value:
            return value


# -- stop --------------------------------------------------------------------------------


def cmd_checkin_stop(ctx: Context) -> int:
    workspace = ctx.workspace()
    ci = find(ctx, ctx.args.checkin)
    team = workspace.team()
    title = clean_line(ci.title)
    if ci.author != workspace.member:
        raise CliError(f"only @{team.handle(ci.author)}, who created {title}, can stop it")
    if ci.stopped:
        raise CliError(f"{title} is already stopped")
    workspace.emit(CheckinStopped(checkin=ci.id))
    ctx.sync_out()
    if ctx.args.json:
        stopped = rituals.checkin(workspace.db, ci.id)
        write_json(record(stopped) if stopped else None, ctx.out)
        return 0
    ctx.out.write(f"Stopped check-in {short(ci.id)} ({title}): it asks nobody any more.\n")
    return 0
