"""The team panel: each person's status, local time, presence, and their hours over my day.

Everything shown is read from the core (``WorkCalendar``, ``presence``) and the
team snapshot; the widgets only lay it out. The day strip is my local day,
00:00 to 24:00 on my wall clock, cut into cells; a cell is "working" when the
member works for most of it, so overlaps between people read at a glance.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget

from asynctui.client.team import Status, Team
from asynctui.client.words import city, presence_of, promise_words, status_parts
from asynctui.core import timefmt
from asynctui.core.presence import focus_calendar
from asynctui.core.text import clean_line
from asynctui.core.timefmt import local
from asynctui.tui.widgets._status_bar import state_dot

__all__ = [
    "DayRuler",
    "DayStrip",
    "MemberCard",
    "PersonInfo",
    "TeamPanel",
    "people",
    "strip_cells",
]

WORK, FOCUS, PART, OFF = "█", "▒", "▌", "░"
"""Glyphs of the day strip: working, focus block, partly working, off."""

_STYLES = {WORK: "$success", FOCUS: "$primary", PART: "$success", OFF: "$text-muted 40%"}

_Spans = tuple[tuple[float, float], ...]
"""Half-open spans of epoch seconds."""


@dataclass(frozen=True)
class DayStrip:
    """When someone works, laid over the viewer's local day."""

    tz: str
    """The viewer's zone: the strip is their wall-clock day."""
    day: date
    """The viewer's local date."""
    work: _Spans
    """Working spans within the day (epoch seconds)."""
    focus: _Spans
    """Focus blocks within the day (epoch seconds)."""
    now: float
    """The current instant (epoch seconds)."""


@dataclass(frozen=True)
class PersonInfo:
    """Everything one card shows, as plain data."""

    member_id: str
    name: str
    handle: str
    is_me: bool
    local_time: str
    """'Wed 19:20 Tokyo'."""
    status: Status | None
    status_words: tuple[str, ...]
    """The status after its state, as ``words.status_parts`` words it:
    ('✍️ Writing the plan', 'until 11:00'), times in the viewer's zone."""
    presence: str
    """'working until 17:00', 'in focus until 11:00', 'off until 09:00 (in 7h)'."""
    presence_kind: str
    """'working', 'focus' or 'off': how the presence words are coloured."""
    promise: str
    """'replies within 8 working hours'."""
    strip: DayStrip
    record: str = ""
    """'answers in 2.5 working hours; 94% within promise (16 of 17)': the last 30 days."""


def _epochs(spans: Sequence[tuple[datetime, datetime]]) -> _Spans:
    return tuple((a.timestamp(), b.timestamp()) for a, b in spans)


def my_day(tz: str, now: datetime) -> tuple[date, datetime, datetime]:
    """The viewer's local date and its midnights, as UTC instants."""
    zone = ZoneInfo(tz)
    day = local(now, tz).date()
    start = datetime.combine(day, time(0), tzinfo=zone)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone)
    return day, start.astimezone(UTC), end.astimezone(UTC)


def people(
    team: Team, me: str, now: datetime, records: Mapping[str, str] | None = None
) -> list[PersonInfo]:
    """One ``PersonInfo`` per member, me first, then by handle."""
    my_tz = team.tz(me)
    day, start, end = my_day(my_tz, now)
    members = team.sorted_members()
    members.sort(key=lambda m: m.id != me)
    result = []
    for member in members:
        calendar = team.calendar(member.id)
        hours = team.hours(member.id)
        focus_cal = focus_calendar(member.tz, hours, team.pauses(member.id))
        status = team.status(member.id, now)
        here = presence_of(team, member.id, now, my_tz)
        said: tuple[str, ...] = ()  # the status line after its state (drawn as a dot)
        if status is not None:
            parts = status_parts(
                status.state, status.text, status.emoji, status.until, tz=my_tz, now=now
            )
            said = tuple(parts[1:])
        strip = DayStrip(
            tz=my_tz,
            day=day,
            work=_epochs(calendar.intervals(start, end)),
            focus=_epochs(focus_cal.intervals(start, end)) if focus_cal else (),
            now=now.timestamp(),
        )
        result.append(
            PersonInfo(
                member_id=member.id,
                name=clean_line(member.name),
                handle=clean_line(member.handle),
                is_me=member.id == me,
                local_time=f"{local(now, member.tz).strftime('%a %H:%M')} {city(member.tz)}",
                status=status,
                status_words=said,
                presence=here.words,
                presence_kind=here.kind,
                promise=promise_words(hours.promise),
                strip=strip,
                record=(records or {}).get(member.id, ""),
            )
        )
    return result


def cell_count(width: int) -> int:
    """Cells in a strip of ``width`` columns: a multiple of 12 (whole 2-hour steps), 12 to 96."""
    if width < 12:
        return max(width, 0)
    return min(96, width - width % 12)


@lru_cache(maxsize=64)
def _cell_edges(tz: str, day: date, cells: int) -> tuple[float, ...]:
    """The instants (epoch seconds) at which each cell of the wall-clock day begins, and the end."""
    zone = ZoneInfo(tz)
    midnight = datetime.combine(day, time(0), tzinfo=zone)
    edges = [(midnight + timedelta(minutes=1440 * i / cells)).timestamp() for i in range(cells)]
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone).timestamp()
    return (*edges, end)


def _covered(spans: _Spans, a: float, b: float) -> float:
    """The share of ``[a, b)`` that ``spans`` cover."""
    if b <= a:
        return 0.0
    total = sum(max(0.0, min(e, b) - max(s, a)) for s, e in spans)
    return total / (b - a)


