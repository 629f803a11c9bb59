"""Async meetings: meeting advise|create|list|show|contribute|close.

A meeting is a thread with a goal, an agenda, participants and a deadline for
contributions: a fixed one, or working time counted on each participant's own
calendar. Agenda items are numbered from 1 for people (the log counts from 0).
The rules are the command layer's (``client.commands.meetings``); here the
words are read, the advice asked for at a terminal, and the results printed.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from asynctui.cli.checkin_commands import flags, said
from asynctui.cli.context import CliError, Context
from asynctui.cli.grammar import Sub, group
from asynctui.cli.meeting_listing import cmd_meeting_list, cmd_meeting_show, deadline_words, due_row
from asynctui.cli.output import table
from asynctui.core.text import clean, clean_line

if TYPE_CHECKING:
    from asynctui.core.advice import Advice, Situation

__all__ = [
    "cmd_meeting_advise",
    "cmd_meeting_close",
    "cmd_meeting_contribute",
    "cmd_meeting_create",
    "cmd_meeting_list",
    "cmd_meeting_show",
    "register",
]

# The read models and commands are imported inside the commands that use them:
# every other command's start-up costs nothing for them.


# -- advice ------------------------------------------------------------------------------


def _situation(args: argparse.Namespace) -> Situation:
    from asynctui.core.advice import Situation

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
    from asynctui.core.advice import advise

    situation = _situation(ctx.args)
    advice = advise(situation)
    if ctx.args.json:
        ctx.write_json({"situation": situation, "advice": advice})
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
    from asynctui.core.advice import QUESTIONS, Situation

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
    from asynctui.client import rituals
    from asynctui.client.commands import meetings
    from asynctui.core.advice import advise

    args = ctx.args
    workspace = ctx.workspace()
    interactive = sys.stdin.isatty() and not args.yes and not args.json
    situation = _asked_situation(ctx) if interactive else _situation(args)
    advice = advise(situation)
    if not args.json:
        _write_advice(ctx, advice)
    if interactive and not _yes("Create the async meeting?", default=advice.kind == "async"):
        ctx.out.write("Nothing was created.\n")
        return 0
    due = args.deadline or f"within {args.within}"
    with flags(deadline="--deadline" if args.deadline else "--within"):
        done = meetings.create(
            workspace, channel=args.channel, title=args.title, goal=args.goal,
            agenda=args.item or (), due=due, participants=args.with_ or (),
        )  # fmt: skip
    ctx.sync_out()
    if args.json:
        ctx.write_json(done.json() | {"advice": advice})
        return 0
    m = rituals.meeting(workspace.db, done.id)
    assert m is not None
    team, now, tz = workspace.team(), ctx.now(), ctx.me().tz
    ctx.out.write(f"\n{done.said}\n")
    ctx.out.write(f"Contributions are due {deadline_words(m)}:\n")
    parts = rituals.participation(workspace.db, team, m, now)
    table([due_row(p, team, tz, now) for p in parts], ctx.out)
    return 0


# -- contribute -------------------------------------------------------------------------


def _text(words: Sequence[str]) -> str:
    """The words given, or standard input for '-' (or a pipe with no words)."""
    if list(words) == ["-"]:
        return sys.stdin.read()
    return " ".join(words)


def cmd_meeting_contribute(ctx: Context) -> int:
    from asynctui.client.commands import meetings

    args = ctx.args
    workspace = ctx.workspace()
    with flags():
        done = meetings.contribute(
            workspace, meeting=args.meeting, text=_text(args.text), item=args.item
        )
    m = meetings.find_meeting(workspace, args.meeting)
    missing: Any = done.fields["missing"]
    if missing is None:
        more = "You are not a participant: your contribution is read, not counted."
    elif missing:
        left = "; ".join(f"{n}. {clean_line(m.agenda[int(n) - 1])}" for n in missing)
        more = f"Still expected of you: {left}."
    else:
        more = "That was your last item: nothing more is expected of you."
    return said(ctx, done, more)


# -- close -------------------------------------------------------------------------------


def cmd_meeting_close(ctx: Context) -> int:
    from asynctui.client import rituals
    from asynctui.client.commands import meetings
    from asynctui.client.commands.forms import ActionLine

    args = ctx.args
    workspace = ctx.workspace()
    planned = []
    for spec in getattr(args, "actions", None) or []:
        text = spec["text"].strip()
        if not text:
            raise CliError("an --action is empty")
        if "owner" not in spec:
            raise CliError(f"the action {text!r} needs an --owner @someone after it")
        if "due" in spec and "within" in spec:
            raise CliError(f"the action {text!r} has both --due and --within: give one")
        due = spec.get("due") or (f"within {spec['within']}" if "within" in spec else "")
        planned.append(ActionLine(text, spec["owner"].lstrip("@"), due))
    within = any("within" in spec for spec in getattr(args, "actions", None) or [])
    with flags(due="--due/--within" if within else "--due"):
        done = meetings.close(
            workspace, meeting=args.meeting, outcome=args.outcome or "",
            decisions=args.decision or (), actions=planned,
        )  # fmt: skip
    ctx.sync_out()
    if args.json:
        ctx.write_json(done.json())
        return 0
    team, now, tz = workspace.team(), ctx.now(), ctx.me().tz
    out = ctx.out
    out.write(done.said + "\n")
    m = rituals.meeting(workspace.db, done.id)
    assert m is not None
    if m.outcome:
        out.write("Outcome:\n")
        for line in clean(m.outcome).splitlines():
            out.write(f"  {line}\n")
    if args.decision:
        out.write(f"Decisions ({len(args.decision)}):\n")
        for text in args.decision:
            out.write(f"  - {clean_line(text)}\n")
    missing: Any = done.fields["did_not_give"]
    if missing:
        out.write("Did not contribute to every item: " + ", ".join(missing) + "\n")
    follow_up = rituals.action_items(workspace.db, now, thread=m.thread, show="open")
    if follow_up:
        from asynctui.cli.action_commands import action_line

        out.write(f"Follow-up: {len(follow_up)} open action item(s)\n")
        table([action_line(a, team, tz, now)[:5] for a in follow_up], out)
    else:
        out.write("Follow-up: no open action items.\n")
    return 0


# -- the grammar ---------------------------------------------------------------------------


def situation_flags(p: argparse.ArgumentParser) -> None:
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


def register(sub: Sub, common: argparse.ArgumentParser) -> None:
    act = group(sub, common, "meeting", "async meetings: an agenda, contributions, a deadline")
    p = act("advise", cmd_meeting_advise, "should this be async? advice from answers")
    situation_flags(p)

    p = act("create", cmd_meeting_create, "open an async meeting in a channel")
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
        help="contributions due, your time: '2026-12-04 17:00', 'fri 17:00'"
        " (a day alone: the end of your working day)",
    )
    by.add_argument(
        "--within", help="contributions due within 2d, 8h... of each participant's working time"
    )
    p.add_argument("--yes", action="store_true", help="do not ask whether it should be async")
    situation_flags(p)

    act("list", cmd_meeting_list, "list meetings and what they still expect of you")

    p = act("show", cmd_meeting_show, "a meeting: agenda, contributions, who is missing")
    p.add_argument("meeting", help="id, short id or title")

    p = act("contribute", cmd_meeting_contribute, "contribute to one agenda item")
    p.add_argument("meeting", help="id, short id or title")
    p.add_argument("--item", metavar="N", help="the agenda item's number, from 1")
    p.add_argument("text", nargs="+", help="the contribution ('-': standard input)")

    p = act("close", cmd_meeting_close, "close a meeting you opened, with its outcome")
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
        help="its due time: 'fri' (the end of the owner's Friday), 'fri 17:00' (your time)",
    )  # fmt: skip
    p.add_argument(
        "--within", action=_ActionItemOption, default=follow,
        help="its due time as 2d, 8h... of the owner's working time",
    )  # fmt: skip
