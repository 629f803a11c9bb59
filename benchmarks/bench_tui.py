"""The terminal client at size: cold start, keypress-to-frame, peak memory (issue #3).

Usage::

    .venv/bin/python benchmarks/bench_tui.py [--runs 7] [--key-runs 3] [--presses 200]

Measures, in one run of this script:

1. Cold start to the first interactive frame of ``AsyncTuiApp`` on a replica of
   100,000 messages in 10,000 threads (a folder of journals and its folded replica,
   built once under ``benchmarks/.data/``; each run gets a fresh copy of the
   replica). Every run is a fresh child process started with ``subprocess``, so
   interpreter start-up and imports are counted. The child runs the app headless
   (``app.run_test(size=(160, 45))`` inside ``asyncio.run``), built the way
   ``asynctui/cli/tui_command.py`` builds it (two workspaces over one replica file,
   a ``FolderStore``), and stops the clock when the compositor has produced the first
   frame in which the thread list drew rows (an ``App._display`` hook: the frame is
   composed; headless mode writes it nowhere). Times are taken with
   ``time.perf_counter()`` (``CLOCK_MONOTONIC``, shared by all processes on Linux):
   *from spawn* starts in the parent just before ``subprocess.run``; *in child*
   starts at the first statement of this file. The app paints its first frame from
   the visible rows only and fills in the rest (sidebar counts, the whole list, the
   compose box) right after it; the child also reports when that was done
   (``complete_after_frame_s``), outside the clock. The baseline, interleaved run by run,
   is a bare Textual ``App`` showing one ``Label``, started and timed the same way.
   Goal: within 1.5x of the baseline.
2. Keypress-to-frame for ``down`` and ``pagedown`` in a 100,000-thread list
   (``ThreadList`` fed by a cheap ``row`` callable returning prebuilt
   ``ThreadSummary`` rows) and in a 20,000-message thread (``ThreadView`` with
   generated ``queries.Message`` objects), each widget filling a 160x45 screen in
   its own child process. Three figures per key: *key to frame* (from just before
   ``pilot.press`` to the end of the first frame composed after the widget's action
   ran; the frame is driven by Textual's own 60 fps update timer, not by Pilot),
   *Pilot round trip* (until ``pilot.press`` returns; mostly Pilot's idle waits), and
   *widget cost* (the key's action plus ``render_line(y)`` for every visible line,
   called directly, with the widget's caches as they are). Goal: under 16 ms. A
   fourth figure, for context: the widget cost of the list fed by the real ``Views``
   over the benchmark replica (10,000 threads, rows from SQLite on first sight).
3. Peak memory (VmHWM from /proc/self/status in the child; not ``ru_maxrss``, which
   on Linux keeps the parent's peak across fork and exec) of the app on that
   replica (after the first frame, the first sync, ``end`` and ``enter``), and of the
   100,000-thread list scrolled to the end. Goal: under 200 MB.

Children run with a bytecode cache of their own (``PYTHONPYCACHEPREFIX`` under
``benchmarks/.data/``), filled by one uncounted warm-up run of each kind, as an
installed package would have its ``.pyc`` files. The last line printed is one JSON
object with every raw run.
"""

from __future__ import annotations

import time

_STARTED = time.perf_counter()
"""The child's own start: the first statement run (cold-start runs re-run this file)."""

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import platform  # noqa: E402
import random  # noqa: E402
import shutil  # noqa: E402
import sqlite3  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from collections.abc import Callable, Iterator  # noqa: E402
from datetime import UTC, datetime, timedelta  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import TYPE_CHECKING, Any  # noqa: E402

if TYPE_CHECKING:
    from asynctui.core import events as ev

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = HERE / ".data"
SIZE = (160, 45)
THREADS = 10_000
MESSAGES = 100_000
LIST_ROWS = 100_000
THREAD_MESSAGES = 20_000
ME = "m00"
"""The viewer in the app runs (one of bench_fold's 20 members)."""

# Nothing heavy is imported at module level: a cold-start child runs this file, and
# its baseline must not pay for asynctui's imports.


