"""Async meetings as they are listed and shown: meeting list|show.

What each participant has given, item by item, who is still missing and by
when, in the viewer's zone; reading only (``meeting_commands`` writes).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from asynctui.cli.checkin_commands import record
from asynctui.cli.context import Context
from asynctui.cli.output import short, table, when
from asynctui.client import queries
from asynctui.client.commands import threads
from asynctui.client.words import due_words
from asynctui.core.expectations import describe_remaining
from asynctui.core.text import clean, clean_line
from asynctui.core.windows import format_window

if TYPE_CHECKING:
    from asynctui.client.rituals import Meeting, Participation
    from asynctui.client.team import Team

__all__ = ["cmd_meeting_list", "cmd_meeting_show", "deadline_words", "due_row"]


def deadline_words(m: Meeting) -> str:
    if m.within is not None and m.deadline is not None:
        return f"within {format_window(m.within)} of each one's time, by the deadline at the latest"
    if m.within is not None:
        return f"within {format_window(m.within)}, counted on each participant's calendar"
    return "by the deadline"


def due_row(p: Participation, team: Team, tz: str, now: datetime) -> list[str]:
    if p.due is None:
        due = "no working time ahead"
    else:
        due = due_words(p.due, tz, now, team.tz(p.member))
    return ["", "@" + team.handle(p.member), due]


def _parts(parts: Sequence[Participation], team: Team) -> list[dict[str, Any]]:
    return [
        record(p, handle=team.handle(p.member), missing=[n + 1 for n in p.missing]) for p in parts
    ]


# -- list and show -----------------------------------------------------------------------


def cmd_meeting_list(ctx: Context) -> int:
    from asynctui.client import rituals

    workspace = ctx.workspace()
    team = workspace.team()
    now = ctx.now()
    me = ctx.me()
    found = [m for m in rituals.meetings(workspace.db) if m.opened_at <= now]
    listed = [(m, rituals.participation(workspace.db, team, m, now)) for m in found]
    if ctx.args.json:
        ctx.write_json(
            [{"meeting": m, "participation": _parts(parts, team)} for m, parts in listed]
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
    from asynctui.client import rituals

    workspace = ctx.workspace()
    items = rituals.contributions(workspace.db, m.thread)
    by_item: dict[int, list[queries.Message]] = {}
    for message in queries.messages(workspace.db, m.thread):
        if message.id in items and message.at <= now:
            by_item.setdefault(items[message.id], []).append(message)
    return by_item


def cmd_meeting_show(ctx: Context) -> int:
    from asynctui.cli.action_commands import action_line
    from asynctui.client import rituals
    from asynctui.client.commands import meetings

    workspace = ctx.workspace()
    team = workspace.team()
    now = ctx.now()
    me = ctx.me()
    m = meetings.find_meeting(workspace, ctx.args.meeting)
    parts = rituals.participation(workspace.db, team, m, now)
    given = _contributions(ctx, m, now)
    decisions = [d for d in rituals.decisions(workspace.db, thread=m.thread) if d.at <= now]
    actions = rituals.action_items(workspace.db, now, thread=m.thread)
    if ctx.args.json:
        ctx.write_json(
            {
                "meeting": m,
                "participation": _parts(parts, team),
                "contributions": {str(n + 1): v for n, v in sorted(given.items())},
                "decisions": decisions,
                "actions": actions,
            }
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
    if threads.mark_read(workspace, thread=m.thread).events:
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
    out.write(f"Owner: @{team.handle(m.owner)} · contributions due {deadline_words(m)}")
    out.write(f" ({when(m.deadline, tz, now)})\n" if m.deadline else "\n")
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
            due = due_words(p.due, tz, now)
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
