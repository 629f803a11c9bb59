"""Async meetings: meeting advise|create|list|show|contribute|close.

A meeting is a thread with a goal, an agenda, participants and a deadline for
contributions: a fixed one, or working time counted on each participant's own
calendar. Agenda items are numbered from 1 for people (the log counts from 0).
Closing records the outcome, its decisions and action items (their own
events), then lists every open action item of the meeting as the follow-up.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import asdict
from datetime import datetime
from typing import Any

from asynctui.cli.action_commands import action_line, due_for, parse_due
from asynctui.cli.checkin_commands import one_line, record
from asynctui.cli.context import CliError, Context
from asynctui.cli.output import short, table, when, write_json
from asynctui.cli.thread_commands import _body
from asynctui.client import queries, rituals
from asynctui.client.asking import city
from asynctui.client.rituals import Meeting, Participation
from asynctui.client.team import Team
from asynctui.client.views import unread_mark
from asynctui.core import events
from asynctui.core.advice import QUESTIONS, Advice, Situation, advise
from asynctui.core.events import (
    MAX_BODY_CHARS,
    ActionCreated,
    DecisionMade,
    MeetingClosed,
    MeetingOpened,
    MessagePosted,
)
from asynctui.core.expectations import describe_remaining
from asynctui.core.ids import new_id
from asynctui.core.text import clean, clean_line
from asynctui.core.windows import format_window, parse_window

__all__ = [
    "cmd_meeting_advise",
    "cmd_meeting_close",
    "cmd_meeting_contribute",
    "cmd_meeting_create",
    "cmd_meeting_list",
    "cmd_meeting_show",
]

MAX_ITEMS = events.MAX_LINES
MAX_PARTICIPANTS = events.MAX_PEOPLE


def find(ctx: Context, ref: str) -> Meeting:
    """A meeting by its thread's id or short id, or by its title."""
    db = ctx.workspace().db
    thread = queries.thread(db, ref)
    found = None if thread is None else rituals.meeting(db, thread.id)
    if found is None:
        wanted = " ".join(ref.split()).lower()
        titled = [m for m in rituals.meetings(db) if m.title.lower() == wanted]
        found = titled[0] if len(titled) == 1 else None
    if found is None:
        raise CliError(f"no meeting {ref!r} (see `asynctui meeting list`)")
    return found


# -- advice ------------------------------------------------------------------------------


def _situation(args: argparse.Namespace) -> Situation:
    return Situation(
        needs_input=not args.no_input,
        urgent=args.urgent,
        live_talk=args.live,
        time_zones=args.zones,
        sensitive=args.sensitive,
    )


def _write_advice(ctx: Context, advice: Advice) -> None:
    ctx.out.write(f"{advice.headline}.\n  {advice.reason}\n")


def cmd_meeting_advise(ctx: Context) -> int:
    """Should this be async? The advice for the answers given as flags."""
    situation = _situation(ctx.args)
    advice = advise(situation)
    if ctx.args.json:
        write_json({"situation": situation, "advice": advice}, ctx.out)
        return 0
    _write_advice(ctx, advice)
    return 0


def _yes(prompt: str, default: bool) -> bool:
    hint = "[Y/n]" if default else "[y/N]"
    while True:
        try:
            answer = input(f"{prompt} {hint} ").strip().lower()
        except EOFError:
            raise CliError("no answer given: nothing was created") from None
        if not answer:
            return default
        if answer in ("y", "yes", "n", "no"):
            return answer.startswith("y")


def _asked_situation(ctx: Context) -> Situation:
    """The QUESTIONS asked at a terminal; a flag given answers its question."""
    given = _situation(ctx.args)
    flags = {"needs_input": ctx.args.no_input, "urgent": ctx.args.urgent,
             "live_talk": ctx.args.live, "time_zones": ctx.args.zones,
             "sensitive": ctx.args.sensitive}  # fmt: skip
    answers = asdict(given)
    ctx.out.write("Should this be async? A few questions first.\n")
    for name, question in QUESTIONS:
        if not flags[name]:
            answers[name] = _yes(question, default=answers[name])
    return Situation(**answers)


