"""The digest: what happened since I was last here, grouped, most pressing first.

One read model (:func:`build`) for every place it is shown: ``asynctui digest``
(plain text, or Markdown to mail from cron) and the TUI when my focus or off
time ends. Times are in the reader's zone; "overdue" is counted as everywhere
else, on the owing person's calendar.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from asynctui.client import rituals
from asynctui.client.fold import ms
from asynctui.client.obligations import Obligation, owed_by, owed_to
from asynctui.client.queries import AskRow, ThreadRow, asks, thread
from asynctui.client.team import Team
from asynctui.client.words import NO_DUE_TIME, NO_WORKING_TIME
from asynctui.core.expectations import describe_remaining
from asynctui.core.text import clean_line
from asynctui.core.timefmt import when

__all__ = ["Digest", "Section", "build", "render"]

MAX_THREADS = 15
"""Threads with new replies listed by name; the rest are counted."""


@dataclass(frozen=True)
class ThreadNews:
    thread: ThreadRow
    replies: int
    involved: bool
    """I wrote in it or was asked in it."""


@dataclass(frozen=True)
class Digest:
    me: str
    since: datetime
    now: datetime
    asks_of_me: list[AskRow] = field(default_factory=list)
    """Open asks of me, most urgent first."""
    overdue_to_me: list[AskRow] = field(default_factory=list)
    """Asks I made that are overdue: others owe me."""
    overdue_actions: list[rituals.ActionItem] = field(default_factory=list)
    """Overdue action items I own or gave."""
    decisions: list[rituals.Decision] = field(default_factory=list)
    new_actions: list[rituals.ActionItem] = field(default_factory=list)
    checkins_waiting: list[tuple[rituals.Checkin, rituals.Expected, date]] = field(
        default_factory=list
    )
    """Check-in questions waiting for my answer."""
    checkin_answers: list[tuple[rituals.Occurrence, int]] = field(default_factory=list)
    """Occurrences with answers by others since: (occurrence, how many new)."""
    meetings_waiting: list[tuple[rituals.Meeting, rituals.Participation]] = field(
        default_factory=list
    )
    threads: list[ThreadNews] = field(default_factory=list)
    more_threads: int = 0
    owed: list[Obligation] = field(default_factory=list)
    """Everything I owe, of every kind, most urgent first: one queue, as ``owed``."""
    overdue_owed_to_me: list[Obligation] = field(default_factory=list)
    """What others owe me, of every kind, that is overdue."""

    @property
    def empty(self) -> bool:
        return not (
            self.asks_of_me or self.overdue_to_me or self.overdue_actions or self.decisions
            or self.new_actions or self.checkins_waiting or self.checkin_answers
            or self.meetings_waiting or self.threads or self.owed
            or self.overdue_owed_to_me
        )  # fmt: skip


def build(db: sqlite3.Connection, team: Team, me: str, since: datetime, now: datetime) -> Digest:
    """What ``me`` should know at ``now`` of what happened after ``since``."""
    mine = asks(db, team, now, asked=me)
    theirs = asks(db, team, now, asker=me)
    actions = rituals.action_items(db, now, show="open")
    overdue_actions = [a for a in actions if a.urgency == "overdue" and me in (a.owner, a.author)]
    new_actions = [a for a in rituals.action_items(db, now, since=since) if a.author != me]
    news = _threads(db, me, since, now)
    return Digest(
        me=me,
        since=since,
        now=now,
        asks_of_me=[a for a in mine if a.asker != me],
        overdue_to_me=[a for a in theirs if a.urgency == "overdue" and a.asked != me],
        overdue_actions=overdue_actions,
        decisions=[d for d in rituals.decisions(db, since=since) if d.at <= now],
        new_actions=new_actions,
        checkins_waiting=rituals.pending_checkins(db, team, me, now),
        checkin_answers=_new_answers(db, team, me, since, now),
        meetings_waiting=rituals.waiting_meetings(db, team, me, now),
        threads=news[:MAX_THREADS],
        more_threads=max(0, len(news) - MAX_THREADS),
        owed=owed_by(db, team, me, now),
        overdue_owed_to_me=[o for o in owed_to(db, team, me, now) if o.urgency == "overdue"],
    )


def _new_answers(
    db: sqlite3.Connection, team: Team, me: str, since: datetime, now: datetime
) -> list[tuple[rituals.Occurrence, int]]:
    out = []
    for checkin_id, day, count in db.execute(
        "SELECT checkin, day, count(*) FROM checkin_answers WHERE author != ? AND at > ?"
        " AND at <= ? GROUP BY checkin, day ORDER BY day DESC, checkin",
        (me, ms(since), ms(now)),
    ):
        ci = rituals.checkin(db, str(checkin_id))
        if ci is not None:
            occurrence = rituals.occurrence(db, team, ci, date.fromisoformat(day), now)
            out.append((occurrence, int(count)))
    return out


def _threads(db: sqlite3.Connection, me: str, since: datetime, now: datetime) -> list[ThreadNews]:
    found = []
    for thread_id, replies, involved in db.execute(
        "SELECT m.thread, count(*),"
        " EXISTS (SELECT 1 FROM messages x WHERE x.thread = m.thread AND x.author = :me)"
        " OR EXISTS (SELECT 1 FROM asks a WHERE a.thread = m.thread AND a.asked = :me)"
        " FROM threads t JOIN messages m ON m.thread = t.id"
        " WHERE t.last_at > :since AND m.at > :since AND m.at <= :now AND m.author != :me"
        " GROUP BY m.thread",
        {"me": me, "since": ms(since), "now": ms(now)},
    ):
        row = thread(db, str(thread_id))
        if row is not None:
            found.append(ThreadNews(row, int(replies), bool(involved)))
    found.sort(key=lambda n: (not n.involved, -n.thread.last_at.timestamp(), n.thread.id))
    return found


# -- rendering ----------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    title: str
    lines: list[str]


def sections(digest: Digest, team: Team, tz: str) -> list[Section]:
    """The digest as titled groups of one-line entries, in reading order."""
    now = digest.now

    def who(member: str) -> str:
        return "you" if member == digest.me else f"@{team.handle(member)}"

    def where(row: ThreadRow) -> str:
        return f'"{clean_line(row.title)}" (#{clean_line(row.channel_name)})'

    def action_line(a: rituals.ActionItem) -> str:
        due = NO_DUE_TIME if a.due is None else (
            f"{describe_remaining(a.due, now)}, due {when(a.due, tz, now)}"
        )  # fmt: skip
        return f'{clean_line(a.text)} ({who(a.owner)}, {due}) in "{clean_line(a.thread_title)}"'

    def owed_line(o: Obligation, *, mine: bool) -> str:
        state = NO_WORKING_TIME if o.due is None else describe_remaining(o.due, now)
        due = "" if o.due is None else f", due {when(o.due, tz, now)}"
        title = clean_line(o.thread_title)
        if o.kind == "ask":
            what = f"{who(o.creditor)} asked" if mine else f"{who(o.debtor)} owes you a reply"
            return f'{state}{due}: {what} in "{title}"'
        if o.kind == "meeting":
            part = "your part" if mine else f"{who(o.debtor)}'s part"
            return f'{state}{due}: {part} of "{title}": {clean_line(o.what)}'
        if o.kind == "checkin":
            answer = "your answer" if mine else f"{who(o.debtor)}'s answer"
            return f"{state}{due}: {answer} to {clean_line(o.what)}"
        owner = f"{who(o.debtor)}'s" if not mine else (
            "" if o.creditor == digest.me else f"from {who(o.creditor)}"
        )  # fmt: skip
        owner = f" ({owner})" if owner else ""
        return f'{state}{due}: action item {clean_line(o.what)}{owner} in "{title}"'

    out = []
    if digest.owed:
        out.append(Section(f"What you owe ({len(digest.owed)})", [
            owed_line(o, mine=True) for o in digest.owed
        ]))  # fmt: skip
    if digest.overdue_owed_to_me:
        out.append(Section(f"Overdue to you ({len(digest.overdue_owed_to_me)})", [
            owed_line(o, mine=False) for o in digest.overdue_owed_to_me
        ]))  # fmt: skip
    if digest.checkin_answers:
        lines = []
        for occ, new in digest.checkin_answers:
            answered = len(occ.who("answered"))
            expected = answered + len(occ.who("pending", "overdue", "upcoming"))
            late = occ.who("overdue")
            tail = f"; overdue: {', '.join(who(p.member) for p in late)}" if late else ""
            lines.append(
                f"{clean_line(occ.checkin.title)}, {occ.day:%a} {occ.day.day} {occ.day:%b}:"
                f" {new} new answer{'s' if new != 1 else ''}, {answered} of {expected}"
                f" answered{tail}"
            )
        out.append(Section("Check-ins", lines))
    if digest.decisions:
        out.append(Section(f"Decisions ({len(digest.decisions)})", [
            f"{clean_line(d.text)} ({', '.join(who(x) for x in d.deciders)},"
            f" {when(d.at, tz, now)}) in \"{clean_line(d.thread_title)}\""
            for d in digest.decisions
        ]))  # fmt: skip
    if digest.new_actions:
        out.append(Section(f"New action items ({len(digest.new_actions)})", [
            action_line(a) for a in digest.new_actions
        ]))  # fmt: skip
    if digest.threads:
        lines = [
            f"{where(n.thread)}: {n.replies} new"
            f" repl{'ies' if n.replies != 1 else 'y'}" for n in digest.threads
        ]  # fmt: skip
        if digest.more_threads:
            lines.append(f"and {digest.more_threads} more threads")
        out.append(Section("Threads with new replies", lines))
    return out


def render(digest: Digest, team: Team, tz: str, *, markdown: bool = False) -> str:
    """The digest as text for a terminal, or as Markdown (for mail)."""
    since = when(digest.since, tz, digest.now)
    head = f"Digest for @{team.handle(digest.me)} since {since} ({tz})"
    parts = sections(digest, team, tz)
    bullet: Callable[[str], str] = (lambda s: f"- {s}") if markdown else (lambda s: f"  {s}")
    out = [f"# {head}" if markdown else head, ""]
    if not parts:
        out.append("Nothing new. Nothing owed.")
    for section in parts:
        out.append(f"## {section.title}" if markdown else section.title)
        if markdown:
            out.append("")
        out.extend(bullet(_md(line) if markdown else line) for line in section.lines)
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _md(text: str) -> str:
    """Text from other people, made inert in Markdown: no links, images or HTML."""
    for char in "\\`*_[]<>#|":
        text = text.replace(char, "\\" + char)
    return text