def _high_water_mb() -> float:
    """This process's peak resident memory (VmHWM), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status (not Linux?)")


def _emit(result: dict[str, Any]) -> None:
    print(json.dumps(result), flush=True)


# --- the data set ----------------------------------------------------------------------


def _fold_helpers() -> Any:
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(HERE))
    import bench_fold

    return bench_fold


def tui_history(threads: int, messages: int, seed: int = 11) -> Iterator[ev.Event]:
    """``messages`` messages (``threads`` of them opening a thread), with reactions,
    asks (a fifth of them of the viewer), a few edits and the viewer's read marks."""
    from asynctui.core import events as ev
    from asynctui.core.hours import Window
    from asynctui.core.ids import new_id

    bf = _fold_helpers()
    rnd = random.Random(seed)
    members: list[str] = bf.MEMBERS
    channels = ["c-general", "c-design", "c-eng", "c-sales", "c-random"]
    n = 0

    def event(author: str, body: ev.Payload) -> ev.Event:
        nonlocal n
        n += 1
        made: ev.Event = bf._event(author, n, body)
        return made

    for m in members:
        yield event(m, ev.ProfileSet(name=m.upper(), handle=m, tz="Europe/Berlin"))
    for channel in channels:
        yield event(members[0], ev.ChannelCreated(channel=channel, name=channel[2:]))
    opened: list[str] = []
    posted: list[str] = []
    for i in range(messages):
        author = rnd.choice(members)
        left = messages - i
        if not opened or (len(opened) < threads and rnd.random() < (threads - len(opened)) / left):
            tid = new_id()
            opened.append(tid)
            mid = new_id()
            yield event(
                author,
                ev.ThreadOpened(
                    thread=tid,
                    channel=rnd.choice(channels),
                    title=bf._words(rnd, rnd.randint(3, 8)),
                    message=mid,
                    body=bf._words(rnd, rnd.randint(5, 30)),
                ),
            )
        else:
            tid = opened[-rnd.randint(1, min(len(opened), 300))]
            mid = new_id()
            yield event(
                author,
                ev.MessagePosted(message=mid, thread=tid, body=bf._words(rnd, rnd.randint(3, 60))),
            )
        posted.append(mid)
        roll = rnd.random()
        if roll < 0.10:
            yield event(
                rnd.choice(members),
                ev.ReactionAdded(
                    message=posted[-rnd.randint(1, min(len(posted), 50))],
                    emoji=rnd.choice("👍🎉👀"),
                ),
            )
        elif roll < 0.13:
            asked = ME if rnd.random() < 0.2 else rnd.choice(members)
            yield event(
                author, ev.AskCreated(ask=new_id(), thread=tid, asked=asked, within=Window(8, "h"))
            )
        elif roll < 0.14 and author == ME:
            yield event(ME, ev.MessageEdited(message=mid, body=bf._words(rnd, 12)))
        elif roll < 0.17:
            # The viewer reads a recent thread up to now: about half the threads end up read.
            read = opened[-rnd.randint(1, min(len(opened), 30))]
            yield event(ME, ev.ReadMarked(thread=read, upto=bf.T0 + timedelta(seconds=30 * n)))


