"""Pieces shared by the Line API widgets: safe text, cell-aware fitting and wrapping, tones.

Everything a person wrote goes through :func:`safe` or :func:`safe_line` before it
becomes a ``Segment``: those call the one sanitizer (``asynctui.core.text``) and
then replace what it leaves that a terminal cannot take either (lone surrogates
from undecodable bytes) and expand tabs, so a cell count is a cell count.
Strips are built from plain ``Segment`` objects, never from markup, so nothing
in the text is ever interpreted.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from itertools import accumulate
from typing import TYPE_CHECKING, TypeVar

from rich.cells import cell_len, chop_cells, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.color import Color, ColorParseError
from textual.strip import Strip

from asynctui.core.text import clean, clean_line

if TYPE_CHECKING:
    from asynctui.client.ritual_views import Part

ELLIPSIS = "…"
TAB_SIZE = 4

_SURROGATES = re.compile("[\ud800-\udfff]")
_WORDS = re.compile(r"\S+\s*|\s+")

TONE_VARIABLES: Mapping[str, tuple[str, ...]] = {
    "overdue": ("badge-overdue", "error"),
    "due_soon": ("badge-soon", "warning"),
    "open": ("badge-open", "primary"),
    "off": ("badge-off", "foreground-muted"),
    "answered": ("badge-answered", "success"),
    "never": ("badge-off", "foreground-muted"),
}
"""For each badge tone, the theme variables to colour it with, the first one present wins.
Our themes define the ``badge-*`` variables; any other theme falls back to its own
error / warning / primary colours."""

_TONE_FALLBACK = {
    "overdue": "#d7263d",
    "due_soon": "#e0a100",
    "open": "#3a7bd5",
    "off": "#808080",
    "answered": "#3fa34d",
    "never": "#808080",
}


def _replace_surrogates(text: str) -> str:
    return _SURROGATES.sub("\ufffd", text) if not text.isascii() else text


def safe(text: str) -> str:
    """Untrusted text, multi-line, ready for a Segment: sanitized, tabs expanded."""
    text = _replace_surrogates(clean(text))
    return text.expandtabs(TAB_SIZE) if "\t" in text else text


def safe_line(text: str, limit: int = 400) -> str:
    """Untrusted text folded onto one line (names, titles, handles), at most ``limit`` chars."""
    if len(text) > limit * 4:
        # Clean a generous prefix only: whatever was cut could not have been shown anyway.
        text = text[: limit * 4]
    line = _replace_surrogates(clean_line(text))
    return line if len(line) <= limit else line[: limit - 1] + ELLIPSIS


def fit(text: str, width: int) -> str:
    """``text`` cut to at most ``width`` cells, with an ellipsis where it was cut."""
    if width <= 0:
        return ""
    if (len(text) <= width and text.isascii()) or cell_len(text) <= width:
        return text
    if width == 1:
        return ELLIPSIS
    return set_cell_size(text, width - 1).rstrip() + ELLIPSIS


def fit_start(text: str, width: int) -> str:
    """``text`` cut to at most ``width`` cells from its start, keeping its end (where
    a badge has its due time): an ellipsis where it was cut."""
    if width <= 0:
        return ""
    if (len(text) <= width and text.isascii()) or cell_len(text) <= width:
        return text
    kept, used = [], 1
    for char in reversed(text):
        used += cell_len(char)
        if used > width:
            break
        kept.append(char)
    # No separator left dangling after the ellipsis ('…· due' reads as noise).
    return ELLIPSIS + "".join(reversed(kept)).lstrip(" ·,")


def cap(text: str, limit: int) -> tuple[str, int]:
    """``text`` cut to ``limit`` characters, and how many characters were left out."""
    if len(text) <= limit:
        return text, 0
    return text[:limit], len(text) - limit


def _fits(text: str, width: int) -> bool:
    if text.isascii():
        return len(text) <= width
    return cell_len(text) <= width


def wrap(text: str, width: int) -> list[str]:
    """Sanitized text wrapped to ``width`` cells: on spaces where it can, anywhere if it must.

    Newlines are kept; each paragraph wraps on its own; a word wider than the line is
    cut into pieces. Trailing spaces at a wrap are dropped.
    """
    width = max(1, width)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        if _fits(paragraph, width):
            lines.append(paragraph)
            continue
        first = len(lines)
        line, used = "", 0
        for word in _WORDS.findall(paragraph):
            size = cell_len(word)
            if used + size <= width:
                line, used = line + word, used + size
                continue
            bare = word.rstrip()
            bare_size = cell_len(bare)
            if bare and used + bare_size <= width:
                lines.append(line + bare)
                line, used = "", 0
                continue
            if line.strip():
                lines.append(line.rstrip())
            line, used = "", 0
            if not bare:
                continue
            pieces = chop_cells(bare, width) if bare_size > width else [bare]
            lines.extend(pieces[:-1])
            line = pieces[-1]
            used = cell_len(line)
            # The spaces after it that fit stay: without them the next word would join it.
            spaces = word[len(bare) :]
            while spaces and used + cell_len(spaces) > width:
                spaces = spaces[:-1]
            line, used = line + spaces, used + cell_len(spaces)
        if line.strip() or len(lines) == first:
            lines.append(line.rstrip())
    return lines


StyleKey = TypeVar("StyleKey")


def wrap_runs(
    runs: Sequence[tuple[str, StyleKey]], width: int, *, words: bool = True
) -> list[list[tuple[str, StyleKey]]]:
    """Styled runs of one line (no newline), wrapped as :func:`wrap` wraps their text,
    each run keeping its style across the break; ``words=False`` cuts at the width
    instead, keeping every space (code).

    Every line :func:`wrap` makes is a piece of its paragraph, in order, with only
    spaces dropped between pieces, so the runs are cut where the text was."""
    plain = "".join(text for text, _ in runs)
    width = max(1, width)
    if _fits(plain, width):
        return [[run for run in runs if run[0]]]
    pieces = wrap(plain, width) if words else chop_cells(plain, width)
    starts = list(accumulate((len(text) for text, _ in runs), initial=0))
    lines: list[list[tuple[str, StyleKey]]] = []
    at = 0
    for piece in pieces:
        while at < len(plain) and not plain.startswith(piece, at):
            at += 1
        end = at + len(piece)
        line = []
        index = bisect_right(starts, at) - 1
        while index < len(runs) and starts[index] < end:
            text, style = runs[index]
            cut = text[max(0, at - starts[index]) : end - starts[index]]
            if cut:
                line.append((cut, style))
            index += 1
        lines.append(line)
        at = end
    return lines


def tone_color(variables: Mapping[str, str], tone: str, background: Color) -> Color:
    """The colour of a badge tone in the current theme, made opaque over ``background``."""
    for name in TONE_VARIABLES.get(tone, ()):
        value = variables.get(name)
        if value is None:
            continue
        try:
            return background + Color.parse(value)
        except ColorParseError:
            continue
    return Color.parse(_TONE_FALLBACK.get(tone, "#808080"))


def chip_style(color: Color, base: Style) -> Style:
    """A badge drawn as a chip: the tone as background, a readable text colour on it."""
    return base + Style(color=color.get_contrast_text(1.0).rich_color, bgcolor=color.rich_color)


def foreground(style: Style) -> Style:
    """Only the text attributes and colour of ``style``: no background, so it can go on any row."""
    return style.without_color + Style.from_color(style.color)


def line_strip(segments: Iterable[Segment], width: int, base: Style) -> Strip:
    """Segments made into a Strip exactly ``width`` cells wide (cropped or padded)."""
    return Strip(list(segments)).adjust_cell_length(width, base)


def join_right(
    left: list[Segment], right: list[Segment], width: int, base: Style, margin: int = 1
) -> Strip:
    """A line with ``left`` at the start and ``right`` flush against the right margin.

    When both do not fit, the left part is cut (with an ellipsis) so the right part,
    which carries the time, counts and badges, stays whole.
    """
    right_width = sum(cell_len(s.text) for s in right)
    room = width - right_width - margin
    left_strip = Strip(left)
    if left_strip.cell_length > room - 1:
        left_strip = _cut(left_strip, max(0, room - 1))
    gap = max(0, width - left_strip.cell_length - right_width - margin)
    segments = [*left_strip, Segment(" " * gap, base), *right, Segment(" " * margin, base)]
    return Strip(segments).adjust_cell_length(width, base)


def _cut(strip: Strip, width: int) -> Strip:
    """A strip cut to ``width`` cells, its last cell an ellipsis in the style it replaces."""
    if width <= 0:
        return Strip([])
    if strip.cell_length <= width:
        return strip
    cropped = strip.crop(0, width - 1)
    segments = list(cropped)
    style = segments[-1].style if segments else None
    return Strip([*segments, Segment(ELLIPSIS, style)])


def keep_end(segments: Sequence[Segment], width: int) -> list[Segment]:
    """Segments cut to at most ``width`` cells from the start, so what ends them (a due
    time, a countdown) stays whole; the first cell an ellipsis in the style it replaces."""
    strip = Strip(segments)
    total = strip.cell_length
    if total <= width:
        return list(segments)
    if width <= 0:
        return []
    kept = list(strip.crop(total - width + 1, total))
    style = kept[0].style if kept else None
    return [Segment(ELLIPSIS, style), *kept]


BADGE_TONES = ("overdue", "due_soon", "open", "off", "answered")
MAX_PART = 300
"""Characters of one part shown (a goal, a decision's text): the line is cut anyway."""


def tone_styles(
    variables: Mapping[str, str], background: Color, *, on_cursor: bool = False
) -> tuple[dict[str, Style], dict[str, Style]]:
    """Each badge tone as coloured text, and as a chip, in the current theme.

    ``on_cursor``: chips for a cursor row, whose colour may be a chip's: the tone
    on the widget's own ``background`` instead."""
    colours = {tone: tone_color(variables, tone, background) for tone in BADGE_TONES}
    text = {tone: Style(color=c.rich_color) for tone, c in colours.items()}
    if on_cursor:
        chips = {
            tone: Style(color=c.rich_color, bgcolor=background.rich_color, bold=True)
            for tone, c in colours.items()
        }
    else:
        chips = {tone: chip_style(c, Style()) for tone, c in colours.items()}
    return text, chips


def part_segments(
    parts: Sequence[Part],
    base: Style,
    styles: dict[str, Style],
    tone_style: dict[str, Style],
    chip: dict[str, Style],
    plain_colours: bool = False,
) -> list[Segment]:
    """Parts as segments: sanitized text, styled by tone.

    ``styles``: the muted, title and strong styles; ``tone_style`` and ``chip``:
    each badge tone as coloured text and as a chip. ``plain_colours``: on a
    cursor row, where coloured text would fight the cursor's own colours (give
    ``chip`` for that row too: the cursor may be the colour of a chip).
    """
    segments = []
    for part in parts:
        # The spaces around a part are layout (the sanitizer folds them away).
        lead = len(part.text) - len(part.text.lstrip(" "))
        trail = len(part.text) - len(part.text.rstrip(" ")) if part.text.strip() else 0
        text = " " * lead + safe_line(part.text, MAX_PART) + " " * trail
        if part.chip:
            segments.append(Segment(f" {text} ", chip.get(part.tone, base)))
            continue
        if part.tone in BADGE_TONES:
            style = tone_style[part.tone]
            style = base + (Style(bold=True) if plain_colours else style)
        elif part.tone == "plain":
            style = base
        else:
            style = base + styles[part.tone]
        segments.append(Segment(text, style))
    return segments
