"""Talking: channels, threads, replies, reactions, edits, resolving, search."""

from __future__ import annotations

import re
import sys

from asynctui.cli.context import CliError, Context
from asynctui.cli.output import ago, short, table, when, write_json
from asynctui.client import queries
from asynctui.client.asking import ask_state
from asynctui.client.queries import ThreadRow
from asynctui.client.views import unread_mark
from asynctui.core.events import (
    MAX_BODY_CHARS,
    ChannelCreated,
    MessageEdited,
    MessagePosted,
    ReactionAdded,
    ReactionRemoved,
    ThreadOpened,
    ThreadResolved,
)
from asynctui.core.expectations import describe_remaining
from asynctui.core.ids import new_id
from asynctui.core.names import direct_channel_id
from asynctui.core.text import clean, clean_line

_CHANNEL = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")


def channel_id(name: str) -> str:
    """Channels are named ids, so two people creating #design at once make one channel."""
    return "c-" + name


def _body(words: list[str] | None) -> str:
    if words == ["-"] or (not words and not sys.stdin.isatty()):
        text = sys.stdin.read()
    else:
        text = " ".join(words or [])
    text = text.strip("\n")
    if not text.strip():
        raise CliError("the message is empty")
    if len(text) > MAX_BODY_CHARS:
        raise CliError(
            f"the message is too long ({len(text)} characters; at most {MAX_BODY_CHARS})"
        )
    return text


def _thread(ctx: Context, ref: str) -> ThreadRow:
    found = queries.thread(ctx.workspace().db, ref)
    if found is None:
        raise CliError(f"no thread {ref!r} (see `asynctui threads`)")
    return found


def cmd_channel_create(ctx: Context) -> int:
    name = ctx.args.name.lstrip("#").lower()
    if not _CHANNEL.match(name):
        raise CliError(f"bad channel name {name!r}: use up to 40 lowercase letters, digits, - or _")
    workspace = ctx.workspace()
    if queries.channel_by_name(workspace.db, name):
        raise CliError(f"#{name} already exists")
    members = [ctx.member(h).id for h in ctx.args.member or []]
    if members and not ctx.args.private:
        raise CliError("--member is for a --private channel; a public one is open to everyone")
    if ctx.args.private:
        workspace.emit(
            ChannelCreated(
                channel="p-" + new_id(),
                name=name,
                topic=ctx.args.topic or "",
                private=True,
                members=tuple(sorted({workspace.member, *members})),
            )
        )
    else:
        workspace.emit(
            ChannelCreated(channel=channel_id(name), name=name, topic=ctx.args.topic or "")
        )
    ctx.sync_out()
    ctx.out.write(f"Created {'private ' if ctx.args.private else ''}#{name}.\n")
    return 0


def cmd_dm(ctx: Context) -> int:
    """A thread in the direct conversation of me and the people named."""
    words = list(ctx.args.words)
    handles = []
    while words and words[0].startswith("@"):
        handles.append(words.pop(0))
    if not handles or not words:
        raise CliError("usage: asynctui dm @someone [@more] TITLE [BODY]")
    title_text, body_words = words[0], words[1:]
    workspace = ctx.workspace()
    team = ctx.team()
    people = [ctx.member(h, team) for h in handles]
    me = ctx.me()
    everyone = {me.id, *(p.id for p in people)}
    if len(everyone) < 2:
        raise CliError("name someone other than yourself: asynctui dm @bob TITLE")
    title = clean_line(title_text)
    if not title:
        raise CliError("the title is empty")
    body = _body(body_words) if body_words or not sys.stdin.isatty() else title
    channel = direct_channel_id(everyone)
    if not any(c.id == channel for c in queries.channels(workspace.db)):
        handles = sorted(team.members[m].handle for m in everyone if m in team.members)
        workspace.emit(
            ChannelCreated(
                channel=channel,
                name="dm-" + "-".join(handles),
                private=True,
                members=tuple(sorted(everyone)),
            )
        )
    thread = new_id()
    workspace.emit(
        ThreadOpened(thread=thread, channel=channel, title=title, message=new_id(), body=body)
    )
    ctx.sync_out()
    names = ", ".join("@" + p.handle for p in people if p.id != me.id)
    ctx.out.write(f"Posted {short(thread)} to {names} (direct): {title}\n")
    return 0


