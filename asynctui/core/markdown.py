"""Light Markdown in a message, read into lines of styled spans: what the text means to say.

People write ``**ship it**``, `` `make deploy` ``, fenced code, ``> quotes``, lists
and links in messages. :func:`parse` reads that into :class:`Block` s (one per
line as shown, before wrapping) of :class:`Span` s (text and a style); a front end
draws them with styles of its own. Nothing here draws, and nothing is ever
interpreted as anything but text: a span's text is the text as typed, minus the
Markdown marks it was read from.

The text is made safe first, by the one sanitizer (:func:`asynctui.core.text.clean`):
escape sequences and control characters are gone before a single mark is read, so
no span, code block or link can carry one.

What is read, chat-style (a newline is a line break, as people type it):

- ``**bold**`` / ``__bold__``, ``*italics*`` / ``_italics_`` (not inside a word:
  ``snake_case_name`` stays as typed), ``***both***``;
- `` `code` `` (any number of backticks; nothing inside is read);
- fenced code: a line of three or more backticks or tildes, the lines to the next
  such line kept as typed, spaces and all (an unclosed fence runs to the end);
- ``> quotes`` (nested: ``> >``), with lists inside them;
- ``- item`` / ``* item`` / ``+ item`` and ``1. item`` / ``1) item``, nested by
  indentation; an indented line under an item goes on with it;
- ``[text](https://url)``, ``<https://url>`` and bare ``https://`` URLs (``http``,
  ``https``, ``mailto``): the link text is shown, and the URL kept on the span;
- ``\\*`` and the like: the character itself, not a mark.

Everything else (headings, tables, HTML, images, ``[bold]`` markup) is text as typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from asynctui.core.text import clean

__all__ = ["BOLD", "CODE", "ITALIC", "LINK", "Block", "Span", "has_markdown", "parse", "plain"]

BOLD = 1
ITALIC = 2
CODE = 4
LINK = 8


class Span(NamedTuple):
    """A run of text in one style."""

    text: str
    style: int = 0
    """``BOLD | ITALIC | CODE | LINK`` bits; 0 is plain."""
    url: str = ""
    """Where a link goes (``LINK`` spans only)."""


@dataclass(frozen=True, slots=True)
class Block:
    """One line as it reads: its spans, and what it sits in (a quote, a list, a code block)."""

    spans: tuple[Span, ...]
    code: bool = False
    """A line of a fenced code block: one ``CODE`` span, as typed (or none when blank)."""
    quote: int = 0
    """How many quotes deep the line is (``> > x`` is 2)."""
    indent: int = 0
    """Cells before the line's marker or text (list nesting, an item's continuation)."""
    marker: str = ""
    """A list item's marker on its first line: '•' or the number as typed ('3.')."""

    @property
    def text(self) -> str:
        return "".join(span.text for span in self.spans)


_MAX_INDENT = 8
"""Cells of list indentation kept: deeper nesting reads as this deep."""

# Whatever could make a line read as more than its plain text; a body with none of
# these is plain text as it is, and is not parsed at all. Most bodies are, so the
# look is cheap: one character class, two substrings, and a line start or two.
_MARK_CHARS = re.compile(r"[*_`\[<\\]")
_LINE_MARK = r"[ \t]*(?:>|~~~|(?:[-+]|\d{1,9}[.)])(?:[ \t]|$))"
_FIRST_LINE_MARK = re.compile(_LINE_MARK, re.MULTILINE)
_NEXT_LINE_MARK = re.compile("\n" + _LINE_MARK, re.MULTILINE)
_FENCE = re.compile(r"^([ \t]*)(`{3,}|~{3,})(.*)$")
_QUOTE = re.compile(r"^[ \t]{0,3}>[ ]?")
_ITEM = re.compile(r"^([ \t]*)([-+*]|\d{1,9}[.)])(?:[ \t]+|$)")
_URL = re.compile(r"(?:https?://|mailto:)[^\s<>]*[^\s<>.,;:!?'\")\]*_~]")
_AUTOLINK = re.compile(r"<((?:https?://|mailto:)[^\s<>]+)>")
_LINK_TAIL = re.compile(r"\(((?:https?://|mailto:)[^\s()<>]*(?:\([^\s()<>]*\)[^\s()<>]*)*)\)")
_NEXT = re.compile(r"[\\`*_\[<:]")
"""Where the next thing that may be a mark is, on one line (':' for a bare link's)."""
_SCHEMES = ("https", "http", "mailto")
_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def has_markdown(text: str) -> bool:
    """Whether ``text`` has anything Markdown could read; if not, it is plain as it is."""
    return bool(
        _MARK_CHARS.search(text)
        or "://" in text
        or "mailto:" in text
        or _FIRST_LINE_MARK.match(text)
        or ("\n" in text and _NEXT_LINE_MARK.search(text))
    )


