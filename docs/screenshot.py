"""Make docs/screenshot.svg: the client on the demo team, at a fixed instant.

.venv/bin/python docs/screenshot.py
"""

from __future__ import annotations

import asyncio
import os
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


async def main() -> None:
    home = Path(tempfile.mkdtemp())
    os.environ.update(
        ASYNCTUI_DATA_DIR=str(home / "data"),
        ASYNCTUI_CONFIG_DIR=str(home / "config"),
        ASYNCTUI_NOW="2026-11-18T10:20:00Z",  # a Wednesday, 11:20 in Berlin
    )
    from asynctui.cli import main as cli
    from asynctui.client.replica import Replica
    from asynctui.client.session import Session
    from asynctui.client.workspace import Workspace
    from asynctui.config import load
    from asynctui.core.clock import FixedClock, parse_instant
    from asynctui.stores.folder import FolderStore
    from asynctui.tui.app import AsyncTuiApp

    cli(["demo", "--print"])
    path = home / "data" / "demo" / "config.toml"
    config = load(path)
    clock = FixedClock(parse_instant(os.environ["ASYNCTUI_NOW"]))

    def store() -> FolderStore:
        return FolderStore(Path(config.folder), config.device)

    def workspace(with_store: bool) -> Workspace:
        return Workspace(
            Replica(Path(config.replica)),
            store() if with_store else None,
            clock,
            config.member,
            config.device,
        )

    app = AsyncTuiApp(Session(workspace(False), workspace(True), store, config, lambda c: None))
    async with app.run_test(size=(170, 42)) as pilot:
        await pilot.pause(1.0)
        await pilot.press("j", "enter")
        await pilot.pause(0.5)
        await pilot.press("ctrl+t")
        await pilot.pause(0.5)
        app.save_screenshot(str(HERE / "screenshot.svg"))


if __name__ == "__main__":
    asyncio.run(main())
