"""The collector waits for an idle moment: a key press never waits for a full collection."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Callable, Iterator

import pytest
from app_harness import DemoTeam, synced, wait_until
from app_harness import demo_team as demo_team  # the `demo` fixture

from asynctui.tui.gc_pacing import IDLE, MOST_YOUNG, RESETTLE, Pacer


class Clock:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


class Cycle:
    """Garbage only the collector can free: it refers to itself."""

    def __init__(self) -> None:
        self.me = self


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def pacer(clock: Clock) -> Iterator[Pacer]:
    pacer = Pacer(clock)
    yield pacer
    pacer.close()
    gc.unfreeze()


def _full_collections() -> tuple[list[int], Callable[[str, dict[str, int]], None]]:
    seen: list[int] = []

    def watch(phase: str, info: dict[str, int]) -> None:
        if phase == "start" and info["generation"] == 2:
            seen.append(1)

    gc.callbacks.append(watch)
    return seen, watch


def test_after_the_data_is_loaded_no_full_collection_runs_by_itself(pacer: Pacer) -> None:
    pacer.settle()
    seen, watch = _full_collections()
    try:
        # Far more allocation than the default thresholds allow between two full runs.
        for _ in range(200_000):
            Cycle()
    finally:
        gc.callbacks.remove(watch)
    assert seen == []


def test_while_keys_are_pressed_the_idle_collection_waits(pacer: Pacer, clock: Clock) -> None:
    pacer.settle()
    gc.collect(0)  # a young collection: a full one is now due
    clock.t += IDLE / 2
    pacer.touched()
    clock.t += IDLE / 2
    assert pacer.tick() is False


def test_garbage_made_after_loading_is_freed_at_the_next_idle_moment(
    pacer: Pacer, clock: Clock
) -> None:
    pacer.settle()
    garbage = Cycle()
    gone = weakref.ref(garbage)
    del garbage
    gc.collect(0)  # survives the young generations: only a full collection frees it
    gc.collect(1)
    clock.t += IDLE + 1
    assert pacer.tick() is True
    assert gone() is None


def test_now_and_then_what_was_frozen_is_thawed_so_old_cycles_are_freed(
    pacer: Pacer, clock: Clock
) -> None:
    loaded = Cycle()
    gone = weakref.ref(loaded)
    pacer.settle()  # frozen with everything else loaded
    del loaded
    gc.collect(0)
    clock.t += IDLE + 1
    pacer.tick()
    assert gone() is not None  # frozen: an ordinary idle collection leaves it
    gc.collect(0)
    clock.t += RESETTLE
    assert pacer.tick() is True
    assert gone() is None


def test_closing_gives_the_interpreter_its_own_thresholds_back(clock: Clock) -> None:
    before = gc.get_threshold()
    pacer = Pacer(clock)
    pacer.settle()
    pacer.close()
    gc.unfreeze()
    assert gc.get_threshold() == before


def test_the_first_idle_moment_settles_what_was_loaded(pacer: Pacer, clock: Clock) -> None:
    pacer.touched()
    assert pacer.tick() is False  # still typing: loaded, not yet settled
    assert not pacer.settled
    clock.t += IDLE
    assert pacer.tick() is True
    assert pacer.settled


async def test_the_app_settles_when_left_alone_and_gives_the_thresholds_back(
    demo: DemoTeam,
) -> None:
    before = gc.get_threshold()
    app = demo.app()
    async with app.run_test(size=(120, 40)) as pilot:
        await synced(pilot)
        await pilot.press("down", "down")
        # Left alone: the first idle moment freezes what was loaded.
        assert await wait_until(pilot, lambda: app.pacer.settled, seconds=20)
        assert gc.get_threshold()[2] > before[2]
    assert gc.get_threshold() == before
    gc.unfreeze()


def test_someone_who_never_pauses_still_gets_a_full_collection_now_and_then(
    pacer: Pacer, clock: Clock
) -> None:
    pacer.settle()
    for _ in range(MOST_YOUNG):
        gc.collect(0)
    pacer.touched()  # still typing
    assert pacer.tick() is True
