"""Asking someone for a reply within a window of their working time (what follows: ``ask_steps``).

What an ask will mean (when it falls due, on the asked person's calendar) is
said before it is sent, by :func:`preview`, and after, as the ask's
``Done.said``: the same words in the CLI and the TUI's ask box.
"""

from __future__ import annotations

from collections.abc import Sequence

from asynctui.client.asking import preview as ask_preview
from asynctui.client.commands import find
from asynctui.client.commands._base import Done, Refused, record
from asynctui.client.commands.threads import readers, writable_thread
from asynctui.client.outbox import short
from asynctui.client.team import Member, Team
from asynctui.client.workspace import Workspace
from asynctui.core.events import AskCreated
from asynctui.core.hours import Window
from asynctui.core.ids import new_id
from asynctui.core.text import clean_line
from asynctui.core.windows import format_window, parse_window

__all__ = ["ask", "ask_all", "askable", "preview", "window"]


def askable(workspace: Workspace, who: str) -> Member:
    """'@bob', 'bob' or a member id, as someone I may ask: anyone but me."""
    team = workspace.team()
    found = find.person(team, who)
    if found.id == workspace.member:
        raise Refused("you cannot ask yourself for a reply")
    return found


def window(team: Team, asked: str, within: str | None) -> Window:
    """The reply window typed ('8h', '90m', '2d'), or the asked person's own promise."""
    if within is None or not within.strip():
        return team.hours(asked).promise
    try:
        return parse_window(within)
    except ValueError as exc:
        raise Refused(str(exc)) from None


def preview(workspace: Workspace, *, person: str, within: str | None = None) -> str:
    """What asking ``person`` now would mean, in my zone; or why it cannot be asked."""
    try:
        asked = askable(workspace, person)
        team = workspace.team()
        return _words(workspace, team, asked, window(team, asked.id, within))
    except Refused as exc:
        return str(exc)


def _words(workspace: Workspace, team: Team, asked: Member, within: Window) -> str:
    said = ask_preview(team, asked.id, within, team.tz(workspace.member), workspace.now())
    return said.text


def ask_all(
    workspace: Workspace, *, thread: str, people: Sequence[str], within: str | None = None
) -> list[Done]:
    """Ask each of ``people`` for a reply in ``thread`` within ``within`` of their
    working time (default: each one's promise); all of them or, if one cannot
    be asked, none."""
    where = writable_thread(workspace, thread)
    team = workspace.team()
    now = workspace.now()
    can_read = readers(workspace, where)
    asked: list[tuple[Member, Window]] = []
    for who in people:
        member = askable(workspace, who)
        if member.id not in can_read:
            raise Refused(
                f"@{member.handle} is not a member of #{clean_line(where.channel_name)},"
                " so cannot see this thread"
            )
        if any(member.id == m.id for m, _ in asked):
            continue
        asked.append((member, window(team, member.id, within)))
    if not asked:
        raise Refused("name someone to ask: @bob")
    bodies = [AskCreated(ask=new_id(), thread=where.id, asked=m.id, within=w) for m, w in asked]
    events = record(workspace, *bodies)
    done = []
    for event, body, (member, within_) in zip(events, bodies, asked, strict=True):
        said = ask_preview(team, member.id, within_, team.tz(workspace.member), now)
        done.append(
            Done(
                (event,),
                f"Asked @{member.handle} in {short(where.id)} for a reply within"
                f" {format_window(within_)}. {said.text}.",
                "ask",
                body.ask,
                {
                    "thread": where.id,
                    "asked": member.id,
                    "asked_handle": member.handle,
                    "within": format_window(within_),
                    "due": said.due,
                },
            )  # fmt: skip
        )
    return done


def ask(workspace: Workspace, *, thread: str, person: str, within: str | None = None) -> Done:
    """Ask one person for a reply in ``thread``: see :func:`ask_all`."""
    return ask_all(workspace, thread=thread, people=[person], within=within)[0]
