"""People and time: hours, status, focus, team, expect."""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from datetime import datetime

from asynctui.cli.context import CliError, Context
from asynctui.cli.grammar import Sub, adder
from asynctui.cli.output import local, table, when
from asynctui.cli.thread_commands import said
from asynctui.client.commands import people
from asynctui.client.commands.people import NEXT_WORKING_DAY
from asynctui.client.team import Member, Team
from asynctui.client.words import my_status_words, presence_of, promise_words, status_words
from asynctui.core.clock import parse_instant
from asynctui.core.expectations import due_time
from asynctui.core.rules import format_rule, format_time_off
from asynctui.core.text import clean_line
from asynctui.core.timefmt import elsewhere
from asynctui.core.timewords import parse_until
from asynctui.core.windows import format_window, parse_window


def register(sub: Sub, common: argparse.ArgumentParser) -> None:
    """The commands of me and my calendar, and of reading the team's."""
    add = adder(sub, common)
    p = add("hours", cmd_hours, "show or set working hours, focus, always-off, time off")
    p.add_argument("member", nargs="?", help="show someone else's hours (@handle)")
    # The parts of the week, each replaced by its rules; all but working hours may be cleared.
    for part, what, example in (
        ("work", "working hours", "Mon-Fri 09:00-12:30,13:30-17:00"),
        ("focus", "focus blocks", "Tue,Thu 09:00-11:00"),
        ("always-off", "always-off time", "Mon-Fri 12:00-13:00"),
    ):
        p.add_argument(
            f"--{part}", action="append", metavar="RULE",
            help=f'replace {what}: "{example}" (repeatable)',
        )  # fmt: skip
        if part != "work":
            p.add_argument(f"--clear-{part}", action="store_true", help=f"remove all {what}")
    p.add_argument(
        "--add-time-off",
        action="append",
        metavar="FIRST..LAST",
        help="add days off: 2026-12-24..2027-01-02",
    )
    p.add_argument(
        "--remove-time-off",
        action="append",
        metavar="FIRST",
        help="remove the time off starting that day",
    )
    p.add_argument("--note", help="a note for the time off added")
    p.add_argument("--promise", metavar="WINDOW", help="your default reply promise: 8h, 2d")

    p = add("status", cmd_status, "set your status, or show everyone's")
    p.add_argument("state", nargs="?", help="available, focus, away, off, ooo (out of office)")
    p.add_argument("text", nargs="*", help="what to say, e.g. Writing the Q3 plan")
    p.add_argument("--emoji", help="an emoji to show beside it")
    ends = p.add_mutually_exclusive_group()
    ends.add_argument(
        "--until",
        help="when it ends: 17:00, fri (when your working day starts), 'tomorrow 09:00',"
        f" 2026-12-01, 2h, '{NEXT_WORKING_DAY}'",
    )
    ends.add_argument("--for", dest="duration", metavar="DURATION", help="how long: 25m, 2h, 3d")
    p.add_argument("--clear", action="store_true", help="back to available")

    p = add("focus", cmd_focus, "start or end a focus block: notifications wait until it ends")
    p.add_argument(
        "until", metavar="UNTIL", nargs="?", default="",
        help="how long or until when: 25m, 90m, 11:30; 'off' ends the focus under way",
    )  # fmt: skip
    p.add_argument("text", nargs="*", help="what you are doing, e.g. Writing the Q3 plan")
    p.add_argument("--end", action="store_true", help="end the focus under way (as 'focus off')")

    p = add("team", cmd_team, "everyone's status, local time and availability")
    p.add_argument(
        "--promises", action="store_true",
        help="how each person answers asks: median working time, share within promise",
    )  # fmt: skip
    p.add_argument("--days", type=int, choices=(30, 90), default=30, help="with --promises")

    p = add("expect", cmd_expect, "when can a reply from someone be expected?")
    p.add_argument("handle", help="@handle")
    p.add_argument("--within", help="reply window: 8h, 90m, 2d (default: their promise)")
    p.add_argument("--from", dest="start", metavar="TIME", help="asked at (default: now)")