def plain(text: str) -> str:
    """The text as it reads, its marks gone, lines joined by newlines (for one-line previews)."""
    return "\n".join(
        ("> " * block.quote) + (f"{block.marker} " if block.marker else "") + block.text
        for block in parse(text)
    )


def parse(text: str) -> list[Block]:
    """``text`` made safe, then read line by line into blocks of styled spans."""
    text = clean(text)
    if not has_markdown(text):
        return [Block((Span(line),) if line.strip() else ()) for line in text.split("\n")]
    blocks: list[Block] = []
    fence: tuple[str, int] | None = None
    """The open fence's character and length."""
    fence_indent = 0
    item_column: int | None = None
    """Where the last list item's text starts, for the lines that go on with it."""
    for line in text.split("\n"):
        if fence is not None:
            found = _FENCE.match(line)
            if found and found[2][0] == fence[0] and len(found[2]) >= fence[1]:
                if not found[3].strip():
                    fence = None
                    continue
            kept = _drop_indent(line, fence_indent)
            blocks.append(Block((Span(kept, CODE),) if kept else (), code=True))
            continue
        found = _FENCE.match(line)
        if found and not (found[2][0] == "`" and "`" in found[3]):
            fence, fence_indent = (found[2][0], len(found[2])), len(found[1])
            item_column = None
            continue
        block, item_column = _line(line, item_column)
        blocks.append(block)
    return blocks


def _drop_indent(line: str, indent: int) -> str:
    """A code line without the fence's own indentation (only spaces, at most that many)."""
    stripped = line.lstrip(" ")
    return line[min(indent, len(line) - len(stripped)) :]


def _line(line: str, item_column: int | None) -> tuple[Block, int | None]:
    """One line outside a code block, and where a following line's continuation would start."""
    depth = 0
    while found := _QUOTE.match(line):
        depth += 1
        line = line[found.end() :]
    item = _ITEM.match(line)
    if item and not (item[2] in "*+-" and _is_rule(line)):
        indent = min(len(item[1].expandtabs(4)), _MAX_INDENT)
        marker = "•" if item[2] in "*+-" else item[2]
        rest = line[item.end() :]
        return Block(inline(rest), quote=depth, indent=indent, marker=marker), (
            indent + len(marker) + 1
        )
    if not line.strip():
        return Block((), quote=depth), None
    if item_column is not None and line[:1] in (" ", "\t"):
        # Indented under an item: the item goes on (its text column, however indented).
        return Block(inline(line.lstrip()), quote=depth, indent=item_column), item_column
    return Block(inline(line), quote=depth), None


def _is_rule(line: str) -> bool:
    """``---`` / ``* * *``: a thematic break, text as typed rather than an empty item."""
    bare = line.replace(" ", "").replace("\t", "")
    return len(bare) >= 3 and len(set(bare)) == 1


# --- inline ---------------------------------------------------------------------------


class _Run:
    """A run of ``*`` or ``_`` that may open or close emphasis."""

    __slots__ = ("can_close", "can_open", "char", "count", "index")

    def __init__(self, char: str, count: int, index: int, can_open: bool, can_close: bool):
        self.char = char
        self.count = count
        self.index = index
        """Where it is in the token list."""
        self.can_open = can_open
        self.can_close = can_close


def inline(text: str) -> tuple[Span, ...]:
    """One line's emphasis, code spans and links, as spans (a line holds no newline)."""
    if not has_markdown(text):
        return (Span(text),) if text else ()
    tokens: list[Span | _Run] = []
    styles: list[int] = []
    """An extra style per token, from the emphasis around it."""
    runs: list[_Run] = []
    buffer: list[str] = []
    i, n = 0, len(text)

    def flush() -> None:
        if buffer:
            tokens.append(Span("".join(buffer)))
            styles.append(0)
            buffer.clear()

    def add(token: Span | _Run) -> None:
        flush()
        tokens.append(token)
        styles.append(0)

    while i < n:
        found = _NEXT.search(text, i)
        if found is None:
            buffer.append(text[i:])
            break
        if found.start() > i:
            buffer.append(text[i : found.start()])
        i = found.start()
        char = text[i]
        if char == "\\":
            if i + 1 < n and text[i + 1] in _PUNCTUATION:
                buffer.append(text[i + 1])
                i += 2
            else:
                buffer.append(char)
                i += 1
        elif char == "`":
            end = i
            while end < n and text[end] == "`":
                end += 1
            ticks = end - i
            close = _closing_ticks(text, end, ticks)
            if close < 0:
                buffer.append(text[i:end])
                i = end
                continue
            code = text[end:close]
            if len(code) > 1 and code[0] == code[-1] == " " and code.strip():
                code = code[1:-1]
            add(Span(code, CODE))
            i = close + ticks
        elif char in "*_":
            end = i
            while end < n and text[end] == char:
                end += 1
            before = text[i - 1] if i else " "
            after = text[end] if end < n else " "
            left = not after.isspace() and (
                after not in _PUNCTUATION or before.isspace() or before in _PUNCTUATION
            )
            right = not before.isspace() and (
                before not in _PUNCTUATION or after.isspace() or after in _PUNCTUATION
            )
            if char == "_":
                can_open = left and (not right or before in _PUNCTUATION)
                can_close = right and (not left or after in _PUNCTUATION)
            else:
                can_open, can_close = left, right
            flush()
            run = _Run(char, end - i, len(tokens), can_open, can_close)
            add(run)
            runs.append(run)
            i = end
        elif char == "[":
            link = _link(text, i)
            if link is None:
                buffer.append(char)
                i += 1
                continue
            label, url, i = link
            flush()
            for span in inline(label) or (Span(url),):
                tokens.append(Span(span.text, span.style | LINK, url))
                styles.append(0)
        elif char == "<":
            auto = _AUTOLINK.match(text, i)
            if auto is None:
                buffer.append(char)
                i += 1
                continue
            add(Span(auto[1], LINK, auto[1]))
            i = auto.end()
        else:
            # A ':' may end a bare link's scheme, whose letters are already in the buffer.
            scheme = _scheme_before(text, i, buffer)
            bare = _URL.match(text, i - len(scheme)) if scheme else None
            if bare is None:
                buffer.append(char)
                i += 1
                continue
            buffer[-1] = buffer[-1][: -len(scheme)]
            add(Span(bare[0], LINK, bare[0]))
            i = bare.end()
    flush()
    _emphasis(runs, tokens, styles)
    return _merged(tokens, styles)


