"""The key registry: one table behind the bindings, the help screen and docs/keys.md."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from pathlib import Path

import pytest
from textual import events
from textual._xterm_parser import XTermParser
from textual.actions import parse
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.widgets import Static

from asynctui import paths, tui
from asynctui.client.commands.people import read_hours
from asynctui.core.hours import Hours
from asynctui.tui import keys, themes
from asynctui.tui.commands import COMMANDS, KeyCommands
from asynctui.tui.screens._hours import HoursScreen
from asynctui.tui.screens._status import PRESETS
from asynctui.tui.widgets._compose import Compose

DOCS = Path(__file__).parents[2] / "docs" / "keys.md"


def test_binding_ids_are_unique_and_kebab_case() -> None:
    ids = [key.id for key in keys.KEYS]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z]+(-[a-z0-9]+)*", id) for id in ids), ids


def test_every_key_is_a_textual_key_name() -> None:
    for key in keys.KEYS:
        for name in key.keys.split(","):
            assert name == name.strip() and keys.valid_key(name), (key.id, name)


def test_every_binding_has_a_known_group_a_description_and_an_action() -> None:
    for key in keys.KEYS:
        assert key.group in keys.GROUPS, key
        assert key.description and parse(key.action)[1].isidentifier(), key


def test_no_screen_binds_one_key_to_two_registry_entries() -> None:
    for i, key in enumerate(keys.KEYS):
        for other in keys.KEYS[i + 1 :]:
            if keys.bound_together(key, other):
                shared = set(key.keys.split(",")) & set(other.keys.split(","))
                assert not shared, f"{shared}: {key.id} and {other.id}"


def test_every_action_is_named_in_the_module_docstring_for_the_app_author() -> None:
    doc = keys.__doc__ or ""
    for key in keys.KEYS:
        assert f"``{key.action}``" in doc and f" {key.id} " in doc, key.id


def test_shifted_letters_and_symbols_use_textuals_key_names() -> None:
    by_id = {key.id: key.keys for key in keys.KEYS}
    assert by_id["last"] == "G,end"
    assert by_id["owed-to-me"] == "O"
    assert by_id["help"] == "question_mark"
    assert by_id["search"] == "slash"
    assert by_id["react"] == "plus"


def test_bindings_carry_the_registry_ids_for_set_keymap() -> None:
    threads = [b for b in keys.bindings("threads") if isinstance(b, Binding)]
    assert len(threads) == len(keys.bindings("threads"))
    assert all(b.id for b in threads)
    reply = next(b for b in threads if b.id == "reply")
    assert (reply.key, reply.action, reply.description) == ("r", "reply", "Reply")
    assert len(keys.bindings()) == len(keys.KEYS)
    assert keys.binding("editor").priority
    with pytest.raises(ValueError, match="unknown key group"):
        keys.bindings("nope")


def test_a_users_keymap_is_normalized_and_checked_without_raising() -> None:
    keymap, warnings = keys.keymap_from_config(
        {
            "reply": "r, R",
            "search": "?",
            "no-such-thing": "z",
            "ask": "ctrl+zz",
            "edit": "",
        }
    )
    assert keymap == {"reply": "r,R", "search": "question_mark"}
    assert any("no-such-thing" in w and "unknown" in w for w in warnings)
    assert any("ctrl+zz" in w for w in warnings)
    assert any("edit" in w for w in warnings)


def test_a_key_bound_twice_in_one_group_is_warned_about_but_kept() -> None:
    keymap, warnings = keys.keymap_from_config({"resolve": "r"})
    assert keymap == {"resolve": "r"}
    assert warnings == ["keys: r is bound to both 'reply' and 'resolve'"]


def test_help_rows_show_the_keys_after_the_users_keymap() -> None:
    rows = keys.help_rows({"reply": "r,R"})
    assert ("Threads and messages", "r, R", "Reply") in rows
    assert ("Moving around", "j, ↓", "Next item") in rows
    assert ("App", "?", "Help") in keys.help_rows()
    assert len(rows) == len(keys.KEYS)


def test_docs_keys_md_is_generated_from_the_registry() -> None:
    expected = keys.markdown()
    actual = DOCS.read_text(encoding="utf-8") if DOCS.exists() else ""
    assert actual == expected, (
        "docs/keys.md is out of date; regenerate it with:"
        " python -m asynctui.tui.keys > docs/keys.md"
    )


def test_the_markdown_lists_every_binding_under_its_group() -> None:
    text = keys.markdown()
    for title in keys.GROUPS.values():
        assert f"## {title}" in text
    for key in keys.KEYS:
        assert f"`{key.id}` |" in text


class KeysApp(App[None]):
    BINDINGS = keys.bindings("threads")

    def __init__(self) -> None:
        super().__init__()
        self.replies = 0

    def compose(self) -> ComposeResult:
        yield Static("threads")

    def action_reply(self) -> None:
        self.replies += 1


async def test_a_remapped_key_runs_the_action_through_textuals_keymap() -> None:
    app = KeysApp()
    async with app.run_test() as pilot:
        keymap, warnings = keys.keymap_from_config({"reply": "R"})
        assert warnings == []
        app.set_keymap(keymap)
        await pilot.press("r")
        assert app.replies == 0
        await pilot.press("R")
        assert app.replies == 1


class PaletteApp(App[None]):
    COMMANDS = App.COMMANDS | COMMANDS
    BINDINGS = keys.bindings("threads") + keys.bindings("app")

    def __init__(self) -> None:
        super().__init__()
        self.replies = 0

    def compose(self) -> ComposeResult:
        yield Static("threads")

    def on_mount(self) -> None:
        themes.register_all(self, [paths.builtin_themes_dir()])

    def action_reply(self) -> None:
        self.replies += 1


async def test_the_palette_offers_the_actions_the_app_can_run_with_their_keys() -> None:
    app = PaletteApp()
    async with app.run_test() as pilot:
        app.set_keymap(keys.keymap_from_config({"reply": "r,R"})[0])
        provider = KeyCommands(app.screen)
        found = [hit async for hit in provider.discover()]
        texts = {hit.text for hit in found}
        assert {"Reply", "Quit"} <= texts
        # Nothing here implements them: not offered.
        assert not texts & {"Help", "Send", "Edit my message", "Close help", "Command palette"}
        hits = [hit async for hit in provider.search("reply")]
        assert [(hit.text, hit.help) for hit in hits] == [("Reply", "Keys: r, R")]
        await pilot.pause()
        result = hits[0].command()
        assert result is not None
        await result
        assert app.replies == 1


async def test_the_palette_runs_an_action_and_switches_themes() -> None:
    app = PaletteApp()
    async with app.run_test() as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"Theme: asynctui-light")
        for _ in range(100):
            await pilot.pause(0.02)
            if "asynctui-light" in _palette_text(app):
                break
        await pilot.press("enter")
        await pilot.pause()
        assert app.theme == "asynctui-light"
        await pilot.press("ctrl+p")
        await pilot.press(*"reply")
        for _ in range(100):
            await pilot.pause(0.02)
            if "Reply" in _palette_text(app):
                break
        await pilot.press("enter")
        await pilot.pause()
        assert app.replies == 1


def _palette_text(app: App[None]) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def test_every_help_row_fits_the_help_screen_on_one_line() -> None:
    # HelpScreen: 72 cells, less its border, padding and scrollbar; keys and
    # descriptions padded by 2 (a longer description wrapped every id below it).
    inner = 72 - 2 - 2 - 1
    keys_width = max(len(keys.display_keys(key.keys)) for key in keys.KEYS) + 2
    text_width = max(len(key.description) for key in keys.KEYS) + 2
    assert keys_width + text_width + max(len(key.id) for key in keys.KEYS) <= inner


# Every screen and widget: its keys are the registry's, so `?`, docs/keys.md and a
# remap in config.toml reach all of them.


def _declared_bindings() -> list[tuple[str, BindingType]]:
    """(class, binding) for every BINDINGS item a class of asynctui.tui declares itself."""
    found = []
    for info in pkgutil.walk_packages(tui.__path__, f"{tui.__name__}."):
        module = importlib.import_module(info.name)
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__ and issubclass(cls, DOMNode):
                found += [(name, item) for item in cls.__dict__.get("BINDINGS", [])]
    return found


def test_every_binding_of_every_screen_and_widget_comes_from_the_registry() -> None:
    declared = _declared_bindings()
    classes = {name for name, _ in declared}
    assert {"AsyncTuiApp", "Compose", "HoursScreen", "StatusScreen", "Sidebar"} <= classes
    for name, item in declared:
        # A tuple has no id: nothing could remap it or list it.
        assert isinstance(item, Binding) and item.id is not None, (name, item)
        registry = keys.binding(item.id) if item.id in {k.id for k in keys.KEYS} else None
        assert registry == item, f"{name} binds {item.id!r} outside the key registry"


def test_the_status_dialogs_presets_are_registry_entries_with_their_own_keys() -> None:
    presets = {
        b.action: b.key for b in keys.bindings("dialogs", scope="status") if isinstance(b, Binding)
    }
    assert presets == {f"preset('{p.key}')": p.key for p in PRESETS}


def test_keys_of_different_dialogs_may_share_a_key_but_not_with_every_dialogs_keys() -> None:
    # The outbox and the status dialog are never open together.
    assert keys.keymap_from_config({"outbox-discard": "a"}) == ({"outbox-discard": "a"}, [])
    _, warnings = keys.keymap_from_config({"dialog-save": "a"})
    assert warnings == ["keys: a is bound to both 'dialog-save' and 'status-away'"]


HOURS = Hours()


class HoursApp(App[None]):
    def __init__(self, keymap: dict[str, str]) -> None:
        super().__init__()
        self.keymap = keymap
        self.saved: list[dict[str, str] | None] = []

    def on_mount(self) -> None:
        self.set_keymap(self.keymap)
        self.push_screen(HoursScreen(HOURS, "Europe/Berlin"), self.saved.append)


async def test_i_remap_the_dialogs_save_key_and_my_hours_save_with_it() -> None:
    keymap, warnings = keys.keymap_from_config({"dialog-save": "ctrl+o"})
    assert warnings == []
    app = HoursApp(keymap)
    async with app.run_test(size=(90, 30)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.saved == [] and isinstance(app.screen, HoursScreen)
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert [read_hours(HOURS, typed)[0] for typed in app.saved if typed] == [HOURS]


async def test_i_remap_the_dialogs_close_key_and_my_hours_are_left_unchanged() -> None:
    app = HoursApp(keys.keymap_from_config({"dialog-close": "ctrl+b"})[0])
    async with app.run_test(size=(90, 30)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert app.saved == [None]


# Sending a reply: ctrl+s always, ctrl+enter where the terminal reports it.


class ComposeApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.sent: list[str] = []

    def compose(self) -> ComposeResult:
        yield Compose()

    def on_mount(self) -> None:
        self.query_one(Compose).start("reply", "thread-1", "Q1 plan")
        self.query_one(Compose).focus_text()

    def on_compose_submitted(self, message: Compose.Submitted) -> None:
        self.sent.append(message.body)


async def test_ctrl_enter_sends_my_reply_and_enter_starts_a_new_line() -> None:
    app = ComposeApp()
    async with app.run_test() as pilot:
        await pilot.press(*"Sounds good", "enter", *"see you")
        await pilot.pause()
        assert app.sent == []
        await pilot.press("ctrl+enter")
        await pilot.pause()
        assert app.sent == ["Sounds good\nsee you"]
        assert app.query_one(Compose).text_area.text == ""


async def test_ctrl_s_sends_my_reply_in_any_terminal() -> None:
    app = ComposeApp()
    async with app.run_test() as pilot:
        await pilot.press(*"On it", "ctrl+s")
        await pilot.pause()
        assert app.sent == ["On it"]


def test_textual_reads_the_kitty_protocols_ctrl_enter_as_the_key_we_bind() -> None:
    def read(sequence: str) -> list[str]:
        return [e.key for e in XTermParser().feed(sequence) if isinstance(e, events.Key)]

    assert read("\x1b[13;5u") == ["ctrl+enter"]
    assert "ctrl+enter" in keys.binding("send").key.split(",")
    # Without the protocol, ctrl+enter is a plain enter (a new line) or ctrl+j.
    assert read("\r") == ["enter"]
    assert read("\n") == ["ctrl+j"]


def test_the_docs_say_where_ctrl_enter_cannot_send_and_that_ctrl_s_always_does() -> None:
    text = keys.markdown()
    assert keys.COMPOSE_NOTE in text
    assert "`ctrl+s` always sends" in keys.COMPOSE_NOTE
    for words in ("kitty keyboard protocol", "plain enter", "tmux", "extended-keys"):
        assert words in keys.COMPOSE_NOTE
