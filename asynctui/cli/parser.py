"""The command line's grammar: every command, its options and its help."""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable, Sequence
from typing import Any

from asynctui import __version__
from asynctui.cli import ask_commands as asks
from asynctui.cli import demo_command, setup_commands, thread_commands
from asynctui.cli import people_commands as people
from asynctui.cli import server_commands as servers
from asynctui.cli.context import Context

Command = Callable[[Context], int]


def _later(module: str, name: str) -> Command:
    """A command whose module is imported only when it runs: the rituals' modules
    (and their read models) cost every other command's start-up nothing."""

    def run(ctx: Context) -> int:
        func: Command = getattr(importlib.import_module(f"asynctui.cli.{module}"), name)
        return func(ctx)

    return run


class Parser(argparse.ArgumentParser):
    """argparse that reports errors as one line without dumping the usage block."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"asynctui: error: {message} (see `{self.prog} --help`)\n")


def _common(top: bool) -> Parser:
    """Options accepted before and after the command; after it they must not reset
    what was given before it, hence no defaults there."""
    common = Parser(add_help=False)
    default = {} if top else {"default": argparse.SUPPRESS}
    common.add_argument(
        "--now",
        metavar="ISO-TIME",
        **default,  # type: ignore[arg-type]
        help="fix the clock (also ASYNCTUI_NOW), for demos and tests",
    )
    common.add_argument(
        "--config",
        metavar="FILE",
        **default,  # type: ignore[arg-type]
        help="use this config file",
    )
    common.add_argument(
        "--json",
        action="store_true",
        **default,  # type: ignore[arg-type]
        help="print JSON for scripts",
    )
    return common


def build() -> argparse.ArgumentParser:
    parser = Parser(
        prog="asynctui",
        parents=[_common(top=True)],
        description="Asynchronous team communication in the terminal.",
    )
    parser.add_argument("--version", action="version", version=f"asynctui {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    common = _common(top=False)

    def add(name: str, func: Command, help: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, parents=[common], help=help, description=help)
        p.set_defaults(func=func)
        return p

    p = add(
        "init",
        setup_commands.cmd_init,
        "create or join a workspace in a shared folder, or join one on a server",
    )
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--folder", help="the shared folder (Dropbox, Syncthing, NFS...)")
    where.add_argument(
        "--server",
        metavar="URL",
        help="the sync server, e.g. https://chat.example.com; the join code its admin gave"
        " you is asked for, read from standard input, or taken from ASYNCTUI_JOIN_CODE",
    )
    # Refused with the reason and the three ways to give a code: ps and shell
    # history would keep it.
    p.add_argument("--code", help=argparse.SUPPRESS)
    p.add_argument("--name", help='with --folder: your name, e.g. "Ana Ruiz"')
    p.add_argument("--handle", help="with --folder: your @handle, e.g. ana")
    p.add_argument(
        "--tz", help="your IANA time zone, e.g. Europe/Berlin (default: this machine's)"
    )
    p.add_argument("--device", help="a name for this device (default: handle-hostname-xxxx)")
    p.add_argument(
        "--existing",
        action="store_true",
        help="the handle is already yours: join from another device",
    )
    p.add_argument(
        "--force", action="store_true", help="switch this device to another folder or server"
    )

    p = add("sync", setup_commands.cmd_sync, "send queued events and fetch new ones")
    p = add("rebuild", setup_commands.cmd_rebuild, "rebuild the replica from the folder or server")
    p = add("export", setup_commands.cmd_export, "export every event of the workspace as JSON")
    p.add_argument("-o", "--output", help="write to this file instead of standard output")
    p = add(
        "outbox",
        setup_commands.cmd_outbox,
        "show my events not yet in the folder or on the server, and those it refused",
    )
    p.add_argument(
        "--discard",
        metavar="ID",
        help="drop a refused event (its id or a unique ending) and what it did here",
    )
    p.add_argument(
        "--force", action="store_true", help="with --discard: drop it even if still pending"
    )

    people.register(sub, common)

    p = add("channel", thread_commands.cmd_channel_create, "create a channel")
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
    add("channels", thread_commands.cmd_channels, "list channels")

    p = add("dm", thread_commands.cmd_dm, "open a thread only you and the people named see")
    p.add_argument(
        "words",
        nargs="+",
        metavar="@someone... TITLE [BODY]",
        help="the people (each with @), the title, then the first message",
    )

    p = add("post", thread_commands.cmd_post, "open a thread in a channel")
    p.add_argument("channel", help="#channel")
    p.add_argument("title")
    p.add_argument("body", nargs="*", help="the first message ('-' or a pipe: standard input)")

    p = add("reply", thread_commands.cmd_reply, "reply in a thread")
    p.add_argument("thread", help="thread id (the short id shown in lists)")
    p.add_argument("body", nargs="*", help="the message ('-' or a pipe: standard input)")
    p.add_argument("--quote", metavar="MESSAGE", help="quote a message of the thread")

    p = add("react", thread_commands.cmd_react, "react to a message")
    p.add_argument("message")
    p.add_argument("emoji")
    p.add_argument("--remove", action="store_true", help="take the reaction back")

    p = add("edit", thread_commands.cmd_edit, "edit one of your messages")
    p.add_argument("message")
    p.add_argument("body", nargs="*")

    p = add("resolve", thread_commands.cmd_resolve, "mark a thread resolved")
    p.add_argument("thread")
    p.add_argument("--reopen", action="store_true", help="reopen it instead")

    p = add("threads", thread_commands.cmd_threads, "list threads, latest activity first")
    p.add_argument("channel", nargs="?", help="only this #channel")
    p.add_argument("--open", action="store_true", help="hide resolved threads")
    p.add_argument("--limit", type=int, default=50)

    p = add("show", thread_commands.cmd_show, "show a thread and mark it read")
    p.add_argument("thread")

    p = add("search", thread_commands.cmd_search, "search all messages")
    p.add_argument("words", nargs="+")
    p.add_argument("--limit", type=int, default=30)

    p = add("ask", asks.cmd_ask, "ask someone for a reply within a window of their working time")
    p.add_argument("thread", nargs="?")
    p.add_argument("handles", nargs="*", metavar="@someone")
    p.add_argument("--within", help="8h, 90m or 2d of THEIR working time (default: their promise)")
    p.add_argument("--cancel", metavar="ASK", help="withdraw an ask you made")

    p = add("owed", asks.cmd_owed, "replies I owe, most urgent first (--to-me: owed to me)")
    p.add_argument("--to-me", action="store_true", help="what others owe me")
    p.add_argument("--all", action="store_true", help="include answered asks")

    p = add("demo", demo_command.cmd_demo, "open a lively sample team (no set-up needed)")
    p.add_argument("--reset", action="store_true", help="recreate the sample team")
    p.add_argument(
        "--print",
        action="store_true",
        help="print the team and the owed lists instead of opening the TUI",
    )

    _checkin_commands(sub, common)
    _meeting_commands(sub, common)
    _decision_and_action_commands(add, sub, common)

    p = add("digest", _later("digest_command", "cmd_digest"), "what happened since I was last here")
    p.add_argument(
        "--since",
        metavar="TIME",
        help="look back to: 24h, 2d, yesterday, monday, 09:00, 2026-12-01 or ISO"
        " (default: the last digest, or 24h; --since does not move that mark)",
    )
    p.add_argument("--markdown", action="store_true", help="Markdown, e.g. to mail from cron")

    _server_commands(add, sub, common)
    return parser


def _group(
    sub: argparse._SubParsersAction,  # type: ignore[type-arg]
    common: argparse.ArgumentParser,
    name: str,
    module: str,
    help: str,
) -> Callable[[str, str, str], argparse.ArgumentParser]:
    """A command with actions of its own (`checkin create`), each run by a function
    of ``module`` named by its ``act``, imported when it runs."""
    group = sub.add_parser(name, parents=[common], help=help, description=help)
    actions = group.add_subparsers(dest=f"{name}_command", metavar="ACTION", required=True)

    def act(action: str, func: str, help: str) -> argparse.ArgumentParser:
        p: argparse.ArgumentParser = actions.add_parser(
            action, parents=[common], help=help, description=help
        )
        p.set_defaults(func=_later(module, func))
        return p

    return act


_WITHIN = "working time to answer, on each member's calendar: 4h, 90m, 1d (default 4h)"


def _checkin_commands(
    sub: argparse._SubParsersAction,  # type: ignore[type-arg]
    common: argparse.ArgumentParser,
) -> None:
    act = _group(
        sub,
        common,
        "checkin",
        "checkin_commands",
        "recurring questions asked in each member's own time",
    )
    p = act("create", "cmd_checkin_create", "start a check-in in a channel")
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

    act("list", "cmd_checkin_list", "list check-ins and where your answer stands")

    p = act("show", "cmd_checkin_show", "one day's answers: who answered, who is late")
    p.add_argument("checkin", nargs="?", help="id, short id or title (default: the only one)")
    p.add_argument("--day", metavar="YYYY-MM-DD", help="that day's (default: the current one)")

    p = act("answer", "cmd_checkin_answer", "answer a check-in's questions")
    p.add_argument(
        "checkin", nargs="?", help="id, short id or title (default: the one waiting for you)"
    )
    p.add_argument("--day", metavar="YYYY-MM-DD", help="the day answered (default: your latest)")
    p.add_argument(
        "--answer",
        action="append",
        metavar="TEXT",
        help="one per question, in order (none at a terminal: you are asked each question)",
    )

    p = act("stop", "cmd_checkin_stop", "stop a check-in you created")
    p.add_argument("checkin", help="id, short id or title")


def _situation_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--no-input", action="store_true", help="nobody needs to give input: news")
    p.add_argument("--urgent", action="store_true", help="an answer is needed within hours")
    p.add_argument("--live", action="store_true", help="it needs real-time back-and-forth")
    p.add_argument(
        "--zones", action="store_true", help="the people span zones with little shared time"
    )
    p.add_argument("--sensitive", action="store_true", help="it is sensitive or emotional")


class _ActionItemOption(argparse.Action):
    """``meeting close``: --action TEXT starts an action item; the --owner and
    --due or --within after it are that item's, so several fit in one command.
    They are gathered, in order, as dicts in ``args.actions``."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        items: list[dict[str, str]] = list(getattr(namespace, "actions", None) or [])
        if self.dest == "action":
            items.append({"text": str(values)})
        elif not items:
            parser.error(f"{option_string} belongs to an --action: give the --action first")
        elif self.dest in items[-1]:
            parser.error(f"{option_string} given twice for the action {items[-1]['text']!r}")
        else:
            items[-1][self.dest] = str(values)
        namespace.actions = items


