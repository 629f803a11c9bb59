"""A lively sample team, written as real journals in a real folder.

Five people in five time zones keep a few days of history: threads with
replies and reactions, asks that are answered, due soon and overdue,
statuses with expiries, focus blocks and someone on time off. Times are
relative to the moment the demo is made, so the badges always look alive.
The viewer is Ana in Berlin.

The team's rituals run too: a daily and a weekly check-in with a few days of
answers, an open async meeting still waiting for Ana, a closed one with its
decisions and action items (done, open, overdue and due soon), and a decision
and an action item taken from ordinary thread messages. A check-in reaches
each person at 09:30 on their own clock, so who has answered the current
occurrence is worked out for the moment the demo is made (see ``_answered``):
whatever the weekday and hour, it shows answers, someone still to answer,
someone overdue where the clock allows it, and Kenji skipped on his time off.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import combinations
from pathlib import Path
from zoneinfo import ZoneInfo

from asynctui.client.fold import ms
from asynctui.core.calendar import WorkCalendar
from asynctui.core.events import (
    ActionCreated,
    ActionDone,
    AskCreated,
    ChannelCreated,
    CheckinAnswered,
    CheckinCreated,
    DecisionMade,
    Event,
    HoursSet,
    MeetingClosed,
    MeetingOpened,
    MessageEdited,
    MessagePosted,
    Payload,
    ProfileSet,
    ReactionAdded,
    ReadMarked,
    StatusSet,
    ThreadOpened,
    ThreadResolved,
    occurrence_thread,
)
from asynctui.core.hours import Hours, TimeOff, Window
from asynctui.core.ids import new_id
from asynctui.core.names import DIRECT_PREFIX, direct_channel_id
from asynctui.core.rules import parse_rules
from asynctui.core.schedule import Schedule, latest, occurs_on, start_of, wall_instant
from asynctui.stores.folder import FolderStore


@dataclass(frozen=True)
class Person:
    handle: str
    name: str
    tz: str
    hours: Hours

    @property
    def member(self) -> str:
        return "m-" + self.handle

    @property
    def device(self) -> str:
        return f"{self.handle}-laptop"


def _hours(
    work: str,
    focus: str = "",
    off: str = "",
    promise: str = "8h",
    time_off: tuple[TimeOff, ...] = (),
) -> Hours:
    return Hours(
        working=tuple(parse_rules(work)),
        focus=tuple(parse_rules(focus)) if focus else (),
        always_off=tuple(parse_rules(off)) if off else (),
        time_off=time_off,
        promise=Window(int(promise[:-1]), promise[-1]),  # type: ignore[arg-type]
    )


VIEWER = "ana"


def people(anchor: datetime) -> list[Person]:
    kenji_last_day = (anchor + timedelta(days=1)).date()
    return [
        Person(
            "maya",
            "Maya Chen",
            "America/Los_Angeles",
            _hours("Mon-Fri 08:30-16:30", focus="Mon,Wed 13:00-15:00"),
        ),
        Person(
            "sam",
            "Sam Okafor",
            "America/New_York",
            _hours("Mon-Fri 09:00-12:00,13:00-17:30", promise="4h"),
        ),
        Person(
            "ana",
            "Ana Ruiz",
            "Europe/Berlin",
            _hours("Mon-Fri 09:00-17:00", focus="Tue,Thu 09:00-11:00", off="Mon-Fri 12:30-13:15"),
        ),
        Person(
            "priya",
            "Priya Raman",
            "Asia/Kolkata",
            _hours("Mon-Fri 10:00-18:30", focus="Mon-Fri 14:00-15:30", promise="1d"),
        ),
        Person(
            "kenji",
            "Kenji Sato",
            "Asia/Tokyo",
            _hours(
                "Mon-Fri 09:30-18:00",
                time_off=(
                    TimeOff(
                        first=(anchor - timedelta(days=2)).date(),
                        last=kenji_last_day,
                        note="Family trip to Hokkaido",
                    ),
                ),
            ),
        ),
    ]


@dataclass
class _Log:
    """Writes events in story order, with one Lamport clock as if everyone saw everything."""

    anchor: datetime
    events: list[Event] = field(default_factory=list)
    lamport: int = 0

    def at(self, person: Person, ago: timedelta, body: Payload) -> Event:
        self.lamport += 1
        when = self.anchor - ago
        event = Event(
            id=new_id(ms(when)),
            lamport=self.lamport,
            device=person.device,
            author=person.member,
            at=when,
            body=body,
        )
        self.events.append(event)
        return event


def _h(hours: float) -> timedelta:
    return timedelta(hours=hours)


# -- check-ins ------------------------------------------------------------------------

DAILY = Schedule(at=9 * 60 + 30)
"""Weekdays at 09:30, on each person's own clock."""
WEEKLY = Schedule(at=10 * 60, days=(0,))
"""Mondays at 10:00."""

