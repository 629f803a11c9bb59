"""The asynctui terminal client: the App, which runs a session.

The app reads only the replica. Everything a person does becomes an event
through ``Workspace.emit`` (a local, durable commit), and a sync worker in a
thread moves events between the replica and the store, so a slow or missing
store never freezes the screen. Business rules live in the client and core;
here they are only asked and shown.

The App keeps the session, the themes, the keymap and the sync worker, and says
what the worker brought (or holds it while I may not be interrupted). What the
panes show is the main screen's (``asynctui.tui.main_screen``); what a person
does, the dialog flows' (``asynctui.tui.flows``).
"""

from __future__ import annotations

import gc
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from textual import events, on, work
from textual.app import App
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.worker import get_current_worker

from asynctui.client.attention import QuietTime
from asynctui.client.outbox import describe
from asynctui.client.session import Session
from asynctui.client.sync import SyncLoop
from asynctui.client.team import Team
from asynctui.client.words import my_state
from asynctui.client.workspace import SyncReport
from asynctui.core.events import Payload
from asynctui.core.text import clean_line
from asynctui.tui import keys, main_screen, themes
from asynctui.tui.commands import COMMANDS
from asynctui.tui.gc_pacing import Pacer
from asynctui.tui.main_screen import MainScreen
from asynctui.tui.widgets._status_bar import StatusBar

if TYPE_CHECKING:
    from asynctui.client.ritual_views import Pending

__all__ = ["AsyncTuiApp", "SyncDone"]


@dataclass
class SyncDone(Message):
    """The sync worker finished a round."""

    report: SyncReport


