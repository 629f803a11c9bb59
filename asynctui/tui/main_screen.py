"""The main screen: the panes of views, threads and the thread being read.

It is the app's default screen (``AsyncTuiApp.get_default_screen``), so it is
``screen_stack[0]`` and what ``app.query`` searches, and every dialog opens over
it. It owns what the panes show: view switching, reading the replica again
(``refresh_data``), opening a thread and marking it read, and the compose box.
What a person writes goes through the dialog flows (``asynctui.tui.flows``),
which are the only place the TUI emits events, but for read marks.
Its bindings are the registry's ``navigation`` (back, panes), ``threads``, ``views``
and ``me`` groups and ``close-meeting``; the ``app`` group stays on the App.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from importlib import import_module
from typing import TYPE_CHECKING, cast

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen

from asynctui.client import promises
from asynctui.client.queries import Message
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
    empty_words,
)
from asynctui.client.workspace import Workspace
from asynctui.tui import keys, layout
from asynctui.tui.layout import CSS
from asynctui.tui.ritual_pane import RitualPane
from asynctui.tui.thread_pane import ThreadPane
from asynctui.tui.widgets._sidebar import Sidebar
from asynctui.tui.widgets._status_bar import StatusBar
from asynctui.tui.widgets._thread_list import ROW_HEIGHT, ThreadList
from asynctui.tui.widgets._thread_view import ThreadView
from asynctui.tui.widgets._view_title import ViewTitle

if TYPE_CHECKING:
    from asynctui.tui.app import AsyncTuiApp
    from asynctui.tui.widgets._compose import Compose
    from asynctui.tui.widgets._ritual_list import RitualList
    from asynctui.tui.widgets._team_panel import TeamPanel

__all__ = ["CSS", "RITUAL_IDS", "TICK", "MainScreen"]

TICK = 30.0
"""Seconds between refreshes of relative times ("2h ago") and badges."""

RITUAL_IDS = frozenset(view for view, _ in RITUAL_VIEWS)
"""The views the ritual list shows (check-ins, meetings, ...), not the thread list."""


def _team_panel_class() -> type[TeamPanel]:
    from asynctui.tui.widgets._team_panel import TeamPanel

    return TeamPanel


def _flow(module: str, name: str) -> Callable[[MainScreen], None]:
    """An action running ``asynctui.tui.flows.<module>.<name>(screen)``."""

    def action(screen: MainScreen) -> None:
        getattr(import_module(f"asynctui.tui.flows.{module}"), name)(screen)

    action.__doc__ = f"The flow asynctui.tui.flows.{module}.{name}."
    action.flow = (module, name)  # type: ignore[attr-defined]
    return action


def _view(view: str) -> Callable[[MainScreen], None]:
    """An action switching to ``view``."""

    def action(screen: MainScreen) -> None:
        screen.switch_view(view)

    action.__doc__ = f"Show {view}."
    return action


class MainScreen(Screen[None]):
    """The views, the thread list, the thread and its compose box, the team panel."""

    BINDINGS = (
        [keys.binding("back"), keys.binding("next-pane"), keys.binding("previous-pane")]
        + keys.bindings("threads")
        + [keys.binding("close-meeting")]
        + keys.bindings("views")
        + keys.bindings("me")
    )

    def __init__(self, ws: Workspace) -> None:
        super().__init__(id="main-screen")
        self.ws = ws
        self.view = "inbox"
        self.sort: SortOrder = "urgency"
        self.thread_id: str | None = None
        """The thread being read, if any."""
        self.views: Views | None = None
        """What was last read from the replica."""
        self._painted = False
        self._promises = promises.PanelLines()
        """The team panel's kept-promise lines, kept between redraws."""
        self.pane = ThreadPane(self)
        """The thread being read, and the compose box."""
        self.rituals = RitualPane(self)
        """The ritual views' list, and what each shows."""

    @property
    def tui(self) -> AsyncTuiApp:
        return cast("AsyncTuiApp", self.app)

    # -- layout ---------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="main"):
            yield Sidebar(id="sidebar")
            with Vertical(id="list-pane"):
                yield ViewTitle(id="view-title")
                yield ThreadList(id="threads")
                # The ritual views' list is mounted when one is first shown.
            with Vertical(id="thread-pane"):
                yield ThreadView(id="thread")
                # The compose box (and TextArea) is mounted after the first frame.
            # The team panel is mounted when first shown (ctrl+t).
        yield StatusBar(id="status-bar")
        # The footer (KeyFooter) is mounted after the first frame, with the compose box.

    def on_mount(self) -> None:
        self.fit(self.app.size.width)
        self._first_paint()
        self.active_list().focus()
        self.set_interval(TICK, self.refresh_data)

    def fit(self, width: int) -> None:
        """The layout for ``width`` columns (``asynctui.tui.layout``): what is hidden,
        what takes another pane's place."""
        for name, wanted in layout.size_classes(width).items():
            self.set_class(wanted, name)
        self.call_after_refresh(self._focus_what_is_shown)

    def _focus_what_is_shown(self) -> None:
        """If the focused pane was just hidden, focus one that is shown."""
        if self.focused is None or not layout.shown(self.focused):
            panes = [self.active_list(), self._team_panel(), self.query_one(ThreadView)]
            layout.first_shown(panes).focus()

    def _show_title(self) -> None:
        hint = f"{self.key_name('views')} {keys.description('views')}"
        self.query_one(ViewTitle).show(self.query_one(Sidebar).view_info(self.view), hint)

    # -- data -----------------------------------------------------------------

    def now(self) -> datetime:
        return self.ws.now()

    def team(self) -> Team:
        return self.ws.team()

    def nudge_sync(self) -> None:
        """Have the sync worker send what a command just recorded (``carry_out``)."""
        self.tui.syncer.nudge()

    def _promise_lines(self, team: Team, now: datetime) -> dict[str, str]:
        return self._promises.lines(self.ws.db, team, self.ws.member, now, self.ws.replica.lamport)

    def key_name(self, id: str) -> str:
        """The keys of a binding as the user has them ('C', or their own)."""
        keymap = keys.user_keymap(self.app)
        return keys.shown_keys(id, keymap)

    def _first_paint(self) -> None:
        """What the first frame needs: the list's visible rows and the sidebar's
        entries; the counts and the rest of the list come right after that frame
        (the same ``Views``, so nothing is read twice)."""
        views = Views(self.ws.db, self.team(), self.ws.member, self.now())
        self.views = views
        rituals = [ViewInfo(view, label, 0) for view, label in RITUAL_VIEWS]
        self.query_one(Sidebar).update_views(
            views.sidebar(counts=False), self.view, counted=False, rituals=rituals
        )
        self._show_title()
        # No more rows than the screen has lines for.
        visible = views.first_ids(self.view, self.sort, self.app.size.height // ROW_HEIGHT + 1)
        self.query_one(ThreadList).set_rows(visible, views.summary)
        self.tui.look_at_the_time(views.team, views.now)
        self.call_after_refresh(self._finish_first_paint, views)

    def _finish_first_paint(self, views: Views) -> None:
        if self.views is views:  # no refresh since, which would have done it all
            self.show_views(views)
        self._painted = True
        self.tui.first_frame_shown()
        self.pane.mount_compose()

    @property
    def ready(self) -> bool:
        """Whether everything the first frame left out is shown: the counts, the
        whole list, the compose box."""
        return self._painted and self.pane.compose_box is not None

    def shutting_down(self) -> bool:
        """Shutting down: widgets are being removed, children before parents (a
        sidebar may be there without its list), so nothing should be updated."""
        return not self.app.is_running or not self.query(Sidebar)

    def refresh_data(self) -> None:
        """Read the replica again and hand every widget its new data."""
        self.show_views(Views(self.ws.db, self.team(), self.ws.member, self.now()))

    def show_views(self, views: Views) -> None:
        if self.shutting_down():
            # The app closed before this ran.
            return
        # Imported after the first frame, not at start.
        from asynctui.client import ritual_views
        from asynctui.client.rituals import pending_checkins

        team, now, me = views.team, views.now, views.me
        self.views = views
        pending = pending_checkins(self.ws.db, team, me, now)
        rituals = ritual_views.counts(self.ws.db, team, me, now, pending)
        self.query_one(Sidebar).update_views(views.sidebar(), self.view, rituals=rituals)
        self._show_title()
        thread_list = self.query_one(ThreadList)
        if self.view in RITUAL_IDS:
            ritual_list = self.rituals.widget(create=True)
            assert ritual_list is not None
            ritual_list.set_entries(self.view, self.rituals.entries(self.view, team, now, pending))
            if thread_list.has_focus:
                ritual_list.focus()
            thread_list.display, ritual_list.display = False, True
        else:
            ids = views.thread_ids(self.view, self.sort)
            thread_list.set_rows(ids, views.summary, empty_words(self.view))
            if (ritual_list := self.rituals.widget()) is not None:
                if ritual_list.has_focus:
                    thread_list.focus()
                ritual_list.display = False
            thread_list.display = True
        if self.has_class("show-team") and (panel := self._team_panel()) is not None:
            # Only while shown: it is hidden most of the time, and costly to draw.
            panel.update_team(team, me, now, self._promise_lines(team, now))
        if self.thread_id is not None:
            self.pane.show(self.thread_id, team, now)
        self.tui.look_at_the_time(team, now, pending)

    def active_list(self) -> ThreadList | RitualList:
        """The list the current view shows: threads, or a ritual view's entries."""
        if self.view in RITUAL_IDS and (ritual_list := self.rituals.widget()) is not None:
            return ritual_list
        return self.query_one(ThreadList)

    # -- what the flows ask of the screen -------------------------------------------

    def current_channel(self) -> str | None:
        """The channel whose view is shown, if one is: a new thread goes there."""
        return self.view.removeprefix("channel:") if self.view.startswith("channel:") else None

    def need_thread(self) -> str | None:
        """The thread being read, or None with a word on opening one."""
        if self.thread_id is None:
            self.notify("Open a thread first (enter on a thread).", severity="warning")
        return self.thread_id

    def selected_message(self) -> Message | None:
        return self.query_one(ThreadView).selected_message()

    def focus_thread(self) -> None:
        self.query_one(ThreadView).focus()

    # -- the thread list and the thread ----------------------------------------------

    @on(Sidebar.ViewSelected)
    def _view_selected(self, message: Sidebar.ViewSelected) -> None:
        if message.view_id != self.view:
            self.view = message.view_id
            self.refresh_data()
        if message.picked and self.query_one(Sidebar).has_class("-over"):
            # Picked over the list: on to the list (and so the views shown over it go).
            self.remove_class("reading")
            self.active_list().focus()

    @on(ThreadList.Selected)
    def _thread_selected(self, message: ThreadList.Selected) -> None:
        self.open_thread(message.thread_id)

    def open_thread(self, thread_id: str) -> None:
        self.thread_id = thread_id
        self.add_class("reading")
        self.pane.show(thread_id, self.team(), self.now())
        self.query_one(ThreadView).focus()
        self._mark_read(thread_id)

    def _mark_read(self, thread_id: str) -> None:
        from asynctui.tui.flows import threads

        threads.mark_read(self, thread_id)

    # -- the compose box's messages ----------------------------------------------------

    def on_compose_submitted(self, message: Compose.Submitted) -> None:
        from asynctui.tui.flows import threads

        threads.send(self, message)

    def on_compose_draft_changed(self, message: Compose.DraftChanged) -> None:
        self.pane.drafts.put(message.thread_id, message.body)

    def on_compose_left(self) -> None:
        self.query_one(ThreadView).focus()

    # -- the ritual views' messages ----------------------------------------------------

    def on_ritual_list_selected(self, message: RitualList.Selected) -> None:
        from asynctui.tui.flows import rituals

        rituals.open_entry(self, message.entry)

    def on_ritual_list_toggle_done(self, message: RitualList.ToggleDone) -> None:
        from asynctui.tui.flows import rituals

        rituals.toggle_done(self, message.entry)

    def on_ritual_list_next_filter(self, message: RitualList.NextFilter) -> None:
        self.rituals.next_filter(message.view)
        self.refresh_data()

    def on_ritual_list_new(self, message: RitualList.New) -> None:
        from asynctui.tui.flows import rituals

        rituals.new_ritual(self, message.view)

    def on_ritual_list_close_meeting(self, message: RitualList.CloseMeeting) -> None:
        from asynctui.tui.flows import rituals

        rituals.close_listed_meeting(self, message.entry)

    # -- actions (ids and keys in asynctui.tui.keys) ---------------------------------
    # The dialog flows run as this screen's actions (each takes the screen); they are
    # imported when first used, which keeps start-up short.

    action_reply = _flow("threads", "reply")
    action_quote = _flow("threads", "quote")
    action_edit = _flow("threads", "edit")
    action_new_thread = _flow("threads", "new_thread")
    action_ask = _flow("threads", "ask")
    action_ask_steps = _flow("asks", "ask_steps_dialog")
    action_snooze = _flow("later", "snooze")
    action_follow = _flow("following", "follow")
    action_mute = _flow("following", "mute")
    action_react = _flow("threads", "react")
    action_resolve = _flow("threads", "resolve")
    action_close_meeting = _flow("rituals", "close_open_meeting")
    action_mark_decision = _flow("rituals", "mark_decision")
    action_new_action_item = _flow("rituals", "new_action_item")
    action_new_channel = _flow("channels", "new_channel")
    action_new_dm = _flow("channels", "new_dm")
    action_invite = _flow("channels", "invite")
    action_mark_all_read = _flow("threads", "mark_all_read")
    action_search = _flow("threads", "search")
    action_switcher = _flow("switcher", "switcher")
    action_status = _flow("me", "status")
    action_focus_mode = _flow("me", "focus")
    action_hours = _flow("me", "hours")

    def action_digest(self) -> None:
        """The digest since my last quiet time began (or the last 24 hours)."""
        from asynctui.tui.flows import me

        me.digest(self.tui)

    def switch_view(self, view: str) -> None:
        self.view = view
        self.refresh_data()
        # On a narrow screen the list takes the place of the thread being read.
        self.remove_class("reading")
        self.active_list().focus()

    action_inbox = _view(INBOX)
    action_owed_by_me = _view("owed-by-me")
    action_owed_to_me = _view("owed-to-me")
    action_later = _view("later")
    action_checkins = _view(CHECKINS)
    action_meetings = _view(MEETINGS)
    action_decisions = _view(DECISIONS)
    action_action_items = _view(ACTIONS)

    def action_sort(self) -> None:
        self.sort = "activity" if self.sort == "urgency" else "urgency"
        self.notify(f"Sorted by {self.sort}.", timeout=2)
        self.refresh_data()

    def action_next_unread(self) -> None:
        if self.view in RITUAL_IDS and self.views is not None:
            # The ritual views list no threads: the next unread of the inbox.
            self.switch_view(INBOX)
        views = self.views
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

    def _team_panel(self) -> TeamPanel | None:
        """The team panel, if it was ever shown."""
        found = self.query("#team")
        return found.first(_team_panel_class()) if found else None

    async def action_team(self) -> None:
        panel = self._team_panel()
        if panel is None:
            # Mounted whole before it is shown: a refresh while it mounts finds it
            # shown only once its children are there to fill.
            panel = _team_panel_class()(id="team")
            await self.query_one("#main").mount(panel)
        self.toggle_class("show-team")
        self.call_after_refresh(self._focus_what_is_shown)
        if self.has_class("show-team"):
            team, me, now = self.team(), self.ws.member, self.now()
            panel.update_team(team, me, now, self._promise_lines(team, now))

    def action_views(self) -> None:
        """The views and channels: the sidebar, shown over the list where it is hidden."""
        sidebar = self.query_one(Sidebar)
        if sidebar.has_class("-over"):
            self.active_list().focus()  # and so it goes
            return
        sidebar.set_class(self.has_class("narrow"), "-over")
        sidebar.focus()

    def action_next_pane(self) -> None:
        self.focus_next()

    def action_previous_pane(self) -> None:
        self.focus_previous()

    async def action_back(self) -> None:
        focused = self.focused
        if self.query_one(Sidebar).has_class("-over"):
            self.active_list().focus()  # and so the views shown over it go
        elif focused is not None and focused is self._team_panel():
            if self.has_class("single"):
                await self.action_team()  # it fills the screen: close it
            else:
                self.active_list().focus()
        elif isinstance(focused, ThreadView) or focused is None:
            self.remove_class("reading")
            self.active_list().focus()
        elif isinstance(focused, ThreadList) or focused is self.rituals.widget():
            self.query_one(Sidebar).focus()