def _joined(rules: list[str] | None, clear: bool) -> str | None:
    """Repeated rule options as the lines of one part; '' to clear it."""
    if rules:
        return "\n".join(rules)
    return "" if clear else None


def cmd_hours(ctx: Context) -> int:
    args = ctx.args
    workspace = ctx.workspace()
    working = _joined(args.work, clear=False)
    focus = _joined(args.focus, args.clear_focus)
    always_off = _joined(args.always_off, args.clear_always_off)
    parts = (working, focus, always_off, args.promise)
    if any(v is not None for v in parts) or args.add_time_off or args.remove_time_off:
        done = people.set_hours(
            workspace,
            working=working,
            focus=focus,
            always_off=always_off,
            promise=args.promise,
            add_time_off=args.add_time_off or (),
            remove_time_off=args.remove_time_off or (),
            note=args.note or "",
        )
        ctx.sync_out()
        if args.json:
            hours = workspace.team().hours(workspace.member)
            ctx.write_json({**done.json(), "hours": hours})
            return 0
    team = workspace.team()
    member = ctx.me() if args.member is None else ctx.member(args.member, team)
    show_hours(ctx, team, member)
    return 0


def show_hours(ctx: Context, team: Team, member: Member) -> None:
    hours = team.hours(member.id)
    if ctx.args.json:
        ctx.write_json({"member": member.id, "tz": member.tz, "hours": hours})
        return
    out = ctx.out
    out.write(f"@{member.handle} ({member.tz})\n")
    out.write("  working:    " + ("; ".join(map(format_rule, hours.working)) or "none") + "\n")
    out.write("  focus:      " + ("; ".join(map(format_rule, hours.focus)) or "none") + "\n")
    out.write("  always off: " + ("; ".join(map(format_rule, hours.always_off)) or "none") + "\n")
    for t in hours.time_off:
        days = format_time_off(t)
        out.write(f"  time off:   {days}{'  ' + clean_line(t.note) if t.note else ''}\n")
    out.write(f"  promise:    I reply within {format_window(hours.promise)}\n")


def cmd_status(ctx: Context) -> int:
    args = ctx.args
    workspace = ctx.workspace()
    if args.state is None and not args.clear:
        return _list_statuses(ctx, workspace.team())
    done = people.set_status(
        workspace,
        "available" if args.clear else args.state,
        text=" ".join(args.text or []),
        emoji=args.emoji or "",
        until=args.until or "",
        length=args.duration or "",
    )
    return said(ctx, done)


def cmd_focus(ctx: Context) -> int:
    args = ctx.args
    if args.end:
        return said(ctx, people.end_focus(ctx.workspace()))
    done = people.focus(ctx.workspace(), args.until, text=" ".join(args.text or []))
    return said(ctx, done)


@dataclass(frozen=True)
class PersonRow:
    """One line of `status` and `team`."""

    id: str
    """The member id other JSON output names this person by."""
    handle: str
    name: str
    tz: str
    local_time: str
    working: bool
    availability: str
    state: str
    status_text: str
    emoji: str
    status_until: datetime | None
    promise: str


def _people(ctx: Context, team: Team) -> list[PersonRow]:
    now, viewer_tz = ctx.now(), ctx.me().tz
    rows = []
    for member in team.sorted_members():
        status = team.status(member.id, now)
        # The team panel's words: in focus during a focus block, times in my zone.
        here = presence_of(team, member.id, now, viewer_tz)
        working, words = here.working, here.words
        rows.append(
            PersonRow(
                id=member.id,
                handle=member.handle,
                name=member.name,
                tz=member.tz,
                local_time=local(now, member.tz).strftime("%a %H:%M"),
                working=working,
                availability=words,
                state=status.state if status else "available",
                status_text=status.text if status else "",
                emoji=status.emoji if status else "",
                status_until=status.until if status else None,
                promise=str(team.hours(member.id).promise),
            )
        )
    return rows


