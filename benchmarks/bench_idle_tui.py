"""How often an idle TUI asks its sync server for anything (issue #10: at most 3 a minute).

Usage::

    .venv/bin/python benchmarks/bench_idle_tui.py [--seconds 120]

Starts a real ``asynctui serve`` on 127.0.0.1 (a fresh database in a temporary
directory), joins two members, sends their profiles and a thread, and opens one
TUI (``AsyncTuiApp``, headless, Textual's ``run_test``) for Ana, built as
``asynctui`` builds it, talking to the server through a proxy that counts HTTP
requests. Once the first sync has finished, nothing happens for ``--seconds``;
the requests the proxy saw meanwhile are counted. Prints each request (method,
path) and then one JSON line: seconds, requests, requests per minute, and how
many were long-polls (``wait=``).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "tui"), str(ROOT)]

from server_app_harness import ServerTeam, started_team  # noqa: E402

from asynctui.tui.widgets._status_bar import StatusBar  # noqa: E402

SIZE = (160, 45)


async def idle(team: ServerTeam, seconds: float) -> tuple[list[tuple[str, str]], float]:
    app = team.app()
    async with app.run_test(size=SIZE) as pilot:
        deadline = time.monotonic() + 30
        while not app.query_one(StatusBar).sync.startswith("synced"):
            if time.monotonic() > deadline:
                raise RuntimeError("the first sync did not finish in 30 s")
            await pilot.pause(0.1)
        before = team.proxy.count()
        started = time.monotonic()
        await pilot.pause(seconds)
        took = time.monotonic() - started
        made = [(r.method, r.path) for r in team.proxy.requests[before:]]
    return made, took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=120.0, help="idle time watched")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        with started_team(Path(tmp)) as team:
            made, took = asyncio.run(idle(team, args.seconds))
    for method, path in made:
        print(f"{method} {path}")
    print(
        json.dumps(
            {
                "seconds": round(took, 1),
                "requests": len(made),
                "requests_per_minute": round(len(made) * 60 / took, 2),
                "long_polls": sum(1 for _, path in made if "wait=" in path),
            }
        )
    )


if __name__ == "__main__":
    main()
