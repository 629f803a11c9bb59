"""Talking: channels, threads, replies, reactions, edits, resolving, search.

Each write is parse -> command (:mod:`asynctui.client.commands`) -> print:
the command's own line, or with ``--json`` the new object.
"""

from __future__ import annotations

import argparse

from asynctui.cli.context import CliError, Context
from asynctui.cli.editor import edited, editor, message_words
from asynctui.cli.grammar import Sub, adder
from asynctui.cli.output import ago, short, table, when
from asynctui.client import queries
from asynctui.client.commands import Done, find, threads
from asynctui.client.commands import channels as channel_commands
from asynctui.client.views import Views
from asynctui.client.words import ask_line
from asynctui.core.names import DIRECT_PREFIX
from asynctui.core.text import clean, clean_line

__all__ = ["register", "said"]

_NO_BODY = (
    "An empty message posts the title alone; quit the editor with an error (vim: :cq) to"
    " post nothing."
)


def said(ctx: Context, done: Done) -> int:
    """Send what the command recorded, then say so: its line, or the new object as JSON."""
    ctx.sync_out()
    if ctx.args.json:
        ctx.write_json(done.json())
    else:
        ctx.out.write(done.said + "\n")
    return 0


def _first_message(ctx: Context, words: list[str] | None, what: str) -> str:
    """A new thread's first message: the words, standard input, or the editor at a
    terminal; empty (the title alone) with --no-body or no editor set."""
    given = message_words(words)
    if given is not None:
        return given
    command = editor()
    if ctx.args.no_body or command is None:
        return ""
    return edited(command, "", [f"The first message of {what}.", _NO_BODY])


def _message(ctx: Context, words: list[str] | None, what: str, start: str = "") -> str:
    """A reply's or an edit's text: the words, standard input, or the editor at a terminal."""
    given = message_words(words)
    if given is not None:
        return given
    command = editor()
    if command is None:
        raise CliError(
            "the message is empty: give it as words, '-' or a pipe for standard input,"
            " or set $EDITOR to write it there"
        )
    return edited(command, start, [what, "An empty message sends nothing."])


def cmd_channel_create(ctx: Context) -> int:
    args = ctx.args
    if args.member and not args.private:
        # The grammar's own words: the command refuses it too, but cannot name the flags.
        raise CliError("--member is for a --private channel; a public one is open to everyone")
    done = channel_commands.create(
        ctx.workspace(),
        name=args.name,
        topic=args.topic or "",
        private=args.private,
        members=args.member or [],
    )
    return said(ctx, done)


def cmd_dm(ctx: Context) -> int:
    """A thread in the direct conversation of me and the people named."""
    words = list(ctx.args.words)
    handles = []
    while words and words[0].startswith("@"):
        handles.append(words.pop(0))
    if not handles or not words:
        raise CliError("usage: asynctui dm @someone [@more] TITLE [BODY]")
    title, body = words[0], words[1:]
    workspace = ctx.workspace()
    team = workspace.team()
    # Who is named is known before anything is read or edited.
    names = " ".join("@" + find.member(team, h).handle for h in handles)
    text = _first_message(ctx, body, f"the direct thread {clean_line(title)!r} with {names}")
    return said(ctx, channel_commands.dm(workspace, people=handles, title=title, body=text))


def cmd_invite(ctx: Context) -> int:
    """A teammate asked in, as the TUI's invite dialog does it."""
    workspace = ctx.workspace(strict=True)
    done = channel_commands.invite(
        workspace, workspace.store, handle=ctx.args.handle.lstrip("@"), name=ctx.args.name or ""
    )
    return said(ctx, done)


def cmd_channels(ctx: Context) -> int:
    workspace = ctx.workspace()
    found = queries.channels(workspace.db)
    if ctx.args.json:
        ctx.write_json(found)
        return 0
    # Direct conversations after the channels, by their people ('@kenji'), as the TUI lists them.
    found.sort(key=lambda c: c.id.startswith(DIRECT_PREFIX))
    views = Views(workspace.db, workspace.team(), workspace.member, ctx.now())
    table(
        [
            [
                views.channel_label(c.id, c.name),
                "direct" if c.id.startswith(DIRECT_PREFIX) else "private" if c.private else "",
                f"{c.threads} thread{'s' if c.threads != 1 else ''}",
                c.topic,
            ]
            for c in found
        ],
        ctx.out,
    )
    return 0


