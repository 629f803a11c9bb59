"""Every built-in theme can be read: WCAG 2.x AA contrast for each text colour on each
background the app draws it on (4.5:1), and 3:1 for the outlines that show where a
field or pane is (an unfocused input's border, the compose box's top rule, a dialog's
frame).

The colours are the theme's resolved variables, as Textual makes them from the
theme (``Theme.to_color_system().generate()``, the theme's own ``[variables]``
included), and an ``auto 87%`` or a translucent colour is flattened over the
background it is drawn on, as Textual draws it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from textual.color import Color
from textual.theme import Theme

from asynctui import paths
from asynctui.tui import themes
from asynctui.tui.widgets._lines import BADGE_TONES, TONE_VARIABLES, tone_color

TEXT = 4.5
"""WCAG 2.x AA for normal text (1.4.3)."""
OUTLINE = 3.0
"""WCAG 2.x AA for the parts of a control needed to see it (1.4.11, non-text)."""

BUILT_IN, _ = themes.load_themes([paths.builtin_themes_dir()])


def variables(theme: Theme) -> dict[str, str]:
    return theme.to_color_system().generate()


def luminance(colour: Color) -> float:
    """WCAG relative luminance of an opaque colour."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = colour.rgb
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def ratio(front: Color, back: Color) -> float:
    lighter, darker = sorted((luminance(front), luminance(back)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def resolve(value: str, under: Color) -> Color:
    """A variable's value as drawn over ``under``: 'auto 87%' is Textual's contrasting
    text at that alpha; '#rrggbbaa' and '#rrggbb 30%' are blended."""
    colour, _, alpha = value.strip().partition(" ")
    amount = float(alpha.rstrip("%")) / 100 if alpha else None
    if colour == "auto":
        parsed = under.get_contrast_text(amount if amount is not None else 1.0)
    else:
        parsed = Color.parse(colour)
        if amount is not None:
            parsed = parsed.with_alpha(parsed.a * amount)
    return under + parsed


@dataclass(frozen=True)
class Pair:
    """One thing the app draws: ``front`` over ``back`` (over ``base`` when ``back``
    is itself translucent), needing ``least`` contrast."""

    what: str
    front: str
    back: str
    least: float = TEXT
    base: str = "background"

    def measure(self, v: dict[str, str]) -> float:
        base = resolve(v[self.base], Color(0, 0, 0))
        back = resolve(v[self.back], base) if self.back != self.base else base
        front = resolve(v[self.front], back)
        return ratio(front, back)


PANES = ("background", "surface", "panel")
"""The screen, the panes and dialogs (surface), the status bar and toasts' (panel)."""

PAIRS = [
    # Text on every pane.
    *(Pair(f"text on {p}", "foreground", p, base=p) for p in PANES),
    *(Pair(f"$text on {p}", "text", p, base=p) for p in PANES),
    *(Pair(f"muted text on {p}", "text-muted", p, base=p) for p in PANES),
    Pair("muted rows of the thread list", "foreground-muted", "surface", base="surface"),
    # The signal colours as words: presence in the team panel, the status bar's state.
    *(
        Pair(f"{c} text on {p}", c, p, base=p)
        for c in ("primary", "success", "warning", "error")
        for p in ("surface", "panel")
    ),
    # The selection highlight: a focused list's cursor, and a list's without focus.
    Pair("selected row, focused", "block-cursor-foreground", "block-cursor-background",
         base="surface"),
    Pair("selected row, unfocused", "block-cursor-blurred-foreground",
         "block-cursor-blurred-background", base="surface"),
    Pair("selected thread, unfocused", "foreground", "block-cursor-blurred-background",
         base="surface"),
    Pair("muted part of a selected thread", "foreground-muted",
         "block-cursor-blurred-background", base="surface"),
    # The status bar and the footer's keys.
    Pair("status bar", "foreground", "panel", base="panel"),
    Pair("footer keys", "footer-key-foreground", "footer-background", base="footer-background"),
    Pair("footer words", "footer-description-foreground", "footer-background",
         base="footer-background"),
    Pair("toast text", "foreground", "panel-lighten-1", base="panel-lighten-1"),
    # Fields: what is typed, the placeholder, the selection and cursor in it.
    Pair("typed text", "foreground", "surface", base="surface"),
    Pair("placeholder", "text-disabled", "surface", base="surface"),
    Pair("selected typed text", "input-selection-foreground", "input-selection-background",
         base="surface"),
    Pair("the input cursor", "input-cursor-foreground", "input-cursor-background",
         base="surface"),
    # Outlines: where a field is, focused or not, in a dialog (surface) or on the screen.
    *(Pair(f"unfocused field outline on {p}", "border-blurred", p, OUTLINE, base=p)
      for p in ("surface", "background")),
    *(Pair(f"focused field outline on {p}", "border", p, OUTLINE, base=p)
      for p in ("surface", "background")),
    Pair("the compose box's top rule", "border-blurred", "surface", OUTLINE, base="surface"),
    Pair("a dialog's frame", "primary", "background", OUTLINE),
]  # fmt: skip


def ids(pair: Pair) -> str:
    return pair.what


@pytest.mark.parametrize("theme", BUILT_IN, ids=lambda t: t.name)
@pytest.mark.parametrize("pair", PAIRS, ids=ids)
def test_each_built_in_theme_draws_each_pair_readably(theme: Theme, pair: Pair) -> None:
    found = pair.measure(variables(theme))
    assert found >= pair.least, f"{theme.name}: {pair.what} is {found:.2f}:1, needs {pair.least}"


@pytest.mark.parametrize("theme", BUILT_IN, ids=lambda t: t.name)
@pytest.mark.parametrize("tone", BADGE_TONES)
@pytest.mark.parametrize("back", ["surface", "background"])
def test_each_badge_reads_as_text_and_as_a_chip(theme: Theme, tone: str, back: str) -> None:
    v = variables(theme)
    under = resolve(v[back], resolve(v["background"], Color(0, 0, 0)))
    colour = tone_color(v, tone, under)
    name = TONE_VARIABLES[tone][0]
    as_text = ratio(colour, under)
    assert as_text >= TEXT, f"{theme.name}: {name} on {back} is {as_text:.2f}:1"
    # A chip: the tone as background, with the contrasting text the app gives it.
    on_chip = ratio(colour + colour.get_contrast_text(1.0), colour)
    assert on_chip >= TEXT, f"{theme.name}: text on a {name} chip is {on_chip:.2f}:1"


def test_the_contrast_sums_agree_with_wcag() -> None:
    black, white = Color.parse("#000000"), Color.parse("#ffffff")
    assert ratio(black, white) == pytest.approx(21.0)
    assert ratio(Color.parse("#767676"), white) == pytest.approx(4.54, abs=0.01)
    assert ratio(white, white) == pytest.approx(1.0)


def test_every_built_in_theme_is_measured() -> None:
    assert {t.name for t in BUILT_IN} == set(themes.OUR_THEMES)