def cmd_channels(ctx: Context) -> int:
    found = queries.channels(ctx.workspace().db)
    if ctx.args.json:
        write_json(found, ctx.out)
        return 0
    table(
        [
            [f"#{c.name}", "private" if c.private else "", f"{c.threads} threads", c.topic]
            for c in found
        ],
        ctx.out,
    )
    return 0


def cmd_post(ctx: Context) -> int:
    workspace = ctx.workspace()
    channel = queries.channel_by_name(workspace.db, ctx.args.channel)
    if channel is None:
        known = ", ".join("#" + c.name for c in queries.channels(workspace.db)) or "none yet"
        raise CliError(
            f"no channel #{ctx.args.channel.lstrip('#')} (channels: {known});"
            f" create it with `asynctui channel create {ctx.args.channel.lstrip('#')}`"
        )
    title = clean_line(ctx.args.title)
    if not title:
        raise CliError("the title is empty")
    body = _body(ctx.args.body) if ctx.args.body or not sys.stdin.isatty() else title
    thread = new_id()
    workspace.emit(
        ThreadOpened(thread=thread, channel=channel.id, title=title, message=new_id(), body=body)
    )
    ctx.sync_out()
    ctx.out.write(f"Posted {short(thread)} in #{channel.name}: {title}\n")
    return 0


def cmd_reply(ctx: Context) -> int:
    workspace = ctx.workspace()
    thread = _thread(ctx, ctx.args.thread)
    quote = None
    if ctx.args.quote:
        quoted = queries.message(workspace.db, ctx.args.quote)
        if quoted is None or quoted[1] != thread.id:
            raise CliError(f"no message {ctx.args.quote!r} in this thread")
        quote = quoted[0]
    message = new_id()
    workspace.emit(
        MessagePosted(message=message, thread=thread.id, body=_body(ctx.args.body), quote=quote)
    )
    ctx.sync_out()
    answered = [
        a
        for a in queries.asks(
            workspace.db, workspace.team(), ctx.now(), thread_id=thread.id, open_only=False
        )
        if a.answered_by == message
    ]
    title = clean_line(thread.title)
    ctx.out.write(f"Replied in {short(thread.id)} ({title}), message {short(message)}.\n")
    for ask in answered:
        ctx.out.write(f"That answers @{workspace.team().handle(ask.asker)}'s ask.\n")
    return 0


def _message(ctx: Context, ref: str) -> tuple[str, str, str]:
    found = queries.message(ctx.workspace().db, ref)
    if found is None:
        raise CliError(f"no message {ref!r} (message ids are shown by `asynctui show THREAD`)")
    return found


def cmd_react(ctx: Context) -> int:
    workspace = ctx.workspace()
    message = _message(ctx, ctx.args.message)[0]
    emoji = clean_line(ctx.args.emoji)
    if not emoji or len(emoji) > 32:
        raise CliError("give one emoji or a short word to react with")
    body = ReactionRemoved if ctx.args.remove else ReactionAdded
    workspace.emit(body(message=message, emoji=emoji))
    ctx.sync_out()
    ctx.out.write(f"{'Removed' if ctx.args.remove else 'Reacted'} {emoji} on {short(message)}.\n")
    return 0


def cmd_edit(ctx: Context) -> int:
    workspace = ctx.workspace()
    message, _, author = _message(ctx, ctx.args.message)
    if author != workspace.member:
        raise CliError("you can only edit your own messages")
    workspace.emit(MessageEdited(message=message, body=_body(ctx.args.body)))
    ctx.sync_out()
    ctx.out.write(f"Edited {short(message)}.\n")
    return 0


