"""Check-ins: checkin create|list|show|answer|stop.

A check-in asks its members the same questions on a schedule, at the
schedule's time in EACH member's own zone; one date's answers make one
thread. The rules are the command layer's (``client.commands.checkins``);
here the words are read and the results printed. Times are the viewer's, and
where the member's own clock is what matters to them it is named beside
("15:30 (Wed 09:30 New York time)", ``timefmt.clocks``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import fields
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from asynctui.cli.context import CliError, Context
from asynctui.cli.grammar import Sub, group
from asynctui.cli.output import short, table, when
from asynctui.core import timefmt
from asynctui.core.text import clean, clean_line

if TYPE_CHECKING:
    from asynctui.client.commands import Done
    from asynctui.client.rituals import Checkin, Expected, Occurrence
    from asynctui.client.team import Team

__all__ = [
    "cmd_checkin_answer",
    "cmd_checkin_create",
    "cmd_checkin_list",
    "cmd_checkin_show",
    "cmd_checkin_stop",
    "flags",
    "record",
    "register",
    "said",
]

Command = Callable[[Context], int]

# The rituals' read models and commands are imported by the commands that use
# them, inside each: every other command's start-up costs nothing for them.


def record(obj: Any, **extra: Any) -> dict[str, Any]:
    """A dataclass's fields as a dict (nested structs left for the JSON encoder)."""
    return {f.name: getattr(obj, f.name) for f in fields(obj)} | extra


@contextmanager
def flags(**options: str) -> Iterator[None]:
    """Name the option a time or window was typed in: the command's own words say
    what is wrong ("not a time: 'someday'"), the CLI adds where ("--due: ...")."""
    from asynctui.client.commands.forms import Unreadable

    try:
        yield
    except Unreadable as exc:
        flag = options.get(exc.option, f"--{exc.option}")
        raise CliError(f"{flag}: {exc}") from None


def said(ctx: Context, done: Done, *more: str, hint: str = "") -> int:
    """Send what was recorded, then print the command's line (a ``hint`` of what
    to type next after it) and ``more`` lines, or its JSON."""
    if done.events:
        ctx.sync_out()
    if ctx.args.json:
        ctx.write_json(done.json())
        return 0
    ctx.out.write(done.said + (f" {hint}" if hint else "") + "\n")
    for line in more:
        ctx.out.write(line + "\n")
    return 0


def _day_words(day: date) -> str:
    return timefmt.day(day, year=True)


def _default_day(ctx: Context, ci: Checkin) -> date | None:
    """The current occurrence, or before the first has reached anyone, the first."""
    from asynctui.client import rituals
    from asynctui.core.timefmt import local

    workspace = ctx.workspace()
    team = workspace.team()
    now = ctx.now()
    day = rituals.current_day(ci, team, now)
    if day is not None:
        return day
    firsts = []
    for member in ci.members or tuple(team.members):
        first, _ = rituals.first_reach(workspace.db, team, ci, member, now)
        if first is not None:
            firsts.append((first.starts, local(first.starts, team.tz(member)).date()))
    return min(firsts)[1] if firsts else None


# -- create ------------------------------------------------------------------------------


def cmd_checkin_create(ctx: Context) -> int:
    from asynctui.client import rituals
    from asynctui.client.commands import checkins

    args = ctx.args
    workspace = ctx.workspace()
    with flags():
        done = checkins.create(
            workspace, channel=args.channel, title=args.title, schedule=args.schedule,
            questions=args.question or (), members=args.member or (), within=args.within or "",
        )  # fmt: skip
    if done.events:
        ctx.sync_out()
    if args.json:
        ctx.write_json(done.json())
        return 0
    ci = rituals.checkin(workspace.db, done.id)
    assert ci is not None
    team, now, tz = workspace.team(), ctx.now(), ctx.me().tz
    out = ctx.out
    out.write(done.said + "\n")
    out.write("Questions: " + " / ".join(clean_line(q) for q in ci.questions) + "\n")
    out.write("First question for each member:\n")
    rows = []
    for member in ci.members:
        first, skipped = rituals.first_reach(workspace.db, team, ci, member, now)
        rows.append(["", "@" + team.handle(member), _reach_words(first, team, member, tz, now)])
        for day, reason in skipped[:3]:
            rows.append(["", "", f"(skipped {_day_words(day)}: {reason})"])
    table(rows, out)
    return 0


def _reach_words(first: Expected | None, team: Team, member: str, tz: str, now: datetime) -> str:
    from asynctui.core.timefmt import clocks

    if first is None:
        return "never: no working day ahead on the schedule"
    at = clocks(first.starts, team.tz(member), now, reader_tz=tz)
    if first.starts <= now:
        state = "answered" if first.state == "answered" else "can answer now"
        return f"reached them {at}; {state}"
    return at


# -- list --------------------------------------------------------------------------------