_QUICK = timedelta(minutes=10)
"""The soonest anyone answers after the question reaches them."""
_VIEWER_DAY = timedelta(hours=16)
"""Ana leaves today's daily question open (so the demo shows it waiting for her)
while it reached her this recently; an older one she answered."""

# Answers, newest first: [0] for the current occurrence, [1] for the one before...
_DAILY_ANSWERS: dict[str, tuple[tuple[str, ...], ...]] = {
    "ana": (
        ("Payment copy read for Priya, 6 strings", "Onboarding empty states: real copy in B",
         "Still owe Maya the 'what you'll work on' part"),
        ("Reviewed PR #482 (cursor pagination)", "Three empty-state options to the team",
         "None"),
        ("Team plan pricing: decisions written up", "Release notes draft for 2.4",
         "Owe Maya the job post part"),
        ("Two design-partner interviews with Maya", "Synthesis of the onboarding research",
         "None"),
        ("Agenda and goal for the pricing meeting", "Read the Q1 plan draft", "None"),
    ),
    "kenji": (
        ("Handed the push handler notes to Sam", "Last day before my trip: tidy my PRs",
         "None"),
        ("Push token refresh fix merged", "First look at the Android 15 resume crash",
         "Can't reproduce it on an emulator"),
        ("Release 2.3 at 100%, zero rollbacks", "Clean up the push handler", "None"),
        ("Staged rollout of 2.3 to 50%", "Watch the crash rate, then 100%", "None"),
        ("Feature flag for the new push flow", "Release 2.3 to 5%", "None"),
    ),
    "maya": (
        ("Q1 plan: the numbers in section 3", "Roadmap input, then the hiring post",
         "Waiting on Ana's part of the job post"),
        ("Market sizing for DE, JP, US and IN", "Get the launch markets decided", "None"),
        ("Job post draft for the second backend role", "1:1s, then the Q1 plan", "None"),
        ("Two design-partner interviews", "Write up what they told us", "None"),
        ("Interview notes behind the €8 price", "Board update slides", "None"),
    ),
    "priya": (
        ("Webhook retries for the payment provider", "Payment screen copy ships tonight",
         "Need Ana's tone check on the copy"),
        ("Provider confirmed 3 weeks for IN", "Webhook retries, with tests", "None"),
        ("PR #482: cursor pagination for /events", "Load-test it with 100k events", "None"),
        ("Sandbox keys from the payment provider", "Spike: UPI flow in the sandbox",
         "A legal contact for the provider contract"),
        ("Fixed the flaky sync test (zone in a fixture)", "Estimate payments for Q1", "None"),
    ),
    "sam": (
        ("Outline vs filled icons at 16px, side by side", "Empty-state copy with Maya",
         "Waiting on Ana: outline or filled?"),
        ("Reproduced the resume crash on a Pixel 8", "Empty states in Figma", "None"),
        ("Settings screen handed over to Kenji", "Review the hiring post draft", "None"),
        ("Notes from 3 onboarding usability calls", "Clickable prototype of option B",
         "None"),
        ("Pricing page mock-ups", "Team plan page copy with Ana", "None"),
    ),
}  # fmt: skip

