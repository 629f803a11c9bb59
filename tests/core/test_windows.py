"""Reply windows as people type them and read them back."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from asynctui.core.hours import Window
from asynctui.core.windows import format_window, parse_window


@pytest.mark.parametrize(
    ("text", "window"),
    [
        ("8h", Window(8, "h")),
        ("90m", Window(90, "m")),
        ("2d", Window(2, "d")),
        ("8 h", Window(8, "h")),
        ("1.5h", Window(90, "m")),
        ("2 days", Window(2, "d")),
        ("1 day", Window(1, "d")),
        ("8 hours", Window(8, "h")),
        ("30 min", Window(30, "m")),
        ("  4H ", Window(4, "h")),
        ("8 working hours", Window(8, "h")),
        ("2.0h", Window(2, "h")),
    ],
)
def test_a_window_reads_the_way_people_write_it(text: str, window: Window) -> None:
    assert parse_window(text) == window


@pytest.mark.parametrize("text", ["", "soon", "8", "h", "8 weeks", "-2h", "8h30", "eight hours"])
def test_something_else_is_refused_with_a_hint(text: str) -> None:
    with pytest.raises(ValueError, match=r"not a reply window: .* \(try 8h, 90m or 2d\)"):
        parse_window(text)


@pytest.mark.parametrize("text", ["1.5d", "0.1m", "1.01h"])
def test_a_fraction_that_is_not_whole_minutes_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="whole minutes, hours or days"):
        parse_window(text)


def test_a_zero_window_is_refused() -> None:
    with pytest.raises(ValueError, match="longer than zero"):
        parse_window("0h")


@pytest.mark.parametrize(
    ("window", "words"),
    [
        (Window(8, "h"), "8 working hours"),
        (Window(1, "h"), "1 working hour"),
        (Window(2, "d"), "2 working days"),
        (Window(1, "d"), "1 working day"),
        (Window(90, "m"), "90 working minutes"),
        (Window(1, "m"), "1 working minute"),
    ],
)
def test_a_window_is_shown_in_words(window: Window, words: str) -> None:
    assert format_window(window) == words


@given(st.integers(1, 10_000), st.sampled_from(["m", "h", "d"]))
def test_what_is_shown_reads_back_as_the_same_window(amount: int, unit: str) -> None:
    window = Window(amount, unit)  # type: ignore[arg-type]

    assert parse_window(format_window(window)) == window
    assert parse_window(str(window)) == window
