"""Reading and writing weekly rules as people type them: "Mon-Fri 09:00-17:00"."""

from __future__ import annotations

from datetime import date

from asynctui.core.hours import WEEKDAYS, TimeOff, WeeklyRule, format_minutes, parse_clock

_ALIASES = {
    "weekdays": (0, 1, 2, 3, 4),
    "weekends": (5, 6),
    "weekend": (5, 6),
    "daily": (0, 1, 2, 3, 4, 5, 6),
    "everyday": (0, 1, 2, 3, 4, 5, 6),
}
_DAY = {name.lower(): i for i, name in enumerate(WEEKDAYS)}


def parse_days(text: str) -> tuple[int, ...]:
    """'Mon-Fri', 'Tue,Thu', 'weekdays', 'Sat' -> weekday numbers."""
    key = text.strip().lower()
    if key in _ALIASES:
        return _ALIASES[key]
    days: list[int] = []
    for part in key.split(","):
        first, dash, last = part.strip().partition("-")
        try:
            lo = _DAY[first[:3]]
            hi = _DAY[last[:3]] if dash else lo
        except KeyError:
            raise ValueError(f"not a weekday range: {text!r} (try Mon-Fri or Tue,Thu)") from None
        span = range(lo, hi + 1) if lo <= hi else [*range(lo, 7), *range(0, hi + 1)]
        days.extend(d for d in span if d not in days)
    return tuple(sorted(days))


def parse_rules(spec: str) -> list[WeeklyRule]:
    """'Mon-Fri 09:00-12:30,13:30-17:00' -> one rule per time span."""
    days_text, _, spans = spec.strip().partition(" ")
    if not spans.strip():
        raise ValueError(f"not a weekly rule: {spec!r} (try 'Mon-Fri 09:00-17:00')")
    days = parse_days(days_text)
    rules = []
    for span in spans.replace(" ", "").split(","):
        start, dash, end = span.partition("-")
        if not dash:
            raise ValueError(f"not a time span: {span!r} (try 09:00-17:00)")
        start_min, end_min = parse_clock(start), parse_clock(end)
        if start_min == 1440:
            raise ValueError(f"a span cannot start at 24:00: {span!r}")
        rules.append(WeeklyRule(days=days, start=start_min, end=end_min))
    return rules


def parse_time_off(text: str, note: str = "") -> TimeOff:
    """'2026-12-24..2027-01-02' (both days included) or one day '2026-12-31'."""
    first, dots, last = text.strip().partition("..")
    try:
        start = date.fromisoformat(first.strip())
        end = date.fromisoformat(last.strip()) if dots else start
    except ValueError:
        raise ValueError(f"not a date range: {text!r} (try 2026-12-24..2027-01-02)") from None
    return TimeOff(first=start, last=end, note=note)


def format_time_off(time_off: TimeOff) -> str:
    """The inverse of ``parse_time_off``, without the note."""
    return (
        str(time_off.first)
        if time_off.first == time_off.last
        else (f"{time_off.first}..{time_off.last}")
    )


def format_days(days: tuple[int, ...]) -> str:
    for alias in ("daily", "weekdays", "weekends"):
        if days == _ALIASES[alias]:
            return {"daily": "Daily", "weekdays": "Mon-Fri", "weekends": "Sat-Sun"}[alias]
    return ",".join(WEEKDAYS[d] for d in days)


def format_rule(rule: WeeklyRule) -> str:
    return f"{format_days(rule.days)} {format_minutes(rule.start)}-{format_minutes(rule.end)}"
