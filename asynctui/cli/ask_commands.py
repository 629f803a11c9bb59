"""Asking for replies and seeing who owes whom: ask, owed."""

from __future__ import annotations

from asynctui.cli.context import CliError, Context
from asynctui.cli.output import short, table, when, write_json
from asynctui.cli.thread_commands import _thread
from asynctui.client import queries
from asynctui.client.asking import preview
from asynctui.core.events import AskCancelled, AskCreated
from asynctui.core.expectations import describe_remaining
from asynctui.core.ids import new_id
from asynctui.core.windows import format_window, parse_window


def cmd_ask(ctx: Context) -> int:
    args = ctx.args
    workspace = ctx.workspace()
    if args.cancel:
        row = workspace.db.execute(
            "SELECT id, asker FROM asks WHERE id = ?1 OR id LIKE '%' || ?1 LIMIT 2",
            (args.cancel.upper(),),
        ).fetchall()
        if len(row) != 1:
            raise CliError(f"no single ask matches {args.cancel!r} (see `asynctui owed --to-me`)")
        if row[0][1] != workspace.member:
            raise CliError("only the person who asked can withdraw an ask")
        workspace.emit(AskCancelled(ask=row[0][0]))
        ctx.sync_out()
        ctx.out.write(f"Withdrew ask {short(row[0][0])}.\n")
        return 0
    if not args.thread or not args.handles:
        raise CliError("usage: asynctui ask THREAD @someone [--within 8h]")
    thread = _thread(ctx, args.thread)
    team = workspace.team()
    me = ctx.me()
    now = ctx.now()
    people = [ctx.member(h, team) for h in args.handles]
    for person in people:
        if person.id == me.id:
            raise CliError("you cannot ask yourself for a reply")
        try:
            within = parse_window(args.within) if args.within else team.hours(person.id).promise
        except ValueError as exc:
            raise CliError(str(exc)) from None
        said = preview(team, person.id, within, me.tz, now)
        workspace.emit(AskCreated(ask=new_id(), thread=thread.id, asked=person.id, within=within))
        ctx.out.write(
            f"Asked @{person.handle} in {short(thread.id)} for a reply within"
            f" {format_window(within)}. {said.text}.\n"
        )
    ctx.sync_out()
    return 0


def cmd_owed(ctx: Context) -> int:
    args = ctx.args
    workspace = ctx.workspace()
    team = workspace.team()
    now = ctx.now()
    me = ctx.me()
    if args.to_me:
        rows = queries.asks(workspace.db, team, now, asker=me.id, open_only=not args.all)
    else:
        rows = queries.asks(workspace.db, team, now, asked=me.id, open_only=not args.all)
    if args.json:
        write_json(rows, ctx.out)
        return 0
    if not rows:
        ctx.out.write("Nobody owes you a reply.\n" if args.to_me else "You owe no replies.\n")
        return 0
    lines = []
    for r in rows:
        other = r.asked if args.to_me else r.asker
        if r.answered_at:
            state = "answered"
        elif r.due is None:
            state = "no working time"
        else:
            state = describe_remaining(r.due, now)
        mark = "!" if r.urgency == "overdue" else " "
        lines.append(
            [
                mark,
                f"due {when(r.due, me.tz, now)}" if r.due else "—",
                state,
                ("@" + team.handle(other)) if args.to_me else ("from @" + team.handle(other)),
                short(r.thread),
                r.thread_title,
                f"({format_window(r.within)})",
            ]
        )
    table(lines, ctx.out)
    return 0
