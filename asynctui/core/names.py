"""Names that identify someone: handles and device names, exact or refused.

A handle decides whom an ask or a DM reaches, and a device name whose token
``admin revoke`` ends; two that look alike must never be two. So a name is
checked whole (``fullmatch``: a regular expression's ``$`` also matches before
a trailing newline, and ``"ana-laptop\\n"`` once passed as ``"ana-laptop"``),
holds only the characters below (no whitespace, no control or look-alike
characters), and device names are unique whatever their case.
"""

from __future__ import annotations

import hashlib
import re

__all__ = [
    "DEVICE_PATTERN",
    "HANDLE_PATTERN",
    "DIRECT_PREFIX",
    "BadName",
    "check_device",
    "check_handle",
    "direct_channel_id",
    "device_key",
]

HANDLE_PATTERN = r"[a-z0-9][a-z0-9_.-]{0,31}"
"""1-32 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit."""
DEVICE_PATTERN = r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}"
"""1-100 letters, digits, '.', '_' or '-', starting with a letter or digit."""

_HANDLE = re.compile(HANDLE_PATTERN)
_DEVICE = re.compile(DEVICE_PATTERN)


class BadName(ValueError):
    """A handle or device name that is not exact; the message says what is allowed."""


def check_handle(text: str) -> str:
    """``text`` as a handle (without its ``@``, lowercased), or :class:`BadName`."""
    handle = text[1:] if text.startswith("@") else text
    handle = handle.lower()
    if not _HANDLE.fullmatch(handle):
        raise BadName(
            f"bad handle {text!r}: use 1-32 lowercase letters, digits, '.', '_' or '-'"
            " (no spaces or control characters)"
        )
    return handle


def check_device(text: str) -> str:
    """``text`` as a device name, or :class:`BadName`."""
    if not _DEVICE.fullmatch(text):
        raise BadName(
            f"bad device name {text!r}: use 1-100 letters, digits, '.', '_' or '-'"
            " (no spaces or control characters)"
        )
    return text


def device_key(device: str) -> str:
    """What makes two device names the same one: ``Ana-Laptop`` is ``ana-laptop``."""
    return device.lower()


def direct_channel_id(members: set[str] | frozenset[str] | list[str] | tuple[str, ...]) -> str:
    """The one direct conversation of a set of people, whoever starts it first.

    A server creates a channel of this form only as a private channel of exactly
    these people (docs/protocol.md, "What the server checks"), so nobody else can
    take the id first."""
    people = ",".join(sorted(set(members)))
    return DIRECT_PREFIX + hashlib.sha256(people.encode("utf-8")).hexdigest()[:24]


DIRECT_PREFIX = "d-"
"""Every direct conversation's channel id starts so, and no other channel's may."""