def data_set(threads: int = THREADS, messages: int = MESSAGES) -> tuple[Path, Path, datetime]:
    """The shared folder and its folded replica, built once and cached; and the
    instant the app runs at (an hour after the last event)."""
    from asynctui.client.replica import Replica
    from asynctui.client.schema import SCHEMA_VERSION
    from asynctui.client.workspace import Workspace
    from asynctui.core.clock import FixedClock
    from asynctui.stores.folder import FolderStore

    bf = _fold_helpers()
    # The replica's schema in the name: a replica of another version would be
    # emptied and filled again on opening, inside the timed start.
    base = DATA / f"tui-{messages}-{threads}-v{SCHEMA_VERSION}"
    folder, replica_path, meta = base / "folder", base / "replica.db", base / "meta.json"
    if not meta.exists():
        tmp = base.with_name(base.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        stores: dict[str, FolderStore] = {}
        pending: dict[str, list[ev.Event]] = {}
        last = bf.T0
        count = 0
        for event in tui_history(threads, messages):
            count += 1
            last = event.at
            pending.setdefault(event.device, []).append(event)
            if len(pending[event.device]) >= 5_000:
                bf._store(stores, tmp / "folder", event.device).append(pending.pop(event.device))
        for device, rest in pending.items():
            bf._store(stores, tmp / "folder", device).append(rest)
        now = last + timedelta(hours=1)
        replica = Replica(tmp / "replica.db")
        replica.db.execute("PRAGMA synchronous = NORMAL")
        workspace = Workspace(
            replica,
            FolderStore(tmp / "folder", f"{ME}-laptop"),
            FixedClock(now),
            ME,
            f"{ME}-laptop",
        )
        report = workspace.sync()
        assert report.received == count, (report.received, count)
        db = replica.db
        (got_messages,) = db.execute("SELECT count(*) FROM messages").fetchone()
        (got_threads,) = db.execute("SELECT count(*) FROM threads").fetchone()
        replica.close()
        (tmp / "meta.json").write_text(
            json.dumps(
                {
                    "events": count,
                    "messages": got_messages,
                    "threads": got_threads,
                    "now": now.isoformat(),
                }
            )
        )
        tmp.rename(base)
    info = json.loads(meta.read_text())
    assert info["messages"] == messages and info["threads"] == threads, info
    return folder, replica_path, datetime.fromisoformat(info["now"])


# --- child: the app, cold ----------------------------------------------------------------


def child_app(replica: str, folder: str, now_text: str, spawned: float) -> None:
    """Open AsyncTuiApp as tui_command does; report the first frame with rows drawn."""
    import asyncio

    from rich.console import RenderableType
    from textual.screen import Screen

    from asynctui.client.replica import Replica
    from asynctui.client.session import Session
    from asynctui.client.workspace import Workspace
    from asynctui.config import Config
    from asynctui.core.clock import FixedClock
    from asynctui.stores.base import Store, StoreUnavailable
    from asynctui.stores.folder import FolderStore
    from asynctui.stores.offline import OfflineStore
    from asynctui.tui.app import AsyncTuiApp
    from asynctui.tui.main_screen import MainScreen
    from asynctui.tui.widgets._status_bar import StatusBar
    from asynctui.tui.widgets._thread_list import ThreadList

    imported = time.perf_counter()
    config = Config(folder=folder, member=ME, device=f"{ME}-laptop", handle=ME, replica=replica)
    clock = FixedClock(datetime.fromisoformat(now_text))

    def open_store() -> Store:
        try:
            return FolderStore(Path(config.folder), config.device)
        except StoreUnavailable as exc:
            return OfflineStore(str(exc))

    def save_config(updated: Config) -> None:
        pass

    class TimedMain(MainScreen):
        first_paint: float | None = None
        first_refresh: float | None = None
        first_refresh_end: float | None = None

        def _first_paint(self) -> None:
            start = time.perf_counter()
            super()._first_paint()
            self.first_paint = time.perf_counter() - start

        def show_views(self, views: Any) -> None:
            start = time.perf_counter()
            super().show_views(views)
            if self.first_refresh is None:
                self.first_refresh_end = time.perf_counter()
                self.first_refresh = self.first_refresh_end - start

    class TimedApp(AsyncTuiApp):
        first_frame: float | None = None

        def get_default_screen(self) -> Screen[Any]:
            self._main = TimedMain(self.ws)
            return self._main

        @property
        def timed(self) -> TimedMain:
            assert isinstance(self.main, TimedMain)
            return self.main

        def _display(self, screen: Screen[Any], renderable: RenderableType | None) -> None:
            super()._display(screen, renderable)
            if renderable is None or self.first_frame is not None:
                return
            rows = self.query(ThreadList)
            if rows and rows.first().row_count and len(rows.first()._strips):
                self.first_frame = time.perf_counter()

    ui = Workspace(Replica(Path(replica)), None, clock, config.member, config.device)
    sync = Workspace(Replica(Path(replica)), open_store(), clock, config.member, config.device)
    app = TimedApp(Session(ui, sync, open_store, config, save_config))
    constructed = time.perf_counter()
    result: dict[str, Any] = {}

    async def run() -> None:
        async with app.run_test(size=SIZE) as pilot:
            while app.first_frame is None:
                await asyncio.sleep(0.001)
            frame = app.first_frame
            result.update(
                from_spawn_s=frame - spawned,
                in_child_s=frame - _STARTED,
                imports_s=imported - _STARTED,
                constructed_s=constructed - _STARTED,
                first_paint_s=app.timed.first_paint,
                first_frame_rows=app.query_one(ThreadList).row_count,
                hwm_first_frame_mb=_high_water_mb(),
            )
            # What the first frame leaves out (the sidebar's counts, the rest of the
            # list, the compose box) comes right after it.
            for _ in range(300):
                if app.ready:
                    break
                await pilot.pause(0.01)
            timed = app.timed
            assert timed.first_refresh_end is not None
            result.update(
                first_refresh_s=timed.first_refresh,
                complete_after_frame_s=timed.first_refresh_end - frame,
                rows=app.query_one(ThreadList).row_count,
            )
            # A short journey for the memory figure: the first sync, the last thread, open it.
            for _ in range(300):
                if app.query_one(StatusBar).sync.startswith("synced"):
                    break
                await pilot.pause(0.05)
            result["synced"] = app.query_one(StatusBar).sync
            result["rows_after_sync"] = app.query_one(ThreadList).row_count
            await pilot.press("end", "enter")
            await pilot.pause()
            result["hwm_mb"] = _high_water_mb()
            _emit(result)
            app.exit()

    asyncio.run(run())
    ui.replica.close()
    sync.replica.close()


def child_baseline(spawned: float) -> None:
    """A bare Textual App showing one Label, timed like child_app."""
    import asyncio

    from rich.console import RenderableType
    from textual.app import App, ComposeResult
    from textual.geometry import Region
    from textual.screen import Screen
    from textual.strip import Strip
    from textual.widgets import Label

    imported = time.perf_counter()

    class PaintedLabel(Label):
        painted = False

        def render_lines(self, crop: Region) -> list[Strip]:
            PaintedLabel.painted = True
            return super().render_lines(crop)

    class Bare(App[None]):
        first_frame: float | None = None

        def compose(self) -> ComposeResult:
            yield PaintedLabel("Hello, asynctui.")

        def _display(self, screen: Screen[Any], renderable: RenderableType | None) -> None:
            super()._display(screen, renderable)
            if renderable is not None and self.first_frame is None and PaintedLabel.painted:
                self.first_frame = time.perf_counter()

    app = Bare()
    result: dict[str, Any] = {}

    async def run() -> None:
        async with app.run_test(size=SIZE):
            while app.first_frame is None:
                await asyncio.sleep(0.001)
            frame = app.first_frame
            result.update(
                from_spawn_s=frame - spawned,
                in_child_s=frame - _STARTED,
                imports_s=imported - _STARTED,
                hwm_mb=_high_water_mb(),
            )
            _emit(result)
            app.exit()

    asyncio.run(run())


# --- child: keys ------------------------------------------------------------------------


def _summaries(count: int) -> list[Any]:
    """Prebuilt thread-list rows: titles, unread counts, people and badges that vary."""
    from asynctui.client.views import Badge, BadgeTone, ThreadSummary
    from asynctui.core.expectations import Urgency

    bf = _fold_helpers()
    rnd = random.Random(5)
    tones: list[tuple[BadgeTone, Urgency, str]] = [
        ("overdue", "overdue", "overdue 5h"),
        ("due_soon", "due_soon", "2h left"),
        ("open", "open", "due Mon 15:00"),
        ("off", "open", "off until 09:00, due Tue 11:00"),
    ]
    rows = []
    for i in range(count):
        people = tuple(rnd.sample(bf.MEMBERS, rnd.randint(1, 10)))
        badges = []
        for who in people[: rnd.choice((0, 0, 1, 2, 3))]:
            tone, urgency, text = rnd.choice(tones)
            badges.append(Badge(who, f"{who} · {text}", tone, urgency, None))
        rows.append(
            ThreadSummary(
                id=f"row{i}",
                title=bf._words(rnd, rnd.randint(3, 10)),
                channel_name=rnd.choice(("general", "design", "eng")),
                last_at=bf.T0,
                last_activity=f"{rnd.randint(1, 59)}m ago",
                unread=rnd.choice((0, 0, 1, 3, 12, 140)),
                participants=people,
                badges=tuple(badges),
                resolved=rnd.random() < 0.1,
            )
        )
    return rows


def _messages(count: int) -> list[Any]:
    """A generated thread: varied bodies (some wrapping), reactions, quotes and edits."""
    from asynctui.client.queries import Message

    bf = _fold_helpers()
    rnd = random.Random(3)
    messages: list[Message] = []
    for i in range(count):
        at = bf.T0 + timedelta(minutes=7 * i)
        reactions = {"👍": rnd.sample(bf.MEMBERS, 3)} if rnd.random() < 0.1 else {}
        messages.append(
            Message(
                id=f"msg{i}",
                thread="big",
                author=rnd.choice(bf.MEMBERS),
                at=at,
                body=bf._words(rnd, rnd.choice((3, 8, 15, 30, 60))),
                quote=messages[-rnd.randint(1, min(i, 20))].id
                if i and rnd.random() < 0.03
                else None,
                edited_at=at + timedelta(minutes=1) if rnd.random() < 0.02 else None,
                reactions=reactions,
            )
        )
    return messages


def child_keys(kind: str, presses: int, replica: str, now_text: str, paced: bool) -> None:
    """Mount one widget, press ``down`` then ``pagedown`` ``presses`` times each through
    Pilot, then time the same actions directly; report timings, the full (generation-2)
    collections that ran while keys were pressed, and VmHWM.

    ``paced``: the collector is paced as ``AsyncTuiApp`` paces it (``tui.gc_pacing``):
    input marks it busy, a 1-s timer collects at idle moments, and what was loaded is
    settled before the presses (the app does that at its first idle moment after the
    first frame; here the presses start right after loading, so it is done then).
    """
    import asyncio
    import gc

    from rich.console import RenderableType
    from textual import events
    from textual.app import App, ComposeResult
    from textual.pilot import Pilot
    from textual.screen import Screen
    from textual.widget import Widget

    from asynctui.tui import themes
    from asynctui.tui.gc_pacing import Pacer
    from asynctui.tui.widgets._thread_list import ThreadList
    from asynctui.tui.widgets._thread_view import ThreadView

    now = datetime.fromisoformat(now_text)
    widget: ThreadList | ThreadView
    if kind == "list":
        rows = _summaries(256)
        ids = [f"t{i:06d}" for i in range(LIST_ROWS)]
        thread_list = widget = ThreadList()

        def row(thread_id: str) -> Any:
            return rows[int(thread_id[1:]) % len(rows)]

        def load() -> None:
            thread_list.set_rows(ids, row)

    else:
        messages = _messages(THREAD_MESSAGES)
        thread_view = widget = ThreadView()

        def load() -> None:
            thread_view.set_thread(
                "A very long thread", messages, str.upper, str, ME, "Europe/Berlin", now
            )

    class KeysApp(App[None]):
        CSS = "ThreadList, ThreadView { height: 1fr; }"

        def __init__(self) -> None:
            super().__init__()
            self.frames: list[float] = []
            self.acted: list[float] = []
            self.pacer = Pacer() if paced else None

        async def on_event(self, event: Any) -> None:
            if self.pacer is not None and isinstance(event, events.Key):
                self.pacer.touched()
            await super().on_event(event)

        def get_theme_variable_defaults(self) -> dict[str, str]:
            return dict(themes.BADGE_DEFAULTS)

        def compose(self) -> ComposeResult:
            yield widget

        def on_mount(self) -> None:
            themes.register_all(self)
            self.theme = themes.DEFAULT_THEME
            load()
            widget.focus()
            if self.pacer is not None:
                self.pacer.settle()
                self.set_interval(1.0, self.pacer.tick)

        def _display(self, screen: Screen[Any], renderable: RenderableType | None) -> None:
            super()._display(screen, renderable)
            if renderable is not None:
                self.frames.append(time.perf_counter())

    app = KeysApp()
    # Note when each action has run, to find the first frame after it.
    for action in ("cursor_down", "page_down"):
        original: Callable[[], None] = getattr(widget, f"action_{action}")

        def marked(original: Callable[[], None] = original) -> None:
            original()
            app.acted.append(time.perf_counter())

        setattr(widget, f"action_{action}", marked)

    result: dict[str, Any] = {"kind": kind}

    full_collections: list[float] = []
    started = [0.0]

    def watch(phase: str, info: dict[str, int]) -> None:
        if info["generation"] != 2:
            return
        if phase == "start":
            started[0] = time.perf_counter()
        else:
            full_collections.append(time.perf_counter() - started[0])

    async def through_pilot(pilot: Pilot[None], key: str) -> tuple[list[float], list[float]]:
        to_frame: list[float] = []
        round_trip: list[float] = []
        gc.callbacks.append(watch)
        try:
            return await presses_of(pilot, key, to_frame, round_trip)
        finally:
            gc.callbacks.remove(watch)

    async def presses_of(
        pilot: Pilot[None], key: str, to_frame: list[float], round_trip: list[float]
    ) -> tuple[list[float], list[float]]:
        for _ in range(presses):
            app.acted.clear()
            start = time.perf_counter()
            await pilot.press(key)
            returned = time.perf_counter()
            assert len(app.acted) == 1, app.acted
            acted = app.acted[0]
            for _ in range(100):
                after = [f for f in app.frames if f > acted]
                if after:
                    break
                await asyncio.sleep(0.001)
            to_frame.append(after[0] - start)
            round_trip.append(returned - start)
        return to_frame, round_trip

    def direct(target: Widget, action: Callable[[], None]) -> list[float]:
        """The widget's own work for one key: the action, then every visible line."""
        times = []
        for _ in range(presses):
            start = time.perf_counter()
            action()
            height = target.scrollable_content_region.height
            for y in range(height):
                target.render_line(y)
            times.append(time.perf_counter() - start)
        return times

    async def home(pilot: Pilot[None]) -> None:
        await pilot.press("home")
        await pilot.pause()

    async def run() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            result["visible_lines"] = widget.scrollable_content_region.height
            await home(pilot)
            result["down_to_frame_s"], result["down_pilot_s"] = await through_pilot(pilot, "down")
            await home(pilot)
            result["pagedown_to_frame_s"], result["pagedown_pilot_s"] = await through_pilot(
                pilot, "pagedown"
            )
            await home(pilot)
            result["down_widget_s"] = direct(widget, widget.action_cursor_down)
            await pilot.pause()
            await home(pilot)
            result["pagedown_widget_s"] = direct(widget, widget.action_page_down)
            await pilot.pause()
            await pilot.press("end")
            await pilot.pause()
            result["at_end"] = (
                widget.cursor == LIST_ROWS - 1
                if isinstance(widget, ThreadList)
                else widget.message_index == THREAD_MESSAGES - 1
            )
            result["hwm_mb"] = _high_water_mb()
            result["full_collections_during_keys_s"] = full_collections
            if kind == "list":
                result.update(await real_views(pilot))
            app.exit()

    async def real_views(pilot: Pilot[None]) -> dict[str, Any]:
        """The list fed by the real Views over the benchmark replica (rows from SQLite)."""
        from asynctui.client.replica import Replica
        from asynctui.client.team import Team
        from asynctui.client.views import Views

        assert isinstance(widget, ThreadList)
        replica_db = Replica(Path(replica))
        try:
            views_down: list[float] = []
            views_page: list[float] = []
            for out, action in (
                (views_down, widget.action_cursor_down),
                (views_page, widget.action_page_down),
            ):
                # A fresh Views, as after every refresh: no row fetched yet.
                views = Views(replica_db.db, Team(replica_db.db), ME, now)
                widget.set_rows(views.thread_ids("inbox", "urgency"), views.summary)
                widget.action_first()
                await pilot.pause()
                out += direct(widget, action)
            return {
                "views_rows": widget.row_count,
                "views_down_widget_s": views_down,
                "views_pagedown_widget_s": views_page,
            }
        finally:
            replica_db.close()

    asyncio.run(run())
    _emit(result)


# --- the parent ---------------------------------------------------------------------------


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(DATA / "pycache")
    return env


def _spawn(args: list[str]) -> tuple[dict[str, Any], float]:
    """Run this file as a child; its JSON result and the wall time of the whole child."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, __file__, *args, "--spawned", repr(start)],
        capture_output=True,
        text=True,
        env=_child_env(),
        cwd=ROOT,
        timeout=900,
    )
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"child {args[:1]} failed:\n{done.stdout}\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1]), wall


def _ms(values: list[float]) -> list[float]:
    return [round(v * 1000, 2) for v in values]


def _median_ms(values: list[float]) -> float:
    return round(statistics.median(values) * 1000, 2)


def _p95_ms(values: list[float]) -> float:
    return round(statistics.quantiles(values, n=20)[-1] * 1000, 2)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="cold starts of each kind")
    parser.add_argument("--key-runs", type=int, default=3, help="child processes per widget")
    parser.add_argument("--presses", type=int, default=200, help="presses of each key")
    parser.add_argument("--child", choices=("app", "baseline", "list", "thread"))
    parser.add_argument("--replica", default="")
    parser.add_argument("--folder", default="")
    parser.add_argument("--now", default="")
    parser.add_argument("--spawned", type=float, default=0.0)
    parser.add_argument(
        "--unpaced", action="store_true", help="(key children) the interpreter's own collector"
    )
    args = parser.parse_args()
    if args.child == "app":
        child_app(args.replica, args.folder, args.now, args.spawned)
        return
    if args.child == "baseline":
        child_baseline(args.spawned)
        return
    if args.child in ("list", "thread"):
        child_keys(args.child, args.presses, args.replica, args.now, not args.unpaced)
        return

    DATA.mkdir(exist_ok=True)
    load_before = os.getloadavg()
    built = time.perf_counter()
    folder, replica, now = data_set()
    print(f"data set ready in {time.perf_counter() - built:.1f} s: {folder.parent}", flush=True)
    with tempfile.TemporaryDirectory(dir=DATA) as tmp:
        work = Path(tmp)

        def app_run(n: int) -> tuple[dict[str, Any], float]:
            # A copy of the folder and of the replica: the app's sync worker pushes what
            # the journey emits (a read mark) to the folder, and the app writes the replica.
            run = work / f"run-{n}"
            shutil.copytree(folder, run / "folder")
            shutil.copyfile(replica, run / "replica.db")
            try:
                return _spawn(
                    [
                        "--child",
                        "app",
                        "--replica",
                        str(run / "replica.db"),
                        "--folder",
                        str(run / "folder"),
                        "--now",
                        now.isoformat(),
                    ]
                )
            finally:
                shutil.rmtree(run)

        # Warm-up (not counted): fills the children's bytecode cache and the page cache.
        app_run(-1)
        _spawn(["--child", "baseline"])
        apps: list[dict[str, Any]] = []
        bares: list[dict[str, Any]] = []
        walls: dict[str, list[float]] = {"app": [], "baseline": []}
        for n in range(args.runs):
            # Interleaved, alternating which goes first.
            order = ("app", "baseline") if n % 2 == 0 else ("baseline", "app")
            for which in order:
                if which == "app":
                    got, wall = app_run(n)
                    apps.append(got)
                else:
                    got, wall = _spawn(["--child", "baseline"])
                    bares.append(got)
                walls[which].append(wall)
                print(f"  cold start {which} {n}: {got['from_spawn_s'] * 1000:.0f} ms", flush=True)
        keys: dict[str, list[dict[str, Any]]] = {
            "list": [], "thread": [], "list unpaced": [], "thread unpaced": []
        }  # fmt: skip
        replica_copy = work / "keys-replica.db"
        shutil.copyfile(replica, replica_copy)
        for n in range(args.key_runs):
            for kind in ("list", "thread", "list unpaced", "thread unpaced"):
                widget, _, unpaced = kind.partition(" ")
                got, _ = _spawn(
                    [
                        "--child",
                        widget,
                        "--presses",
                        str(args.presses),
                        "--replica",
                        str(replica_copy),
                        "--now",
                        now.isoformat(),
                        *(["--unpaced"] if unpaced else []),
                    ]
                )
                keys[kind].append(got)
                print(f"  keys {kind} {n}: done", flush=True)

    def pooled(kind: str, field: str) -> list[float]:
        return [v for run in keys[kind] for v in run[field]]

    app_spawn = [r["from_spawn_s"] for r in apps]
    bare_spawn = [r["from_spawn_s"] for r in bares]
    app_child = [r["in_child_s"] for r in apps]
    bare_child = [r["in_child_s"] for r in bares]
    summary: dict[str, Any] = {
        "machine": f"{platform.machine()} {platform.processor() or ''}".strip(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "textual": _textual_version(),
        "date": datetime.now(UTC).strftime("%Y-%m-%d"),
        "load_before": load_before,
        "data_set": json.loads((folder.parent / "meta.json").read_text()),
        "cold_start": {
            "app_from_spawn_ms": _ms(app_spawn),
            "baseline_from_spawn_ms": _ms(bare_spawn),
            "app_in_child_ms": _ms(app_child),
            "baseline_in_child_ms": _ms(bare_child),
            "app_imports_ms": _ms([r["imports_s"] for r in apps]),
            "app_constructed_ms": _ms([r["constructed_s"] for r in apps]),
            "app_first_paint_ms": _ms([r["first_paint_s"] for r in apps]),
            "app_first_full_refresh_ms": _ms([r["first_refresh_s"] for r in apps]),
            "app_full_refresh_done_after_frame_ms": _ms(
                [r["complete_after_frame_s"] for r in apps]
            ),
            "first_frame_rows": [r["first_frame_rows"] for r in apps],
            "baseline_imports_ms": _ms([r["imports_s"] for r in bares]),
            "app_child_wall_ms": _ms(walls["app"]),
            "baseline_child_wall_ms": _ms(walls["baseline"]),
            "app_from_spawn_median_ms": _median_ms(app_spawn),
            "baseline_from_spawn_median_ms": _median_ms(bare_spawn),
            "ratio_from_spawn": round(
                statistics.median(app_spawn) / statistics.median(bare_spawn), 2
            ),
            "app_in_child_median_ms": _median_ms(app_child),
            "baseline_in_child_median_ms": _median_ms(bare_child),
            "ratio_in_child": round(
                statistics.median(app_child) / statistics.median(bare_child), 2
            ),
            "rows": [r["rows"] for r in apps],
            "rows_after_sync": [r["rows_after_sync"] for r in apps],
            "synced": [r["synced"] for r in apps],
        },
        "memory": {
            "app_first_frame_mb": [round(r["hwm_first_frame_mb"], 1) for r in apps],
            "app_after_journey_mb": [round(r["hwm_mb"], 1) for r in apps],
            "baseline_mb": [round(r["hwm_mb"], 1) for r in bares],
            "list_100000_at_end_mb": [round(r["hwm_mb"], 1) for r in keys["list"]],
            "thread_20000_at_end_mb": [round(r["hwm_mb"], 1) for r in keys["thread"]],
        },
        "keys": {},
    }
    for kind in keys:
        full = [v for run in keys[kind] for v in run["full_collections_during_keys_s"]]
        figures: dict[str, Any] = {
            "full_collections_during_keys": len(full),
            "full_collections_during_keys_ms": sorted(_ms(full)),
            "presses_per_run": args.presses,
            "runs": len(keys[kind]),
            "visible_lines": keys[kind][0]["visible_lines"] if keys[kind] else None,
            "reached_end": [r["at_end"] for r in keys[kind]],
        }
        fields = [
            "down_to_frame_s",
            "pagedown_to_frame_s",
            "down_pilot_s",
            "pagedown_pilot_s",
            "down_widget_s",
            "pagedown_widget_s",
        ]
        if kind.startswith("list"):
            fields += ["views_down_widget_s", "views_pagedown_widget_s"]
            figures["views_rows"] = keys[kind][0]["views_rows"] if keys[kind] else None
        for field in fields:
            values = pooled(kind, field)
            name = field.removesuffix("_s")
            figures[f"{name}_median_ms"] = _median_ms(values)
            figures[f"{name}_p95_ms"] = _p95_ms(values)
            figures[f"{name}_run_medians_ms"] = [_median_ms(r[field]) for r in keys[kind]]
            figures[f"{name}_ms"] = _ms(values)
        summary["keys"][kind] = figures
    summary["load_after"] = os.getloadavg()
    _report(summary)
    print(json.dumps(summary))


def _textual_version() -> str:
    from importlib.metadata import version

    return version("textual")


def _report(s: dict[str, Any]) -> None:
    cold, mem = s["cold_start"], s["memory"]
    print()
    print(
        f"cold start, from spawn: app {cold['app_from_spawn_median_ms']} ms, bare Textual"
        f" {cold['baseline_from_spawn_median_ms']} ms, ratio {cold['ratio_from_spawn']}"
        " (goal <= 1.5)"
    )
    print(
        f"cold start, in child:   app {cold['app_in_child_median_ms']} ms, bare Textual"
        f" {cold['baseline_in_child_median_ms']} ms, ratio {cold['ratio_in_child']}"
    )
    print(
        f"first paint (visible rows) {statistics.median(cold['app_first_paint_ms'])} ms;"
        f" the full refresh after the frame {statistics.median(cold['app_first_full_refresh_ms'])}"
        " ms, all shown"
        f" {statistics.median(cold['app_full_refresh_done_after_frame_ms'])} ms after the frame"
    )
    labels = {"list": "100,000-thread list", "thread": "20,000-message thread"}
    for kind in s["keys"]:
        widget, _, unpaced = kind.partition(" ")
        label = labels[widget] + (" (collector unpaced)" if unpaced else "")
        k = s["keys"][kind]
        for key in ("down", "pagedown"):
            print(
                f"{label}, {key}: key to frame {k[f'{key}_to_frame_median_ms']} ms"
                f" (p95 {k[f'{key}_to_frame_p95_ms']}); widget cost"
                f" {k[f'{key}_widget_median_ms']} ms (p95 {k[f'{key}_widget_p95_ms']});"
                f" Pilot round trip {k[f'{key}_pilot_median_ms']} ms (goal < 16)"
            )
        full = k["full_collections_during_keys_ms"]
        print(
            f"{label}: {len(full)} full collections during"
            f" {2 * k['presses_per_run'] * k['runs']} presses"
            + (f", {min(full)}-{max(full)} ms" if full else "")
        )
    k = s["keys"]["list"]
    print(
        f"list on real Views ({k['views_rows']:,} threads), widget cost: down"
        f" {k['views_down_widget_median_ms']} ms,"
        f" pagedown {k['views_pagedown_widget_median_ms']} ms"
    )
    print(
        f"peak memory: app {statistics.median(mem['app_after_journey_mb']):.0f} MB (first frame"
        f" {statistics.median(mem['app_first_frame_mb']):.0f}), 100,000-thread list at the end"
        f" {statistics.median(mem['list_100000_at_end_mb']):.0f} MB, 20,000-message thread"
        f" {statistics.median(mem['thread_20000_at_end_mb']):.0f} MB, bare Textual"
        f" {statistics.median(mem['baseline_mb']):.0f} MB (goal < 200)"
    )


if __name__ == "__main__":
    main()
