"""Garbage collection paced to the person: no full collection inside a key press.

CPython's automatic full (generation-2) collection walks every tracked object
alive. With a big workspace loaded that walk took 58-139 ms (issue #11: 14-19 of
them per 60 key presses on the 100,000-thread list), and it runs whenever the
allocation counters say so: usually in the middle of drawing the frame after a
key. Three steps keep it out of the way:

1. :meth:`Pacer.settle`, once the data is loaded: collect, then ``gc.freeze()``
   what survived (the modules, Textual, the rows just read), so no later
   collection walks it again.
2. Automatic full collections are switched off (the third threshold is set out
   of reach); the young generations stay automatic: they walk only what was
   made since, well under a frame.
   The app's timer does this at the first idle moment after the first frame.
3. :meth:`Pacer.tick`, run by a timer, makes the full collection itself when
   the person has been idle for ``IDLE`` seconds and young collections have run
   since the last one, and now and then (every ``RESETTLE``) it thaws what was
   frozen first, so garbage in cycles among once-loaded data (the views a
   refresh replaced) is freed too, and freezes what is left again.

So memory stays bounded by what an idle moment reclaims (or, for someone who
never pauses, by ``MOST_YOUNG``), and a key press almost never waits for more
than a young collection.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

__all__ = ["IDLE", "MOST_YOUNG", "RESETTLE", "Pacer"]

IDLE = 2.0
"""Seconds without input before a full collection may run."""
RESETTLE = 600.0
"""Seconds between two thaw-collect-freeze rounds (at an idle moment)."""
MOST_YOUNG = 5_000
"""Young collections after which a full one runs even without an idle moment:
memory stays bounded while someone holds a key down for minutes (about 500 key
presses in a long thread; measured 710-965 young collections per 100 presses)."""
_OUT_OF_REACH = 1_000_000_000
"""A third threshold no session reaches: no automatic full collection."""


class Pacer:
    """When the collector may take its time; one per app."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._last_input = clock()
        self._last_settle = clock()
        self._young_at_full = 0
        self._young = 0
        self._thresholds = gc.get_threshold()
        self.settled = False
        """Whether what was loaded has been frozen yet."""
        gc.callbacks.append(self._count)

    def _count(self, phase: str, info: dict[str, int]) -> None:
        if phase == "stop" and info["generation"] < 2:
            self._young += 1

    def touched(self) -> None:
        """The person pressed a key or used the mouse."""
        self._last_input = self._clock()

    def settle(self) -> None:
        """The data is loaded: collect once, freeze the survivors, full collections
        from now on only at idle moments."""
        gc.collect()
        gc.freeze()
        young, middle, _ = self._thresholds
        gc.set_threshold(young, middle, _OUT_OF_REACH)
        self.settled = True
        self._last_settle = self._clock()
        self._young_at_full = self._young

    def tick(self) -> bool:
        """A full collection now, if the person is idle and one is due; whether it ran.

        The first one settles what was loaded (see :meth:`settle`)."""
        now = self._clock()
        overdue = self._young - self._young_at_full >= MOST_YOUNG
        if now - self._last_input < IDLE and not overdue:
            return False
        if not self.settled:
            self.settle()
            return True
        if self._young == self._young_at_full:
            return False
        if now - self._last_settle >= RESETTLE:
            gc.unfreeze()
            self.settle()
        else:
            gc.collect()
            self._young_at_full = self._young
        return True

    def close(self) -> None:
        """Back to the interpreter's own rules (the app has stopped)."""
        if self._count in gc.callbacks:
            gc.callbacks.remove(self._count)
        gc.set_threshold(*self._thresholds)