def _meeting_commands(
    sub: argparse._SubParsersAction,  # type: ignore[type-arg]
    common: argparse.ArgumentParser,
) -> None:
    act = _group(
        sub,
        common,
        "meeting",
        "meeting_commands",
        "async meetings: an agenda, contributions, a deadline",
    )
    p = act("advise", "cmd_meeting_advise", "should this be async? advice from answers")
    _situation_flags(p)

    p = act("create", "cmd_meeting_create", "open an async meeting in a channel")
    p.add_argument("title")
    p.add_argument("--channel", required=True, help="#channel it is held in")
    p.add_argument("--goal", required=True, help="what it should decide or produce")
    p.add_argument(
        "--item", action="append", metavar="TEXT", help="an agenda item, in order (repeatable)"
    )
    p.add_argument(
        "--with",
        dest="with_",
        action="append",
        metavar="@someone",
        help="a participant (repeatable; you are one)",
    )
    by = p.add_mutually_exclusive_group(required=True)
    by.add_argument(
        "--deadline",
        metavar="TIME",
        help="contributions due, your time: '2026-12-04 17:00', 'fri 17:00' (a day alone: 17:00)",
    )
    by.add_argument(
        "--within", help="contributions due within 2d, 8h... of each participant's working time"
    )
    p.add_argument("--yes", action="store_true", help="do not ask whether it should be async")
    _situation_flags(p)

    act("list", "cmd_meeting_list", "list meetings and what they still expect of you")

    p = act("show", "cmd_meeting_show", "a meeting: agenda, contributions, who is missing")
    p.add_argument("meeting", help="id, short id or title")

    p = act("contribute", "cmd_meeting_contribute", "contribute to one agenda item")
    p.add_argument("meeting", help="id, short id or title")
    p.add_argument("--item", metavar="N", help="the agenda item's number, from 1")
    p.add_argument("text", nargs="+", help="the contribution ('-': standard input)")

    p = act("close", "cmd_meeting_close", "close a meeting you opened, with its outcome")
    p.add_argument("meeting", help="id, short id or title")
    p.add_argument("--outcome", metavar="TEXT", help="what came of it")
    p.add_argument(
        "--decision", action="append", metavar="TEXT", help="a decision made (repeatable)"
    )
    p.set_defaults(actions=[])
    follow = argparse.SUPPRESS
    p.add_argument(
        "--action",
        action=_ActionItemOption,
        default=follow,
        metavar="TEXT",
        help="an action item (repeatable); the --owner and --due or --within after it are its",
    )
    p.add_argument(
        "--owner", action=_ActionItemOption, default=follow, metavar="@someone",
        help="the owner of the --action before it",
    )  # fmt: skip
    p.add_argument(
        "--due", action=_ActionItemOption, default=follow, metavar="TIME",
        help="its due time, your time: 'fri 17:00', '2026-12-04 17:00'",
    )  # fmt: skip
    p.add_argument(
        "--within", action=_ActionItemOption, default=follow,
        help="its due time as 2d, 8h... of the owner's working time",
    )  # fmt: skip


