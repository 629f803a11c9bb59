"""People and time: hours, status, team, expect."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import msgspec

from asynctui.cli.context import CliError, Context
from asynctui.cli.output import local, table, when, write_json
from asynctui.client.team import Member, Team
from asynctui.core.events import HoursSet, StatusSet
from asynctui.core.expectations import due_time
from asynctui.core.hours import TimeOff
from asynctui.core.presence import presence
from asynctui.core.rules import format_rule, format_time_off, parse_rules, parse_time_off
from asynctui.core.text import clean_line
from asynctui.core.timewords import parse_duration, parse_until
from asynctui.core.windows import format_window, parse_window

STATES = {
    "available": "available",
    "focus": "focus",
    "away": "away",
    "off": "off",
    "ooo": "ooo",
    "out-of-office": "ooo",
}
STATE_LABELS = {
    "available": "available",
    "focus": "in focus",
    "away": "away",
    "off": "off",
    "ooo": "out of office",
}


def _rules(specs: list[str]) -> tuple[Any, ...]:
    try:
        return tuple(rule for spec in specs for rule in parse_rules(spec))
    except ValueError as exc:
        raise CliError(str(exc)) from None


def _time_off(text: str, note: str = "") -> TimeOff:
    try:
        return parse_time_off(text, note)
    except ValueError as exc:
        raise CliError(str(exc)) from None


def cmd_hours(ctx: Context) -> int:
    args = ctx.args
    workspace = ctx.workspace()
    team = workspace.team()
    old = team.hours(workspace.member)
    changes: dict[str, Any] = {}
    if args.work:
        changes["working"] = _rules(args.work)
    if args.focus or args.clear_focus:
        changes["focus"] = _rules(args.focus or [])
    if args.always_off or args.clear_always_off:
        changes["always_off"] = _rules(args.always_off or [])
    time_off = list(old.time_off)
    for text in args.add_time_off or []:
        time_off.append(_time_off(text, args.note or ""))
    for text in args.remove_time_off or []:
        first = _time_off(text).first
        kept = [t for t in time_off if t.first != first]
        if len(kept) == len(time_off):
            raise CliError(f"no time off starts on {first}")
        time_off = kept
    if args.add_time_off or args.remove_time_off:
        changes["time_off"] = tuple(sorted(time_off, key=lambda t: t.first))
    if args.promise:
        try:
            changes["promise"] = parse_window(args.promise)
        except ValueError as exc:
            raise CliError(str(exc)) from None
    if changes:
        try:
            new = msgspec.structs.replace(old, **changes)
        except ValueError as exc:
            raise CliError(str(exc)) from None
        workspace.emit(HoursSet(hours=new))
        ctx.sync_out()
        team = workspace.team()
    member = ctx.me() if args.member is None else ctx.member(args.member, team)
    show_hours(ctx, team, member)
    return 0


def show_hours(ctx: Context, team: Team, member: Member) -> None:
    hours = team.hours(member.id)
    if ctx.args.json:
        write_json({"member": member.handle, "tz": member.tz, "hours": hours}, ctx.out)
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


def _status_words(status_state: str | None, text: str, emoji: str) -> str:
    label = STATE_LABELS.get(status_state or "available", status_state or "available")
    extra = " ".join(x for x in (emoji, text) if x)
    return f"{label}{' · ' + extra if extra else ''}"


def cmd_status(ctx: Context) -> int:
    args = ctx.args
    workspace = ctx.workspace()
    me = ctx.me()
    if args.state is not None or args.clear:
        state = "available" if args.clear else STATES.get(args.state.lower())
        if state is None:
            raise CliError(
                f"unknown status {args.state!r} (choose from {', '.join(sorted(STATES))})"
            )
        now = ctx.now()
        until = None
        try:
            if args.until:
                until = parse_until(args.until, me.tz, now)
            elif args.duration:
                until = now + parse_duration(args.duration)
        except ValueError as exc:
            raise CliError(str(exc)) from None
        if until is not None and until <= now:
            raise CliError("the status would already have ended; give a later --until")
        text = " ".join(args.text or [])
        workspace.emit(StatusSet(state=state, text=text, emoji=args.emoji or "", until=until))  # type: ignore[arg-type]
        ctx.sync_out()
        ending = f" until {when(until, me.tz, now)}" if until else ""
        ctx.out.write(f"Status set: {_status_words(state, text, args.emoji or '')}{ending}\n")
        return 0
    return _list_statuses(ctx, workspace.team())


@dataclass(frozen=True)
class PersonRow:
    """One line of `status` and `team`."""

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
    now = ctx.now()
    rows = []
    for member in team.sorted_members():
        status = team.status(member.id, now)
        here = presence(team.calendar(member.id), member.tz, now)
        working, words = here.working, here.words
        rows.append(
            PersonRow(
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
    words = _status_words(row.state, row.status_text, row.emoji)
    return words + (f" until {when(row.status_until, tz, now)}" if row.status_until else "")


def _list_statuses(ctx: Context, team: Team) -> int:
    rows = _people(ctx, team)
    if ctx.args.json:
        write_json(rows, ctx.out)
        return 0
    tz, now = ctx.me().tz, ctx.now()
    table([["@" + r.handle, _status_cell(r, tz, now)] for r in rows], ctx.out)
    return 0


def cmd_team(ctx: Context) -> int:
    rows = _people(ctx, ctx.team())
    if ctx.args.json:
        write_json(rows, ctx.out)
        return 0
    me, now = ctx.me(), ctx.now()
    table(
        [
            [
                f"@{r.handle}{' (you)' if r.handle == me.handle else ''}",
                r.name,
                f"{r.local_time} {r.tz}",
                r.availability,
                _status_cell(r, me.tz, now),
                f"replies within {r.promise}",
            ]
            for r in rows
        ],
        ctx.out,
    )
    return 0


def cmd_expect(ctx: Context) -> int:
    args = ctx.args
    team = ctx.team()
    member = ctx.member(args.handle, team)
    me = ctx.me()
    try:
        within = parse_window(args.within) if args.within else team.hours(member.id).promise
        start = parse_until(args.start, me.tz, ctx.now()) if args.start else ctx.now()
    except ValueError as exc:
        raise CliError(str(exc)) from None
    due = due_time(team.calendar(member.id), start, within)
    if args.json:
        write_json(
            {
                "member": member.handle,
                "from": start,
                "within": str(within),
                "due": due,
                "due_local_asked": due and local(due, member.tz).isoformat(),
                "due_local_me": due and local(due, me.tz).isoformat(),
            },
            ctx.out,
        )
        return 0
    if due is None:
        ctx.out.write(f"@{member.handle} has no working time ahead: no reply can be expected.\n")
        return 1
    now = ctx.now()
    ctx.out.write(
        f"A reply from @{member.handle} asked {when(start, me.tz, now)} within"
        f" {format_window(within)} is due {when(due, me.tz, now)} your time"
        f" ({local(due, me.tz).strftime('%Y-%m-%d %H:%M %Z')}),"
        f" {local(due, member.tz).strftime('%a %H:%M %Z')} for @{member.handle}"
        f" ({member.tz}).\n"
    )
    return 0
