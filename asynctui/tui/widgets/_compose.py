"""The compose box under a thread: reply, edit, or the first message of a new thread."""

from __future__ import annotations

import os
import shlex
import string
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.keys import _character_to_key
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Static, TextArea

from asynctui.core.events import MAX_BODY_CHARS
from asynctui.core.text import clean_line
from asynctui.tui import keys

Mode = Literal["reply", "edit"]


# Textual hides the app's one-character bindings from the footer while a text
# area has the focus (it would take the key as text), but finds the character
# of a key only by its Unicode name: "plus" and "slash" are not found, so the
# footer offered "+ React" and "/ Search" while "+" and "/" were being typed.
_TYPED = {_character_to_key(c): c for c in string.printable if c.isprintable()}


class _TypingArea(TextArea):
    def check_consume_key(self, key: str, character: str | None = None) -> bool:
        return super().check_consume_key(key, character or _TYPED.get(key))


class Compose(Vertical):
    """A multi-line compose box.

    | Key | Action |
    | --- | --- |
    | ctrl+s, ctrl+enter | Send the message (ctrl+enter where the terminal reports it) |
    | ctrl+e | Write it in $EDITOR |
    | ctrl+g | In a meeting: the next agenda item the reply contributes to (or none) |
    | escape | Leave the box (the draft is kept) |
    """

    DEFAULT_CSS = """
    Compose {
        height: 9;
        border-top: solid $border-blurred;
    }
    Compose:focus-within { border-top: solid $border; }
    Compose #compose-title { color: $text-muted; height: 1; }
    Compose #compose-hint { color: $text-muted; height: 1; }
    Compose TextArea { height: 1fr; border: none; padding: 0 1; }
    Compose TextArea:focus { border: none; background: $boost; }
    """

    BINDINGS = [keys.binding(id) for id in ("send", "editor", "leave-compose", "agenda-item")]

    @dataclass
    class Submitted(Message):
        mode: Mode
        thread_id: str
        message_id: str | None
        body: str
        quote: str | None = None
        """Id of the message this reply quotes."""
        item: int | None = None
        """The agenda item (0-based) a reply in a meeting contributes to."""

    @dataclass
    class DraftChanged(Message):
        """The text changed: the app keeps it as the thread's draft."""

        thread_id: str
        body: str

    @dataclass
    class Left(Message):
        """The user left the box with escape."""

    mode: Mode = "reply"
    thread_id: str = ""
    message_id: str | None = None
    quote: str | None = None
    agenda: tuple[str, ...] = ()
    """The agenda of the meeting the reply goes to (empty: not a meeting)."""
    item: int | None = None
    """The agenda item the reply contributes to; None: a plain reply."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._draft_timer: Timer | None = None
        self._title = Content("")

    def compose(self) -> ComposeResult:
        yield Static(id="compose-title")
        yield _TypingArea(
            id="compose-text",
            soft_wrap=True,
            show_line_numbers=False,
            placeholder="Write a reply (r), then ctrl+s",
        )
        yield Static(
            Content("ctrl+s send · ctrl+e editor · esc leave (draft kept)"), id="compose-hint"
        )

    @property
    def text_area(self) -> TextArea:
        return self.query_one("#compose-text", TextArea)

    def start(
        self,
        mode: Mode,
        thread_id: str,
        title: str,
        body: str = "",
        message_id: str | None = None,
        quote: tuple[str, str] | None = None,
        agenda: Sequence[str] = (),
        item: int | None = None,
    ) -> None:
        """Point the box at a thread (reply) or a message (edit), with text to start from.

        A draft still waiting to be saved for the previous thread is saved first.

        ``quote`` is (message id, "@who: first words") of a message the reply quotes.
        ``agenda``: a meeting's agenda, ``item`` the one the reply starts out naming.
        """
        if self._draft_timer is not None:
            self._draft_timer.stop()
            self._draft_timer = None
            if self.mode == "reply" and self.thread_id:
                self._save_draft()
        self.mode, self.thread_id, self.message_id = mode, thread_id, message_id
        self.quote = quote[0] if quote else None
        verb = "Editing your message in" if mode == "edit" else "Reply to"
        shown = clean_line(title)
        if agenda and len(shown) > 30:
            shown = shown[:29].rstrip() + "…"  # room for the agenda item
        line = Content.assemble(f"{verb} ", (shown[:80], "bold"))
        if quote:
            line = Content.assemble(line, "  quoting ", (clean_line(quote[1])[:60], "italic"))
        self._title = line
        self.set_agenda(agenda if mode == "reply" else (), item)
        self.text_area.load_text(body)
        self.text_area.move_cursor(self.text_area.document.end)

    def set_agenda(self, agenda: Sequence[str], item: int | None) -> None:
        """The meeting agenda the reply can contribute to, and the item it names now."""
        self.agenda = tuple(agenda)
        self.item = item if self.agenda and item is not None and item < len(agenda) else None
        self._show_title()
        self.refresh_bindings()

    def _show_title(self) -> None:
        line = self._title
        if self.agenda:
            if self.item is None:
                line = Content.assemble(line, ("  · no agenda item (ctrl+g to pick one)", "dim"))
            else:
                name = clean_line(self.agenda[self.item])
                line = Content.assemble(
                    line,
                    f"  · item {self.item + 1}/{len(self.agenda)} ",
                    ("(ctrl+g)", "dim"),
                    ": ",
                    (name[:80], "bold"),
                )
        self.query_one("#compose-title", Static).update(line)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next_agenda_item":
            return bool(self.agenda) and self.mode == "reply"
        return True

    def action_next_agenda_item(self) -> None:
        """The next agenda item, then none (a plain reply), then the first again."""
        if not self.agenda:
            return
        if self.item is None:
            self.item = 0
        elif self.item + 1 < len(self.agenda):
            self.item += 1
        else:
            self.item = None
        self._show_title()

    def focus_text(self) -> None:
        self.text_area.focus()

    @on(TextArea.Changed, "#compose-text")
    def _changed(self) -> None:
        if self.mode != "reply" or not self.thread_id:
            return
        if self._draft_timer is not None:
            self._draft_timer.stop()
        # Debounced: a draft is saved a moment after typing stops, not on every key.
        self._draft_timer = self.set_timer(0.4, self._save_draft)

    def _save_draft(self) -> None:
        self.post_message(self.DraftChanged(self.thread_id, self.text_area.text))

    # ctrl+s and ctrl+e are priority keys: the app runs them as they come in, while
    # the keys typed just before may still wait in the text area's own queue. So
    # their work is queued there too, behind those keys, and sees all the text.

    def action_send(self) -> None:
        self.text_area.call_later(self._send)

    def action_editor(self) -> None:
        """Hand the text to $EDITOR in a temporary file, then take it back."""
        self.text_area.call_later(self._edit_outside)

    def _send(self) -> None:
        body = self.text_area.text.strip("\n")
        if not body.strip():
            self.notify("The message is empty.", severity="warning")
            return
        if len(body) > MAX_BODY_CHARS:
            self.notify(
                f"The message is too long (at most {MAX_BODY_CHARS} characters).", severity="error"
            )
            return
        if not self.thread_id:
            self.notify("Open a thread first.", severity="warning")
            return
        item = self.item if self.mode == "reply" and self.agenda else None
        self.post_message(
            self.Submitted(self.mode, self.thread_id, self.message_id, body, self.quote, item)
        )
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self.text_area.load_text("")
        if self.mode == "reply":
            self.post_message(self.DraftChanged(self.thread_id, ""))
        self.mode, self.message_id, self.quote = "reply", None, None

    def action_leave(self) -> None:
        if self.mode == "reply" and self.thread_id:
            self._save_draft()
        self.post_message(self.Left())

    def _edit_outside(self) -> None:
        editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
        with tempfile.NamedTemporaryFile(
            "w", suffix=".md", delete=False, encoding="utf-8"
        ) as handle:
            handle.write(self.text_area.text)
            path = Path(handle.name)
        try:
            with self.app.suspend():
                subprocess.run([*shlex.split(editor), str(path)], check=False)
            self.text_area.load_text(path.read_text(encoding="utf-8").rstrip("\n"))
        except Exception as exc:  # noqa: BLE001 - any failure is shown, the text is kept
            self.notify(f"Could not run {editor}: {exc}", severity="error")
        finally:
            path.unlink(missing_ok=True)
