"""A lively sample team, written as real journals in a real folder.

Five people in five time zones keep a few days of history: threads with
replies and reactions, asks that are answered, due soon and overdue,
statuses with expiries, focus blocks and someone on time off. Times are
relative to the moment the demo is made, so the badges always look alive.
The viewer is Ana in Berlin.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from asynctui.client.fold import ms
from asynctui.core.events import (
    AskCreated,
    ChannelCreated,
    Event,
    HoursSet,
    MessageEdited,
    MessagePosted,
    Payload,
    ProfileSet,
    ReactionAdded,
    ReadMarked,
    StatusSet,
    ThreadOpened,
    ThreadResolved,
)
from asynctui.core.hours import Hours, TimeOff, Window
from asynctui.core.ids import new_id
from asynctui.core.rules import parse_rules
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
    ):
        log.at(maya, start - _h(0.2), ChannelCreated(channel="c-" + name, name=name, topic=topic))

    def thread(who: Person, ago: float, channel: str, title: str, body: str) -> str:
        tid = new_id(ms(anchor - _h(ago)))
        log.at(
            who,
            _h(ago),
            ThreadOpened(
                thread=tid,
                channel="c-" + channel,
                title=title,
                message=new_id(ms(anchor - _h(ago))),
                body=body,
            ),
        )
        return tid

    def say(who: Person, ago: float, tid: str, body: str, quote: str | None = None) -> str:
        mid = new_id(ms(anchor - _h(ago)))
        log.at(who, _h(ago), MessagePosted(message=mid, thread=tid, body=body, quote=quote))
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

    # Statuses, some with expiries.
    log.at(
        maya,
        _h(0.5),
        StatusSet(state="focus", text="Writing the Q1 plan", emoji="✍️", until=anchor + _h(1.5)),
    )
    kenji_back = datetime.combine(
        kenji.hours.time_off[0].last + timedelta(days=1), time(0), tzinfo=ZoneInfo(kenji.tz)
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
