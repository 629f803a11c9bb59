"""Waiting before trying an unreachable store again: 1 s doubling to 60 s, ±50%."""

from __future__ import annotations

import random

import pytest

from asynctui.client.backoff import Backoff


def bases(backoff: Backoff, count: int) -> list[float]:
    out = []
    for _ in range(count):
        out.append(backoff.base())
        backoff.next()
    return out


def test_the_wait_doubles_from_one_second_and_stops_at_a_minute() -> None:
    assert bases(Backoff(), 9) == [1, 2, 4, 8, 16, 32, 60, 60, 60]


def test_without_jitter_the_waits_are_exactly_the_doublings() -> None:
    backoff = Backoff(jitter=0.0)
    assert [backoff.next() for _ in range(8)] == [1, 2, 4, 8, 16, 32, 60, 60]


def test_each_wait_stays_within_half_of_its_base_either_way() -> None:
    backoff = Backoff(rand=random.Random(4).random)
    for _ in range(200):
        base = backoff.base()
        delay = backoff.next()
        assert 0.5 * base <= delay < 1.5 * base


def test_the_jitter_spreads_clients_that_failed_together() -> None:
    delays = {round(Backoff(rand=random.Random(seed).random).next(), 6) for seed in range(20)}
    assert len(delays) == 20


def test_a_seeded_random_source_gives_the_same_waits_every_time() -> None:
    first = [Backoff(rand=random.Random(7).random).next() for _ in range(3)]
    again = [Backoff(rand=random.Random(7).random).next() for _ in range(3)]
    assert first == again


def test_the_extremes_of_the_random_source_are_half_and_one_and_a_half() -> None:
    assert Backoff(rand=lambda: 0.0).next() == 0.5
    assert Backoff(rand=lambda: 1.0).next() == 1.5


def test_a_retry_after_longer_than_the_backoff_is_honoured() -> None:
    backoff = Backoff(rand=lambda: 0.5)
    assert backoff.next(retry_after=30.0) == 30.0


def test_a_retry_after_shorter_than_the_backoff_does_not_shorten_it() -> None:
    backoff = Backoff(rand=lambda: 0.5)
    for _ in range(5):
        backoff.next()
    assert backoff.next(retry_after=1.0) == 32.0


def test_a_success_starts_again_from_one_second() -> None:
    backoff = Backoff(rand=lambda: 0.5)
    for _ in range(10):
        backoff.next()
    backoff.reset()
    assert backoff.next() == 1.0
    assert backoff.next() == 2.0


def test_many_failures_in_a_row_never_overflow() -> None:
    backoff = Backoff(rand=lambda: 0.5)
    for _ in range(5000):
        delay = backoff.next()
    assert delay == 60.0


@pytest.mark.parametrize(("first", "cap", "jitter"), [(0, 60, 0.5), (2, 1, 0.5), (1, 60, 1.0)])
def test_nonsense_settings_are_refused(first: float, cap: float, jitter: float) -> None:
    with pytest.raises(ValueError):
        Backoff(first, cap, jitter)