def cmd_post(ctx: Context) -> int:
    workspace = ctx.workspace()
    channel = find.channel(workspace, ctx.args.channel)
    what = f"the new thread {clean_line(ctx.args.title)!r} in #{clean_line(channel.name)}"
    body = _first_message(ctx, ctx.args.body, what)
    done = threads.post(workspace, channel=channel.id, title=ctx.args.title, body=body)
    return said(ctx, done)


def cmd_reply(ctx: Context) -> int:
    workspace = ctx.workspace()
    thread = threads.writable_thread(workspace, ctx.args.thread)
    body = _message(ctx, ctx.args.body, f"Your reply in {threads.about(thread)}.")
    done = threads.reply(workspace, thread=thread.id, body=body, quote=ctx.args.quote)
    return said(ctx, done)


def cmd_react(ctx: Context) -> int:
    react = threads.unreact if ctx.args.remove else threads.react
    return said(ctx, react(ctx.workspace(), message=ctx.args.message, emoji=ctx.args.emoji))


def cmd_edit(ctx: Context) -> int:
    workspace = ctx.workspace()
    mine = threads.editable(workspace, ctx.args.message)
    what = f"Your message {short(mine.id)}, as it will read."
    body = _message(ctx, ctx.args.body, what, start=mine.body)
    return said(ctx, threads.edit(workspace, message=mine.id, body=body))


def cmd_resolve(ctx: Context) -> int:
    change = threads.reopen if ctx.args.reopen else threads.resolve
    return said(ctx, change(ctx.workspace(), thread=ctx.args.thread))


def cmd_threads(ctx: Context) -> int:
    workspace = ctx.workspace()
    channel = None
    if ctx.args.channel:
        channel = find.channel(workspace, ctx.args.channel).id
    rows = queries.threads(
        workspace.db, channel, include_resolved=not ctx.args.open, limit=ctx.args.limit
    )
    if ctx.args.json:
        ctx.write_json(rows)
        return 0
    now = ctx.now()
    # The badges of the TUI's thread list, from the same read model: who owes, by when.
    views = Views(workspace.db, workspace.team(), workspace.member, now)
    table(
        [
            [
                short(t.id),
                views.channel_label(t.channel, t.channel_name),
                t.title + (" ✓" if t.resolved else ""),
                f"{t.messages} msg",
                ago(t.last_at, now),
                "; ".join(badge.text for badge in views.badges(t.id)),
            ]
            for t in rows
        ],
        ctx.out,
    )
    return 0


