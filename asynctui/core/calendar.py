"""A member's working calendar: which real instants their reply clock runs in.

Working time is the weekly ``working`` rules minus ``focus`` minus ``always_off``
minus whole days of ``time_off`` minus status pauses (``off``/``ooo`` with an end),
all read in the member's own zone. Local wall-clock times become real instants
this way:

- a time that does not exist (skipped by a spring-forward switch) becomes the
  first real instant after the gap, so "02:30" on that night means 03:00;
- a time that happens twice (fall-back) means its first occurrence.

So a span across a spring-forward switch is shorter in real time, one across a
fall-back switch longer, and every other day keeps its declared length.

Why a timeline: due times are asked for tens of thousands of asks on every
repaint, so walking a calendar per ask is too slow. Each calendar keeps a lazily
extended list of its working spans as epoch seconds, with the working seconds
accumulated before each span. Adding a window is then two binary searches.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from asynctui.core.hours import Hours, WeeklyRule, Window

__all__ = ["HORIZON", "WorkCalendar"]

HORIZON = timedelta(days=3 * 366)
"""How far ahead of an instant the calendar looks before calling a time unreachable."""

_HORIZON_S = HORIZON.total_seconds()
_CHUNK_DAYS = 56
_UNIX_ORDINAL = date(1970, 1, 1).toordinal()
_UNIT_SECONDS = {"m": 60, "h": 3600}
_INF = float("inf")

_Spans = list[tuple[float, float]]
"""Half-open spans, sorted and disjoint: local minutes of a day, or epoch seconds."""


def _union(spans: _Spans) -> _Spans:
    merged: _Spans = []
    for start, end in sorted(spans):
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _minus(spans: _Spans, cuts: _Spans) -> _Spans:
    kept: _Spans = []
    for start, end in spans:
        for cut_start, cut_end in cuts:
            if cut_end <= start or cut_start >= end:
                continue
            if cut_start > start:
                kept.append((start, cut_start))
            start = max(start, cut_end)
            if start >= end:
                break
        if start < end:
            kept.append((start, end))
    return kept


def _rule_minutes(rules: Sequence[WeeklyRule], weekday: int) -> _Spans:
    """The local minutes of one weekday the rules cover, including yesterday's overnight tails."""
    yesterday = (weekday - 1) % 7
    spans: _Spans = []
    for rule in rules:
        overnight = rule.end <= rule.start
        if weekday in rule.days:
            spans.append((rule.start, 1440 if overnight else rule.end))
        if overnight and yesterday in rule.days:
            spans.append((0, rule.end))
    return _union(spans)


def _week_template(hours: Hours) -> tuple[_Spans, ...]:
    """Working minutes of each weekday, Monday first, before time off and pauses."""
    week = []
    for weekday in range(7):
        cuts = _union(
            _rule_minutes(hours.focus, weekday) + _rule_minutes(hours.always_off, weekday)
        )
        week.append(_minus(_rule_minutes(hours.working, weekday), cuts))
    return tuple(week)


def _zone(tz: str) -> ZoneInfo:
    try:
        return ZoneInfo(tz)
    except (KeyError, ValueError, OSError):
        raise ValueError(f"unknown time zone: {tz!r}") from None


def _offset_at(zone: ZoneInfo, epoch: float) -> float:
    offset = datetime.fromtimestamp(epoch, zone).utcoffset()
    assert offset is not None
    return offset.total_seconds()


@lru_cache(maxsize=1 << 17)
def _midnight_offset(zone: ZoneInfo, ordinal: int) -> float:
    offset = datetime.fromordinal(ordinal).replace(tzinfo=zone).utcoffset()
    assert offset is not None
    return offset.total_seconds()


def _wall_epoch(zone: ZoneInfo, ordinal: int, minute: float) -> float:
    """The real instant of a local wall-clock minute (0..1440) of a local date."""
    offset = _midnight_offset(zone, ordinal)
    # Zones switch at most once a day, so equal offsets at both midnights mean none today.
    if offset == _midnight_offset(zone, ordinal + 1):
        return (ordinal - _UNIX_ORDINAL) * 86400 + minute * 60 - offset
    return _wall_epoch_on_switch_day(zone, ordinal, minute)


