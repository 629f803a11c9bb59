"""A workspace as one person on one device sees it: identity, replica, store and clock.

Everything a person does goes through ``emit``: the event is made here (id,
Lamport counter, device, author, time), kept durably in the replica's outbox
and folded into the replica at once, then ``sync`` sends it to the store and
brings back what others wrote.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import datetime

from asynctui.client.fold import ms
from asynctui.client.outbox import OutboxError, describe, find
from asynctui.client.replica import Outgoing, Replica, ReplicaError
from asynctui.client.team import Team
from asynctui.core.claims import Counters, plausible
from asynctui.core.clock import Clock
from asynctui.core.events import (
    AskCreated,
    Event,
    InvalidEvent,
    MessagePosted,
    Payload,
    ThreadOpened,
    decode,
    encode,
)
from asynctui.core.ids import new_id
from asynctui.stores.base import EventRefused, Store, StoreReset, StoreUnavailable

PULL_BATCH = 20_000
"""Events folded per transaction when catching up: bounds memory on a first sync."""

CATCH_UP_FROM = 5_000
"""A first read of at least this many events is a long history: it is folded
by catching up (``Replica.begin_catch_up``), which pays off from about here."""


@dataclass(frozen=True)
class Refusal:
    """An event of mine the store refused for good, and the store's reason."""

    event: Event
    reason: str

    def __str__(self) -> str:
        return f"{describe(self.event)}: {self.reason}"


@dataclass
class SyncReport:
    sent: int = 0
    received: int = 0
    queued: int = 0
    """Events still waiting in the outbox (the store could not be reached)."""
    failed: int = 0
    """Events in the outbox the store refused for good, in this sync or before;
    they stay there, on this device only, until discarded."""
    refused: list[Refusal] = field(default_factory=list)
    """The events the store refused in this sync: each is refused once, so this
    is the moment to tell the user which and why."""
    discarded: list[Event] = field(default_factory=list)
    """Events dropped from the outbox at the user's word before this sync."""
    offline: str | None = None
    """Why the store could not be reached, if it could not."""
    retry_after: float | None = None
    """Seconds the store asked us to wait before trying again (a busy server)."""
    warnings: list[str] = field(default_factory=list)
    news: int = 0
    """Messages, new threads and asks by other people among what was received:
    what is worth telling the user about."""
    echoes: int = 0
    """My own events sent from this workspace, read back among what was received:
    folded here when they were made, so nothing new to show."""
    news_events: list[Event] = field(default_factory=list)
    """The first ``MAX_NEWS`` of those news events themselves, to say what they were."""


_NEWS = (ThreadOpened, MessagePosted, AskCreated)
_MOST_SENT = 10_000
MAX_NEWS = 200
"""News events a report keeps (all are counted): a notification names a few."""

__all__ = ["CATCH_UP_FROM", "PULL_BATCH", "OutboxError", "Refusal", "SyncReport", "Workspace"]


