"""Themes are data: TOML files loaded into ``textual.theme.Theme`` and registered on the app.

The built-in themes (``themes/*.toml``, shipped in the wheel) load first, then the user's
(``<config dir>/themes/*.toml``); a user theme with a built-in's name replaces it. A file
that cannot be used is skipped with a warning ("theme file X: ...") rather than stopping
the app. A theme file looks like::

    name = "my-theme"          # required
    primary = "#7aa2f7"        # required; secondary, accent, foreground, background,
    dark = true                # surface, panel, boost, success, warning, error optional

    [variables]                # literal colours only: "$accent" is not resolved
    badge-overdue = "#f7768e"

The app's own colours are the ``badge-*`` variables; a theme that leaves one out gets it
from its own palette (overdue = error, due soon = warning, open = primary,
answered = success, off = muted foreground).
"""

from __future__ import annotations

import tomllib
from collections.abc import Collection, Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from textual.app import App
from textual.color import Color, ColorParseError
from textual.css.constants import VALID_STYLE_FLAGS
from textual.theme import BUILTIN_THEMES, Theme

from asynctui import paths

__all__ = [
    "BADGE_DEFAULTS",
    "BADGE_VARIABLES",
    "DEFAULT_THEME",
    "OUR_THEMES",
    "grouped",
    "load_themes",
    "register_all",
    "theme_dirs",
]

DEFAULT_THEME = "asynctui-dark"
"""The theme used when the config names none, or one that does not exist."""

OUR_THEMES = ("asynctui-dark", "asynctui-light", "asynctui-high-contrast")
"""The built-in themes (``themes/*.toml``), in the order a picker lists them."""

BADGE_VARIABLES: dict[str, str] = {
    "badge-overdue": "error",
    "badge-soon": "warning",
    "badge-open": "primary",
    "badge-answered": "success",
    "badge-off": "foreground-muted",
}
"""The app's theme variables, each with the palette colour a theme that omits it gets."""

BADGE_DEFAULTS: dict[str, str] = {
    "badge-overdue": "#f7768e",
    "badge-soon": "#e0af68",
    "badge-open": "#7aa2f7",
    "badge-answered": "#9ece6a",
    "badge-off": "#737aa2",
}
"""Literal fallbacks for themes that are not files (Textual's own): return them from
``App.get_theme_variable_defaults`` so CSS using ``$badge-*`` parses under any theme."""

_COLOURS = (
    "primary",
    "secondary",
    "warning",
    "error",
    "success",
    "accent",
    "foreground",
    "background",
    "surface",
    "panel",
    "boost",
)
_FLAGS = ("dark", "ansi")
_NUMBERS = ("luminosity_spread", "text_alpha")


class _Invalid(Exception):
    """A theme file's content cannot make a theme; the message says why."""


def theme_dirs() -> list[Path]:
    """The built-in themes folder, then the user's."""
    return [paths.builtin_themes_dir(), paths.user_themes_dir()]