@lru_cache(maxsize=4096)
def _wall_epoch_on_switch_day(zone: ZoneInfo, ordinal: int, minute: float) -> float:
    wall = datetime.fromordinal(ordinal) + timedelta(minutes=minute)
    first = wall.replace(tzinfo=zone).timestamp()  # fold=0: the first occurrence
    if datetime.fromtimestamp(first, zone).replace(tzinfo=None) == wall:
        return first
    # A skipped wall time: the first real instant after the gap is the switch itself.
    low = int(wall.replace(tzinfo=zone, fold=1).timestamp())
    high = int(first)
    before = _offset_at(zone, low)
    while low + 1 < high:
        middle = (low + high) // 2
        if _offset_at(zone, middle) == before:
            low = middle
        else:
            high = middle
    return float(high)


def _epoch(t: datetime) -> float:
    if t.tzinfo is None:
        raise ValueError("a naive datetime is not an instant; give it a time zone")
    return t.timestamp()


def _instant(epoch: float) -> datetime:
    return datetime.fromtimestamp(epoch, UTC)


class _Block:
    """Working spans of a run of local dates, with working seconds counted from zero.

    Span ``i`` is ``[starts[i], ends[i])`` in epoch seconds; ``cum_start[i]`` and
    ``cum_end[i]`` are the working seconds counted at its ends, so a running
    count maps to an instant with one bisect. Spans never cross local midnight;
    ``span_day[i]`` indexes the per-working-day lists, which ``d`` windows need.
    """

    def __init__(self) -> None:
        self.starts: list[float] = []
        self.ends: list[float] = []
        self.cum_start: list[float] = []
        self.cum_end: list[float] = []
        self.span_day: list[int] = []
        self.day_cum_start: list[float] = []
        self.day_cum_end: list[float] = []
        self.day_last_end: list[float] = []
        self.total = 0.0