_WEEKLY_ANSWERS: dict[str, tuple[tuple[str, ...], ...]] = {
    "ana": (("Team plan pricing decided, in writing", "Onboarding empty states"),),
    "kenji": (("Release 2.3 at 100% with zero rollbacks", "A clean handover before my trip"),),
    "maya": (("Two design partners signed up", "The Q1 plan, final draft"),),
    "priya": (("Cursor pagination shipped behind a flag", "Payment provider webhooks"),),
    "sam": (("Onboarding prototype tested with 3 people", "The new icon set"),),
}


@dataclass(frozen=True)
class _Turn:
    """One person's part in one occurrence of a check-in."""

    person: Person
    day: date
    back: int
    """How many occurrences before the current one (0 is the current one)."""
    starts: datetime
    due: datetime | None

    def state(self, now: datetime) -> str:
        """What the read model calls it at ``now`` while it is unanswered."""
        return "overdue" if self.due is not None and now >= self.due else "pending"


def _skipped(
    person: Person, day: date, starts: datetime, away: Sequence[tuple[datetime, datetime]]
) -> bool:
    """Whether the read model skips this person's turn (``rituals._skip_reason``):
    time off, out of office when the question reaches them, no work that day."""
    if any(off.first <= day <= off.last for off in person.hours.time_off):
        return True
    if any(first <= starts < last for first, last in away):
        return True
    midnight = wall_instant(day, 0, person.tz)
    next_midnight = wall_instant(day + timedelta(days=1), 0, person.tz)
    return not WorkCalendar(person.tz, person.hours).intervals(midnight, next_midnight)


def _turns(
    schedule: Schedule,
    within: Window,
    created: datetime,
    team: Sequence[Person],
    now: datetime,
    away: Mapping[str, Sequence[tuple[datetime, datetime]]],
) -> list[_Turn]:
    """Everyone's turns in each occurrence that has reached them by ``now``,
    newest occurrence first; skipped turns left out.

    As in ``rituals``: a turn is asked if it comes after the check-in was created
    or could still be answered in time then, and the current occurrence is the
    newest that has reached anyone (it reaches Tokyo first, Los Angeles last).
    """
    calendars = {p.handle: WorkCalendar(p.tz, p.hours, away.get(p.handle, ())) for p in team}

    def asked(p: Person, starts: datetime) -> tuple[bool, datetime | None]:
        due = calendars[p.handle].add(starts, within)
        return starts >= created or (due is not None and due > created), due

    reached = [
        found[0]
        for p in team
        if (found := latest(schedule, p.tz, now)) is not None and asked(p, found[1])[0]
    ]
    if not reached:
        return []
    turns: list[_Turn] = []
    day, back = max(reached), 0
    while day >= created.date() - timedelta(days=2):
        if occurs_on(schedule, day):
            for p in team:
                starts = start_of(schedule, day, p.tz)
                ours, due = asked(p, starts)
                if ours and starts <= now and not _skipped(p, day, starts, away.get(p.handle, ())):
                    turns.append(_Turn(p, day, back, starts, due))
            back += 1
        day -= timedelta(days=1)
    return turns


