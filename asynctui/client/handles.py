"""Handles beside member ids, in whatever a command prints as JSON.

Member ids are opaque; a script wants to say ``@ana``. Every JSON writer passes
its value through :func:`with_handles`, so each command gets the same shape and
no command keeps a rule of its own:

- a field holding one member id, ``"author": "01J..."``, gets a sibling
  ``"author_handle": "ana"`` right after it;
- a field holding a list of member ids, ``"deciders": [...]``, gets
  ``"deciders_handles": [...]``, in the same order;
- a field mapping keys to lists of member ids (``"reactions": {"👍": [...]}``)
  gets ``"reactions_handles": {"👍": [...]}``.

The id fields are kept as they were, so scripts reading them go on working.
A field is a member field when its name says so (:data:`MEMBER_FIELDS`, so an
empty one, or the id of someone not in this replica yet, still gets its
sibling, as ``null``) or when its value is a member id of this team. An
object's own ``id`` is never annotated: a member's row carries its
``handle`` already.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import msgspec

__all__ = ["MEMBER_FIELDS", "MEMBER_LIST_FIELDS", "MEMBER_MAP_FIELDS", "with_handles"]

MEMBER_FIELDS = frozenset(
    {"author", "asker", "asked", "origin", "handed_by", "owner", "member", "me"}
)
"""Fields that hold one member id (or ``null``) wherever they appear."""
MEMBER_LIST_FIELDS = frozenset({"deciders", "members", "participants"})
"""Fields that hold a list of member ids wherever they appear."""
MEMBER_MAP_FIELDS = frozenset({"reactions"})
"""Fields that map something (an emoji) to a list of member ids."""


def with_handles(value: Any, handles: Mapping[str, str]) -> Any:
    """``value`` as plain JSON data (dataclasses, structs and instants encoded
    as ``--json`` prints them), with the handle beside each member id.

    ``handles`` maps member id -> handle (the team of the replica)."""
    plain = msgspec.json.decode(msgspec.json.encode(value))
    return _walk(plain, handles)


def _walk(value: Any, handles: Mapping[str, str]) -> Any:
    if isinstance(value, list):
        return [_walk(v, handles) for v in value]
    if not isinstance(value, dict):
        return value
    out: dict[str, Any] = {}
    for key, item in value.items():
        skip = key == "id" or key.endswith(("_handle", "_handles"))
        sibling = None if skip else _sibling(key, item, handles)
        # A map of ids is annotated once, beside it, not inside: its keys are data.
        is_map = sibling is not None and isinstance(item, dict)
        out[key] = item if is_map else _walk(item, handles)
        if sibling is not None:
            out[sibling[0]] = sibling[1]
    return out


def _sibling(key: str, item: Any, handles: Mapping[str, str]) -> tuple[str, Any] | None:
    if isinstance(item, str) or item is None:
        if key in MEMBER_FIELDS or item in handles:
            return f"{key}_handle", handles.get(item) if item is not None else None
        return None
    if isinstance(item, list) and all(isinstance(v, str) for v in item):
        if key in MEMBER_LIST_FIELDS or (item and all(v in handles for v in item)):
            return f"{key}_handles", [handles.get(v) for v in item]
        return None
    if isinstance(item, dict) and _is_map_of_ids(key, item, handles):
        return f"{key}_handles", {k: [handles.get(v) for v in ids] for k, ids in item.items()}
    return None


def _is_map_of_ids(key: str, item: dict[str, Any], handles: Mapping[str, str]) -> bool:
    lists = list(item.values())
    if not all(isinstance(v, list) and all(isinstance(x, str) for x in v) for v in lists):
        return False
    return key in MEMBER_MAP_FIELDS or bool(lists) and all(x in handles for v in lists for x in v)
