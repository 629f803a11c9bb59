"""The asynctui terminal client: one App wiring the widgets to the workspace.

The app reads only the replica. Everything a person does becomes an event
through ``Workspace.emit`` (a local, durable commit), and a sync worker in a
thread moves events between the replica and the store, so a slow or missing
store never freezes the screen. Business rules live in the client and core;
here they are only asked and shown.
"""

from __future__ import annotations

import gc
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from textual import events, on, work
from textual.app import App, ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.widgets import Footer
from textual.worker import get_current_worker

from asynctui.client import queries
from asynctui.client.attention import may_notify, quiet_until
from asynctui.client.drafts import Drafts
from asynctui.client.outbox import describe
from asynctui.client.sync_loop import SyncLoop
from asynctui.client.team import Team
from asynctui.client.views import (
    ACTIONS,
    CHECKINS,
    DECISIONS,
    INBOX,
    MEETINGS,
    RITUAL_VIEWS,
    SortOrder,
    ViewInfo,
    Views,
    latest_at,
    unread_mark,
)
from asynctui.client.workspace import SyncReport, Workspace
from asynctui.config import Config
from asynctui.core.events import (
    ActionCreated,
    ActionDone,
    AskCreated,
    CheckinAnswered,
    DecisionMade,
    HoursSet,
    MeetingClosed,
    MeetingOpened,
    MessageEdited,
    MessagePosted,
    Payload,
    ReactionAdded,
    ReadMarked,
    StatusSet,
    ThreadOpened,
    ThreadResolved,
)
from asynctui.core.hours import Hours, Window
from asynctui.core.ids import new_id
from asynctui.core.text import clean_line
from asynctui.stores.base import Store
from asynctui.tui import keys, themes
from asynctui.tui.commands import COMMANDS
from asynctui.tui.widgets._sidebar import Sidebar
from asynctui.tui.widgets._status_bar import StatusBar
from asynctui.tui.widgets._thread_list import ROW_HEIGHT, ThreadList
from asynctui.tui.widgets._thread_view import AskLine, ThreadView

if TYPE_CHECKING:
    from asynctui.client.ritual_views import ActionFilter, Entry, Pending
    from asynctui.tui.screens._action_item import ActionChoice
    from asynctui.tui.screens._ask import AskChoice
    from asynctui.tui.screens._close_meeting import CloseChoice
    from asynctui.tui.screens._decision import DecisionChoice
    from asynctui.tui.screens._new_checkin import NewCheckin
    from asynctui.tui.screens._new_meeting import NewMeeting
    from asynctui.tui.screens._new_thread import NewThread
    from asynctui.tui.screens._status import StatusChoice
    from asynctui.tui.widgets._compose import Compose
    from asynctui.tui.widgets._ritual_list import RitualList
    from asynctui.tui.widgets._team_panel import TeamPanel

TICK = 30.0
"""Seconds between refreshes of relative times ("2h ago") and badges."""

RITUAL_IDS = frozenset(view for view, _ in RITUAL_VIEWS)
"""The views the ritual list shows (check-ins, meetings, ...), not the thread list."""

DIGEST_LOOK_BACK = timedelta(hours=24)
"""How far the digest key looks back when no quiet time has ended yet."""


@dataclass
class SyncDone(Message):
    """The sync worker finished a round."""

    report: SyncReport


@dataclass
class Session:
    """What the app runs on: two workspaces over one replica file (the UI's
    connection and the sync worker's), a way to reopen the store, and the config."""

    ui: Workspace
    sync: Workspace
    reopen_store: Callable[[], Store]
    config: Config
    save_config: Callable[[Config], None]


def _compose_class() -> type[Compose]:
    from asynctui.tui.widgets._compose import Compose

    return Compose


def _team_panel_class() -> type[TeamPanel]:
    from asynctui.tui.widgets._team_panel import TeamPanel

    return TeamPanel