def _status_cell(row: PersonRow, tz: str, now: datetime) -> str:
    """'in focus · ✍️ Writing the plan · until 12:50', as the team panel words it."""
    return status_words(row.state, row.status_text, row.emoji, row.status_until, tz=tz, now=now)


def _list_statuses(ctx: Context, team: Team) -> int:
    rows = _people(ctx, team)
    if ctx.args.json:
        ctx.write_json(rows)
        return 0
    me, now = ctx.me(), ctx.now()
    # My own line says what the status bar says: quiet time outside my hours.
    mine = my_status_words(team, me.id, now)
    cells = [mine if r.handle == me.handle else _status_cell(r, me.tz, now) for r in rows]
    table([["@" + r.handle, cell] for r, cell in zip(rows, cells, strict=True)], ctx.out)
    return 0


def cmd_team(ctx: Context) -> int:
    if getattr(ctx.args, "promises", False):
        return _promises(ctx)
    team = ctx.team()
    rows = _people(ctx, team)
    if ctx.args.json:
        ctx.write_json(rows)
        return 0
    me, now = ctx.me(), ctx.now()
    promises = {m.handle: promise_words(team.hours(m.id).promise) for m in team.sorted_members()}
    table(
        [
            [
                f"@{r.handle}{' (you)' if r.handle == me.handle else ''}",
                r.name,
                f"{r.local_time} {r.tz}",
                r.availability,
                _status_cell(r, me.tz, now),
                promises[r.handle],
            ]
            for r in rows
        ],
        ctx.out,
    )
    return 0


def _promises(ctx: Context) -> int:
    from asynctui.client import promises

    team, me, now = ctx.team(), ctx.me(), ctx.now()
    days = ctx.args.days
    found = promises.records(ctx.workspace().db, team, me.id, now, days)
    if ctx.args.json:
        ctx.write_json([r.json() for r in found])
        return 0
    ctx.out.write(f"{promises.HEADING.format(days=days)}\n")
    table([[f"@{team.handle(r.member)}", team.name(r.member), r.words()] for r in found], ctx.out)
    return 0


def _asked_at(text: str, tz: str, now: datetime) -> datetime:
    """When a question was (or will be) asked: an ISO instant as given, even a
    past one (what an ask made then would be due); other words as an end."""
    try:
        return parse_instant(text)
    except ValueError:
        return parse_until(text, tz, now)


def cmd_expect(ctx: Context) -> int:
    args = ctx.args
    team = ctx.team()
    member = ctx.member(args.handle, team)
    me = ctx.me()
    try:
        within = parse_window(args.within) if args.within else team.hours(member.id).promise
        start = _asked_at(args.start, me.tz, ctx.now()) if args.start else ctx.now()
    except ValueError as exc:
        raise CliError(str(exc)) from None
    due = due_time(team.calendar(member.id), start, within)
    if args.json:
        ctx.write_json(
            {
                "member": member.id,
                "from": start,
                "within": str(within),
                "due": due,
                "due_local_asked": due and local(due, member.tz).isoformat(),
                "due_local_me": due and local(due, me.tz).isoformat(),
            }
        )
        return 0
    if due is None:
        ctx.out.write(f"@{member.handle} has no working time ahead: no reply can be expected.\n")
        return 1
    now = ctx.now()
    theirs = elsewhere(due, member.tz, now, reader_tz=me.tz)
    ctx.out.write(
        f"A reply from @{member.handle} asked {when(start, me.tz, now)} within"
        f" {format_window(within)} is due {when(due, me.tz, now)}"
        f" ({local(due, me.tz).strftime('%Y-%m-%d %H:%M %Z')})"
        + (f", {theirs} for @{member.handle}" if theirs else "")
        + ".\n"
    )
    return 0