def cmd_resolve(ctx: Context) -> int:
    workspace = ctx.workspace()
    thread = _thread(ctx, ctx.args.thread)
    workspace.emit(ThreadResolved(thread=thread.id, resolved=not ctx.args.reopen))
    ctx.sync_out()
    verb = "Reopened" if ctx.args.reopen else "Resolved"
    ctx.out.write(f"{verb} {short(thread.id)} ({clean_line(thread.title)}).\n")
    return 0


def cmd_threads(ctx: Context) -> int:
    workspace = ctx.workspace()
    channel = None
    if ctx.args.channel:
        found = queries.channel_by_name(workspace.db, ctx.args.channel)
        if found is None:
            raise CliError(f"no channel #{ctx.args.channel.lstrip('#')}")
        channel = found.id
    rows = queries.threads(
        workspace.db, channel, include_resolved=not ctx.args.open, limit=ctx.args.limit
    )
    if ctx.args.json:
        write_json(rows, ctx.out)
        return 0
    now = ctx.now()
    team = workspace.team()
    open_asks: dict[str, list[str]] = {}
    for ask in queries.asks(workspace.db, team, now):
        badge = f"@{team.handle(ask.asked)} · "
        badge += describe_remaining(ask.due, now) if ask.due else "no working time"
        open_asks.setdefault(ask.thread, []).append(badge)
    table(
        [
            [
                short(t.id),
                f"#{t.channel_name}",
                t.title + (" ✓" if t.resolved else ""),
                f"{t.messages} msg",
                ago(t.last_at, now),
                "; ".join(open_asks.get(t.id, [])),
            ]
            for t in rows
        ],
        ctx.out,
    )
    return 0


def cmd_show(ctx: Context) -> int:
    workspace = ctx.workspace()
    thread = _thread(ctx, ctx.args.thread)
    team = workspace.team()
    now = ctx.now()
    msgs = queries.messages(workspace.db, thread.id)
    asks = queries.asks(workspace.db, team, now, thread_id=thread.id, open_only=False)
    if ctx.args.json:
        write_json({"thread": thread, "messages": msgs, "asks": asks}, ctx.out)
    else:
        tz = ctx.me().tz
        out = ctx.out
        state = "resolved" if thread.resolved else "open"
        title = clean_line(thread.title)
        channel = clean_line(thread.channel_name)
        out.write(f"{title}  #{channel} · {state} · {short(thread.id)}\n")
        by_id = {m.id: m for m in msgs}
        for m in msgs:
            edited = " (edited)" if m.edited_at else ""
            out.write(
                f"\n{team.name(m.author)} @{team.handle(m.author)} · "
                f"{when(m.at, tz, now)}{edited} · {short(m.id)}\n"
            )
            if m.quote and m.quote in by_id:
                quoted = clean_line(by_id[m.quote].body)
                out.write(f"  > {team.handle(by_id[m.quote].author)}: {quoted[:80]}\n")
            for line in clean(m.body).splitlines() or [""]:
                out.write(f"  {line}\n")
            if m.reactions:
                out.write(
                    "  "
                    + "  ".join(f"{clean_line(e)} {len(who)}" for e, who in m.reactions.items())
                    + "\n"
                )
        for ask in asks:
            out.write(f"\nask of @{team.handle(ask.asked)}: {ask_state(ask, tz, now)}\n")
    mark = unread_mark(workspace.db, thread.id, workspace.member)
    if mark is not None:
        workspace.emit(mark)
        ctx.sync_out()
    return 0


def cmd_search(ctx: Context) -> int:
    workspace = ctx.workspace()
    hits = queries.search(workspace.db, " ".join(ctx.args.words), limit=ctx.args.limit)
    if ctx.args.json:
        write_json(hits, ctx.out)
        return 0
    if not hits:
        ctx.out.write("No matches.\n")
        return 0
    team = workspace.team()
    tz = ctx.me().tz
    now = ctx.now()
    table(
        [
            [
                short(h.thread),
                h.thread_title,
                "@" + team.handle(h.author),
                when(h.at, tz, now),
                h.snippet,
            ]
            for h in hits
        ],
        ctx.out,
    )
    return 0