class AsyncTuiApp(App[None]):
    """Read threads, reply, ask, and see who owes whom a reply, by when."""

    TITLE = "asynctui"
    COMMANDS = App.COMMANDS | COMMANDS
    BINDINGS = (
        [keys.binding("back"), keys.binding("next-pane"), keys.binding("previous-pane")]
        + keys.bindings("threads")
        + [keys.binding("close-meeting")]
        + keys.bindings("views")
        + keys.bindings("me")
        + keys.bindings("app")
    )
    CSS = """
    #main { height: 1fr; }
    Sidebar { width: 24; }
    #list-pane { width: 1fr; min-width: 40; }
    #thread-pane { width: 1fr; min-width: 40; }
    TeamPanel { width: 46; display: none; }
    /* Narrow terminals: no sidebar (o, O, i switch views); very narrow: one pane
       at a time, the thread while reading it. */
    Screen.narrow Sidebar { display: none; }
    Screen.narrow #list-pane, Screen.narrow #thread-pane { min-width: 0; }
    Screen.single #thread-pane { display: none; }
    Screen.single.reading #thread-pane { display: block; }
    Screen.single.reading #list-pane { display: none; }
    Screen.show-team TeamPanel { display: block; }
    ThreadView { height: 1fr; }
    RitualList { height: 1fr; display: none; }
    """

    def get_theme_variable_defaults(self) -> dict[str, str]:
        # Our CSS may use $badge-*; Textual's own themes (active before ours are
        # registered) do not define them.
        return dict(themes.BADGE_DEFAULTS)

    def __init__(self, session: Session) -> None:
        # Everything alive now (the modules, Textual's and ours) lives as long as the
        # app: out of the collector's sight, a full collection during start-up costs
        # ~15 ms less, and every later one (a pause between frames) less too.
        gc.freeze()
        super().__init__()
        self.session = session
        self.ws = session.ui
        self.view = "inbox"
        self.sort: SortOrder = "urgency"
        self.thread_id: str | None = None
        self.drafts = Drafts(self.ws.db)
        self._syncer = SyncLoop(session.sync, session.reopen_store)
        self._sync_state = "syncing…"
        self._held = 0
        self._quiet_since: datetime | None = None
        """How the quiet time under way is named ('in focus', 'off')."""
        self._last_quiet: tuple[datetime, str] | None = None
        """When the last quiet time began, and its name: what the digest key shows."""
        self._action_filter: ActionFilter = "mine"
        self._decision_channel: str | None = None
        """The channel the Decisions view shows; None: every channel."""
        self._views: Views | None = None
        self._first_sync = True
        self._painted = False
        self._compose_mounting = False
        self._compose: Compose | None = None
        """The compose box, once mounted (after the first frame)."""
        self._compose_waiting: list[Callable[[Compose], None]] = []
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

    # -- layout ---------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="main"):
            yield Sidebar(id="sidebar")
            with Vertical(id="list-pane"):
                yield ThreadList(id="threads")
                # The ritual views' list is mounted when one is first shown.
            with Vertical(id="thread-pane"):
                yield ThreadView(id="thread")
                # The compose box (and TextArea) is mounted after the first frame.
            # The team panel is mounted when first shown (ctrl+t).
        yield StatusBar(id="status-bar")
        # The footer (a widget per key) is mounted after the first frame, with the
        # compose box.

    def on_mount(self) -> None:
        for warning in self._theme_warnings:
            self.notify(warning, severity="warning")
        keymap, warnings = keys.keymap_from_config(self.session.config.keys)
        self.set_keymap(keymap)
        for warning in warnings:
            self.notify(warning, severity="warning")
        self._fit(self.size.width)
        self._first_paint()
        self._active_list().focus()
        self.set_interval(TICK, self.refresh_data)

    def on_resize(self, event: events.Resize) -> None:
        # The event's size: App.size is not yet updated while this runs.
        self._fit(event.size.width)

    def _fit(self, width: int) -> None:
        self.screen.set_class(width < 120, "narrow")
        self.screen.set_class(width < 90, "single")

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
        """Notifications are plain text by default here: they often carry people's
        words (a status, a file name), which must never be read as markup."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    # -- data -----------------------------------------------------------------

    def now(self) -> datetime:
        return self.ws.now()

    def team(self) -> Team:
        return self.ws.team()

    def _first_paint(self) -> None:
        """What the first frame needs: the list's visible rows and the sidebar's
        entries; the counts and the rest of the list come right after that frame
        (the same ``Views``, so nothing is read twice)."""
        views = Views(self.ws.db, self.team(), self.ws.member, self.now())
        self._views = views
        rituals = [ViewInfo(view, label, 0) for view, label in RITUAL_VIEWS]
        self.query_one(Sidebar).update_views(
            views.sidebar(counts=False), self.view, counted=False, rituals=rituals
        )
        # No more rows than the screen has lines for.
        visible = views.first_ids(self.view, self.sort, self.size.height // ROW_HEIGHT + 1)
        self.query_one(ThreadList).set_rows(visible, views.summary)
        self._update_status_bar(views.team, views.now)
        self.call_after_refresh(self._finish_first_paint, views)

    def _finish_first_paint(self, views: Views) -> None:
        if self._views is views:  # no refresh since, which would have done it all
            self._show_views(views)
        self._painted = True
        for warning in themes.register_all(self, skip=self._first_themes):
            self.notify(warning, severity="warning")
        self._mount_compose()
        # Syncing starts now, not while the first frame is drawn: its thread would
        # compete with it for the interpreter.
        self._sync_loop()

    @property
    def ready(self) -> bool:
        """Whether everything the first frame left out is shown: the counts, the
        whole list, the compose box."""
        return self._painted and self._compose is not None

    def _shutting_down(self) -> bool:
        """Shutting down: widgets are being removed, children before parents (a
        sidebar may be there without its list), so nothing should be updated."""
        return not self.is_running or not self.query(Sidebar)

    def refresh_data(self) -> None:
        """Read the replica again and hand every widget its new data."""
        self._show_views(Views(self.ws.db, self.team(), self.ws.member, self.now()))

    def _show_views(self, views: Views) -> None:
        if self._shutting_down():
            # The app closed before this ran.
            return
        # Imported after the first frame, not at start.
        from asynctui.client import ritual_views
        from asynctui.client.rituals import pending_checkins

        team, now, me = views.team, views.now, views.me
        self._views = views
        pending = pending_checkins(self.ws.db, team, me, now)
        rituals = ritual_views.counts(self.ws.db, team, me, now, pending)
        self.query_one(Sidebar).update_views(views.sidebar(), self.view, rituals=rituals)
        thread_list = self.query_one(ThreadList)
        if self.view in RITUAL_IDS:
            ritual_list = self._ritual_list(create=True)
            assert ritual_list is not None
            ritual_list.set_entries(self.view, self._ritual_entries(team, now, pending))
            if thread_list.has_focus:
                ritual_list.focus()
            thread_list.display, ritual_list.display = False, True
        else:
            thread_list.set_rows(views.thread_ids(self.view, self.sort), views.summary)
            if (ritual_list := self._ritual_list()) is not None:
                if ritual_list.has_focus:
                    thread_list.focus()
                ritual_list.display = False
            thread_list.display = True
        if self.screen.has_class("show-team") and (panel := self._team_panel()) is not None:
            # Only while shown: it is hidden most of the time, and costly to draw.
            panel.update_team(team, me, now)
        if self.thread_id is not None:
            self._show_thread(self.thread_id, team, now)
        self._update_status_bar(team, now)
        self._give_reminders(team, now, pending)

    def _active_list(self) -> ThreadList | RitualList:
        """The list the current view shows: threads, or a ritual view's entries."""
        if self.view in RITUAL_IDS and (ritual_list := self._ritual_list()) is not None:
            return ritual_list
        return self.query_one(ThreadList)

    def _ritual_list(self, create: bool = False) -> RitualList | None:
        """The ritual views' list, if it was ever shown (``create``: mounted now if not)."""
        from asynctui.tui.widgets._ritual_list import RitualList

        main = self.screen_stack[0] if self.screen_stack else self.screen
        found = main.query(RitualList)
        if found:
            return found.first()
        if not create:
            return None
        ritual_list = RitualList(id="rituals")
        main.query_one("#list-pane").mount(ritual_list)
        return ritual_list

    def _ritual_entries(self, team: Team, now: datetime, pending: Pending) -> list[Entry]:
        from asynctui.client import ritual_views

        db, me = self.ws.db, self.ws.member
        if self.view == CHECKINS:
            return ritual_views.checkin_entries(db, team, me, now, pending)
        if self.view == MEETINGS:
            return ritual_views.meeting_entries(db, team, me, now)
        if self.view == DECISIONS:
            channels = [cid for cid, _ in ritual_views.decision_channels(db)]
            if self._decision_channel not in channels:
                self._decision_channel = None
            return ritual_views.decision_entries(db, team, me, now, self._decision_channel)
        return ritual_views.action_entries(db, team, me, now, self._action_filter)

    def _key_name(self, id: str) -> str:
        """The keys of a binding as the user has them ('C', or their own)."""
        keymap: dict[str, str] = getattr(self, "_keymap", {})
        return keys.shown_keys(id, keymap)

    def _give_reminders(self, team: Team, now: datetime, pending: Pending) -> None:
        """Each check-in question waiting for me, once, when I may be interrupted."""
        from asynctui.client.reminders import due_reminders, mark_reminded

        for reminder in due_reminders(self.ws.db, team, self.ws.member, now, pending):
            self.notify(
                f"{reminder.text} · {self._key_name('checkins')} to answer",
                title="Check-in",
                timeout=15,
            )
            mark_reminded(self.ws.db, reminder, now)

    def _update_status_bar(self, team: Team, now: datetime) -> None:
        me = self.ws.member
        status = team.status(me, now)
        calendar = team.calendar(me)
        quiet = quiet_until(calendar, status, now)
        # The countdown shown is to the end of quiet time (focus status or block).
        focus_left = quiet - now if quiet is not None else None
        outbox = self.ws.replica.outbox()
        queued = sum(1 for o in outbox if o.state == "pending")
        refused = len(outbox) - queued
        sync = self._sync_state + (f" · {queued} queued" if queued else "")
        sync += f" · {refused} refused ({self._key_name('outbox')})" if refused else ""
        self.query_one(StatusBar).update_bar(
            status.state if status else "available",
            status.text if status else "",
            focus_left,
            self._held,
            sync,
        )
        # The held digest: shown once quiet time is over.
        if may_notify(calendar, status, now):
            if self._quiet_since is not None:
                from asynctui.client.quiet import quiet_lead

                # Named now, not when quiet began: that may be the first frame.
                since = self._quiet_since
                lead = quiet_lead(calendar, team.status_at(me, since), since)
                self._quiet_over(team, since, now, lead)
            self._quiet_since, self._held = None, 0
        elif self._quiet_since is None:
            self._quiet_since = now

    def _quiet_over(self, team: Team, since: datetime, now: datetime, lead: str) -> None:
        """Quiet time is over: the digest of what came meanwhile, if anything did.

        Shown in a dialog, unless one is open or I am typing: then a line says how
        to read it, so no key I type goes astray.
        """
        from asynctui.client import digest
        from asynctui.client.quiet import has_news

        self._last_quiet = (since, lead)
        found = digest.build(self.ws.db, team, self.ws.member, since, now)
        if not (has_news(found) or self._held):
            return
        from textual.widgets import Input, TextArea

        typing = isinstance(self.focused, Input | TextArea)
        if len(self.screen_stack) > 1 or typing:
            key = self._key_name("digest")
            self.notify(
                f"Your digest of what came while you were {lead} is ready: press {key}.",
                title="Digest",
                timeout=12,
            )
            return
        self._push_digest(found, team, f"While you were {lead}")

    def _push_digest(self, found: object, team: Team, lead: str) -> None:
        from asynctui.client import digest
        from asynctui.core.timefmt import when
        from asynctui.tui.screens._digest import DigestScreen

        assert isinstance(found, digest.Digest)
        tz = team.tz(self.ws.member)
        title = f"{lead} · since {when(found.since, tz, found.now)}"
        self.push_screen(DigestScreen(title, digest.sections(found, team, tz)))

    def action_digest(self) -> None:
        """The digest since my last quiet time began (or the last 24 hours)."""
        from asynctui.client import digest

        team, now = self.team(), self.now()
        since, lead = self._last_quiet or (now - DIGEST_LOOK_BACK, "")
        found = digest.build(self.ws.db, team, self.ws.member, since, now)
        self._push_digest(found, team, f"While you were {lead}" if lead else "Digest")

    def emit(self, body: Payload) -> None:
        """Record an event locally (durable at once) and have the sync worker send it."""
        self.ws.emit(body)
        self._syncer.nudge()

    # -- syncing ----------------------------------------------------------------

    @work(thread=True, exclusive=True, group="sync")
    def _sync_loop(self) -> None:
        worker = get_current_worker()
        self._syncer.run(lambda: worker.is_cancelled, lambda r: self.post_message(SyncDone(r)))

    @on(SyncDone)
    def _synced(self, message: SyncDone) -> None:
        if self._shutting_down():
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
                f" {self._key_name('outbox')} to see or discard it.",
                title=f"Refused by the {where}",
                severity="error",
                timeout=20,
            )
        for event in report.discarded:
            self.notify(f"Discarded {describe(event)}.", title="Outbox", timeout=6)
        if report.received or report.discarded:
            # The first round only catches up with what happened before opening.
            if report.news and not first:
                self._announce(report.news)
            self.refresh_data()
        else:
            self._update_status_bar(self.team(), self.now())

    def _announce(self, count: int) -> None:
        team = self.team()
        now = self.now()
        me = self.ws.member
        if may_notify(team.calendar(me), team.status(me, now), now):
            words = f"{count} new message{'s' if count > 1 else ''}"
            self.notify(f"{words} from your team.", timeout=4)
            if self.session.config.bell:
                self.bell()
            self._desktop_notify(words)
        else:
            self._held += count

    def _desktop_notify(self, text: str) -> None:
        """An OSC 9 / OSC 777 desktop notification, if the user asked for them.

        The text is ours (a count), never someone's words, and is cleaned anyway:
        an escape sequence inside it could end the OSC early.
        """
        kind = self.session.config.desktop
        if kind not in ("osc9", "osc777") or self.is_headless or self._driver is None:
            return
        safe = clean_line(text).replace(";", ",")
        if kind == "osc9":
            self._driver.write(f"\x1b]9;asynctui: {safe}\x07")
        else:
            self._driver.write(f"\x1b]777;notify;asynctui;{safe}\x07")

    # -- thread list and thread ------------------------------------------------

    @on(Sidebar.ViewSelected)
    def _view_selected(self, message: Sidebar.ViewSelected) -> None:
        if message.view_id != self.view:
            self.view = message.view_id
            self.refresh_data()

    @on(ThreadList.Selected)
    def _thread_selected(self, message: ThreadList.Selected) -> None:
        self.open_thread(message.thread_id)

    # -- the ritual views ------------------------------------------------------------

    def on_ritual_list_selected(self, message: RitualList.Selected) -> None:
        entry = message.entry
        if entry.kind == "answer":
            self._answer_checkin(entry)
        elif entry.thread is not None and queries.thread(self.ws.db, entry.thread) is not None:
            self.open_thread(entry.thread)
        elif entry.kind == "occurrence":
            self.notify("No answers yet: the thread starts with the first one.", timeout=4)

    def on_ritual_list_toggle_done(self, message: RitualList.ToggleDone) -> None:
        entry = message.entry
        done = not entry.done
        self.emit(ActionDone(action=entry.action, done=done))
        text = clean_line(entry.lines[0].left[-1].text)[:60]
        self.notify(f"Done: {text}" if done else f"Open again: {text}", timeout=3)
        self.refresh_data()

    def on_ritual_list_next_filter(self, message: RitualList.NextFilter) -> None:
        from asynctui.client import ritual_views

        if message.view == ACTIONS:
            filters = ritual_views.ACTION_FILTERS
            self._action_filter = filters[(filters.index(self._action_filter) + 1) % len(filters)]
        elif message.view == DECISIONS:
            channels: list[str | None] = [None]
            channels += [cid for cid, _ in ritual_views.decision_channels(self.ws.db)]
            at = channels.index(self._decision_channel) if self._decision_channel in channels else 0
            self._decision_channel = channels[(at + 1) % len(channels)]
        self.refresh_data()

    def on_ritual_list_new(self, message: RitualList.New) -> None:
        if message.view == MEETINGS:
            self._new_meeting()
        elif message.view == CHECKINS:
            self._new_checkin()
        else:
            self.action_new_thread()

    def on_ritual_list_close_meeting(self, message: RitualList.CloseMeeting) -> None:
        if message.entry is None or message.entry.thread is None:
            self.notify("Select a meeting to close it.", severity="warning")
            return
        self._close_meeting(message.entry.thread)

    def action_close_meeting(self) -> None:
        """Close the meeting whose thread is open (its owner only)."""
        if (thread_id := self._need_thread()) is None:
            return
        self._close_meeting(thread_id)

    def _new_meeting(self) -> None:
        """Should this be async? Then a meeting's title, channel, goal, agenda,
        participants and deadline; it opens with me among the participants."""
        from asynctui.client import ritual_forms
        from asynctui.tui.screens._new_meeting import NewMeetingScreen

        db, team, now, me = self.ws.db, self.team(), self.now(), self.ws.member
        tz = team.tz(me)
        channels = queries.channels(db)
        if not channels:
            self.notify(
                "No channels yet: create one with `asynctui channel create NAME`.",
                severity="warning",
            )
            return
        private = {
            c.id: frozenset(queries.channel_members(db, c.id)) for c in channels if c.private
        }
        current = self.view.removeprefix("channel:") if self.view.startswith("channel:") else None

        def deadline(text: str) -> tuple[datetime | None, Window | None, str]:
            found, within = ritual_forms.meeting_deadline(text, team, me, tz, now)
            return found, within, ritual_forms.deadline_words(found, within, tz, now)

        def made(choice: NewMeeting | None) -> None:
            if choice is None:
                return
            thread = new_id()
            self.emit(
                MeetingOpened(
                    thread=thread, channel=choice.channel, title=choice.title, message=new_id(),
                    goal=choice.goal, agenda=choice.agenda,
                    participants=tuple(dict.fromkeys([me, *choice.participants])),
                    deadline=choice.deadline, within=choice.within,
                )
            )  # fmt: skip
            count = len(choice.participants) + 1
            self.notify(
                f"Meeting opened: {choice.title[:60]} · {len(choice.agenda)} agenda item(s),"
                f" {count} participant(s).",
                timeout=5,
            )
            self.refresh_data()
            self.open_thread(thread)

        self.push_screen(
            NewMeetingScreen(
                [(c.id, c.name) for c in channels], current, me, self._handles(team), private,
                deadline,
            ),
            made,
        )  # fmt: skip

    def _new_checkin(self) -> None:
        """A check-in's title, channel, schedule, questions, members and answer window,
        the CLI's defaults to start from."""
        from asynctui.client.rituals import DEFAULT_QUESTIONS, DEFAULT_WITHIN
        from asynctui.core.events import CheckinCreated
        from asynctui.core.schedule import format_schedule
        from asynctui.tui.screens._new_checkin import NewCheckinScreen

        db, team = self.ws.db, self.team()
        channels = queries.channels(db)
        if not channels:
            self.notify(
                "No channels yet: create one with `asynctui channel create NAME`.",
                severity="warning",
            )
            return
        private = {
            c.id: frozenset(queries.channel_members(db, c.id)) for c in channels if c.private
        }
        current = self.view.removeprefix("channel:") if self.view.startswith("channel:") else None

        def made(choice: NewCheckin | None) -> None:
            if choice is None:
                return
            members = choice.members
            if not members:  # as the CLI: the private channel's members, or everyone
                inside = private.get(choice.channel)
                members = tuple(
                    m.id for m in team.sorted_members() if inside is None or m.id in inside
                )
            self.emit(
                CheckinCreated(
                    checkin=new_id(), channel=choice.channel, title=choice.title,
                    questions=choice.questions, schedule=choice.schedule, members=members,
                    within=choice.within,
                )
            )  # fmt: skip
            self.notify(
                f"Check-in made: {choice.title[:60]} · {format_schedule(choice.schedule)},"
                f" {len(members)} member(s).",
                timeout=5,
            )
            self.refresh_data()

        self.push_screen(
            NewCheckinScreen(
                [(c.id, c.name) for c in channels], current, self._handles(team), private,
                DEFAULT_QUESTIONS, DEFAULT_WITHIN,
            ),
            made,
        )  # fmt: skip

    def _close_meeting(self, thread_id: str) -> None:
        """The owner's closing: outcome, decisions, action items; then the follow-up."""
        from asynctui.client import ritual_forms, rituals
        from asynctui.core.timefmt import when
        from asynctui.tui.screens._close_meeting import CloseMeetingScreen

        db, team, now, me = self.ws.db, self.team(), self.now(), self.ws.member
        tz = team.tz(me)
        m = rituals.meeting(db, thread_id)
        if m is None:
            self.notify("This thread is not a meeting.", severity="warning")
            return
        title = clean_line(m.title)
        if m.owner != me:
            self.notify(
                f'Only @{team.handle(m.owner)}, who opened "{title}", can close it.',
                severity="warning",
            )
            return
        if m.closed_at is not None:
            self.notify(f'"{title}" is already closed.', severity="warning")
            return
        parts = rituals.participation(db, team, m, now)
        done = sum(1 for p in parts if not p.missing)
        state = f"{done} of {len(parts)} participants have contributed to every item."
        handles = self._handles(team)

        def read(text: str) -> tuple[list[ritual_forms.PlannedAction], list[str]]:
            return ritual_forms.action_lines(text, handles, team, tz, now)

        def describe(action: ritual_forms.PlannedAction) -> str:
            due = "no due time" if action.due is None else f"due {when(action.due, tz, now)}"
            return f"@{team.handle(action.owner)} · {due}"

        def closed(choice: CloseChoice | None) -> None:
            if choice is None:
                return
            for text in choice.decisions:
                self.emit(DecisionMade(decision=new_id(), thread=thread_id, text=text))
            for action in choice.actions:
                self.emit(
                    ActionCreated(
                        action=new_id(), thread=thread_id, text=action.text, owner=action.owner,
                        due=action.due,
                    )
                )  # fmt: skip
            self.emit(MeetingClosed(thread=thread_id, outcome=choice.outcome))
            follow_up = rituals.action_items(db, now, thread=thread_id, show="open")
            lines = [
                f"· {clean_line(a.text)[:50]} @{team.handle(a.owner)}"
                + ("" if a.due is None else f", due {when(a.due, tz, now)}")
                for a in follow_up[:8]
            ]
            more = [f"… and {len(follow_up) - 8} more"] if len(follow_up) > 8 else []
            head = (
                f"Follow-up: {len(follow_up)} open action item(s)"
                if follow_up else "Follow-up: no open action items."
            )  # fmt: skip
            self.notify("\n".join([head, *lines, *more]), title=f"Closed: {title[:60]}", timeout=10)
            self.refresh_data()

        self.push_screen(CloseMeetingScreen(m.title, state, read, describe), closed)

    def _answer_checkin(self, entry: Entry) -> None:
        from asynctui.core.events import occurrence_thread
        from asynctui.tui.screens._checkin_answer import CheckinAnswerScreen

        day = entry.day
        if day is None:
            return
        # The occurrence and my due time, as the list words them.
        when_ = "".join(part.text for part in entry.lines[1].left).strip()

        def answered(answers: tuple[str, ...] | None) -> None:
            if answers is None:
                return
            self.emit(
                CheckinAnswered(checkin=entry.checkin, day=day, message=new_id(), answers=answers)
            )
            self.notify(f"Answers sent: {clean_line(entry.title)[:60]}.", timeout=4)
            self.refresh_data()
            self.open_thread(occurrence_thread(entry.checkin, day))

        self.push_screen(CheckinAnswerScreen(entry.title, when_, entry.questions), answered)

    def _handles(self, team: Team) -> dict[str, str]:
        """Lower-case handle -> member id, for the dialogs that name people."""
        return {m.handle.lower(): m.id for m in team.sorted_members()}

    def action_mark_decision(self) -> None:
        """Record the selected message as a decision of the thread."""
        from asynctui.tui.screens._decision import DecisionScreen

        if (thread_id := self._need_thread()) is None:
            return
        selected = self.query_one(ThreadView).selected_message()
        if selected is None:
            self.notify("Select the message that holds the decision.", severity="warning")
            return
        team = self.team()
        handle = team.handle(selected.author)
        text = clean_line(selected.body.split("\n", 1)[0])[:200]

        def decided(choice: DecisionChoice | None) -> None:
            if choice is None:
                return
            self.emit(
                DecisionMade(
                    decision=new_id(),
                    thread=thread_id,
                    text=choice.text,
                    messages=(selected.id,),
                    deciders=choice.deciders,
                )
            )
            self.notify(f"Decision recorded: {choice.text[:60]}", timeout=4)
            self.refresh_data()

        source = f"@{handle}: {clean_line(selected.body)}"
        self.push_screen(DecisionScreen(source, text, [handle], self._handles(team)), decided)

    def action_new_action_item(self) -> None:
        """An action item of the thread, or of its selected message."""
        from asynctui.client import ritual_views
        from asynctui.core.timefmt import when
        from asynctui.tui.screens._action_item import ActionItemScreen

        if (thread_id := self._need_thread()) is None:
            return
        team, now, me = self.team(), self.now(), self.ws.member
        tz = team.tz(me)
        row = queries.thread(self.ws.db, thread_id)
        selected = self.query_one(ThreadView).selected_message()
        source = None if selected is None else (
            f"@{team.handle(selected.author)}'s message: {clean_line(selected.body)}"
        )  # fmt: skip

        def due_words(text: str, owner: str) -> tuple[datetime | None, str]:
            due = ritual_views.due_from_words(text, team, owner, tz, now)
            if due is None:
                return None, "No due time."
            words = f"Due {when(due, tz, now)} your time"
            their_tz = team.tz(owner)
            if owner != me and their_tz != tz:
                place = their_tz.rsplit("/", 1)[-1].replace("_", " ")
                words += f" ({when(due, their_tz, now)} in {place} for @{team.handle(owner)})"
            return due, words + "."

        def made(choice: ActionChoice | None) -> None:
            if choice is None:
                return
            self.emit(
                ActionCreated(
                    action=new_id(),
                    thread=thread_id,
                    text=choice.text,
                    owner=choice.owner,
                    due=choice.due,
                    message=selected.id if choice.message and selected is not None else None,
                )
            )
            due = "" if choice.due is None else f", due {when(choice.due, tz, now)}"
            self.notify(f"Action item for @{team.handle(choice.owner)}{due}.", timeout=4)
            self.refresh_data()

        self.push_screen(
            ActionItemScreen(
                row.title if row else "",
                source,
                "" if selected is None else clean_line(selected.body.split("\n", 1)[0])[:200],
                team.handle(me),
                self._handles(team),
                due_words,
            ),
            made,
        )

    def open_thread(self, thread_id: str) -> None:
        self.thread_id = thread_id
        self.screen.add_class("reading")
        self._show_thread(thread_id, self.team(), self.now())
        self.query_one(ThreadView).focus()
        self._mark_read(thread_id)

    def _show_thread(self, thread_id: str, team: Team, now: datetime) -> None:
        """Hand the thread view its messages (it keeps its place if it shows the same thread)."""
        # Imported when a thread is first shown, not at start.
        from asynctui.client.asking import ask_state

        row = queries.thread(self.ws.db, thread_id)
        if row is None:
            return
        tz = team.tz(self.ws.member)
        asks = [
            AskLine(f"Asked @{team.handle(a.asked)} · {ask_state(a, tz, now)}", a.urgency)
            for a in queries.asks(self.ws.db, team, now, thread_id=thread_id, open_only=False)
            if not a.cancelled
        ]
        from asynctui.client import ritual_views

        me, db = self.ws.member, self.ws.db
        header = ritual_views.thread_header(db, team, me, now, thread_id)
        if header and ritual_views.agenda_for(db, team, me, now, thread_id) is not None:
            reply, item = self._key_name("reply"), self._key_name("agenda-item")
            header.append(ritual_views.hint(f"Reply with {reply}; {item} picks the agenda item."))
        self.query_one(ThreadView).set_thread(
            row.title,
            queries.messages(db, thread_id),
            team.name,
            team.handle,
            me,
            tz,
            now,
            asks,
            header,
        )
        title = row.title

        def start(compose: Compose) -> None:
            if compose.thread_id != thread_id or compose.mode != "reply":
                self._start_reply(compose, thread_id, title)

        self._with_compose(start)

    def _start_reply(
        self,
        compose: Compose,
        thread_id: str,
        title: str,
        quote: tuple[str, str] | None = None,
    ) -> None:
        """Point the compose box at a thread, with its draft, and in a meeting the
        agenda item still expected of me."""
        from asynctui.client import ritual_views

        team, now = self.team(), self.now()
        agenda = ritual_views.agenda_for(self.ws.db, team, self.ws.member, now, thread_id)
        items, item = agenda if agenda is not None else ((), None)
        compose.start(
            "reply", thread_id, title, self.drafts.get(thread_id), quote=quote, agenda=items,
            item=item,
        )  # fmt: skip

    # -- the compose box ------------------------------------------------------------
    # Mounted after the first frame, after the footer (it and TextArea are costly to
    # import and draw);
    # what needs it before that waits for it, in order.

    def _with_compose(self, then: Callable[[Compose], None]) -> None:
        """Run ``then`` with the compose box now, or as soon as it is mounted."""
        if self._compose is not None and not self._compose_waiting:
            then(self._compose)
            return
        self._compose_waiting.append(then)
        self._mount_compose()

    def _mount_compose(self) -> None:
        if not self._compose_mounting:
            self._compose_mounting = True
            # Next, before any key already queued: keys typed after `r` must reach
            # the box, so the app handles nothing else until it is mounted.
            self.call_next(self._mount_compose_now)

    async def _mount_compose_now(self) -> None:
        # The main screen's pane, even if a dialog is open over it.
        panes = self.screen_stack[0].query("#thread-pane") if self.screen_stack else None
        if not panes:  # closing
            return
        main = self.screen_stack[0]
        if not main.query(Footer):
            await main.mount(Footer())
            # A footer fills in when the screen's bindings change; these did before it.
            main.refresh_bindings()
        compose = _compose_class()(id="compose")
        await panes.first().mount(compose)
        self._compose = compose
        waiting, self._compose_waiting = self._compose_waiting, []
        for then in waiting:
            then(compose)

    def _mark_read(self, thread_id: str) -> None:
        mark = unread_mark(self.ws.db, thread_id, self.ws.member)
        if mark is not None:
            self.emit(mark)
            self.call_after_refresh(self.refresh_data)

    # -- compose ------------------------------------------------------------------

    def on_compose_submitted(self, message: Compose.Submitted) -> None:
        if message.mode == "edit" and message.message_id:
            self.emit(MessageEdited(message=message.message_id, body=message.body))
        else:
            self.emit(
                MessagePosted(
                    message=new_id(),
                    thread=message.thread_id,
                    body=message.body,
                    quote=message.quote,
                    item=message.item,
                )
            )
            # No read mark needed: a thread counts as read up to my own latest message.
        self.refresh_data()
        if message.item is not None:
            # The next item still expected of me, if any.
            from asynctui.client import ritual_views

            agenda = ritual_views.agenda_for(
                self.ws.db, self.team(), self.ws.member, self.now(), message.thread_id
            )
            if agenda is not None and self._compose is not None:
                self._compose.set_agenda(*agenda)
        self.query_one(ThreadView).focus()

    def on_compose_draft_changed(self, message: Compose.DraftChanged) -> None:
        self.drafts.put(message.thread_id, message.body)

    def on_compose_left(self) -> None:
        self.query_one(ThreadView).focus()

    # -- actions (ids and keys in asynctui.tui.keys) ---------------------------------
    # Their screens are imported when first opened, which keeps start-up short.

    def _need_thread(self) -> str | None:
        if self.thread_id is None:
            self.notify("Open a thread first (enter on a thread).", severity="warning")
        return self.thread_id

    def action_reply(self) -> None:
        if (thread_id := self._need_thread()) is None:
            return

        def start(compose: Compose) -> None:
            if compose.thread_id != thread_id or compose.mode != "reply":
                row = queries.thread(self.ws.db, thread_id)
                self._start_reply(compose, thread_id, row.title if row else "")
            compose.focus_text()

        self._with_compose(start)

    def action_quote(self) -> None:
        """Reply quoting the selected message."""
        if (thread_id := self._need_thread()) is None:
            return
        selected = self.query_one(ThreadView).selected_message()
        if selected is None:
            self.notify("Select a message to quote.", severity="warning")
            return
        row = queries.thread(self.ws.db, thread_id)
        words = f"@{self.team().handle(selected.author)}: {clean_line(selected.body)}"

        def start(compose: Compose) -> None:
            self._start_reply(compose, thread_id, row.title if row else "", (selected.id, words))
            compose.focus_text()

        self._with_compose(start)

    def action_edit(self) -> None:
        if (thread_id := self._need_thread()) is None:
            return
        selected = self.query_one(ThreadView).selected_message()
        if selected is None or selected.author != self.ws.member:
            self.notify("Select one of your own messages to edit it.", severity="warning")
            return
        row = queries.thread(self.ws.db, thread_id)

        def start(compose: Compose) -> None:
            compose.start("edit", thread_id, row.title if row else "", selected.body, selected.id)
            compose.focus_text()

        self._with_compose(start)

    def action_new_thread(self) -> None:
        from asynctui.tui.screens._new_thread import NewThreadScreen

        channels = [(c.id, c.name) for c in queries.channels(self.ws.db)]
        if not channels:
            self.notify(
                "No channels yet: create one with `asynctui channel create NAME`.",
                severity="warning",
            )
            return
        current = self.view.removeprefix("channel:") if self.view.startswith("channel:") else None

        def posted(result: NewThread | None) -> None:
            if result is None:
                return
            thread = new_id()
            self.emit(
                ThreadOpened(
                    thread=thread,
                    channel=result.channel,
                    title=result.title,
                    message=new_id(),
                    body=result.body,
                )
            )
            self.refresh_data()
            self.open_thread(thread)

        self.push_screen(NewThreadScreen(channels, current), posted)

    def action_ask(self) -> None:
        from asynctui.client.asking import preview
        from asynctui.tui.screens._ask import AskScreen, Candidate

        if (thread_id := self._need_thread()) is None:
            return
        team = self.team()
        now = self.now()
        me = self.ws.member
        tz = team.tz(me)
        people = [
            Candidate(
                m.id,
                f"{m.name} @{m.handle} · {m.tz.rsplit('/', 1)[-1].replace('_', ' ')}",
                team.hours(m.id).promise,
            )
            for m in team.sorted_members()
            if m.id != me
        ]
        row = queries.thread(self.ws.db, thread_id)

        def asked(choice: AskChoice | None) -> None:
            if choice is None:
                return
            self.emit(
                AskCreated(ask=new_id(), thread=thread_id, asked=choice.asked, within=choice.within)
            )
            said = preview(team, choice.asked, choice.within, tz, now)
            self.notify(said.text, title=f"Asked @{team.handle(choice.asked)}", timeout=8)
            self.refresh_data()

        self.push_screen(
            AskScreen(
                row.title if row else "",
                people,
                lambda asked_id, within: preview(team, asked_id, within, tz, now).text,
            ),
            asked,
        )

    def action_react(self) -> None:
        from asynctui.tui.screens._react import ReactScreen

        selected = self.query_one(ThreadView).selected_message()
        if selected is None:
            self.notify("Select a message to react to.", severity="warning")
            return

        def reacted(emoji: str | None) -> None:
            if emoji:
                self.emit(ReactionAdded(message=selected.id, emoji=emoji))
                self.refresh_data()

        self.push_screen(ReactScreen(), reacted)

    def action_resolve(self) -> None:
        if (thread_id := self._need_thread()) is None:
            return
        row = queries.thread(self.ws.db, thread_id)
        resolved = not (row.resolved if row else False)
        self.emit(ThreadResolved(thread=thread_id, resolved=resolved))
        self.notify("Resolved." if resolved else "Reopened.", timeout=3)
        self.refresh_data()

    def _set_status(self, choice: StatusChoice | None) -> None:
        if choice is None:
            return
        self.emit(
            StatusSet(
                state=choice.state,  # type: ignore[arg-type]
                text=choice.text,
                emoji=choice.emoji,
                until=choice.until,
            )
        )
        self.refresh_data()

    def action_status(self) -> None:
        from asynctui.tui.screens._status import StatusScreen

        team, now, me = self.team(), self.now(), self.ws.member
        self.push_screen(
            StatusScreen(team.tz(me), now, team.calendar(me), team.status(me, now)),
            self._set_status,
        )

    def action_focus_mode(self) -> None:
        from asynctui.tui.screens._status import StatusScreen

        team, now, me = self.team(), self.now(), self.ws.member
        self.push_screen(
            StatusScreen(
                team.tz(me), now, team.calendar(me), team.status(me, now), focus_only=True
            ),
            self._set_status,
        )

    def action_hours(self) -> None:
        from asynctui.tui.screens._hours import HoursScreen

        team, me = self.team(), self.ws.member

        def saved(hours: Hours | None) -> None:
            if hours is not None:
                self.emit(HoursSet(hours=hours))
                self.notify("Hours saved.", timeout=3)
                self.refresh_data()

        self.push_screen(HoursScreen(team.hours(me), team.tz(me)), saved)

    def _switch_view(self, view: str) -> None:
        self.view = view
        self.refresh_data()
        # On a narrow screen the list takes the place of the thread being read.
        self.screen.remove_class("reading")
        self._active_list().focus()

    def action_owed_by_me(self) -> None:
        self._switch_view("owed-by-me")

    def action_owed_to_me(self) -> None:
        self._switch_view("owed-to-me")

    def action_inbox(self) -> None:
        self._switch_view("inbox")

    def action_checkins(self) -> None:
        self._switch_view(CHECKINS)

    def action_meetings(self) -> None:
        self._switch_view(MEETINGS)

    def action_decisions(self) -> None:
        self._switch_view(DECISIONS)

    def action_action_items(self) -> None:
        self._switch_view(ACTIONS)

    def action_sort(self) -> None:
        self.sort = "activity" if self.sort == "urgency" else "urgency"
        self.notify(f"Sorted by {self.sort}.", timeout=2)
        self.refresh_data()

    def action_next_unread(self) -> None:
        if self.view in RITUAL_IDS and self._views is not None:
            # The ritual views list no threads: the next unread of the inbox.
            self._switch_view(INBOX)
        views = self._views
        if views is None:
            return
        ids = views.thread_ids(self.view, self.sort)
        start = ids.index(self.thread_id) + 1 if self.thread_id in ids else 0
        unread = views.unread_threads()
        for thread_id in ids[start:] + ids[:start]:
            if thread_id in unread:
                self.query_one(ThreadList).select_id(thread_id)
                self.open_thread(thread_id)
                return
        self.notify("No unread threads here.", timeout=3)

    def action_mark_all_read(self) -> None:
        views = self._views
        if views is None:
            return
        if self.view in RITUAL_IDS:
            self.notify("Open a thread view (i, o, O or a channel) to mark its threads read.")
            return
        count = 0
        unread = views.unread_threads()
        for thread_id in views.thread_ids(self.view, self.sort):
            if thread_id in unread and (latest := latest_at(self.ws.db, thread_id)):
                self.emit(ReadMarked(thread=thread_id, upto=latest))
                count += 1
        self.notify(f"Marked {count} thread(s) read.", timeout=3)
        self.refresh_data()

    def action_search(self) -> None:
        from asynctui.tui.screens._search import SearchScreen

        team = self.team()

        def chosen(thread_id: str | None) -> None:
            if thread_id:
                self.open_thread(thread_id)

        path = str(self.ws.replica.path)

        def search(text: str) -> list[queries.Hit]:
            # Runs in the search screen's worker thread: its own connection.
            db = sqlite3.connect(path)
            try:
                return queries.search(db, text, limit=200)
            finally:
                db.close()

        self.push_screen(
            SearchScreen(search, team.handle, team.tz(self.ws.member), self.now()),
            chosen,
        )

    def action_help(self) -> None:
        from asynctui.tui.screens._help import HelpScreen

        self.push_screen(HelpScreen(self.session.config.keys))

    def _team_panel(self) -> TeamPanel | None:
        """The team panel, if it was ever shown."""
        found = self.screen_stack[0].query("#team") if self.screen_stack else None
        return found.first(_team_panel_class()) if found else None

    def action_outbox(self) -> None:
        """My events not yet sent and those refused; a refused one can be discarded."""
        from asynctui.tui.screens._outbox import OutboxScreen

        where = "server" if self.session.config.server else "folder"

        def chosen(event_id: str | None) -> None:
            if event_id is not None:
                # The worker does it: it has the store to read the replica again from.
                self._syncer.discard(event_id)

        outbox = self.ws.replica.outbox()
        keys_ = self._key_name("outbox-discard")
        self.push_screen(OutboxScreen(outbox, where, keys_), chosen)

    async def action_team(self) -> None:
        self.screen.toggle_class("show-team")
        if not self.screen.has_class("show-team"):
            return
        panel = self._team_panel()
        if panel is None:
            panel = _team_panel_class()(id="team")
            await self.query_one("#main").mount(panel)
        panel.update_team(self.team(), self.ws.member, self.now())

    def action_next_pane(self) -> None:
        self.screen.focus_next()

    def action_previous_pane(self) -> None:
        self.screen.focus_previous()

    async def action_back(self) -> None:
        focused = self.focused
        if isinstance(focused, ThreadView) or focused is None:
            self.screen.remove_class("reading")
            self._active_list().focus()
        elif isinstance(focused, ThreadList) or focused is self._ritual_list():
            self.query_one(Sidebar).focus()