# -- create ------------------------------------------------------------------------------


def cmd_meeting_create(ctx: Context) -> int:
    args = ctx.args
    workspace = ctx.workspace()
    team = workspace.team()
    me = ctx.me()
    now = ctx.now()
    channel = queries.channel_by_name(workspace.db, args.channel)
    if channel is None:
        raise CliError(f"no channel #{args.channel.lstrip('#')} (see `asynctui channels`)")
    title = one_line(args.title, "title")
    goal = args.goal.strip()
    if not goal:
        raise CliError("the goal is empty: say what the meeting should decide or produce")
    if len(goal) > MAX_BODY_CHARS:
        raise CliError(f"the goal is too long ({len(goal)} characters; at most {MAX_BODY_CHARS})")
    agenda = tuple(one_line(item, "agenda item") for item in args.item or [])
    if not agenda:
        raise CliError("give the agenda: --item TEXT for each item (at least one)")
    if len(agenda) > MAX_ITEMS:
        raise CliError(f"too many agenda items ({len(agenda)}; at most {MAX_ITEMS})")
    people = [ctx.member(h, team) for h in args.with_ or []]
    participants = tuple(dict.fromkeys([me.id, *(p.id for p in people)]))
    if len(participants) > MAX_PARTICIPANTS:
        raise CliError(f"too many participants ({len(participants)}; at most {MAX_PARTICIPANTS})")
    if channel.private:
        inside = set(queries.channel_members(workspace.db, channel.id))
        for person in people:
            if person.id not in inside:
                raise CliError(f"@{person.handle} is not a member of the private #{channel.name}")
    deadline = within = None
    if args.deadline:
        try:
            deadline = parse_due(args.deadline, me.tz, now)
        except ValueError as exc:
            raise CliError(f"--deadline: {exc}") from None
    else:
        try:
            within = parse_window(args.within)
        except ValueError as exc:
            raise CliError(f"--within: {exc}") from None

    interactive = sys.stdin.isatty() and not args.yes and not args.json
    situation = _asked_situation(ctx) if interactive else _situation(args)
    advice = advise(situation)
    if not args.json:
        _write_advice(ctx, advice)
    if interactive and not _yes("Create the async meeting?", default=advice.kind == "async"):
        ctx.out.write("Nothing was created.\n")
        return 0

    thread = new_id()
    workspace.emit(
        MeetingOpened(
            thread=thread, channel=channel.id, title=title, message=new_id(), goal=goal,
            agenda=agenda, participants=participants, deadline=deadline, within=within,
        )
    )  # fmt: skip
    ctx.sync_out()
    m = rituals.meeting(workspace.db, thread)
    assert m is not None
    parts = rituals.participation(workspace.db, team, m, now)
    if args.json:
        write_json({"meeting": m, "advice": advice, "participation": _parts(parts, team)}, ctx.out)
        return 0
    out = ctx.out
    out.write(
        f'\nOpened meeting {short(thread)} "{title}" in #{clean_line(channel.name)}:'
        f" {len(agenda)} agenda item{'s' if len(agenda) != 1 else ''},"
        f" {len(participants)} participant{'s' if len(participants) != 1 else ''}.\n"
    )
    out.write(f"Contributions are due {_deadline_words(m)}:\n")
    table([_due_row(p, team, me.tz, now) for p in parts], out)
    return 0


def _deadline_words(m: Meeting) -> str:
    if m.within is not None and m.deadline is not None:
        return f"within {format_window(m.within)} of each one's time, by the deadline at the latest"
    if m.within is not None:
        return f"within {format_window(m.within)}, counted on each participant's calendar"
    return "by the deadline"


def _due_row(p: Participation, team: Team, tz: str, now: datetime) -> list[str]:
    theirs = team.tz(p.member)
    if p.due is None:
        due = "no working time ahead"
    else:
        there = "" if theirs == tz else f" ({when(p.due, theirs, now)} {city(theirs)})"
        due = f"due {when(p.due, tz, now)} your time{there} · {describe_remaining(p.due, now)}"
    return ["", "@" + team.handle(p.member), due]