def _decision_and_action_commands(
    add: Callable[[str, Command, str], argparse.ArgumentParser],
    sub: argparse._SubParsersAction,  # type: ignore[type-arg]
    common: argparse.ArgumentParser,
) -> None:
    p = add("decide", _later("action_commands", "cmd_decide"), "record a decision made in a thread")
    p.add_argument("thread", help="thread id (the short id shown in lists)")
    p.add_argument("text", nargs="*", help="what was decided (default: the --message's text)")
    p.add_argument(
        "--message", action="append", metavar="ID", help="a message it rests on (repeatable)"
    )
    p.add_argument("--by", action="append", metavar="@someone", help="who decided (default: you)")

    p = add(
        "decisions",
        _later("action_commands", "cmd_decisions"),
        "the team's decision log, newest first",
    )
    p.add_argument("--channel", help="only this #channel's")

    act = _group(
        sub, common, "action", "action_commands", "action items: an owner, a due time, done or not"
    )
    p = act("add", "cmd_action_add", "add an action item to a thread")
    p.add_argument("thread", help="thread id (the short id shown in lists)")
    p.add_argument("text", nargs="+", help="what is to be done")
    p.add_argument("--owner", required=True, metavar="@someone", help="who does it")
    due = p.add_mutually_exclusive_group()
    due.add_argument(
        "--due", metavar="TIME", help="due, your time: 'fri 17:00', '2026-12-04 17:00', 17:00"
    )
    due.add_argument("--within", help="due within 2d, 8h... of the OWNER's working time")
    p.add_argument("--message", metavar="ID", help="the message it comes from")

    p = act("done", "cmd_action_done", "mark an action item done")
    p.add_argument("action", metavar="ID")
    p = act("undo", "cmd_action_undo", "open a done action item again")
    p.add_argument("action", metavar="ID")

    p = act("list", "cmd_action_list", "your open action items (or --all, --overdue...)")
    show = p.add_mutually_exclusive_group()
    show.add_argument("--mine", action="store_true", help="your open ones (the default)")
    show.add_argument("--all", action="store_true", help="everyone's, open first, then done")
    show.add_argument("--overdue", action="store_true", help="everyone's overdue ones")
    show.add_argument("--done", action="store_true", help="the done ones")


