"""How long to wait before trying an unreachable store again.

Exponential backoff with jitter: 1 s, doubling to at most 60 s, each delay
spread by ±50% so that clients cut off together do not come back together. A
``Retry-After`` from the store is honoured (never tried sooner than it asked).
A success resets it. Pure: no clock and no sleeping; the random source is
injectable so a test can fix it.
"""

from __future__ import annotations

import random
from collections.abc import Callable

__all__ = ["Backoff"]


class Backoff:
    """Delays for successive failures; ``reset`` after a success."""

    def __init__(
        self,
        first: float = 1.0,
        cap: float = 60.0,
        jitter: float = 0.5,
        rand: Callable[[], float] = random.random,
    ) -> None:
        if not 0 < first <= cap:
            raise ValueError("need 0 < first <= cap")
        if not 0 <= jitter < 1:
            raise ValueError("jitter must be in [0, 1)")
        self.first = first
        """The base delay after the first failure, in seconds."""
        self.cap = cap
        """The base delay never grows past this."""
        self.jitter = jitter
        """Each delay is the base times a random factor in [1 - jitter, 1 + jitter)."""
        self._rand = rand
        self.failures = 0
        """Failures in a row since the last success."""

    def base(self) -> float:
        """The delay for the next failure before jitter."""
        if self.failures == 0:
            return self.first
        # 2 ** failures overflows a float long before the loop would end;
        # past the cap it no longer matters.
        doublings = min(self.failures, 64)
        return min(self.cap, self.first * 2.0**doublings)

    def next(self, retry_after: float | None = None) -> float:
        """Seconds to wait after one more failure (and count it).

        With ``retry_after`` (what the store asked for), the delay is at least that.
        """
        delay = self.base() * (1.0 + self.jitter * (2.0 * self._rand() - 1.0))
        self.failures += 1
        if retry_after is not None and retry_after > delay:
            return float(retry_after)
        return delay

    def reset(self) -> None:
        """A success: the next failure waits ``first`` again."""
        self.failures = 0