def _scheme_before(text: str, colon: int, buffer: list[str]) -> str:
    """The link scheme that ends at ``colon`` and starts a word, if the buffer ends with it."""
    if not buffer:
        return ""
    for scheme in _SCHEMES:
        start = colon - len(scheme)
        if (
            buffer[-1].endswith(scheme)
            and text.startswith(scheme, start)
            and (start == 0 or not text[start - 1].isalnum())
        ):
            return scheme
    return ""


def _closing_ticks(text: str, start: int, ticks: int) -> int:
    """Where a run of exactly ``ticks`` backticks starts after ``start``, or -1."""
    i = text.find("`" * ticks, start)
    while i >= 0:
        end = i + ticks
        if (end >= len(text) or text[end] != "`") and text[i - 1] != "`":
            return i
        while end < len(text) and text[end] == "`":
            end += 1
        i = text.find("`" * ticks, end)
    return -1


def _link(text: str, start: int) -> tuple[str, str, int] | None:
    """``[label](url)`` at ``start``: the label, the URL and where the link ends.

    A label holds no ``]`` (no nested brackets): found by one search, so a line of
    thousands of ``[`` costs what a line of letters does."""
    close = text.find("]", start + 1)
    if close < 0:
        return None
    tail = _LINK_TAIL.match(text, close + 1)
    if tail is None:
        return None
    return text[start + 1 : close], tail[1], tail.end()


def _emphasis(runs: list[_Run], tokens: list[Span | _Run], styles: list[int]) -> None:
    """Pair openers with closers (CommonMark's delimiter rules, without the rule of 3)."""
    stack: list[_Run] = []
    floor = {"*": 0, "_": 0}
    """Below this in the stack no opener of the character is left: never look again."""
    for run in runs:
        while run.can_close and run.count:
            at = len(stack) - 1
            while at >= floor[run.char] and (
                stack[at].char != run.char or not stack[at].can_open or not stack[at].count
            ):
                at -= 1
            if at < floor[run.char]:
                floor[run.char] = len(stack)
                break
            opener = stack[at]
            used = 2 if opener.count >= 2 and run.count >= 2 else 1
            style = BOLD if used == 2 else ITALIC
            for index in range(opener.index + 1, run.index):
                styles[index] |= style
            opener.count -= used
            run.count -= used
            # Runs between the two can no longer pair with anything outside them.
            del stack[at + 1 :]
            if not opener.count:
                del stack[at]
            floor = {char: min(bottom, len(stack)) for char, bottom in floor.items()}
        if run.can_open and run.count:
            stack.append(run)


def _merged(tokens: list[Span | _Run], styles: list[int]) -> tuple[Span, ...]:
    """The tokens as spans, runs left unpaired as their characters, neighbours joined."""
    spans: list[Span] = []
    for token, extra in zip(tokens, styles, strict=True):
        if isinstance(token, _Run):
            if not token.count:
                continue
            span = Span(token.char * token.count, extra)
        else:
            span = Span(token.text, token.style | extra, token.url) if extra else token
        if not span.text:
            continue
        if spans and spans[-1].style == span.style and spans[-1].url == span.url:
            spans[-1] = Span(spans[-1].text + span.text, span.style, span.url)
        else:
            spans.append(span)
    return tuple(spans)
