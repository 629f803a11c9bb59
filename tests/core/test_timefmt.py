"""Whose clock a time is on, and how long is left, in the one wording (``core.timefmt``)."""

from __future__ import annotations

import pytest
from wording_cases import CLOCKS, COUNTDOWNS, WEDNESDAY, ClockCase, CountdownCase

from asynctui.core.expectations import describe_remaining
from asynctui.core.timefmt import clock, clocks


@pytest.mark.parametrize("case", CLOCKS, ids=[c.what for c in CLOCKS])
def test_a_time_on_someone_elses_clock_says_whose_it_is(case: ClockCase) -> None:
    assert clock(case.instant, case.zone, case.now, reader_tz=case.reader) == case.clock
    assert clocks(case.instant, case.zone, case.now, reader_tz=case.reader) == case.clocks


@pytest.mark.parametrize("case", COUNTDOWNS, ids=[c.words for c in COUNTDOWNS])
def test_a_countdown_never_says_more_time_than_is_left(case: CountdownCase) -> None:
    assert describe_remaining(WEDNESDAY + case.left, WEDNESDAY) == case.words