def _server_commands(
    add: Callable[[str, Command, str], argparse.ArgumentParser],
    sub: argparse._SubParsersAction,  # type: ignore[type-arg]
    common: argparse.ArgumentParser,
) -> None:
    p = add("serve", servers.cmd_serve, "run the sync server for a team (SQLite, HTTP)")
    p.add_argument("--db", required=True, help="the workspace's database file")
    p.add_argument(
        "--create", action="store_true", help="make the database if it is missing (the first run)"
    )
    p.add_argument("--host", default="127.0.0.1", help="address to listen on")
    p.add_argument("--port", type=int, default=8765, help="port to listen on")
    p.add_argument(
        "--rate", type=float, default=20.0,
        help="requests a second each device may make, sustained (bursts of 5x)",
    )  # fmt: skip
    p.add_argument(
        "--failure-rate", type=float, default=10.0, metavar="PER_MINUTE",
        help="failed joins and unknown tokens a minute each client address may make (bursts of 2x)",
    )  # fmt: skip
    p.add_argument(
        "--max-connections", type=int, default=10_000, metavar="N",
        help="open connections served at once (each long-poll holds one)",
    )  # fmt: skip
    p.add_argument(
        "--header-timeout", type=float, default=10.0, metavar="SECONDS",
        help="time a connection has to send a whole request head",
    )  # fmt: skip
    p.add_argument(
        "--body-timeout", type=float, default=30.0, metavar="SECONDS",
        help="time a request has to send its whole body (then 408)",
    )  # fmt: skip
    p.add_argument(
        "--forwarded-allow-ips", metavar="ADDRESSES",
        help="the reverse proxies (comma-separated addresses) whose X-Forwarded-For is believed",
    )  # fmt: skip

    admin = sub.add_parser(
        "admin",
        parents=[common],
        help="manage a sync server's members and devices (on the server's machine)",
        description="Manage a sync server's members and devices, on its database file.",
    )
    commands = admin.add_subparsers(dest="admin_command", metavar="ACTION", required=True)

    def act(name: str, func: Command, help: str) -> argparse.ArgumentParser:
        p: argparse.ArgumentParser = commands.add_parser(
            name, parents=[common], help=help, description=help
        )
        p.set_defaults(func=func)
        p.add_argument("--db", required=True, help="the server's database file")
        return p

    act("create", servers.cmd_admin_create, "make a new, empty workspace database")
    p = act("backup", servers.cmd_admin_backup, "a consistent copy of the database, while it runs")
    p.add_argument("--to", required=True, metavar="FILE", help="the copy to write")
    p.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    p = act("add-member", servers.cmd_admin_add, "add a member and print a one-time join code")
    p.add_argument("handle", help="their @handle")
    p.add_argument("--name", required=True, help='their name, e.g. "Bob Stone"')
    p.add_argument("--admin", action="store_true", help="they may manage members too")
    p = act("invite", servers.cmd_admin_invite, "a join code for another device of a member")
    p.add_argument("handle")
    p = act("revoke", servers.cmd_admin_revoke, "end a device's access (or all of a member's)")
    p.add_argument("--device", help="the device name (see `admin devices`)")
    p.add_argument("--member", help="every device of this @handle")
    act("devices", servers.cmd_admin_devices, "members, their devices and tokens")
    p = act("import", servers.cmd_admin_import, "move a team's shared folder into the server")
    p.add_argument("--folder", required=True)
    p = act("export", servers.cmd_admin_export, "write the server's log into a shared folder")
    p.add_argument("--folder", required=True)