class AsyncTuiApp(App[None]):
    """Read threads, reply, ask, and see who owes whom a reply, by when."""

    TITLE = "asynctui"
    COMMANDS = App.COMMANDS | COMMANDS
    # The main screen binds the keys that act on it; these act anywhere.
    BINDINGS = keys.bindings("app")
    CSS = main_screen.CSS

    def get_theme_variable_defaults(self) -> dict[str, str]:
        # Our CSS may use $badge-*; Textual's own themes (active before ours are
        # registered) do not define them.
        return dict(themes.BADGE_DEFAULTS)

    def __init__(self, session: Session) -> None:
        # Everything alive now (the modules, Textual's and ours) lives as long as the
        # app: out of the collector's sight, a full collection during start-up costs
        # ~15 ms less, and every later one (a pause between frames) less too.
        gc.freeze()
        self.pacer = Pacer()
        """When the collector may take its time: never inside a key press."""
        super().__init__()
        self.session = session
        self.ws = session.ui
        self.syncer = SyncLoop(session.sync, session.reopen_store)
        """The sync worker's loop; it runs in a thread worker once the first frame is up."""
        self.quiet = QuietTime()
        """What was held while I may not be interrupted, and when that time began."""
        self._sync_state = "syncing…"
        self._first_sync = True
        self._main: MainScreen | None = None
        # The theme shown (and the default, in case it is not valid); the others are
        # registered after the first frame.
        wanted = session.config.theme
        self._first_themes = {wanted, themes.DEFAULT_THEME}
        self._theme_warnings = themes.register_all(self, only=self._first_themes)
        self._start_theme(wanted if wanted in self.available_themes else themes.DEFAULT_THEME)

    def _start_theme(self, name: str) -> None:
        """Make ``name`` the theme before the app runs: what setting ``App.theme`` does,
        without the full re-parse and re-apply of the stylesheet it schedules (the
        stylesheet is still empty now; it is parsed once, at start, with these
        variables)."""
        self.set_reactive(App.theme, name)
        theme = self.current_theme
        classes = {old: False for old in self.classes if old.startswith("-theme-")}
        classes[f"-theme-{theme.name}"] = True
        classes["-dark-mode"] = theme.dark
        classes["-light-mode"] = not theme.dark
        self.update_classes(classes, update=False)
        self._refresh_truecolor_filter(self.ansi_theme)
        self.stylesheet.set_variables(self.get_css_variables())
        self.watch_theme(name)

    # -- the main screen ----------------------------------------------------------

    def get_default_screen(self) -> Screen[None]:
        # The main screen is the bottom of the stack, not pushed over Textual's
        # default one: `app.query` searches it, and every dialog opens over it.
        self._main = MainScreen(self.ws)
        return self._main

    @property
    def main(self) -> MainScreen:
        """The main screen: the panes, under any dialog."""
        assert self._main is not None, "the main screen is made when the app starts"
        return self._main

    @property
    def ready(self) -> bool:
        """Whether everything the first frame left out is shown: the counts, the
        whole list, the compose box."""
        return self._main is not None and self._main.ready

    def on_mount(self) -> None:
        for warning in self._theme_warnings:
            self.notify(warning, severity="warning")
        keymap, warnings = keys.keymap_from_config(self.session.config.keys)
        self.set_keymap(keymap)
        for warning in warnings:
            self.notify(warning, severity="warning")

    def on_resize(self, event: events.Resize) -> None:
        # The event's size: App.size is not yet updated while this runs. The main
        # screen's classes, even while a dialog is over it.
        if self._main is not None:
            self._main.fit(event.size.width)

    def first_frame_shown(self) -> None:
        """What waited for the first frame: the other themes, and syncing."""
        for warning in themes.register_all(self, skip=self._first_themes):
            self.notify(warning, severity="warning")
        # Syncing starts now, not while the first frame is drawn: its thread would
        # compete with it for the interpreter.
        self._sync_loop()
        # What is loaded now lives as long as the app: frozen out of the collector's
        # sight at the first idle moment (settling takes one full collection); from
        # then on full collections wait for idle moments too.
        self.set_interval(1.0, self.pacer.tick)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key | events.MouseDown | events.MouseScrollDown |
                      events.MouseScrollUp):  # fmt: skip
            self.pacer.touched()
        await super().on_event(event)

    def on_unmount(self) -> None:
        self.pacer.close()

    def search_themes(self) -> None:
        """The theme picker (Textual's "Theme" command): ours first, then Textual's own
        under their own heading."""
        from asynctui.tui.screens._themes import ThemeScreen

        ours, textuals = themes.grouped(self.available_themes)

        def chosen(name: str | None) -> None:
            if name is not None and name in self.available_themes:
                self.theme = name

        self.push_screen(ThemeScreen(ours, textuals, self.theme), chosen)

    def watch_theme(self, theme: str) -> None:
        if self.session.config.theme != theme and theme in self.available_themes:
            self.session.config.theme = theme
            self.session.save_config(self.session.config)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Notifications are always plain text, whoever sends them (a widget's
        ``notify`` asks for markup by default): they often carry people's words
        (a status, a file name), which must never be read as markup."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def emit(self, body: Payload) -> None:
        """Record an event locally (durable at once) and have the sync worker send it."""
        self.ws.emit(body)
        self.syncer.nudge()

    # -- the time, and quiet time ---------------------------------------------------

    def look_at_the_time(self, team: Team, now: datetime, pending: Pending | None = None) -> None:
        """The status bar brought up to date, quiet time begun or ended (with its
        digest), and, given the check-ins waiting for me, their reminders."""
        self._update_status_bar(team, now)
        ended = self.quiet.look(team, self.ws.member, now)
        if ended is not None:
            from asynctui.tui.flows import me

            me.quiet_over(self, ended, team, now)
        if pending is not None:
            self._give_reminders(team, now, pending)
            self._say_what_is_back(team, now)

    def _update_status_bar(self, team: Team, now: datetime) -> None:
        """My status and the countdown to the end of quiet time, what was held, and
        the sync state with what waits in the outbox."""
        mine = my_state(team, self.ws.member, now)
        outbox = self.ws.replica.outbox()
        queued = sum(1 for o in outbox if o.state == "pending")
        refused = len(outbox) - queued
        sync = self._sync_state + (f" · {queued} queued" if queued else "")
        sync += f" · {refused} refused ({self.main.key_name('outbox')})" if refused else ""
        self.main.query_one(StatusBar).update_bar(mine, self.quiet.held, sync)

    def _give_reminders(self, team: Team, now: datetime, pending: Pending) -> None:
        """Each check-in question waiting for me, once, when I may be interrupted."""
        from asynctui.client.reminders import due_reminders, mark_reminded

        for reminder in due_reminders(self.ws.db, team, self.ws.member, now, pending):
            self.notify(
                f"{reminder.text} · {self.main.key_name('checkins')} to answer",
                title="Check-in",
                timeout=15,
            )
            mark_reminded(self.ws.db, reminder, now)

    def _say_what_is_back(self, team: Team, now: datetime) -> None:
        """What I snoozed and is back, once, when I may be interrupted."""
        from asynctui.client import later

        for wake in later.due_wakes(self.ws.db, team, self.ws.member, now):
            self.notify(wake.text(), title="Later", timeout=10)
            later.mark_woken(self.ws.db, wake, now)

    # -- syncing ----------------------------------------------------------------

    @work(thread=True, exclusive=True, group="sync")
    def _sync_loop(self) -> None:
        worker = get_current_worker()
        self.syncer.run(lambda: worker.is_cancelled, lambda r: self.post_message(SyncDone(r)))

    @on(SyncDone)
    def _synced(self, message: SyncDone) -> None:
        if self._main is None or self._main.shutting_down():
            # A round that ends while the app is closing has no widgets left to update.
            return
        report = message.report
        first, self._first_sync = self._first_sync, False
        for warning in report.warnings:
            self.notify(warning, severity="warning", timeout=8)
        self._sync_state = "offline" if report.offline else "synced"
        where = "server" if self.session.config.server else "folder"
        for refusal in report.refused:
            self.notify(
                f"{refusal}. It stays on this device only:"
                f" {self.main.key_name('outbox')} to see or discard it.",
                title=f"Refused by the {where}",
                severity="error",
                timeout=20,
            )
        for event in report.discarded:
            self.notify(f"Discarded {describe(event)}.", title="Outbox", timeout=6)
        if report.received > report.echoes or report.discarded:
            # My own events read back were shown when made: no redraw for them.
            # The first round only catches up with what happened before opening.
            if report.news and not first:
                self._announce(report)
            self.main.refresh_data()
        else:
            self.look_at_the_time(self.ws.team(), self.ws.now())

    def _announce(self, report: SyncReport) -> None:
        """What others did, named ('@maya mentioned you in Q1 launch'), or held for
        the digest while I may not be interrupted."""
        from asynctui.client.news import what_came

        team, me, now = self.ws.team(), self.ws.member, self.ws.now()
        news = what_came(self.ws.db, team, me, report.news_events, self.session.config.notify)
        if not news or not self.quiet.arrived(news, team, me, now):
            return
        words = news.words(team.tz(me), now)
        self.notify(words, timeout=6)
        if self.session.config.bell:
            self.bell()
        self._desktop_notify(words)

    def _desktop_notify(self, text: str) -> None:
        """An OSC 9 / OSC 777 desktop notification, if the user asked for them.

        The text names people and threads (their words): it is cleaned, and ';'
        replaced, as an escape sequence or separator inside it could end the OSC early.
        """
        kind = self.session.config.desktop
        if kind not in ("osc9", "osc777") or self.is_headless or self._driver is None:
            return
        safe = clean_line(text).replace(";", ",")
        if kind == "osc9":
            self._driver.write(f"\x1b]9;asynctui: {safe}\x07")
        else:
            self._driver.write(f"\x1b]777;notify;asynctui;{safe}\x07")

    # -- actions that act anywhere (ids and keys in asynctui.tui.keys) -------------

    def action_help(self) -> None:
        from asynctui.tui.screens._help import HelpScreen

        self.push_screen(HelpScreen(self.session.config.keys))

    def action_outbox(self) -> None:
        """My events not yet sent and those refused; a refused one can be discarded."""
        from asynctui.tui.flows import me

        me.outbox(self)