class WorkCalendar:
    """When one member works, as real instants; answers working-time arithmetic.

    The same object is meant to be reused for every ask of its member: it caches
    its timeline and grows it on demand. Results never depend on what was asked
    before, because nothing beyond ``HORIZON`` of a query's start is ever used.
    """

    def __init__(
        self,
        tz: str,
        hours: Hours,
        pauses: Sequence[tuple[datetime, datetime]] = (),
    ) -> None:
        self.tz = tz
        self.zone = _zone(tz)
        self.hours = hours
        self._week = _week_template(hours)
        self._never = not any(self._week)
        self._time_off = [(off.first.toordinal(), off.last.toordinal()) for off in hours.time_off]
        spans = sorted((_epoch(a), _epoch(b)) for a, b in pauses)
        self._pauses = _union(spans)
        self._pause_ends = [b for _, b in self._pauses]
        self._reset()

    # -- public API -------------------------------------------------------------

    def is_working(self, t: datetime) -> bool:
        """Whether the member's reply clock runs at the instant ``t``."""
        if self._never:
            return False
        x = _epoch(t)
        if not self._lo_epoch <= x < self._hi_epoch:
            self._cover(x)
        i = bisect_right(self._starts, x) - 1
        return i >= 0 and x < self._ends[i]

    def next_working(self, t: datetime) -> datetime | None:
        """``t`` itself (in UTC) if working, else when work next starts; None beyond HORIZON."""
        if self._never:
            return None
        x = _epoch(t)
        found = self._effective_start(x, x + _HORIZON_S)
        return None if found is None else _instant(found[1])

    def off_until(self, t: datetime) -> datetime | None:
        """When work next starts if the member is off at ``t``.

        None if they are working at ``t``, and also if no work lies within
        HORIZON; tell the two apart with ``is_working``.
        """
        if self.is_working(t):
            return None
        return self.next_working(t)

    def add(self, start: datetime, window: Window) -> datetime | None:
        """The instant a window of working time from ``start`` runs out (UTC).

        An ask made outside working time starts counting at the next working
        minute. ``m``/``h`` end at the moment the last working second is used, so
        a window that ends with a working day is due at that day's close, not
        at the next morning. For ``d`` see ``docs/expectations.md``. None when
        the due time would lie more than HORIZON after ``start``.
        """
        if self._never:
            return None
        x = _epoch(start)
        limit = x + _HORIZON_S
        if window.unit == "d":
            due = self._add_days(x, window.amount, limit)
        else:
            due = self._add_seconds(x, window.amount * _UNIT_SECONDS[window.unit], limit)
        return None if due is None else _instant(due)

    def working_between(self, a: datetime, b: datetime) -> timedelta:
        """Working time in ``[a, b)``; zero unless ``b`` is after ``a``."""
        x, y = _epoch(a), _epoch(b)
        if self._never or y <= x:
            return timedelta(0)
        self._cover(x)
        self._cover(y, keep=True)
        return timedelta(seconds=self._cum_at(y) - self._cum_at(x))

    def intervals(self, start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
        """Working spans clipped to ``[start, end)``, in UTC, adjacent spans joined."""
        x, y = _epoch(start), _epoch(end)
        if self._never or y <= x:
            return []
        self._cover(x)
        self._cover(y, keep=True)
        spans: _Spans = []
        i = bisect_right(self._ends, x)
        while i < len(self._starts) and self._starts[i] < y:
            a, b = max(self._starts[i], x), min(self._ends[i], y)
            if spans and spans[-1][1] == a:
                spans[-1] = (spans[-1][0], b)
            else:
                spans.append((a, b))
            i += 1
        return [(_instant(a), _instant(b)) for a, b in spans]

    # -- arithmetic on the timeline -------------------------------------------

    def _add_seconds(self, x: float, seconds: int, limit: float) -> float | None:
        if not self._lo_epoch <= x < self._hi_epoch:
            self._cover(x)
        target = self._cum_at(x) + seconds
        while target > self._total:
            if self._hi_epoch >= limit:
                return None
            self._append()
        due = self._instant_at(target)
        return None if due > limit else due

    def _add_days(self, x: float, days: int, limit: float) -> float | None:
        found = self._effective_start(x, limit)
        if found is None:
            return None
        i, s = found
        day = self._span_day[i]
        elapsed = self._cum_start[i] + (s - self._starts[i]) - self._day_cum_start[day]
        # Starting at a day's opening, that day counts as the first of the N.
        target_day = day + days - 1 if elapsed == 0 else day + days
        while target_day >= len(self._day_cum_start):
            if self._hi_epoch >= limit:
                return None
            self._append()
        length = self._day_cum_end[target_day] - self._day_cum_start[target_day]
        if elapsed == 0 or elapsed >= length:
            due = self._day_last_end[target_day]
        else:
            due = self._instant_at(self._day_cum_start[target_day] + elapsed)
        return None if due > limit else due

    def _effective_start(self, x: float, limit: float) -> tuple[int, float] | None:
        """The span index and instant at which counting from ``x`` begins."""
        if not self._lo_epoch <= x < self._hi_epoch:
            self._cover(x)
        i = bisect_right(self._starts, x) - 1
        if i >= 0 and x < self._ends[i]:
            return i, x
        i += 1
        while i >= len(self._starts):
            if self._hi_epoch >= limit:
                return None
            self._append()
        start = self._starts[i]
        return (i, start) if start < limit else None

    def _cum_at(self, x: float) -> float:
        """Working seconds before ``x`` on the timeline's running count; ``x`` is covered."""
        i = bisect_right(self._starts, x) - 1
        if i < 0:
            return self._base
        if x < self._ends[i]:
            return self._cum_start[i] + (x - self._starts[i])
        return self._cum_end[i]

    def _instant_at(self, count: float) -> float:
        """The earliest instant by which ``count`` working seconds have run."""
        p = bisect_left(self._cum_end, count)
        return self._starts[p] + (count - self._cum_start[p])

    # -- growing the timeline --------------------------------------------------

    def _reset(self) -> None:
        self._starts: list[float] = []
        self._ends: list[float] = []
        self._cum_start: list[float] = []
        self._cum_end: list[float] = []
        self._span_day: list[int] = []
        self._day_cum_start: list[float] = []
        self._day_cum_end: list[float] = []
        self._day_last_end: list[float] = []
        self._base = 0.0
        self._total = 0.0
        self._lo_ord = 0
        self._hi_ord = 0
        self._lo_epoch = _INF
        self._hi_epoch = -_INF

    def _cover(self, x: float, *, keep: bool = False) -> None:
        """Grow the timeline until it holds the instant ``x``.

        ``keep`` forbids starting afresh, for a second instant that must share
        the timeline with one just covered.
        """
        far = 2 * _HORIZON_S
        if self._lo_epoch == _INF or (
            not keep and (x < self._lo_epoch - far or x >= self._hi_epoch + far)
        ):
            # Starting afresh beats building years nobody asked about.
            self._reset()
            self._lo_ord = self._hi_ord = datetime.fromtimestamp(x, self.zone).toordinal()
            self._lo_epoch = self._hi_epoch = _wall_epoch(self.zone, self._lo_ord, 0)
        while x < self._lo_epoch:
            self._prepend()
        while x >= self._hi_epoch:
            self._append()

    def _append(self) -> None:
        first, last = self._hi_ord, self._hi_ord + _CHUNK_DAYS
        block = self._build(first, last)
        offset = self._total
        days = len(self._day_cum_start)
        self._starts += block.starts
        self._ends += block.ends
        self._cum_start += [c + offset for c in block.cum_start]
        self._cum_end += [c + offset for c in block.cum_end]
        self._span_day += [d + days for d in block.span_day]
        self._day_cum_start += [c + offset for c in block.day_cum_start]
        self._day_cum_end += [c + offset for c in block.day_cum_end]
        self._day_last_end += block.day_last_end
        self._total += block.total
        self._hi_ord = last
        self._hi_epoch = _wall_epoch(self.zone, last, 0)

    def _prepend(self) -> None:
        # Doubling keeps repeated steps back in time linear overall.
        last = self._lo_ord
        first = last - max(_CHUNK_DAYS, self._hi_ord - self._lo_ord)
        block = self._build(first, last)
        offset = self._base - block.total
        days = len(block.day_cum_start)
        self._starts = block.starts + self._starts
        self._ends = block.ends + self._ends
        self._cum_start = [c + offset for c in block.cum_start] + self._cum_start
        self._cum_end = [c + offset for c in block.cum_end] + self._cum_end
        self._span_day = block.span_day + [d + days for d in self._span_day]
        self._day_cum_start = [c + offset for c in block.day_cum_start] + self._day_cum_start
        self._day_cum_end = [c + offset for c in block.day_cum_end] + self._day_cum_end
        self._day_last_end = block.day_last_end + self._day_last_end
        self._base = offset
        self._lo_ord = first
        self._lo_epoch = _wall_epoch(self.zone, first, 0)

    def _build(self, first: int, last: int) -> _Block:
        """Working spans of the local dates with ordinals in ``[first, last)``."""
        block = _Block()
        for ordinal in range(first, last):
            template = self._week[(ordinal - 1) % 7]  # ordinal 1 was a Monday
            if not template or self._is_time_off(ordinal):
                continue
            spans = [
                (_wall_epoch(self.zone, ordinal, s), _wall_epoch(self.zone, ordinal, e))
                for s, e in template
            ]
            spans = [(a, b) for a, b in spans if b > a]
            if self._pauses and spans:
                spans = self._unpaused(spans)
            if not spans:
                continue
            day = len(block.day_cum_start)
            block.day_cum_start.append(block.total)
            for a, b in spans:
                block.starts.append(a)
                block.ends.append(b)
                block.cum_start.append(block.total)
                block.total += b - a
                block.cum_end.append(block.total)
                block.span_day.append(day)
            block.day_cum_end.append(block.total)
            block.day_last_end.append(spans[-1][1])
        return block

    def _is_time_off(self, ordinal: int) -> bool:
        return any(first <= ordinal <= last for first, last in self._time_off)

    def _unpaused(self, spans: _Spans) -> _Spans:
        i = bisect_right(self._pause_ends, spans[0][0])
        cuts: _Spans = []
        while i < len(self._pauses) and self._pauses[i][0] < spans[-1][1]:
            cuts.append(self._pauses[i])
            i += 1
        return _minus(spans, cuts) if cuts else spans
