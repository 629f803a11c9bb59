"""The steps of an ask's life after it is made: answer, acknowledge with a time,
decline, hand to someone else, withdraw, re-open.

Each is one event; who may take it, in which state, is the rule of
``core.ask_life``, said here first as a refusal a person can act on (a folder's
reader ignores a step the rule does not allow, so nothing is lost by saying it
twice: the words are here, the rule that decides is there).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from asynctui.client import queries
from asynctui.client.asking import preview as ask_preview
from asynctui.client.commands import find, forms
from asynctui.client.commands._base import Done, Refused, record
from asynctui.client.commands.asks import window
from asynctui.client.commands.threads import readers
from asynctui.client.outbox import short
from asynctui.client.queries import AskRow
from asynctui.client.workspace import Workspace
from asynctui.core.events import (
    AskAcknowledged,
    AskAnswered,
    AskCancelled,
    AskDeclined,
    AskHandedOff,
    AskReopened,
    Payload,
)
from asynctui.core.text import clean_line
from asynctui.core.timefmt import when
from asynctui.core.windows import format_window

__all__ = [
    "NEEDS",
    "Choice",
    "StepName",
    "acknowledge",
    "answer_with",
    "choices",
    "decline",
    "find_ask",
    "hand_off",
    "reopen",
    "take",
    "withdraw",
]


def find_ask(workspace: Workspace, ref: str) -> AskRow:
    """The ask a short id names, answered or withdrawn too."""
    found = queries.ask(workspace.db, workspace.team(), workspace.now(), ref)
    if found is None:
        raise Refused(f"no single ask matches {ref!r} (see `asynctui owed` and `owed --to-me`)")
    return found


def _done(workspace: Workspace, ask: AskRow, body: Payload, said: str) -> Done:
    events = record(workspace, body)
    return Done(events, said, "ask", ask.id, {"thread": ask.thread, "asked": ask.asked})


def _open(ask: AskRow) -> None:
    if ask.state != "open":
        raise Refused(f"ask {short(ask.id)} is {ask.state} already")


def _owed_by_me(workspace: Workspace, ask: AskRow, doing: str) -> None:
    if ask.asked != workspace.member:
        handle = workspace.team().handle(ask.asked)
        raise Refused(f"only @{handle}, who owes the reply, can {doing} ask {short(ask.id)}")
    _open(ask)


def withdraw(workspace: Workspace, *, ask: str) -> Done:
    """Withdraw an ask I made that is still open."""
    found = find_ask(workspace, ask)
    if found.asker != workspace.member:
        raise Refused("only the person who asked can withdraw an ask")
    _open(found)
    return _done(workspace, found, AskCancelled(ask=found.id), f"Withdrew ask {short(found.id)}.")


def answer_with(workspace: Workspace, *, ask: str, message: str) -> Done:
    """Mark a message of the ask's thread as its answer (the asker or whoever owes it)."""
    found = find_ask(workspace, ask)
    if workspace.member not in (found.asker, found.asked):
        raise Refused("only the person who asked or the one who owes the reply can mark its answer")
    if found.state not in ("open", "answered"):
        raise Refused(f"ask {short(found.id)} is {found.state}: re-open it first")
    mid, thread, author = find.message(workspace, message)
    if thread != found.thread:
        raise Refused(f"message {short(mid)} is not in the thread of ask {short(found.id)}")
    if found.answered_by == mid:
        raise Refused(f"message {short(mid)} is the answer already")
    handle = workspace.team().handle(author)
    return _done(
        workspace, found, AskAnswered(ask=found.id, message=mid),
        f"Marked @{handle}'s message {short(mid)} as the answer to ask {short(found.id)}.",
    )  # fmt: skip


def reopen(workspace: Workspace, *, ask: str) -> Done:
    """Not answered yet: the asker opens an ended ask again; whoever owes it, an answered one."""
    found = find_ask(workspace, ask)
    me = workspace.member
    if found.state == "open":
        raise Refused(f"ask {short(found.id)} is open already")
    if me != found.asker and not (me == found.asked and found.state == "answered"):
        raise Refused("only the person who asked can re-open an ask")
    return _done(
        workspace, found, AskReopened(ask=found.id),
        f"Re-opened ask {short(found.id)}: not answered yet.",
    )  # fmt: skip


def acknowledge(workspace: Workspace, *, ask: str, by: str, note: str = "") -> Done:
    """I have seen the ask and will reply by ``by`` ('thu 12:00', 'tomorrow', '4h')."""
    found = find_ask(workspace, ask)
    _owed_by_me(workspace, found, "acknowledge")
    team, now = workspace.team(), workspace.now()
    me = team.members.get(workspace.member)
    tz = team.tz(workspace.member)
    handle = me.handle if me else team.handle(workspace.member)
    promised = forms.due_for(by, handle, tz, now, team.calendar(workspace.member), option="by")
    if promised is None:
        raise Refused("say by when you will reply: 'thu 12:00', 'tomorrow', '4h'")
    text = clean_line(note)[:200]
    asker = team.handle(found.asker)
    return _done(
        workspace, found, AskAcknowledged(ask=found.id, by=promised, note=text),
        f"Told @{asker} you will reply by {when(promised, tz, now)} (ask {short(found.id)}).",
    )  # fmt: skip


