"""The whole app on the demo team, opened the way `asynctui demo` opens it.

``make_demo`` runs ``asynctui demo --print`` in a temporary data directory with the
clock fixed at ``NOW`` (a Wednesday, 11:20 in Berlin), so the sample team's story is
told at that instant. ``DemoTeam.app()`` then builds ``AsyncTuiApp`` exactly as
``asynctui/cli/tui_command.py`` does: two workspaces over one replica file, a
``FolderStore`` on the demo folder (or an ``OfflineStore`` when it is missing) and
the fixed clock.

Test modules take the ``demo`` fixture with ``from app_harness import demo_team as demo_team``
(a ``tests/tui/conftest.py`` would clash with ``tests/cli/conftest.py`` under mypy).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from asynctui.cli import main
from asynctui.client import queries
from asynctui.client.replica import Replica
from asynctui.client.session import Session
from asynctui.client.team import Team
from asynctui.client.workspace import Workspace
from asynctui.config import Config, load, save
from asynctui.core.clock import FixedClock
from asynctui.stores.base import Store, StoreUnavailable
from asynctui.stores.folder import FolderStore
from asynctui.stores.offline import OfflineStore
from asynctui.tui.app import AsyncTuiApp
from asynctui.tui.widgets._status_bar import StatusBar

NOW_TEXT = "2026-11-18T10:20:00Z"
NOW = datetime(2026, 11, 18, 10, 20, tzinfo=UTC)
"""The fixed clock: Wednesday 18 November 2026, 11:20 in Berlin (Ana's zone)."""

SIZE = (160, 45)
"""The terminal every app test runs in."""

ANA, MAYA, SAM, PRIYA, KENJI = "m-ana", "m-maya", "m-sam", "m-priya", "m-kenji"

# Titles of the demo's threads (asynctui/demo/team.py).
LAUNCH = "Q1 launch: which markets first?"
API_REVIEW = "Review: events API pagination"
ONBOARDING = "Onboarding empty states"
CRASH = "Crash on Android 15 when resuming"
PAYMENT = "Payment screen copy, final check"
ICONS = "Icon set: outline or filled?"
HIRING = "Hiring: second backend engineer"
FRIDAY = "Friday demo: who's presenting?"
BOOK_CLUB = "Book club: 'Remote' by Fried & Hansson"


@dataclass
class DemoTeam:
    """The sample team made in a temporary directory, and apps opened on it."""

    base: Path
    """The demo directory (``<data>/demo``)."""
    config_path: Path
    """The demo's config.toml (the app saves its theme there)."""
    _replicas: list[Replica] = field(default_factory=list)

    @property
    def config(self) -> Config:
        return load(self.config_path)

    @property
    def folder(self) -> Path:
        return Path(self.config.folder)

    @property
    def replica_path(self) -> Path:
        return Path(self.config.replica)

    def app(self, now: datetime = NOW) -> AsyncTuiApp:
        """A new app on the demo, built like ``run_tui`` builds it, on the fixed clock
        (``now``: another fixed clock, the story told at ``NOW`` read later)."""
        config = self.config
        clock = FixedClock(now)

        def open_store() -> Store:
            try:
                return FolderStore(Path(config.folder), config.device)
            except StoreUnavailable as exc:
                return OfflineStore(str(exc))

        ui_replica = Replica(self.replica_path)
        sync_replica = Replica(self.replica_path)
        self._replicas += [ui_replica, sync_replica]
        ui = Workspace(ui_replica, None, clock, config.member, config.device)
        sync = Workspace(sync_replica, open_store(), clock, config.member, config.device)
        config_path = self.config_path

        def save_config(updated: Config) -> None:
            save(updated, config_path)

        return AsyncTuiApp(Session(ui, sync, open_store, config, save_config))

    def db(self) -> sqlite3.Connection:
        """A connection of the test's own to the replica, to check what was recorded."""
        replica = Replica(self.replica_path)
        self._replicas.append(replica)
        return replica.db

    def team(self) -> Team:
        return Team(self.db())

    def thread_id(self, title: str) -> str:
        """The id of the demo thread with this title."""
        (found,) = [t.id for t in queries.threads(self.db()) if t.title == title]
        return found

    def close(self) -> None:
        for replica in self._replicas:
            replica.close()
        self._replicas.clear()


def make_demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> DemoTeam:
    """Run `asynctui demo --print` in ``tmp_path`` with the clock fixed at ``NOW``."""
    monkeypatch.setenv("ASYNCTUI_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ASYNCTUI_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("ASYNCTUI_NOW", NOW_TEXT)
    assert main(["demo", "--print"]) == 0
    base = tmp_path / "data" / "demo"
    return DemoTeam(base, base / "config.toml")


@pytest.fixture(name="demo")
def demo_team(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[DemoTeam]:
    """The sample team in ``tmp_path``, its clock fixed at Wednesday 11:20 in Berlin."""
    team = make_demo(tmp_path, monkeypatch)
    yield team
    team.close()


# -- reading the screen -------------------------------------------------------------


def screen_text(app: App[Any]) -> str:
    """What the current screen shows, as plain text (a modal shows over the screen below)."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def widget_text(app: App[Any], selector: str) -> str:
    """The lines of the screen inside one widget's region."""
    region = app.screen.query_one(selector).region
    lines = screen_text(app).splitlines()
    return "\n".join(
        line[region.x : region.right] for line in lines[region.y : region.bottom]
    ).rstrip()


def status_bar_text(app: AsyncTuiApp) -> str:
    bar = app.query_one(StatusBar)
    return f"{bar.left_part().plain} {bar.right_part().plain}"


async def wait_until(
    pilot: Pilot[Any], condition: Callable[[], bool], seconds: float = 10.0, step: float = 0.1
) -> bool:
    """Pause until ``condition()`` holds, for at most ``seconds``; whether it held."""
    for _ in range(int(seconds / step)):
        if condition():
            return True
        await pilot.pause(step)
    return condition()


async def synced(pilot: Pilot[Any]) -> None:
    """Wait for the first sync round to finish (the status bar says "synced") and for
    what the first frame leaves out (the counts, the compose box) to be shown."""
    app = pilot.app
    assert isinstance(app, AsyncTuiApp)
    assert await wait_until(
        pilot, lambda: app.ready and app.query_one(StatusBar).sync.startswith("synced")
    )


def no_blinking(pilot: Pilot[Any]) -> None:
    """Cursors that do not blink, for stable snapshots."""
    for widget in pilot.app.screen.query("Input, TextArea"):
        assert isinstance(widget, Input | TextArea)
        widget.cursor_blink = False
