"""Everything a person can do, once: one function per intent, for the CLI and the TUI.

Each command takes the workspace (its clock, its team, its replica) and plain
typed arguments, checks every rule a person can run into, records its events
and returns a :class:`Done`; or it records nothing and raises :class:`Refused`
with one line the person can act on. The front ends only parse, call and show.

The commands live by area, imported where used (start-up stays light)::

    from asynctui.client.commands import threads, people, rituals

Errors::

    Refused          a rule said no; nothing was recorded
"""

from asynctui.client.commands._base import Done, Refused, record

__all__ = ["Done", "Refused", "record"]