def _answered(
    turns: Sequence[_Turn],
    created: datetime,
    now: datetime,
    *,
    quickest: Sequence[str],
    missed: Mapping[int, str],
    late: Mapping[int, str],
    viewer_waits: bool,
) -> list[tuple[_Turn, datetime]]:
    """Which turns were answered, and when (never after ``now``).

    Earlier occurrences are answered, each person at their own pace, but for
    ``missed`` (``back`` -> handle: never answered) and ``late`` (answered after
    the due time). In the current occurrence those it has reached are split so
    that as many of answered, pending and overdue show as the hour allows
    (only Priya and Ana have their question on a Berlin morning), the quicker
    people answering; with ``viewer_waits`` Ana's own question stays open.
    """
    pace = {handle: timedelta(minutes=20 + 25 * n) for n, handle in enumerate(quickest)}

    def on_time(turn: _Turn) -> datetime:
        since = max(turn.starts, created)
        at = since + pace[turn.person.handle] + timedelta(minutes=turn.back * 13 % 30)
        return at if turn.due is None or at < turn.due else since + (turn.due - since) / 2

    out = []
    for turn in turns:
        if turn.back == 0 or missed.get(turn.back) == turn.person.handle:
            continue
        if late.get(turn.back) == turn.person.handle and turn.due is not None:
            at = turn.due + timedelta(minutes=90)
        else:
            at = on_time(turn)
        if at < now:  # a question that only just reached them may still be open
            out.append((turn, at))

    current = [t for t in turns if t.back == 0]
    waits = [
        viewer_waits and t.person.handle == VIEWER and now - t.starts < _VIEWER_DAY for t in current
    ]
    can = [
        n for n, t in enumerate(current) if not waits[n] and now - max(t.starts, created) >= _QUICK
    ]

    def score(chosen: tuple[int, ...]) -> tuple[int, int, int]:
        states = {"answered" if n in chosen else t.state(now) for n, t in enumerate(current)}
        speed = sum(quickest.index(current[n].person.handle) for n in chosen)
        return (len(states), len(chosen), -speed)

    best = max((c for size in range(len(can) + 1) for c in combinations(can, size)), key=score)
    for n in best:
        turn = current[n]
        since = max(turn.starts, created)
        out.append((turn, min(on_time(turn), since + (now - since) / 2)))
    out.sort(key=lambda answered: answered[1])
    return out


def _kenji_back(kenji: Person) -> datetime:
    """The midnight, in Tokyo, that ends Kenji's time off."""
    return datetime.combine(
        kenji.hours.time_off[0].last + timedelta(days=1), time(0), tzinfo=ZoneInfo(kenji.tz)
    )


def _checkins(
    log: _Log,
    team: Sequence[Person],
    created: datetime,
    away: Mapping[str, Sequence[tuple[datetime, datetime]]],
) -> None:
    """The daily check-in (Maya missed the last one, Sam answered the one before
    late) and the weekly one, with their answers up to the anchor."""
    maya = next(p for p in team if p.handle == "maya")
    members = tuple(sorted(p.member for p in team))
    daily = CheckinCreated(
        checkin=new_id(ms(created)),
        channel="c-check-ins",
        title="Daily check-in",
        questions=("What did you finish?", "What's next?", "Anything blocking you?"),
        schedule=DAILY,
        members=members,
        within=Window(4, "h"),
    )
    weekly = CheckinCreated(
        # Made a millisecond after the daily one: the check-ins list orders by when
        # each was made, then by id, and two ids of one millisecond fall either way.
        checkin=new_id(ms(created) + 1),
        channel="c-check-ins",
        title="Weekly wins",
        questions=("What was your win last week?", "What will you finish this week?"),
        schedule=WEEKLY,
        members=members,
        within=Window(1, "d"),
    )
    answered: list[tuple[str, _Turn, datetime, tuple[str, ...]]] = []
    for checkin, texts, plan in (
        (daily, _DAILY_ANSWERS, _answered(
            _turns(DAILY, daily.within, created, team, log.anchor, away), created, log.anchor,
            quickest=("priya", "kenji", "maya", "ana", "sam"),
            missed={1: "maya"}, late={2: "sam"}, viewer_waits=True,
        )),
        (weekly, _WEEKLY_ANSWERS, _answered(
            _turns(WEEKLY, weekly.within, created, team, log.anchor, away), created, log.anchor,
            quickest=("ana", "sam", "kenji", "maya", "priya"),
            missed={}, late={}, viewer_waits=False,
        )),
    ):  # fmt: skip
        log.at(maya, log.anchor - created, checkin)
        for turn, at in plan:
            own = texts[turn.person.handle]
            answered.append((checkin.checkin, turn, at, own[turn.back % len(own)]))
    answered.sort(key=lambda a: a[2])
    latest: dict[str, datetime] = {}
    for checkin_id, turn, exact, answers in answered:
        at = exact.replace(microsecond=0)
        log.at(
            turn.person,
            log.anchor - at,
            CheckinAnswered(
                checkin=checkin_id, day=turn.day, message=new_id(ms(at)), answers=answers
            ),
        )
        thread = occurrence_thread(checkin_id, turn.day)
        latest[thread] = max(at, latest.get(thread, at))
    # Ana has read the check-ins of earlier days: only the recent ones are new to her.
    ana = next(p for p in team if p.handle == "ana")
    for thread, last in latest.items():
        read_at = last + _h(0.5)
        if read_at <= log.anchor - _h(12):
            log.at(ana, log.anchor - read_at, ReadMarked(thread=thread, upto=last))