def _parts(parts: Sequence[Participation], team: Team) -> list[dict[str, Any]]:
    return [
        record(p, handle=team.handle(p.member), missing=[n + 1 for n in p.missing]) for p in parts
    ]


# -- list and show -----------------------------------------------------------------------


def cmd_meeting_list(ctx: Context) -> int:
    workspace = ctx.workspace()
    team = workspace.team()
    now = ctx.now()
    me = ctx.me()
    found = [m for m in rituals.meetings(workspace.db) if m.opened_at <= now]
    listed = [(m, rituals.participation(workspace.db, team, m, now)) for m in found]
    if ctx.args.json:
        write_json(
            [{"meeting": m, "participation": _parts(parts, team)} for m, parts in listed], ctx.out
        )
        return 0
    if not found:
        ctx.out.write("No meetings yet (create one with `asynctui meeting create`).\n")
        return 0
    rows = []
    for m, parts in listed:
        done = sum(1 for p in parts if not p.missing)
        state = "closed" if m.closed_at is not None else "open"
        mine = next((p for p in parts if p.member == me.id), None)
        if m.closed_at is None and mine is not None and mine.missing:
            due = "" if mine.due is None else (
                f", due {when(mine.due, me.tz, now)} · {describe_remaining(mine.due, now)}"
            )  # fmt: skip
            you = f"you: {_items(mine.missing)} to give{due}"
        elif mine is not None:
            you = "you: all given"
        else:
            you = ""
        rows.append([
            short(m.thread), clean_line(m.title), f"#{clean_line(m.channel_name)}", state,
            f"{done} of {len(parts)} contributed", you,
        ])  # fmt: skip
    table(rows, ctx.out)
    return 0


def _items(numbers: Sequence[int]) -> str:
    """[0, 2] -> 'items 1, 3'; [1] -> 'item 2'."""
    word = "item" if len(numbers) == 1 else "items"
    return f"{word} {', '.join(str(n + 1) for n in numbers)}"


def _contributions(ctx: Context, m: Meeting, now: datetime) -> dict[int, list[queries.Message]]:
    workspace = ctx.workspace()
    items = {
        str(message): int(item)
        for message, item in workspace.db.execute(
            "SELECT message, item FROM contributions WHERE thread = ?", (m.thread,)
        )
    }
    by_item: dict[int, list[queries.Message]] = {}
    for message in queries.messages(workspace.db, m.thread):
        if message.id in items and message.at <= now:
            by_item.setdefault(items[message.id], []).append(message)
    return by_item


def cmd_meeting_show(ctx: Context) -> int:
    workspace = ctx.workspace()
    team = workspace.team()
    now = ctx.now()
    me = ctx.me()
    m = find(ctx, ctx.args.meeting)
    parts = rituals.participation(workspace.db, team, m, now)
    given = _contributions(ctx, m, now)
    decisions = [d for d in rituals.decisions(workspace.db, thread=m.thread) if d.at <= now]
    actions = rituals.action_items(workspace.db, now, thread=m.thread)
    if ctx.args.json:
        write_json(
            {
                "meeting": m,
                "participation": _parts(parts, team),
                "contributions": {str(n + 1): v for n, v in sorted(given.items())},
                "decisions": decisions,
                "actions": actions,
            },
            ctx.out,
        )
    else:
        _show(ctx, m, parts, given, team, me.tz, now)
        out = ctx.out
        if decisions:
            out.write(f"\nDecisions ({len(decisions)})\n")
            for d in decisions:
                out.write(f"  {clean_line(d.text)} ({short(d.id)}, {when(d.at, me.tz, now)})\n")
        if actions:
            out.write(f"\nAction items ({len(actions)})\n")
            table([action_line(a, team, me.tz, now)[:5] for a in actions], out)
    mark = unread_mark(workspace.db, m.thread, workspace.member)
    if mark is not None:
        workspace.emit(mark)
        ctx.sync_out()
    return 0


