"""The search language, the same in the CLI and the TUI.

Words are matched as prefixes, all of them required ("pric tier" finds "pricing
tiers"); a phrase in double quotes is matched as written. Operators narrow it:

=====================  ====================================================
``in:#design``         in that channel (``in:@kenji``: my conversation with Kenji)
``from:@ana``          written by Ana
``before:2026-12-01``  before that day began (in my zone)
``after:2026-11-20``   after that day ended (in my zone)
``is:open``            in a thread that is not resolved
``is:owed``            in a thread where I owe something (``owed``)
``has:decision``       in a thread with a decision
=====================  ====================================================

Operators alone (``from:@ana is:open``) list what they match, newest first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

__all__ = ["IS_WORDS", "OPERATORS", "SearchQuery", "parse_query"]

OPERATORS = ("in", "from", "before", "after", "is", "has")
IS_WORDS = ("open", "owed")

_TOKEN = re.compile(r'"([^"]*)"?|(\S+)')


@dataclass(frozen=True)
class SearchQuery:
    words: tuple[str, ...] = ()
    """What to look for: single words (matched as prefixes) and quoted phrases."""
    phrases: tuple[str, ...] = ()
    channel: str | None = None
    """'#design' (a name) or '@kenji' (a direct conversation)."""
    author: str | None = None
    """A handle, without its '@'."""
    before: date | None = None
    after: date | None = None
    open_only: bool = False
    owed_only: bool = False
    with_decision: bool = False

    @property
    def empty(self) -> bool:
        return self == SearchQuery()

    @property
    def has_text(self) -> bool:
        return bool(self.words or self.phrases)


def _day(operator: str, value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{operator}: wants a day like 2026-12-01 (not {value!r})") from None


def parse_query(text: str) -> SearchQuery:
    """Read a query; a ValueError names the first part that cannot be read."""
    words: list[str] = []
    phrases: list[str] = []
    found: dict[str, object] = {}
    for match in _TOKEN.finditer(text):
        phrase, token = match.groups()
        if phrase is not None:
            if phrase.strip():
                phrases.append(" ".join(phrase.split()))
            continue
        name, colon, value = token.partition(":")
        if not colon or not name or name.lower() not in OPERATORS:
            words.append(token)  # 'TODO:' or a link: words, as another tool would take them
            continue
        name = name.lower()
        if not value:
            raise ValueError(f"{name}: needs a value ({_EXAMPLES[name]})")
        if name == "in":
            if value[0] not in "#@":
                value = "#" + value
            found["channel"] = value.lower()
        elif name == "from":
            found["author"] = value.lstrip("@").lower()
        elif name in ("before", "after"):
            found[name] = _day(name, value)
        elif name == "is":
            if value.lower() not in IS_WORDS:
                raise ValueError(f"is: takes {' or '.join(IS_WORDS)} (not {value!r})")
            found["open_only" if value.lower() == "open" else "owed_only"] = True
        else:  # has:
            if value.lower() != "decision":
                raise ValueError(f"has: takes decision (not {value!r})")
            found["with_decision"] = True
    return SearchQuery(tuple(words), tuple(phrases), **found)  # type: ignore[arg-type]


_EXAMPLES = {
    "in": "in:#design",
    "from": "from:@ana",
    "before": "before:2026-12-01",
    "after": "after:2026-11-20",
    "is": "is:open or is:owed",
    "has": "has:decision",
}