def cmd_show(ctx: Context) -> int:
    workspace = ctx.workspace()
    thread = find.thread(workspace, ctx.args.thread)
    team = workspace.team()
    now = ctx.now()
    msgs = queries.messages(workspace.db, thread.id)
    asks = queries.asks(workspace.db, team, now, thread_id=thread.id, open_only=False)
    if ctx.args.json:
        ctx.write_json({"thread": thread, "messages": msgs, "asks": asks})
    else:
        tz = ctx.me().tz
        out = ctx.out
        state = "resolved" if thread.resolved else "open"
        title = clean_line(thread.title)
        channel = Views(workspace.db, team, workspace.member, now).channel_label(
            thread.channel, thread.channel_name
        )
        out.write(f"{title}  {channel} · {state} · {short(thread.id)}\n")
        by_id = {m.id: m for m in msgs}
        answers = {
            a.answered_by: f"@{team.handle(a.asker)}'s ask"
            for a in asks
            if a.state == "answered" and a.answered_by
        }
        for m in msgs:
            changed = " (edited)" if m.edited_at else ""
            if m.id in answers:
                changed += f" · answers {answers[m.id]}"
            out.write(
                f"\n{team.name(m.author)} @{team.handle(m.author)} · "
                f"{when(m.at, tz, now)}{changed} · {short(m.id)}\n"
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
            out.write(f"\n{ask_line(team, ask, tz, now)} · {short(ask.id)}\n")
    if threads.mark_read(workspace, thread=thread.id).events:
        ctx.sync_out()
    return 0


def cmd_search(ctx: Context) -> int:
    from asynctui.client.search import KIND_WORDS, SearchError, find

    workspace = ctx.workspace()
    team, me, now = workspace.team(), ctx.me(), ctx.now()
    try:
        hits = find(workspace.db, team, me.id, now, " ".join(ctx.args.words), ctx.args.limit)
    except SearchError as exc:
        raise CliError(str(exc)) from None
    if ctx.args.json:
        ctx.write_json(hits)
        return 0
    if not hits:
        ctx.out.write("No matches.\n")
        return 0
    table(
        [
            [
                short(h.thread),
                clean_line(h.thread_title),
                KIND_WORDS.get(h.kind, h.kind),
                "@" + team.handle(h.author),
                when(h.at, me.tz, now),
                clean_line(h.snippet),
            ]
            for h in hits
        ],  # fmt: skip
        ctx.out,
    )
    return 0


def register(sub: Sub, common: argparse.ArgumentParser) -> None:
    """The talking commands' grammar: channel, channels, dm, post, reply, react,
    edit, resolve, threads, show, search."""
    add = adder(sub, common, formatter_class=argparse.RawDescriptionHelpFormatter)

    p = add("channel", cmd_channel_create, "create a channel")
    p.add_argument("action", choices=["create"])
    p.add_argument("name")
    p.add_argument("--topic")
    p.add_argument(
        "--private",
        action="store_true",
        help="only its members read and write it (enforced by a server, not by a folder)",
    )
    p.add_argument(
        "--member", action="append", metavar="@someone", help="a member of a --private channel"
    )
    add("channels", cmd_channels, "list channels")

    p = add(
        "invite",
        cmd_invite,
        "ask a teammate in: a join code (on a server, an admin's) or how to join the folder",
    )
    p.add_argument("handle", metavar="@someone", help="their handle, new or in the team")
    p.add_argument("--name", help='a new member\'s name ("Zoe Park"); none: another device')

    p = add("dm", cmd_dm, "open a thread only you and the people named see", epilog=_BODY_HELP)
    p.add_argument(
        "words",
        nargs="+",
        metavar="@someone... TITLE [BODY]",
        help="the people (each with @), the title, then the first message",
    )
    p.add_argument("--no-body", action="store_true", help="post the title alone, without asking")

    p = add("post", cmd_post, "open a thread in a channel", epilog=_BODY_HELP)
    p.add_argument("channel", help="#channel")
    p.add_argument("title")
    p.add_argument("body", nargs="*", help="the first message ('-' or a pipe: standard input)")
    p.add_argument("--no-body", action="store_true", help="post the title alone, without asking")

    p = add("reply", cmd_reply, "reply in a thread", epilog=_TEXT_HELP)
    p.add_argument("thread", help="thread id (the short id shown in lists)")
    p.add_argument("body", nargs="*", help="the message ('-' or a pipe: standard input)")
    p.add_argument("--quote", metavar="MESSAGE", help="quote a message of the thread")

    p = add("react", cmd_react, "react to a message")
    p.add_argument("message")
    p.add_argument("emoji")
    p.add_argument("--remove", action="store_true", help="take the reaction back")

    p = add("edit", cmd_edit, "edit one of your messages", epilog=_TEXT_HELP)
    p.add_argument("message")
    p.add_argument("body", nargs="*", help="the new text ('-' or a pipe: standard input)")

    p = add("resolve", cmd_resolve, "mark a thread resolved")
    p.add_argument("thread")
    p.add_argument("--reopen", action="store_true", help="reopen it instead")

    p = add("threads", cmd_threads, "list threads, latest activity first")
    p.add_argument("channel", nargs="?", help="only this #channel")
    p.add_argument("--open", action="store_true", help="hide resolved threads")
    p.add_argument("--limit", type=int, default=50)

    p = add("show", cmd_show, "show a thread and mark it read")
    p.add_argument("thread")

    p = add(
        "search", cmd_search,
        "search messages, titles, decisions, action items and agendas",
        epilog="Words match as prefixes, all required; \"a phrase\" as written. Operators:"
        " in:#design (or in:@kenji), from:@ana, before:2026-12-01, after:2026-11-20,"
        " is:open, is:owed, has:decision. Best matches first (bm25).",
    )  # fmt: skip
    p.add_argument("words", nargs="+")
    p.add_argument("--limit", type=int, default=30)


_BODY_HELP = """\
the first message:
  words after the title     are the message
  '-' or a pipe             standard input is (empty: the title alone)
  nothing, at a terminal    $VISUAL or $EDITOR opens, as for `git commit`: what
                            you write above the scissors line is the message;
                            empty posts the title alone, and quitting the
                            editor with an error (vim: :cq) posts nothing;
                            with no editor set, or --no-body, the title alone
A thread with a title alone shows its title as its first message.
--json prints the new thread: its id, short id, first message and channel."""

_TEXT_HELP = """\
the text:
  words                     are the message
  '-' or a pipe             standard input is
  nothing, at a terminal    $VISUAL or $EDITOR opens (as for `git commit`);
                            an empty message sends nothing
--json prints the message: its id, short id and thread."""