def cmd_checkin_list(ctx: Context) -> int:
    from asynctui.client import rituals
    from asynctui.core.schedule import format_schedule

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
            mine = rituals.first_reach(workspace.db, team, ci, me, now)[0]
        listed.append((ci, day, mine))
    if ctx.args.json:
        ctx.write_json(
            [
                record(ci, schedule_words=format_schedule(ci.schedule), current_day=day,
                      mine=None if mine is None else mine.state)
                for ci, day, mine in listed
            ]
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
    from asynctui.core.expectations import describe_remaining

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
    from asynctui.client import rituals
    from asynctui.client.commands import checkins
    from asynctui.core.schedule import format_schedule

    workspace = ctx.workspace()
    team = workspace.team()
    now = ctx.now()
    tz = ctx.me().tz
    ci = checkins.the_one(workspace, ctx.args.checkin)
    with flags():
        day = checkins.day_of(ci, ctx.args.day, tz, now) if ctx.args.day else None
    day = day or _default_day(ctx, ci)
    if day is None:
        raise CliError(f"{clean_line(ci.title)} has no day ahead on which it asks anyone")
    occ = rituals.occurrence(workspace.db, team, ci, day, now)
    if ctx.args.json:
        ctx.write_json(
            {
                "checkin": record(ci, schedule_words=format_schedule(ci.schedule)),
                "day": day,
                "thread": occ.thread,
                "people": [record(p, handle=team.handle(p.member)) for p in occ.people],
            }
        )
        return 0
    _show(ctx, occ, team, tz, now)
    return 0


def _show(ctx: Context, occ: Occurrence, team: Team, tz: str, now: datetime) -> None:
    from asynctui.core.expectations import describe_remaining
    from asynctui.core.schedule import format_schedule
    from asynctui.core.timefmt import clocks
    from asynctui.core.windows import format_window

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
             else f"due {when(p.due, tz, now)} · {describe_remaining(p.due, now)}"]
            for p in occ.who("pending")
        ]),
        ("Overdue", [
            ["", "@" + team.handle(p.member),
             f"was due {when(p.due, tz, now)} · {describe_remaining(p.due, now)}"]
            for p in occ.who("overdue") if p.due is not None
        ]),
        ("Skipped", [
            ["", "@" + team.handle(p.member), p.reason] for p in occ.who("skipped")
        ]),
        ("Not reached yet", [
            ["", "@" + team.handle(p.member),
             f"at {clocks(p.starts, team.tz(p.member), now, reader_tz=tz)}"]
            for p in occ.who("upcoming")
        ]),
    ]  # fmt: skip
    for title, rows in groups:
        if rows:
            out.write(f"\n{title} ({len(rows)})\n")
            table(rows, out)


# -- answer ------------------------------------------------------------------------------


def cmd_checkin_answer(ctx: Context) -> int:
    from asynctui.client.commands import checkins

    args = ctx.args
    workspace = ctx.workspace()
    given = args.answer
    if not given:
        ci = checkins.the_one(workspace, args.checkin)
        if not sys.stdin.isatty():
            raise CliError(
                f"give one --answer per question, in order ({len(ci.questions)}: "
                + " / ".join(clean_line(q) for q in ci.questions)
                + ")"
            )
        given = [_ask(q) for q in ci.questions]
    with flags():
        done = checkins.answer(workspace, answers=given, checkin=args.checkin, day=args.day or "")
    checkin = str(done.fields["checkin"])
    return said(ctx, done, hint=f"See `asynctui checkin show {short(checkin)}`.")


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
    from asynctui.client.commands import checkins

    return said(ctx, checkins.stop(ctx.workspace(), checkin=ctx.args.checkin))


# -- the grammar ---------------------------------------------------------------------------

_WITHIN = "working time to answer, on each member's calendar: 4h, 90m, 1d (default 4h)"


def register(sub: Sub, common: argparse.ArgumentParser) -> None:
    act = group(sub, common, "checkin", "recurring questions asked in each member's own time")
    p = act("create", cmd_checkin_create, "start a check-in in a channel")
    p.add_argument("title", help='e.g. "Daily check-in"')
    p.add_argument("--channel", required=True, help="#channel its answers go to")
    p.add_argument(
        "--schedule",
        required=True,
        help="when, in each member's own zone: 'weekdays 09:30', 'Mondays 10:00',"
        " 'days 1,15 of each month 09:00' or cron '30 9 * * 1-5'",
    )
    p.add_argument(
        "--question",
        action="append",
        metavar="Q",
        help="a question, in order (repeatable; default: What did you finish? /"
        " What's next? / Anything blocking you?)",
    )
    p.add_argument(
        "--member",
        action="append",
        metavar="@someone",
        help="who is asked (repeatable; default: a private channel's members, else everyone)",
    )
    p.add_argument("--within", help=_WITHIN)

    act("list", cmd_checkin_list, "list check-ins and where your answer stands")

    p = act("show", cmd_checkin_show, "one day's answers: who answered, who is late")
    p.add_argument("checkin", nargs="?", help="id, short id or title (default: the only one)")
    p.add_argument("--day", metavar="YYYY-MM-DD", help="that day's (default: the current one)")

    p = act("answer", cmd_checkin_answer, "answer a check-in's questions")
    p.add_argument(
        "checkin", nargs="?", help="id, short id or title (default: the one waiting for you)"
    )
    p.add_argument("--day", metavar="YYYY-MM-DD", help="the day answered (default: your latest)")
    p.add_argument(
        "--answer",
        action="append",
        metavar="TEXT",
        help="one per question, in order (none at a terminal: you are asked each question;"
        " an empty one is sent as —)",
    )

    p = act("stop", cmd_checkin_stop, "stop a check-in you created")
    p.add_argument("checkin", help="id, short id or title")
