"""Untrusted text made safe to show: one sanitizer for everything people write.

Bodies, names, titles and statuses come from other people. Before any of it
reaches a terminal, control characters are removed: C0 (except newline and
tab), DEL, C1, whole escape sequences (CSI, OSC, DCS, ...), and Unicode bidi
overrides and isolates, which can make text read differently than it is.
"""

from __future__ import annotations

import re

# ESC-introduced sequences first, so their parameters go with them rather than
# being left behind as visible debris: CSI, OSC/DCS/SOS/PM/APC strings (ended by
# BEL or ST), then any other two-character escape.
_ESCAPES = re.compile(
    r"""
    \x1b\[[0-?]*[ -/]*[@-~]?                 # CSI
    | \x9b[0-?]*[ -/]*[@-~]?                 # CSI, 8-bit
    | (?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f]) # OSC, DCS, SOS, PM, APC ...
      [^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?  # ... up to BEL or ST
    | \x1b[ -/]*[0-~]?                       # other escapes
    """,
    re.VERBOSE,
)
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def clean(text: str) -> str:
    """Text with escape sequences and control characters removed; newlines and tabs kept."""
    # Every escape sequence starts with a control character: none, nothing to remove.
    if text.isprintable() or not _CONTROLS.search(text):
        return text
    return _CONTROLS.sub("", _ESCAPES.sub("", text.replace("\r\n", "\n")))


def clean_line(text: str) -> str:
    """Like ``clean``, folded onto one line (for names, titles, table cells)."""
    return " ".join(clean(text).split())
