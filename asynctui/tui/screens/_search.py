"""The search screen: type, see matching messages from every thread, open one."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Input, OptionList, Static

from asynctui.client.search import KIND_WORDS, MARK, Found, SearchError
from asynctui.core.text import clean_line
from asynctui.core.timefmt import when
from asynctui.tui import keys

__all__ = ["SearchScreen"]

DEBOUNCE = 0.15
"""Seconds of quiet typing before a search runs."""

_MARK_START, _MARK_END = MARK


def hit_prompt(hit: Found, name_of: Callable[[str], str], tz: str, now: datetime) -> Content:
    """One result, "title — @author · when — snippet", built from plain text (never markup)."""
    title = clean_line(hit.thread_title) or "(untitled)"
    author = clean_line(name_of(hit.author)).lstrip("@") or "?"
    parts: list[str | tuple[str, str]] = [
        (title, "bold"),
        (
            f" — {KIND_WORDS.get(hit.kind, hit.kind)} · @{author} · {when(hit.at, tz, now)} — ",
            "$text-muted",
        ),
    ]
    snippet = clean_line(hit.snippet)
    while _MARK_START in snippet:
        before, _, rest = snippet.partition(_MARK_START)
        found, _, snippet = rest.partition(_MARK_END)
        parts += [before, (found, "bold $accent")]
    parts.append(snippet)
    return Content.assemble(*parts)


class SearchScreen(ModalScreen[str | None]):
    """Search every message as you type; dismissed with the chosen thread's id, or None.

    | Key(s) | Id | Description |
    | :- | :- | :- |
    | escape | `dialog-close` | Close without opening anything. |
    | down | `search-results` | From the search box to the results. |
    | enter | | Open the highlighted (or first) result. |
    """

    DEFAULT_CSS = """
    SearchScreen { align: center top; }
    SearchScreen #search-dialog {
        width: 100; max-width: 100%; height: 80%; margin-top: 2;
        border: round $primary; background: $surface; padding: 0 1;
    }
    SearchScreen #search-input { margin-bottom: 1; }
    SearchScreen #search-results { height: 1fr; border: none; }
    SearchScreen #search-status { color: $text-muted; height: 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        keys.binding("dialog-close"),
        keys.binding("search-results"),
    ]

    @dataclass
    class Results(Message):
        """A search finished (posted from the worker thread)."""

        text: str
        """What was searched for."""
        hits: list[Found]
        """The matching messages, best first."""
        error: str | None = None
        """Why the search failed, if it did."""
        unreadable: bool = False
        """The query itself could not be read ('in: no channel #x')."""

    def __init__(
        self,
        search: Callable[[str], list[Found]],
        name_of: Callable[[str], str],
        tz: str,
        now: datetime,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """
        Args:
            search: Runs a search (in a worker thread); the replica's ``queries.search``.
            name_of: A member id's @handle (or name) to show for the author.
            tz: The reader's time zone, for the times of the messages.
            now: The instant the times are relative to.
        """
        super().__init__(name=name, id=id, classes=classes)
        self._search = search
        self._name_of = name_of
        self._tz = tz
        self._now = now
        self._hits: list[Found] = []
        self._shown = ""
        """The text the results shown are for."""
        self._timer: Timer | None = None
        self._open_first = False
        """Enter was pressed before the results of the text typed arrived."""

    def compose(self) -> ComposeResult:
        with Vertical(id="search-dialog"):
            yield Input(
                placeholder="Search: words, in:#channel from:@ana before:/after:2026-12-01"
                " is:open is:owed has:decision",
                id="search-input",
            )
            yield Static(Content("Type to search every thread."), id="search-status")
            yield OptionList(id="search-results")

    def on_mount(self) -> None:
        self.query_one("#search-input", Input).focus()

    @property
    def hits(self) -> list[Found]:
        """The results shown, in order."""
        return list(self._hits)

    @on(Input.Changed, "#search-input")
    def _typed(self, event: Input.Changed) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DEBOUNCE, lambda: self._run(event.value))

    def _run(self, text: str) -> None:
        self._timer = None
        if not text.strip():
            self._show(text, [], None)
            return
        self._search_worker(text)

    @work(thread=True, exclusive=True, group="search")
    def _search_worker(self, text: str) -> None:
        try:
            hits = self._search(text)
        except SearchError as exc:  # a query that cannot be read: said as it is
            self.post_message(self.Results(text, [], str(exc), unreadable=True))
            return
        except Exception as exc:  # a failed search is shown, never fatal
            self.post_message(self.Results(text, [], str(exc)))
            return
        self.post_message(self.Results(text, hits))

    @on(Results)
    def _results(self, event: Results) -> None:
        if event.text == self.query_one("#search-input", Input).value:
            self._show(event.text, event.hits, event.error, unreadable=event.unreadable)

    def _show(
        self, text: str, hits: list[Found], error: str | None, *, unreadable: bool = False
    ) -> None:
        self._hits, self._shown = hits, text
        if self._open_first and hits:
            self.dismiss(hits[0].thread)
            return
        self._open_first = False
        results = self.query_one("#search-results", OptionList)
        results.clear_options()
        results.add_options(hit_prompt(h, self._name_of, self._tz, self._now) for h in hits)
        if hits:
            results.highlighted = 0
        status = self.query_one("#search-status", Static)
        if error is not None and unreadable:
            status.update(Content(clean_line(error)))
        elif error is not None:
            status.update(Content(f"Search failed: {clean_line(error)}"))
        elif not text.strip():
            status.update(Content("Type to search every thread."))
        elif not hits:
            status.update(Content("Nothing matches."))
        else:
            count = f"{len(hits)} result{'s' if len(hits) != 1 else ''}"
            status.update(Content(f"{count} · enter opens the thread"))

    def action_focus_results(self) -> None:
        results = self.query_one("#search-results", OptionList)
        if self._hits:
            results.focus()
            if results.highlighted is None:
                results.highlighted = 0

    @on(Input.Submitted, "#search-input")
    def _submitted(self, event: Input.Submitted) -> None:
        if event.value != self._shown or self._timer is not None:
            # Typed faster than the debounce: search now and open what comes first.
            if self._timer is not None:
                self._timer.stop()
            self._open_first = True
            self._run(event.value)
            return
        highlighted = self.query_one("#search-results", OptionList).highlighted
        if self._hits:
            self.dismiss(self._hits[highlighted or 0].thread)

    @on(OptionList.OptionSelected, "#search-results")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if 0 <= event.option_index < len(self._hits):
            self.dismiss(self._hits[event.option_index].thread)