def decline(workspace: Workspace, *, ask: str, reason: str = "") -> Done:
    """I will not answer this ask; ``reason`` says why to the asker."""
    found = find_ask(workspace, ask)
    _owed_by_me(workspace, found, "decline")
    asker = workspace.team().handle(found.asker)
    return _done(
        workspace, found, AskDeclined(ask=found.id, reason=clean_line(reason)[:200]),
        f"Declined ask {short(found.id)} from @{asker}.",
    )  # fmt: skip


def hand_off(workspace: Workspace, *, ask: str, to: str, within: str | None = None) -> Done:
    """Someone else owes the reply now, counted afresh on their calendar (by whoever
    owes it, or by the asker)."""
    found = find_ask(workspace, ask)
    me = workspace.member
    if me not in (found.asker, found.asked):
        raise Refused("only the person who asked or the one who owes the reply can hand it on")
    _open(found)
    team = workspace.team()
    person = find.person(team, to)
    if person.id == found.asker:
        raise Refused(f"@{person.handle} asked it: withdraw the ask instead")
    if person.id == found.asked:
        raise Refused(f"@{person.handle} owes it already")
    thread = queries.thread(workspace.db, found.thread)
    if thread is not None and person.id not in readers(workspace, thread):
        raise Refused(f"@{person.handle} cannot see this thread")
    length = window(team, person.id, within) if within else found.within
    said = ask_preview(team, person.id, length, team.tz(me), workspace.now())
    body = AskHandedOff(ask=found.id, to=person.id, within=length if within else None)
    return _done(
        workspace, found, body,
        f"Handed ask {short(found.id)} to @{person.handle} (within {format_window(length)}):"
        f" {said.text}.",
    )  # fmt: skip


# -- what I can do with the asks of a thread (the TUI's ask dialog) -------------

StepName = Literal["answer", "ack", "decline", "hand", "withdraw", "reopen"]

NEEDS: dict[StepName, str] = {
    "ack": "by when: thu 12:00, tomorrow, 4h (your time)",
    "decline": "why, for the asker (optional)",
    "hand": "to whom: @someone, then a window if you like (@cy 4h)",
}
"""What a step asks to be typed, for the steps that take words."""


@dataclass(frozen=True)
class Choice:
    ask: str
    step: StepName
    label: str
    """'Promise @ana a time', 'Withdraw my ask of @bob', ...: one line of a menu."""


def choices(workspace: Workspace, thread: str, message: str | None = None) -> list[Choice]:
    """The steps I may take on the asks of ``thread`` that I made or owe, most
    urgent ask first; ``message``: the one selected, which could be marked the answer."""
    me, team = workspace.member, workspace.team()
    found = queries.asks(workspace.db, team, workspace.now(), thread_id=thread, open_only=False)
    offered: list[Choice] = []
    # Only a message of whoever owes the reply can be its answer, as a menu offers it.
    found_message = queries.message(workspace.db, message) if message else None
    author_of = {found_message[0]: found_message[2]} if found_message else {}
    for a in found:
        if me not in (a.asker, a.asked):
            continue
        mine = a.asker == me
        whose = f"my ask of @{team.handle(a.asked)}" if mine else f"@{team.handle(a.asker)}'s ask"
        steps: list[tuple[StepName, str]] = []
        if (
            a.state in ("open", "answered")
            and message is not None
            and message != a.answered_by
            and author_of.get(message) == a.asked
        ):
            steps.append(("answer", f"The selected message answers {whose}"))
        if a.state == "open" and not mine:
            steps += [("ack", f"Promise @{team.handle(a.asker)} a time for a reply"),
                      ("decline", f"Decline {whose}")]  # fmt: skip
        if a.state == "open":
            steps.append(("hand", f"Hand {whose} to someone else"))
        if a.state == "open" and mine:
            steps.append(("withdraw", f"Withdraw {whose}"))
        if a.state == "answered" or (mine and a.state != "open"):
            steps.append(("reopen", f"Not answered yet: re-open {whose}"))
        offered += [Choice(a.id, step, label) for step, label in steps]
    return offered


def take(
    workspace: Workspace,
    ask: str,
    step: StepName,
    text: str = "",
    message: str | None = None,
    note: str = "",
) -> Done:
    """Take one step on an ask, with the words typed for it (see :data:`NEEDS`);
    ``note``: what is said with an acknowledgement."""
    if step == "answer":
        if not message:
            raise Refused("say which message answers it")
        return answer_with(workspace, ask=ask, message=message)
    if step == "ack":
        return acknowledge(workspace, ask=ask, by=text, note=note)
    if step == "decline":
        return decline(workspace, ask=ask, reason=text)
    if step == "hand":
        to, _, within = text.strip().partition(" ")
        if not to:
            raise Refused("say to whom: @someone")
        return hand_off(workspace, ask=ask, to=to, within=within.strip() or None)
    if step == "withdraw":
        return withdraw(workspace, ask=ask)
    return reopen(workspace, ask=ask)