def load_themes(
    dirs: Iterable[Path], *, only: Collection[str] | None = None, skip: Collection[str] = ()
) -> tuple[list[Theme], list[str]]:
    """Every ``*.toml`` theme in ``dirs`` (later folders override earlier), and warnings.

    ``only``: just the themes of these names (building one costs about half a
    millisecond, its colour system); files that cannot be read are then left to a
    later pass with ``skip``, which reports them. ``skip``: not the themes of these
    names.
    """
    themes: dict[str, Theme] = {}
    warnings: list[str] = []
    for folder in dirs:
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.toml")):
            try:
                data = tomllib.loads(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
                if only is None:
                    warnings.append(f"theme file {path}: {exc}; skipped")
                continue
            name = data.get("name")
            named = name.strip() if isinstance(name, str) else None
            if (only is not None and named not in only) or named in skip:
                continue
            try:
                theme = _theme(data, warnings, path)
            except _Invalid as exc:
                warnings.append(f"theme file {path}: {exc}; skipped")
                continue
            themes[theme.name] = theme
    return list(themes.values()), warnings


def register_all(
    app: App[Any],
    dirs: Iterable[Path] | None = None,
    *,
    only: Collection[str] | None = None,
    skip: Collection[str] = (),
) -> list[str]:
    """Register every theme on ``app`` (from ``theme_dirs()`` by default); the warnings.
    ``only`` and ``skip`` as in ``load_themes``."""
    themes, warnings = load_themes(theme_dirs() if dirs is None else dirs, only=only, skip=skip)
    for theme in themes:
        app.register_theme(theme)
    return warnings


def grouped(names: Collection[str]) -> tuple[list[str], list[str]]:
    """``names`` as a picker lists them: ours (the built-ins in their order, then the
    user's, by name), and Textual's own, by name."""
    textuals = sorted(n for n in names if n in BUILTIN_THEMES and n not in OUR_THEMES)
    rest = set(names) - set(textuals)
    ours = [n for n in OUR_THEMES if n in rest] + sorted(rest - set(OUR_THEMES))
    return ours, textuals


def _theme(data: dict[str, Any], warnings: list[str], path: Path) -> Theme:
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        raise _Invalid("missing 'name' (text)")
    if not isinstance(data.get("primary"), str):
        raise _Invalid("missing 'primary' (a colour)")
    known = {"name", "variables", *_COLOURS, *_FLAGS, *_NUMBERS}
    for key in data:
        if key not in known:
            warnings.append(f"theme file {path}: unknown setting {key!r} ignored")
    colours: dict[str, str] = {}
    for key in _COLOURS:
        if key in data:
            colours[key] = _colour(key, data[key])
    flags: dict[str, bool] = {}
    for key in _FLAGS:
        if key in data:
            if not isinstance(data[key], bool):
                raise _Invalid(f"{key} = {data[key]!r} is not true or false")
            flags[key] = data[key]
    numbers: dict[str, float] = {}
    for key in _NUMBERS:
        if key in data:
            value = data[key]
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise _Invalid(f"{key} = {value!r} is not a number")
            numbers[key] = float(value)
    table = data.get("variables", {})
    if not isinstance(table, dict):
        raise _Invalid("[variables] is not a table")
    variables = {str(key): _variable(str(key), value) for key, value in table.items()}
    settings: dict[str, Any] = {**colours, **flags, **numbers}
    theme = Theme(name=name.strip(), **settings, variables=variables)
    try:
        palette = theme.to_color_system().generate()
    except (ColorParseError, ValueError) as exc:
        raise _Invalid(str(exc)) from None
    defaults = {variable: palette[source] for variable, source in BADGE_VARIABLES.items()}
    return replace(theme, variables={**defaults, **variables})


def _colour(key: str, value: object) -> str:
    if not isinstance(value, str) or not _is_colour(value):
        raise _Invalid(f"{key} = {value!r} is not a colour")
    return value


def _is_colour(value: str) -> bool:
    """A literal colour, optionally with an alpha percentage (``"#81a1c1 35%"``)."""
    colour, _, alpha = value.strip().partition(" ")
    if alpha and not (alpha.endswith("%") and alpha[:-1].replace(".", "", 1).isdigit()):
        return False
    try:
        Color.parse(colour)
    except ColorParseError:
        return False
    return True


def _variable(key: str, value: object) -> str:
    if not isinstance(value, str):
        raise _Invalid(f"variable {key} = {value!r} is not text")
    if key.endswith("-text-style"):
        if not value.split() or any(flag not in VALID_STYLE_FLAGS for flag in value.split()):
            raise _Invalid(f"variable {key} = {value!r} is not a text style")
        return value
    if value.strip().startswith("$"):
        raise _Invalid(f"variable {key} = {value!r}: use a literal colour, not a reference")
    if not _is_colour(value):
        raise _Invalid(f"variable {key} = {value!r} is not a colour")
    return value