def _show(
    ctx: Context, m: Meeting, parts: list[Participation],
    given: dict[int, list[queries.Message]], team: Team, tz: str, now: datetime,
) -> None:  # fmt: skip
    out = ctx.out
    state = "open" if m.closed_at is None else f"closed {when(m.closed_at, tz, now)}"
    out.write(
        f"{clean_line(m.title)}  #{clean_line(m.channel_name)} · {state} · {short(m.thread)}\n"
    )
    out.write(f"Owner: @{team.handle(m.owner)} · contributions due {_deadline_words(m)}")
    out.write(f" ({when(m.deadline, tz, now)} your time)\n" if m.deadline else "\n")
    out.write("Goal:\n")
    for line in clean(m.goal).splitlines() or [""]:
        out.write(f"  {line}\n")
    if m.closed_at is not None:
        out.write("Outcome:\n")
        for line in clean(m.outcome).splitlines() or ["(none written)"]:
            out.write(f"  {line}\n")
    out.write("\nAgenda\n")
    for n, item in enumerate(m.agenda):
        out.write(f"  {n + 1}. {clean_line(item)}\n")
        for message in given.get(n, []):
            lines = clean(message.body).splitlines() or [""]
            out.write(
                f"     @{team.handle(message.author)} · {when(message.at, tz, now)}"
                f" · {short(message.id)}: {lines[0]}\n"
            )
            for line in lines[1:]:
                out.write(f"       {line}\n")
        if not given.get(n):
            out.write("     (no contributions yet)\n")
    out.write("\nParticipants\n")
    rows = []
    for p in parts:
        done = [n for n, ok in enumerate(p.items) if ok]
        if not p.missing:
            state = "all items given"
        else:
            gave = f"gave {_items(done)}, " if done else ""
            state = f"{gave}{'missing' if m.closed_at is None else 'did not give'}"
            state += f" {_items(p.missing)}"
        if not p.missing or m.closed_at is not None:
            due = ""
        elif p.due is None:
            due = "no working time ahead"
        else:
            due = f"due {when(p.due, tz, now)} your time · {describe_remaining(p.due, now)}"
        rows.append(["", "@" + team.handle(p.member), state, due])
    table(rows, out)
    me = ctx.workspace().member
    mine = next((p for p in parts if p.member == me), None)
    if m.closed_at is None and mine is not None:
        if mine.missing:
            items = "; ".join(f"{n + 1}. {clean_line(m.agenda[n])}" for n in mine.missing)
            due = "" if mine.due is None else (
                f", due {when(mine.due, tz, now)} ({describe_remaining(mine.due, now)})"
            )  # fmt: skip
            out.write(f"\nStill expected of you: {items}{due}\n")
            out.write(
                f"  asynctui meeting contribute {short(m.thread)} --item {mine.missing[0] + 1}"
                " TEXT\n"
            )
        else:
            out.write("\nNothing more is expected of you: every item has your contribution.\n")
    if m.owner == me and m.closed_at is None:
        waiting = [p for p in parts if p.missing]
        out.write(
            "\nYou own it: "
            + (
                f"{len(waiting)} participant(s) still to contribute."
                if waiting else "everyone has contributed; close it with `asynctui meeting close`."
            )
            + "\n"
        )  # fmt: skip


# -- contribute -------------------------------------------------------------------------


def cmd_meeting_contribute(ctx: Context) -> int:
    args = ctx.args
    workspace = ctx.workspace()
    team = workspace.team()
    now = ctx.now()
    me = ctx.me()
    m = find(ctx, args.meeting)
    title = clean_line(m.title)
    if m.closed_at is not None:
        raise CliError(f'"{title}" is closed: it takes no more contributions')
    count = len(m.agenda)
    if args.item is None:
        if count != 1:
            raise CliError(f"say which agenda item: --item 1 to {count}")
        number = 1
    else:
        try:
            number = int(args.item)
        except ValueError:
            raise CliError(f"--item: not a number: {args.item!r} (1 to {count})") from None
        if not 1 <= number <= count:
            items = "1 item" if count == 1 else f"{count} items (1 to {count})"
            raise CliError(f'no agenda item {number}: "{title}" has {items}')
    body = _body(args.text)
    message = new_id()
    workspace.emit(MessagePosted(message=message, thread=m.thread, body=body, item=number - 1))
    ctx.sync_out()
    mine = next(
        (p for p in rituals.participation(workspace.db, team, m, now) if p.member == me.id), None
    )
    if args.json:
        write_json(
            {"meeting": m.thread, "message": message, "item": number,
             "missing": None if mine is None else [n + 1 for n in mine.missing]},
            ctx.out,
        )  # fmt: skip
        return 0
    item = clean_line(m.agenda[number - 1])
    ctx.out.write(
        f'Contributed to item {number} ({item}) of "{title}", message {short(message)}.\n'
    )
    if mine is None:
        ctx.out.write("You are not a participant: your contribution is read, not counted.\n")
    elif mine.missing:
        left = "; ".join(f"{n + 1}. {clean_line(m.agenda[n])}" for n in mine.missing)
        ctx.out.write(f"Still expected of you: {left}.\n")
    else:
        ctx.out.write("That was your last item: nothing more is expected of you.\n")
    return 0


