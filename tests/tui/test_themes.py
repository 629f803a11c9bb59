"""Themes are TOML files: the built-ins load, a user's theme adds or overrides, bad files warn."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.theme import Theme
from textual.widgets import Static

from asynctui import paths
from asynctui.tui import themes

BUILTINS = {"asynctui-dark", "asynctui-light", "asynctui-high-contrast"}


def by_name(loaded: list[Theme]) -> dict[str, Theme]:
    return {theme.name: theme for theme in loaded}


def test_the_three_built_in_themes_load_with_the_badge_colours() -> None:
    loaded, warnings = themes.load_themes([paths.builtin_themes_dir()])
    assert warnings == []
    assert set(by_name(loaded)) == BUILTINS
    assert themes.DEFAULT_THEME in by_name(loaded)
    for theme in loaded:
        assert set(themes.BADGE_VARIABLES) <= set(theme.variables), theme.name
        assert all(not v.startswith("$") for v in theme.variables.values())
    assert by_name(loaded)["asynctui-light"].dark is False
    assert by_name(loaded)["asynctui-dark"].variables["badge-overdue"] == "#f7768e"


def test_a_user_theme_adds_to_and_overrides_the_built_ins(tmp_path: Path) -> None:
    (tmp_path / "mine.toml").write_text(
        'name = "mine"\nprimary = "#112233"\n[variables]\nbadge-soon = "orange"\n'
    )
    (tmp_path / "dark.toml").write_text('name = "asynctui-dark"\nprimary = "#ff00ff"\n')
    loaded, warnings = themes.load_themes([paths.builtin_themes_dir(), tmp_path])
    assert warnings == []
    named = by_name(loaded)
    assert set(named) == BUILTINS | {"mine"}
    assert named["asynctui-dark"].primary == "#ff00ff"
    assert named["mine"].variables["badge-soon"] == "orange"
    # Badge colours left out come from the theme's own palette.
    assert set(themes.BADGE_VARIABLES) <= set(named["mine"].variables)
    assert set(themes.BADGE_VARIABLES) <= set(named["asynctui-dark"].variables)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ('name = "broken"\nprimary = "#fff', "broken.toml"),
        ('name = "bad"\nprimary = "not-a-colour"\n', "is not a colour"),
        ('name = "bad"\nprimary = "#fff"\naccent = 3\n', "is not a colour"),
        ('name = "bad"\nprimary = "#fff"\n[variables]\nbadge-off = "$accent"\n', "literal"),
        ('name = "bad"\nprimary = "#fff"\n[variables]\nbadge-off = "grey-ish"\n', "colour"),
        ('primary = "#fff"\n', "missing 'name'"),
        ('name = "bad"\n', "missing 'primary'"),
        ('name = "bad"\nprimary = "#fff"\ndark = "yes"\n', "true or false"),
    ],
)
def test_an_unusable_theme_file_is_skipped_with_a_warning(
    tmp_path: Path, text: str, reason: str
) -> None:
    (tmp_path / "broken.toml").write_text(text)
    (tmp_path / "fine.toml").write_text('name = "fine"\nprimary = "#123456"\n')
    loaded, warnings = themes.load_themes([tmp_path])
    assert [theme.name for theme in loaded] == ["fine"]
    assert len(warnings) == 1
    assert warnings[0].startswith(f"theme file {tmp_path / 'broken.toml'}: ")
    assert reason in warnings[0]


def test_an_unknown_setting_is_ignored_with_a_warning(tmp_path: Path) -> None:
    (tmp_path / "t.toml").write_text('name = "t"\nprimary = "#123456"\ncolour = "red"\n')
    loaded, warnings = themes.load_themes([tmp_path])
    assert [theme.name for theme in loaded] == ["t"]
    assert warnings == [f"theme file {tmp_path / 't.toml'}: unknown setting 'colour' ignored"]


def test_a_missing_themes_folder_is_no_error(tmp_path: Path) -> None:
    assert themes.load_themes([tmp_path / "nowhere"]) == ([], [])


class BadgeApp(App[None]):
    CSS = "Static { color: $badge-overdue; background: $badge-off; }"

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return dict(themes.BADGE_DEFAULTS)

    def compose(self) -> ComposeResult:
        yield Static("overdue")


async def test_every_theme_registers_and_styles_the_badges(tmp_path: Path) -> None:
    (tmp_path / "mine.toml").write_text('name = "mine"\nprimary = "#112233"\n')
    app = BadgeApp()
    async with app.run_test() as pilot:
        warnings = themes.register_all(app, [paths.builtin_themes_dir(), tmp_path])
        assert warnings == []
        assert app.theme == "textual-dark"  # Textual's own theme: the defaults apply
        assert app.query_one(Static).styles.color.hex.lower() == "#f7768e"
        for name in sorted(BUILTINS | {"mine"}):
            app.theme = name
            await pilot.pause()
            colour = app.query_one(Static).styles.color
            expected = app.get_theme(name)
            assert expected is not None
            assert colour.hex.lower() == expected.variables["badge-overdue"][:7].lower()


def test_only_and_skip_split_the_themes_and_each_warning_comes_once(tmp_path: Path) -> None:
    """The app registers its theme before start and the rest after the first frame."""
    (tmp_path / "asynctui-dark.toml").write_text('name = "asynctui-dark"\nprimary = "nope"\n')
    (tmp_path / "broken.toml").write_text("name = ")
    (tmp_path / "mine.toml").write_text('name = "mine"\nprimary = "#112233"\nshade = 1\n')
    dirs = [paths.builtin_themes_dir(), tmp_path]
    first = {"asynctui-dark", "asynctui-light"}
    every, all_warnings = themes.load_themes(dirs)
    early, early_warnings = themes.load_themes(dirs, only=first)
    late, late_warnings = themes.load_themes(dirs, skip=first)
    assert set(by_name(early)) == first
    assert set(by_name(late)) == set(by_name(every)) - first == {"asynctui-high-contrast", "mine"}
    assert by_name(early) == {n: t for n, t in by_name(every).items() if n in first}
    # The invalid override of asynctui-dark early, the unreadable file and the unknown setting late.
    assert sorted(early_warnings + late_warnings) == sorted(all_warnings)
    assert len(all_warnings) == 3
    assert any("asynctui-dark.toml" in w for w in early_warnings)
