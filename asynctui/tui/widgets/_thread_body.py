"""A message body as the thread view shows it: made safe, cut to size, its Markdown read,
wrapped to a width, and drawn as segments.

A body with no Markdown in it stays a plain string all the way (the common case, and
the cheap one: most of a long thread). One with Markdown becomes lines of runs, each
run a piece of text and its style bits (the Markdown's own, ``asynctui.core.markdown``,
and the few the view adds: a quote's text, a link's URL, the bars and markers); the
bits become a ``Style`` only when a line is drawn, so a change of theme costs nothing
here. Nothing is ever read as markup: every run becomes a ``Segment`` of its text.

A body longer than ``MAX_BODY_CHARS`` is cut, with a visible note of how much is
not shown, so a 100 KB message costs what 4,000 characters cost.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import cast

from rich.segment import Segment
from rich.style import Style

from asynctui.core import markdown
from asynctui.core.markdown import LINK, Block, Span
from asynctui.tui.widgets._lines import cap, safe, wrap, wrap_runs

__all__ = [
    "BAR",
    "MAX_BODY_CHARS",
    "MAX_BODY_LINES",
    "QUOTE",
    "URL",
    "Body",
    "BodyLine",
    "body_lines",
    "is_one_line",
    "line_segments",
    "make_body",
]

MAX_BODY_CHARS = 4000
"""Characters of a body shown; the rest is summed up in a note line."""
MAX_BODY_LINES = 200
"""Lines of a body shown at any width; the rest is summed up in a note line."""

QUOTE = 16
"""Text inside a ``>`` quote."""
URL = 32
"""A link's URL, shown after its text: '(https://…)'."""
BAR = 64
"""A quote's bar."""

Run = tuple[str, int]
BodyLine = str | tuple[Run, ...]
"""A line as shown: plain text in the view's own style, or styled runs."""


@dataclass(slots=True)
class Body:
    """A message body made safe and cut to size, independent of the width."""

    raw: str
    """The body as written: a body is read again only if it changed (an edit)."""
    text: str
    hidden: int
    """Characters not shown."""
    blocks: tuple[Block, ...] | None
    """Its lines as Markdown reads them; None when it has no Markdown in it."""


def make_body(raw: str) -> Body:
    text, hidden = cap(raw, MAX_BODY_CHARS)
    text = safe(text).rstrip("\n")
    blocks = tuple(markdown.parse(text)) if markdown.has_markdown(text) else None
    return Body(raw, text, hidden, blocks)


def is_one_line(raw: str, width: int) -> bool:
    """Whether a body is sure to be one line at ``width``, without reading it.

    Markdown only ever shortens a line (``**x**`` reads 'x', ``[t](u)`` 't (u)'),
    except a quote (``>x`` reads '│ x') and a fence (a line of its own, not shown)."""
    return (
        raw.isascii()
        and raw.isprintable()
        and 0 < len(raw) <= width
        and not raw.lstrip().startswith((">", "```", "~~~"))
    )


def body_lines(body: Body, width: int) -> tuple[list[BodyLine], int]:
    """The lines of a body at ``width`` cells (at most ``MAX_BODY_LINES``), and the
    characters not shown."""
    hidden = body.hidden
    lines: list[BodyLine]
    if body.blocks is None:
        lines = cast("list[BodyLine]", wrap(body.text, width)) if body.text else []
    else:
        lines = []
        for block in body.blocks:
            if len(lines) > MAX_BODY_LINES:
                # Past what is shown: only counted.
                hidden += len(block.text) + 1
                continue
            lines.extend(_block_lines(block, width))
    if len(lines) > MAX_BODY_LINES:
        hidden += sum(_length(extra) + 1 for extra in lines[MAX_BODY_LINES:])
        lines = lines[:MAX_BODY_LINES]
    return lines, hidden


def line_segments(line: BodyLine, base: Style, style: Callable[[int], Style]) -> list[Segment]:
    """A body line as segments: ``style`` gives the style of a run's bits."""
    if isinstance(line, str):
        return [Segment(line, base)]
    return [Segment(text, style(bits)) for text, bits in line]


def _length(line: BodyLine) -> int:
    return len(line) if isinstance(line, str) else sum(len(text) for text, _ in line)


def _block_lines(block: Block, width: int) -> list[BodyLine]:
    """One block wrapped: a list item hangs under its text, a quote keeps its bars."""
    if not block.quote and not block.indent and not block.marker and not block.code:
        if all(not span.style for span in block.spans):
            return list(wrap(block.text, width)) if block.spans else [""]
    bars = "│ " * block.quote
    first = " " * block.indent + (f"{block.marker} " if block.marker else "")
    rest = " " * len(first)
    room = max(1, width - len(bars) - len(first))
    runs = _runs(block.spans, QUOTE if block.quote else 0)
    lines: list[BodyLine] = []
    for number, piece in enumerate(wrap_runs(runs, room, words=not block.code)):
        head: list[Run] = [(bars, BAR)] if bars else []
        lead = first if number == 0 else rest
        if lead:
            head.append((lead, 0))
        lines.append((*head, *piece))
    return lines


def _runs(spans: tuple[Span, ...], extra: int) -> list[Run]:
    """Spans as runs, each link followed by its URL when its text is not the URL."""
    runs: list[Run] = []
    label: list[str] = []
    for index, span in enumerate(spans):
        runs.append((span.text, span.style | extra))
        if not span.style & LINK:
            continue
        label.append(span.text)
        following = spans[index + 1] if index + 1 < len(spans) else None
        if following is None or not following.style & LINK or following.url != span.url:
            if "".join(label) != span.url:
                runs.append((f" ({span.url})", URL | extra))
            label.clear()
    return runs