def strip_cells(strip: DayStrip, cells: int) -> tuple[str, int | None]:
    """The strip as glyphs, one per cell, and the index of the cell holding now (or None)."""
    edges = _cell_edges(strip.tz, strip.day, cells)
    glyphs = []
    now_cell = None
    for i in range(cells):
        a, b = edges[i], edges[i + 1]
        if a <= strip.now < b:
            now_cell = i
        work = _covered(strip.work, a, b)
        if work >= 0.5:
            glyphs.append(WORK)
        elif _covered(strip.focus, a, b) >= 0.5:
            glyphs.append(FOCUS)
        elif work > 0:
            glyphs.append(PART)
        else:
            glyphs.append(OFF)
    return "".join(glyphs), now_cell


def render_strip(strip: DayStrip, width: int) -> Content:
    """The strip, coloured by theme, with the current cell marked."""
    cells = cell_count(width)
    glyphs, now_cell = strip_cells(strip, cells)
    parts: list[tuple[str, str]] = []
    for i, glyph in enumerate(glyphs):
        if i == now_cell:
            background = {WORK: "$success", PART: "$success", FOCUS: "$primary"}.get(glyph)
            parts.append(
                ("┃", f"bold $foreground on {background}" if background else "bold $accent")
            )
        else:
            parts.append((glyph, _STYLES[glyph]))
    return Content.assemble(*parts)


class DayRuler(Widget):
    """The hours of my day above the strips: '00    06    12    18'."""

    DEFAULT_CSS = """
    DayRuler {
        height: 2;
        color: $text-muted;
        text-wrap: nowrap;
        text-overflow: clip;
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self._title = ""

    def show(self, tz: str, now: datetime) -> None:
        there = local(now, tz)
        self._title = f"Your day · {timefmt.day(there.date())} · {city(tz)} {there:%H:%M}"
        self.refresh()

    def render(self) -> Content:
        cells = cell_count(self.content_region.width)
        ticks = [" "] * cells
        if cells >= 12:
            for hour in range(0, 24, 6 if cells < 36 else 3):
                at = hour * cells // 24
                label = f"{hour:02d}"
                ticks[at : at + len(label)] = label
        return Content.assemble((self._title, "bold"), "\n", "".join(ticks)[:cells])


def _keep_last(parts: Sequence[Content], width: int, *, gap: bool = False) -> Content:
    """Parts joined by ' · ' (``gap``: the last flush right), cut before the last part
    so that it stays whole, when there is room for it and a little more."""
    *head, last = parts
    line = Content(" · ").join(head)
    room = width - last.cell_length - (1 if gap else 3)
    if gap and line.cell_length <= room:
        return Content.assemble(line, " " * (room - line.cell_length + 1), last)
    if line.cell_length > room and len(head) > 1 and room < head[0].cell_length + 8:
        # Too little of the middle would be left to read: the first part alone.
        line = head[0]
    if line.cell_length > room >= 4:
        line = line.truncate(room, ellipsis=True)
    return Content.assemble(line, " " if gap else " · ", last)


class MemberCard(Widget):
    """One person: name, local time, status, presence, promise and their day strip."""

    DEFAULT_CSS = """
    MemberCard {
        height: auto;
        margin-bottom: 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def __init__(self, person: PersonInfo) -> None:
        super().__init__()
        self.person = person
        """What the card shows; replace it with ``show``."""

    def show(self, person: PersonInfo) -> None:
        self.person = person
        self.refresh(layout=True)

    def lines(self, width: int) -> list[Content]:
        p = self.person
        name = Content.assemble(
            (p.name, "bold"), " ", (f"@{p.handle}", "$text-muted"), (" (you)" if p.is_me else "")
        )
        # The times are the last things cut: the name gives way to the local time,
        # the status's words to its end ('until 11:00').
        lines = [_keep_last([name, Content(p.local_time)], width, gap=True)]
        if p.status is not None:
            status = [state_dot(p.status.state), *map(Content, p.status_words)]
            if p.status.until is None:
                lines.append(Content(" · ").join(status))
            else:
                lines.append(_keep_last(status, width))
        colour = {"working": "$success", "focus": "$primary"}.get(p.presence_kind, "$text-muted")
        lines.append(Content.styled(p.presence, colour))
        lines.append(Content.styled(p.promise, "$text-muted"))
        if p.record:
            lines.append(Content.styled(p.record, "$text-muted"))
        lines.append(render_strip(p.strip, width))
        return lines

    def render(self) -> Content:
        return Content("\n").join(self.lines(self.content_region.width))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return 4 + (self.person.status is not None) + bool(self.person.record)


class TeamPanel(VerticalScroll):
    """Everyone on the team, me first; small teams, so one widget per person."""

    DEFAULT_CSS = """
    TeamPanel {
        height: 1fr;
        padding: 0 1;
        background: $surface;
        scrollbar-size-vertical: 1;
    }
    """

    def compose(self) -> ComposeResult:
        yield DayRuler()

    def update_team(
        self, team: Team, me: str, now: datetime, records: Mapping[str, str] | None = None
    ) -> None:
        """Show the team as it is at ``now``; ``me`` is my member id; ``records``: each
        member's kept-promise record in words (``client.promises.lines``)."""
        infos = people(team, me, now, records or {})
        self.query_one(DayRuler).show(team.tz(me), now)
        cards = list(self.query(MemberCard))
        if [c.person.member_id for c in cards] == [p.member_id for p in infos]:
            for card, info in zip(cards, infos, strict=True):
                card.show(info)
            return
        for card in cards:
            card.remove()
        self.mount_all([MemberCard(info) for info in infos])
