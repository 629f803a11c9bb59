"""Reply windows as people type and read them: "8h", "90 min", "2 working days"."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Literal

from asynctui.core.hours import Window

__all__ = ["format_window", "parse_window"]

_UNITS: dict[str, Literal["m", "h", "d"]] = {
    "m": "m",
    "min": "m",
    "mins": "m",
    "minute": "m",
    "minutes": "m",
    "h": "h",
    "hr": "h",
    "hrs": "h",
    "hour": "h",
    "hours": "h",
    "d": "d",
    "day": "d",
    "days": "d",
}
_NAMES = {"m": "minute", "h": "hour", "d": "day"}
_PATTERN = re.compile(r"(\d+(?:\.\d+)?)\s*(?:working\s+)?([a-z]+)")


def parse_window(text: str) -> Window:
    """Read a reply window: "8h", "90m", "2d", "1.5h" (90 minutes), "2 days", "30 min".

    Raises ValueError with a one-line message fit for the user.
    """
    match = _PATTERN.fullmatch(text.strip().lower())
    unit = _UNITS.get(match.group(2)) if match else None
    if match is None or unit is None:
        raise ValueError(f"not a reply window: {text!r} (try 8h, 90m or 2d)")
    amount = Decimal(match.group(1))
    if amount <= 0:
        raise ValueError(f"a reply window must be longer than zero: {text!r}")
    if amount != amount.to_integral_value():
        # Hours split exactly into minutes; days do not (a working day has no fixed length).
        if unit == "h" and amount * 60 == (amount * 60).to_integral_value():
            return Window(int(amount * 60), "m")
        raise ValueError(f"not a reply window: {text!r} (use whole minutes, hours or days)")
    return Window(int(amount), unit)


def format_window(window: Window) -> str:
    """Window(8, "h") -> "8 working hours"; Window(1, "d") -> "1 working day"."""
    name = _NAMES[window.unit]
    plural = "" if window.amount == 1 else "s"
    return f"{window.amount} working {name}{plural}"
