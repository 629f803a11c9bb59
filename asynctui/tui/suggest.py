"""Completion of the handle being typed in a field of several ('@bob @ke' -> '@kenji').

Textual's own ``SuggestFromList`` completes the whole value; a list of people is
completed one name at a time, so only the last word is looked up. The suggestion
shows greyed after the cursor, and right arrow (or end) takes it.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.suggester import Suggester

__all__ = ["HandleSuggester"]


class HandleSuggester(Suggester):
    """Suggests the first of ``handles`` that the last typed word begins."""

    def __init__(self, handles: Iterable[str]) -> None:
        super().__init__(use_cache=True, case_sensitive=False)
        self._handles = [h.casefold() for h in handles]

    async def get_suggestion(self, value: str) -> str | None:
        # case_sensitive=False: ``value`` arrives casefolded, and the suggestion is
        # shown over what was typed from its length on.
        cut = max(value.rfind(" "), value.rfind(",")) + 1
        head, last = value[:cut], value[cut:]
        at = "@" if last.startswith("@") else ""
        word = last.removeprefix("@")
        if not word:
            return None
        for handle in self._handles:
            if handle.startswith(word) and handle != word:
                return f"{head}{at}{handle}"
        return None
