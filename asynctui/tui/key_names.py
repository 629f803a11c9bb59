"""Key names as Textual knows them and as people read them.

A user's ``[keys]`` table says ``"?, G"``; Textual binds ``question_mark`` and ``G``;
the footer and help show ``?`` and ``G``. These three spellings meet here, apart from
the registry (:mod:`asynctui.tui.keys`) that uses them.
"""

from __future__ import annotations

import unicodedata

from textual.keys import (
    KEY_DISPLAY_ALIASES,
    KEY_NAME_REPLACEMENTS,
    KEY_TO_UNICODE_NAME,
    Keys,
    _character_to_key,
    format_key,
)

__all__ = ["display_keys", "normalize", "valid_key"]

_MODIFIERS = frozenset({"ctrl", "shift", "alt", "super", "hyper", "meta"})
_NAMED = frozenset(
    {str(k.value).rsplit("+", 1)[-1] for k in Keys}
    | set(KEY_NAME_REPLACEMENTS.values())
    | set(KEY_TO_UNICODE_NAME)
)
_DISPLAY = {**KEY_DISPLAY_ALIASES, "enter": "enter", "escape": "esc", "tab": "tab"}


def valid_key(key: str) -> bool:
    """Whether ``key`` is one Textual key name with modifiers: ``"ctrl+t"``, ``"G"``, ``"plus"``."""
    *modifiers, name = key.split("+")
    if not name or any(m not in _MODIFIERS for m in modifiers):
        return False
    if len(name) == 1:
        return name.isprintable() and not name.isspace()
    if name in _NAMED:
        return True
    try:
        return len(unicodedata.lookup(name.replace("_", " "))) == 1
    except KeyError:
        return False


def normalize(keys: str) -> list[str]:
    """Comma-separated keys as Textual names: ``"?, G"`` -> ``["question_mark", "G"]``."""
    parts = [part.strip() for part in keys.split(",")]
    return [_character_to_key(part) if len(part) == 1 else part for part in parts]


def display_keys(keys: str) -> str:
    """Keys as people read them: ``"j,down"`` -> ``"j, ↓"``, ``"question_mark"`` -> ``"?"``."""
    shown = []
    for key in normalize(keys):
        *modifiers, name = key.split("+")
        shown.append("+".join([*modifiers, _DISPLAY.get(name) or format_key(name)]))
    return ", ".join(shown)