class Workspace:
    pull_batch = PULL_BATCH
    catch_up_from = CATCH_UP_FROM

    def __init__(
        self, replica: Replica, store: Store | None, clock: Clock, member: str, device: str
    ) -> None:
        self.replica = replica
        self.store = store
        self.clock = clock
        self.member = member
        self.device = device
        self._sent: set[str] = set()
        """Ids sent and not yet read back: their echo is no change to show."""

    @property
    def db(self) -> sqlite3.Connection:
        return self.replica.db

    def now(self) -> datetime:
        return self.clock.now()

    def team(self) -> Team:
        return Team(self.replica.db)

    def emit(self, body: Payload) -> Event:
        """Make an event of mine, keep it in the outbox and fold it locally."""
        event = self.check(body)
        self.replica.record(event)
        return event

    def check(self, body: Payload) -> Event:
        """The event ``body`` would be now, or ReplicaError if no reader would accept it."""
        now = self.clock.now()
        event = Event(
            id=new_id(ms(now)),
            lamport=self.replica.lamport + 1,
            device=self.device,
            author=self.member,
            at=now,
            body=body,
        )
        try:
            # What every reader would refuse (a status over 500 characters) is
            # refused here, before it reaches the outbox.
            decode(encode(event))
        except InvalidEvent as exc:
            raise ReplicaError(f"not recorded: {exc}") from None
        return event

    def push(self, report: SyncReport) -> None:
        """Send the outbox. An event the store refuses for good is set aside as
        failed (visible in the outbox) and the others go on; an unreachable
        store leaves everything queued. Any other store error (a revoked token,
        say) is raised, with every event still queued."""
        if self.store is None:
            return
        pending = [p.event for p in self.replica.outbox("pending")]
        while pending:
            try:
                self.store.append(pending)
            except StoreUnavailable as exc:
                report.offline = str(exc)
                report.retry_after = exc.retry_after
                break
            except EventRefused as exc:
                if not 0 <= exc.index < len(pending):
                    raise
                refused = pending.pop(exc.index)
                self.replica.mark_failed(refused.id, exc.reason)
                report.refused.append(Refusal(refused, exc.reason))
            else:
                self.replica.acknowledge(e.id for e in pending)
                report.sent += len(pending)
                if len(self._sent) > _MOST_SENT:
                    self._sent.clear()  # an echo missed is only one redraw more
                self._sent.update(e.id for e in pending)
                break
        outbox = self.replica.outbox()
        report.queued = sum(1 for o in outbox if o.state == "pending")
        report.failed = sum(1 for o in outbox if o.state == "failed")

    def pull(self, report: SyncReport) -> None:
        if self.store is None or report.offline:
            return
        self._pull(report)
        # Also when the store went away part way: what came so far is usable.
        if self.replica.catching_up:
            self.replica.finish_catch_up()

    def _pull(self, report: SyncReport) -> None:
        assert self.store is not None
        cursor = self.replica.get_meta("cursor") or ""
        reset = False
        counters = Counters(self.replica.lamport)
        while True:
            try:
                result = self.store.read_after(cursor, limit=self.pull_batch)
            except StoreUnavailable as exc:
                report.offline = str(exc)
                report.retry_after = exc.retry_after
                return
            except StoreReset as exc:
                if reset or not cursor:
                    # Once per sync: a store that refuses even the start is broken.
                    report.offline = str(exc)
                    return
                reset = True
                report.warnings.append(f"{exc}: the replica is rebuilt from the start of the log")
                self.replica.rebuild()
                cursor = ""
                counters = Counters(0)
                continue
            report.warnings.extend(result.warnings)
            # What no honest client makes is skipped, from any store, and said.
            events, skipped = plausible(result.events, counters)
            report.warnings.extend(skipped)
            if result.cursor == cursor and not result.events:
                return
            if not cursor and len(events) >= self.catch_up_from:
                if not self.replica.catching_up:
                    self.replica.begin_catch_up()
            self.replica.apply(events, cursor=result.cursor)
            report.received += len(events)
            if self._sent:
                echoes = self._sent.intersection(e.id for e in events)
                self._sent -= echoes
                report.echoes += len(echoes)
            if not reset:  # after a reset, everything comes again: not news
                came = [e for e in events if e.author != self.member and isinstance(e.body, _NEWS)]
                report.news += len(came)
                report.news_events += came[: MAX_NEWS - len(report.news_events)]
            cursor = result.cursor

    def sync(self) -> SyncReport:
        """Send my queued events, then fold in everything new from the store."""
        report = SyncReport()
        self.push(report)
        self.pull(report)
        return report

    def discardable(self, ref: str, *, force: bool = False) -> Outgoing:
        """The outbox's event ``ref`` names, if it may be discarded; else OutboxError."""
        found = find(self.replica.outbox(), ref)
        if found.state == "pending" and not force:
            raise OutboxError(
                f"{describe(found.event)} is still waiting to be sent, not refused;"
                " add --force to discard it anyway (if it has reached the store already,"
                " it comes back at the next sync)"
            )
        return found

    def discard(self, ref: str, *, force: bool = False) -> SyncReport:
        """Drop one event from the outbox (by its id or a unique ending of it) and
        undo what it did here; the replica is then read again from the store.

        Only a refused event, unless ``force``: a pending one may reach the
        store yet. The replica keeps the folded state, not the events behind it,
        so undoing one means folding the log again without it. That needs the
        store, so nothing is discarded while it cannot be reached: the replica
        would stay empty until it could.
        """
        found = self.discardable(ref, force=force)
        if self.store is None:
            raise OutboxError("this workspace has no store to read the replica again from")
        check = SyncReport()
        self.pull(check)
        if check.offline:
            raise OutboxError(
                f"cannot discard while offline ({check.offline}): the replica is read"
                " again from the store without it"
            )
        self.replica.discard(found.event.id)
        report = self.sync()
        # Everything came again: only what the check brought is news.
        report.news, report.news_events = check.news, check.news_events
        report.warnings[:0] = check.warnings
        report.discarded.append(found.event)
        return report
