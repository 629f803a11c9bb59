"""A replica built once from a generated history, through the real fold, and kept.

The benchmarks time queries on big replicas; building one takes minutes, so it is
kept under ``benchmarks/.data/`` by a name that carries the replica's schema
version (a replica of another version would be emptied when opened).
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from asynctui.client.replica import Replica  # noqa: E402
from asynctui.client.schema import SCHEMA_VERSION  # noqa: E402
from asynctui.core import events as ev  # noqa: E402

DATA = Path(__file__).resolve().parent / ".data"
BATCH = 20_000


def cached_replica(name: str, history: Iterable[ev.Event]) -> Path:
    """The replica ``name``, folded from ``history`` as a first sync does, if not kept yet."""
    path = DATA / f"{name}-v{SCHEMA_VERSION}.db"
    if path.exists():
        return path
    DATA.mkdir(exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    replica = Replica(tmp)
    replica.begin_catch_up()
    batch: list[ev.Event] = []
    for event in history:
        batch.append(event)
        if len(batch) >= BATCH:
            replica.apply(batch)
            batch = []
    replica.apply(batch)
    replica.finish_catch_up()
    replica.close()
    shutil.move(tmp, path)
    return path