# -- close -------------------------------------------------------------------------------


def cmd_meeting_close(ctx: Context) -> int:
    args = ctx.args
    workspace = ctx.workspace()
    team = workspace.team()
    now = ctx.now()
    me = ctx.me()
    m = find(ctx, args.meeting)
    title = clean_line(m.title)
    if m.owner != me.id:
        raise CliError(f'only @{team.handle(m.owner)}, who opened "{title}", can close it')
    if m.closed_at is not None:
        raise CliError(f'"{title}" is already closed ({when(m.closed_at, me.tz, now)})')
    outcome = (args.outcome or "").strip()
    if len(outcome) > MAX_BODY_CHARS:
        raise CliError(f"the outcome is too long ({len(outcome)} characters)")
    decisions = [d.strip() for d in args.decision or []]
    if any(not d for d in decisions):
        raise CliError("a --decision is empty")
    planned: list[ActionCreated] = []
    for spec in getattr(args, "actions", None) or []:
        text = spec["text"].strip()
        if not text:
            raise CliError("an --action is empty")
        if "owner" not in spec:
            raise CliError(f"the action {text!r} needs an --owner @someone after it")
        if "due" in spec and "within" in spec:
            raise CliError(f"the action {text!r} has both --due and --within: give one")
        owner = ctx.member(spec["owner"], team)
        due = due_for(ctx, team, owner, spec.get("due"), spec.get("within"))
        planned.append(
            ActionCreated(action=new_id(), thread=m.thread, text=text, owner=owner.id, due=due)
        )
    made = []
    for text in decisions:
        made.append(new_id())
        workspace.emit(DecisionMade(decision=made[-1], thread=m.thread, text=text))
    for action in planned:
        workspace.emit(action)
    workspace.emit(MeetingClosed(thread=m.thread, outcome=outcome))
    ctx.sync_out()
    closed = rituals.meeting(workspace.db, m.thread)
    assert closed is not None
    parts = rituals.participation(workspace.db, team, closed, now)
    follow_up = rituals.action_items(workspace.db, now, thread=m.thread, show="open")
    if args.json:
        write_json(
            {
                "meeting": closed,
                "participation": _parts(parts, team),
                "decisions": [
                    d for d in rituals.decisions(workspace.db, thread=m.thread) if d.id in made
                ],
                "follow_up": follow_up,
            },
            ctx.out,
        )
        return 0
    out = ctx.out
    out.write(f'Closed meeting {short(m.thread)} "{title}".\n')
    if outcome:
        out.write("Outcome:\n")
        for line in clean(outcome).splitlines():
            out.write(f"  {line}\n")
    if decisions:
        out.write(f"Decisions ({len(decisions)}):\n")
        for text in decisions:
            out.write(f"  - {clean_line(text)}\n")
    missing = [p for p in parts if p.missing]
    if missing:
        out.write(
            "Did not contribute to every item: "
            + ", ".join(f"@{team.handle(p.member)} ({_items(p.missing)})" for p in missing)
            + "\n"
        )
    if follow_up:
        out.write(f"Follow-up: {len(follow_up)} open action item(s)\n")
        table([action_line(a, team, me.tz, now)[:5] for a in follow_up], out)
    else:
        out.write("Follow-up: no open action items.\n")
    return 0