def story(anchor: datetime) -> list[Event]:
    """The demo's history, newest at ``anchor``."""
    team = {p.handle: p for p in people(anchor)}
    maya, sam, ana, priya, kenji = (team[h] for h in ("maya", "sam", "ana", "priya", "kenji"))
    log = _Log(anchor)
    start = _h(24 * 6)
    for p in team.values():
        log.at(p, start, ProfileSet(name=p.name, handle=p.handle, tz=p.tz))
        log.at(p, start - _h(0.1), HoursSet(hours=p.hours))
    for name, topic in (
        ("general", "Team-wide news and questions"),
        ("product", "Roadmap, specs and decisions"),
        ("engineering", "Builds, reviews, incidents"),
        ("design", "Sketches and critiques"),
        ("random", "Everything else"),
        ("check-ins", "Daily and weekly check-ins: answer whenever your day starts"),
    ):
        log.at(maya, start - _h(0.2), ChannelCreated(channel="c-" + name, name=name, topic=topic))
    # Maya and Ana's direct conversation: '@maya' in Ana's sidebar, never a channel.
    with_maya = direct_channel_id({maya.member, ana.member})
    log.at(
        maya,
        start - _h(0.3),
        ChannelCreated(
            channel=with_maya,
            name="dm-ana-maya",
            private=True,
            members=tuple(sorted((maya.member, ana.member))),
        ),
    )

    def thread(who: Person, ago: float, channel: str, title: str, body: str) -> str:
        tid = new_id(ms(anchor - _h(ago)))
        log.at(
            who,
            _h(ago),
            ThreadOpened(
                thread=tid,
                channel=channel if channel.startswith(DIRECT_PREFIX) else "c-" + channel,
                title=title,
                message=new_id(ms(anchor - _h(ago))),
                body=body,
            ),
        )
        return tid

    def say(
        who: Person,
        ago: float,
        tid: str,
        body: str,
        quote: str | None = None,
        item: int | None = None,
    ) -> str:
        mid = new_id(ms(anchor - _h(ago)))
        log.at(
            who,
            _h(ago),
            MessagePosted(message=mid, thread=tid, body=body, quote=quote, item=item),
        )
        return mid

    def ask(who: Person, ago: float, tid: str, of: Person, within: str) -> None:
        window = Window(int(within[:-1]), within[-1])  # type: ignore[arg-type]
        log.at(
            who,
            _h(ago),
            AskCreated(
                ask=new_id(ms(anchor - _h(ago))), thread=tid, asked=of.member, within=window
            ),
        )

    def react(who: Person, ago: float, mid: str, emoji: str) -> None:
        log.at(who, _h(ago), ReactionAdded(message=mid, emoji=emoji))

    def meeting(
        who: Person,
        ago: float,
        channel: str,
        title: str,
        goal: str,
        agenda: tuple[str, ...],
        participants: tuple[Person, ...],
        within: Window | None = None,
        deadline: datetime | None = None,
    ) -> str:
        tid = new_id(ms(anchor - _h(ago)))
        log.at(
            who,
            _h(ago),
            MeetingOpened(
                thread=tid,
                channel="c-" + channel,
                title=title,
                message=new_id(ms(anchor - _h(ago))),
                goal=goal,
                agenda=agenda,
                participants=tuple(p.member for p in participants),
                deadline=deadline,
                within=within,
            ),
        )
        return tid

    def decide(
        who: Person, ago: float, tid: str, text: str, on: tuple[str, ...], by: tuple[Person, ...]
    ) -> None:
        decision = DecisionMade(
            decision=new_id(ms(anchor - _h(ago))),
            thread=tid,
            text=text,
            messages=on,
            deciders=tuple(p.member for p in by),
        )
        log.at(who, _h(ago), decision)

    def act(
        who: Person,
        ago: float,
        tid: str,
        text: str,
        owner: Person,
        due: float | None,
        message: str | None = None,
    ) -> str:
        """An action item; ``due`` is hours from the anchor (negative: in the past)."""
        aid = new_id(ms(anchor - _h(ago)))
        when = None if due is None else anchor + _h(due)
        log.at(
            who,
            _h(ago),
            ActionCreated(
                action=aid, thread=tid, text=text, owner=owner.member, due=when, message=message
            ),
        )
        return aid

    # A launch plan with a decision pending: Ana owes Maya an answer, overdue.
    t = thread(
        maya,
        70,
        "product",
        "Q1 launch: which markets first?",
        "Draft plan is in the doc. I'd like us to pick two launch markets by Friday.\n"
        "Options: DE + JP, or US + IN. Numbers are in section 3.",
    )
    m = say(sam, 66, t, "US + IN gives us the biggest design overlap with the current flows.")
    react(maya, 65, m, "👍")
    say(priya, 60, t, "IN needs the new payment provider; backend estimate is 3 weeks.")
    ask(maya, 52, t, ana, "8h")
    ask(maya, 52, t, priya, "1d")
    say(priya, 40, t, "Estimate confirmed with the provider: 3 weeks, no surprises.")

    # An API review: Priya asked Ana, Ana answered in time.
    t = thread(
        priya,
        50,
        "engineering",
        "Review: events API pagination",
        "PR #482 switches /events to cursor pagination. Main question: do we keep\n"
        "`offset` for one release? Diff is small, tests included.",
    )
    ask(priya, 49.5, t, ana, "4h")
    m = say(ana, 46, t, "Looks good. Keep `offset` one release, with a Deprecation header.")
    react(priya, 45, m, "🙏")
    # A decision marked on an ordinary message, and an action item taken from it.
    decide(priya, 44.5, t, "Keep `offset` for one more release, with a Deprecation header",
           (m,), (priya, ana))  # fmt: skip
    act(priya, 44.4, t, "Send the `offset` deprecation note to API users", priya, 22, m)
    log.at(priya, _h(44), ThreadResolved(thread=t))

    # Ana asks Sam for design feedback: due soon.
    t = thread(
        ana,
        5,
        "design",
        "Onboarding empty states",
        "Three options for the empty inbox, screenshots attached in Figma.\n"
        "I lean to option B: friendly, one clear action.",
    )
    say(maya, 3, t, "B for me too. Can we try it with the real copy?")
    ask(ana, 2.5, t, sam, "4h")

    # Ana asks Kenji, who is on time off: the clock waits until he is back.
    t = thread(
        ana,
        30,
        "engineering",
        "Crash on Android 15 when resuming",
        "Seen in 0.4% of sessions since Tuesday. Stack trace points at the push\n"
        "handler. Kenji, you know this code best.",
    )
    m = say(sam, 28, t, "Repro'd on a Pixel 8: open app, lock, wait 10 min, unlock.")
    react(ana, 27.5, m, "🎯")
    ask(ana, 27, t, kenji, "1d")

    # Priya asks Ana for a quick review before her evening: due within the hour.
    t = thread(
        priya,
        6,
        "product",
        "Payment screen copy, final check",
        "Legal signed off on the wording. Ana, one last read for tone before I ship\n"
        "it tonight? It's 6 short strings in the PR description.",
    )
    ask(priya, 6, t, ana, "3h")

    # A direct conversation, read and answered: Maya and Ana plan their 1:1.
    t = thread(
        maya,
        44,
        with_maya,
        "Our 1:1 this week",
        "Can we do it async this time? I'll drop my notes here by Thursday.",
    )
    say(ana, 41, t, "Async works. I'll add **two things**: the hiring post and Q1 themes.")

    # Sam asks Ana: open, not yet due.
    t = thread(
        sam,
        1.5,
        "design",
        "Icon set: outline or filled?",
        "Outline reads lighter but filled tests better at 16px. Thoughts?",
    )
    ask(sam, 1.4, t, ana, "8h")

    # Maya asked Ana about hiring: overdue by a day.
    t = thread(
        maya,
        100,
        "general",
        "Hiring: second backend engineer",
        "Job post draft is ready. Ana, can you write the 'what you'll work on' part?",
    )
    ask(maya, 99, t, ana, "1d")
    say(sam, 90, t, "Happy to review the post when it's ready.")

    # A lively general thread with edits and reactions.
    t = thread(
        sam,
        20,
        "general",
        "Friday demo: who's presenting?",
        "Async demos this week: record a 3-minute video and drop the link here.",
    )
    m = say(priya, 18, t, "Recording the new payments flow tonight 🎬")
    react(maya, 17, m, "🎉")
    react(ana, 12, m, "🎉")
    m2 = say(ana, 11, t, "I'll share the onboarding prototype.", quote=m)
    log.at(
        ana,
        _h(10.9),
        MessageEdited(
            message=m2, body="I'll share the onboarding prototype (with the new empty states)."
        ),
    )
    react(sam, 10, m2, "❤️")
    log.at(ana, _h(10.5), ReadMarked(thread=t, upto=anchor - _h(11)))

    t = thread(
        priya,
        8,
        "random",
        "Book club: 'Remote' by Fried & Hansson",
        "Chapter 3 is about async by default. Comments welcome whenever.",
    )
    say(maya, 6, t, "The bit about 'no meeting Wednesdays' made me laugh. We should try it.")

    # A closed meeting: its outcome, decisions on contributions, and action items
    # done, open, overdue (Sam's, given by Ana) and due soon (Ana's own).
    t = meeting(
        ana,
        130,
        "product",
        "Team plan pricing",
        "Settle the Team plan's price and billing in writing, without a call. Reply per\n"
        "agenda item; I'll write up the decisions when everyone is in.",
        ("Price per seat: €6, €8 or €10?", "Billing at launch: monthly, annual or both?",
         "What does the free tier keep?"),
        (ana, maya, sam, priya),
        deadline=anchor - _h(130 - 72),
    )  # fmt: skip
    price = say(maya, 127, t, "€8. In the interviews €10 was where people started to hesitate.",
                item=0)  # fmt: skip
    billing = say(priya, 124, t, "Annual only at launch: monthly billing needs the provider's new"
                  " API, and that is Q2 work.", item=1)  # fmt: skip
    free = say(sam, 104, t, "Free keeps 3 channels and 30 days of history; older history is the"
               " upgrade.", item=2)  # fmt: skip
    hooked = say(maya, 102, t, "Agree with Sam, and keep check-ins free: that's how teams get"
                 " hooked.", item=2, quote=free)  # fmt: skip
    page = say(sam, 101, t, "€8 reads well on the page; €10 needed a comparison table.", item=0)
    later = say(ana, 98, t, "Annual at launch, monthly in Q2 once the API is in.", item=1)
    agreed = say(ana, 97.5, t, "€8 it is, unless someone objects by tomorrow.", item=0)
    react(priya, 90, agreed, "👍")
    decide(ana, 82, t, "Team plan at €8 per seat and month, billed annually at launch",
           (price, page, agreed), (ana, maya))  # fmt: skip
    decide(ana, 81.9, t, "Monthly billing follows in Q2, with the provider's new API",
           (billing, later), (ana, priya))  # fmt: skip
    decide(ana, 81.8, t, "The free tier keeps 3 channels, 30 days of history and check-ins",
           (free, hooked), (ana, maya, sam))  # fmt: skip
    act(ana, 81.6, t, "Update the pricing page: €8, annual, the new free tier", sam, -26, page)
    vat = act(ana, 81.5, t, "Ask legal about VAT on annual plans (EU and IN)", priya, -30)
    log.at(priya, _h(50), ActionDone(action=vat))
    notes = act(ana, 81.4, t, "Share the interview notes behind €8", maya, -60, price)
    log.at(maya, _h(70), ActionDone(action=notes))
    act(ana, 81.3, t, "Draft the Team plan announcement", ana, 1.5, later)
    log.at(
        ana,
        _h(81),
        MeetingClosed(
            thread=t,
            outcome="€8 per seat, billed annually at launch and monthly from Q2. The free tier\n"
            "keeps 3 channels, 30 days of history and check-ins. Action items are below.",
        ),
    )

    # An open meeting, each participant due within 2 of their own working days:
    # some have answered some items, and Ana has only answered the first.
    t = meeting(
        maya,
        27,
        "product",
        "Q1 roadmap",
        "Agree our three bets for Q1 without a call. Reply per agenda item (pick it when\n"
        "you reply); I'll sum up once everyone is in.",
        ("Launch markets: DE + JP, or US + IN?", "Payments: the new provider in Q1 or Q2?",
         "Onboarding revamp: scope and owner"),
        (maya, sam, ana, priya),
        within=Window(2, "d"),
    )  # fmt: skip
    say(priya, 25, t, "Q1: the provider's 3 weeks are confirmed, and IN needs it.", item=1)
    m = say(priya, 24.8, t, "US + IN, if payments land in Q1.", item=0)
    say(sam, 20, t, "US + IN: our flows are in en-US already; DE copy needs a legal pass.",
        item=0, quote=m)  # fmt: skip
    say(sam, 19.5, t, "I'll design it: two weeks, once the icon set is done.", item=2)
    say(maya, 9, t, "Ana owns onboarding, Sam designs, Priya reviews the API parts. Objections?",
        item=2)  # fmt: skip
    say(ana, 3, t, "US + IN for me too, provided payments make it into Q1.", item=0)

    # The check-ins, made just after the channels and answered up to now. Kenji's
    # out-of-office status below skips him and pauses his clock.
    kenji_back = _kenji_back(kenji)
    kenji_away = (anchor - _h(48), kenji_back)
    _checkins(log, list(team.values()), anchor - start + _h(0.3), {"kenji": [kenji_away]})

    # Statuses, some with expiries.
    log.at(
        maya,
        _h(0.5),
        StatusSet(state="focus", text="Writing the Q1 plan", emoji="✍️", until=anchor + _h(1.5)),
    )
    log.at(
        kenji,
        _h(48),
        StatusSet(
            state="ooo",
            text="Family trip, back " + kenji_back.strftime("%A"),
            emoji="🏔️",
            until=kenji_back,
        ),
    )
    log.at(
        priya, _h(2), StatusSet(state="away", text="School run", emoji="🚸", until=anchor + _h(1))
    )
    log.at(sam, _h(1), StatusSet(state="available", text="Reviewing designs", emoji="🎨"))
    return log.events


def build(folder: Path, anchor: datetime) -> None:
    """Write the story into ``folder``, one journal per person, as their devices would."""
    events = story(anchor)
    by_device: dict[str, list[Event]] = {}
    for event in events:
        by_device.setdefault(event.device, []).append(event)
    for device, own in by_device.items():
        FolderStore.create(folder, device).append(own)
