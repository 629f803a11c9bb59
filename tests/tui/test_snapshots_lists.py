"""Snapshots of the thread list and a thread, with fixed data and a fixed clock.

Grouped by the theme they run under: ours (badge colours from its variables) and a
stock Textual theme (badge colours fall back to its error / warning / primary).
Update with ``pytest tests/tui/test_snapshots_lists.py --snapshot-update``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from textual.app import App, ComposeResult

from asynctui import paths
from asynctui.client.queries import Message
from asynctui.client.views import Badge, BadgeTone, ThreadSummary
from asynctui.tui.themes import register_all
from asynctui.tui.widgets._thread_list import ThreadList
from asynctui.tui.widgets._thread_view import AskLine, ThreadView

SnapCompare = Callable[..., bool]

NOW = datetime(2025, 3, 3, 12, 0, tzinfo=UTC)  # Monday 13:00 in Berlin
SIZE = (100, 30)


def _badge(text: str, tone: BadgeTone) -> Badge:
    return Badge("bob", text, tone, "open", None)


ROWS = [
    ThreadSummary(
        "t1",
        "Launch checklist for the March release",
        "release",
        NOW,
        "12 min ago",
        3,
        ("ana", "bob", "chen"),
        (_badge("Chen · overdue 5h", "overdue"), _badge("you · 3h left", "due_soon")),
        False,
    ),
    ThreadSummary(
        "t2",
        "Onboarding flow: second round of feedback",
        "design",
        NOW - timedelta(hours=2),
        "2h ago",
        0,
        ("dana", "ana"),
        (_badge("Bob · due Tue 11:00", "open"),),
        False,
    ),
    ThreadSummary(
        "t3",
        "Database migration window",
        "ops",
        NOW - timedelta(hours=5),
        "5h ago",
        1,
        ("emil",),
        (_badge("Dana · off until 09:00, due Tue 11:00", "off"),),
        False,
    ),
    ThreadSummary(
        "t4",
        "Retro notes",
        "team",
        NOW - timedelta(days=2),
        "2d ago",
        0,
        ("ana", "bob", "chen", "dana", "emil", "fay", "gus", "hal", "ivy", "jo"),
        (),
        True,
    ),
    ThreadSummary(
        "t5",
        "A title far too long to fit on one line of the thread list, so it has to be cut short",
        "design",
        NOW - timedelta(days=3),
        "3d ago",
        0,
        ("ana",),
        (_badge("Bob · due Wed 10:00", "open"), _badge("Chen · due Wed 15:00", "open")),
        False,
    ),
]

PEOPLE = {"u1": ("Ana Ruiz", "ana"), "u2": ("Bob Stone", "bob"), "u3": ("Chen Wei", "chen")}


def _message(index: int, author: str, minutes_ago: int, body: str, **extra: Any) -> Message:
    return Message(
        f"m{index}",
        "t1",
        author,
        NOW - timedelta(minutes=minutes_ago),
        body,
        extra.get("quote"),
        extra.get("edited_at"),
        extra.get("reactions", {}),
    )


MESSAGES = [
    _message(1, "u2", 60 * 26, "Can we freeze the release branch on Tuesday?\nQA needs two days."),
    _message(
        2,
        "u1",
        60 * 3,
        "Yes, if the migration lands first.",
        quote="m1",
        reactions={"👍": ["u2", "u3"], "🎉": ["u3"]},
    ),
    _message(
        3,
        "u3",
        90,
        "The migration is ready; I'd like a second pair of eyes on the rollback plan before we "
        "schedule the window. It is in the ops doc, section 4.",
        edited_at=NOW - timedelta(minutes=30),
    ),
    _message(4, "u1", 12, "Looking at it now.", quote="m3", reactions={"👀": ["u1"]}),
]


class ListApp(App[None]):
    def __init__(self, theme: str, rows: list[ThreadSummary]) -> None:
        super().__init__()
        register_all(self, [paths.builtin_themes_dir()])
        self.theme = theme
        self.rows = {row.id: row for row in rows}

    def compose(self) -> ComposeResult:
        yield ThreadList()

    def on_mount(self) -> None:
        thread_list = self.query_one(ThreadList)
        thread_list.set_rows(list(self.rows), self.rows.__getitem__)
        thread_list.focus()


class ViewApp(App[None]):
    def __init__(self, theme: str) -> None:
        super().__init__()
        register_all(self, [paths.builtin_themes_dir()])
        self.theme = theme

    def compose(self) -> ComposeResult:
        yield ThreadView()

    def on_mount(self) -> None:
        view = self.query_one(ThreadView)
        view.set_thread(
            "Launch checklist for the March release",
            MESSAGES,
            lambda member: PEOPLE[member][0],
            lambda member: PEOPLE[member][1],
            "u1",
            "Europe/Berlin",
            NOW,
            [
                AskLine("Asked @chen · due Mon 08:00 · overdue 5h", "overdue"),
                AskLine("Asked @ana · due Mon 16:00 · 3h left", "due_soon"),
                AskLine("Asked @bob · answered Fri 17:10", "answered"),
            ],
        )
        view.focus()


# --- our dark theme -------------------------------------------------------------------


def test_thread_list_with_every_badge_tone(snap_compare: SnapCompare) -> None:
    assert snap_compare(ListApp("asynctui-dark", ROWS), terminal_size=SIZE)


def test_thread_list_cursor_on_a_resolved_thread(snap_compare: SnapCompare) -> None:
    assert snap_compare(ListApp("asynctui-dark", ROWS), press=["j", "j", "j"], terminal_size=SIZE)


def test_empty_thread_list(snap_compare: SnapCompare) -> None:
    assert snap_compare(ListApp("asynctui-dark", []), terminal_size=SIZE)


def test_thread_with_quotes_reactions_and_an_edit(snap_compare: SnapCompare) -> None:
    assert snap_compare(ViewApp("asynctui-dark"), terminal_size=SIZE)


def test_thread_with_the_first_message_selected(snap_compare: SnapCompare) -> None:
    assert snap_compare(ViewApp("asynctui-dark"), press=["g"], terminal_size=SIZE)


# --- a stock Textual theme: badge colours fall back to the theme's own ------------------


def test_thread_list_in_a_theme_without_badge_colours(snap_compare: SnapCompare) -> None:
    assert snap_compare(ListApp("textual-light", ROWS), terminal_size=SIZE)
