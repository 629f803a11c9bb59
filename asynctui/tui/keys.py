"""The key registry: every binding of the TUI, in one table of plain data.

Widgets and screens take their ``BINDINGS`` from here (``bindings(group)``), the help
screen and the command palette list it, and ``docs/keys.md`` is generated from it::

    python -m asynctui.tui.keys > docs/keys.md

Users remap keys by binding id in ``config.toml``; ``keymap_from_config`` checks that
table and turns it into the keymap for ``App.set_keymap``::

    [keys]
    reply = "r,R"

The actions, by group, that the app and its widgets implement (``action_<name>``).
``quit`` and ``command_palette`` are Textual's own, and ``back`` replaces Textual's
``App.action_back``; ``cursor_down``, ``cursor_up``, ``first``, ``last``, ``page_down``,
``page_up`` and ``select`` are the names Textual's ``OptionList`` uses. The navigation
bindings belong on the list widgets or the main screen, not on the App: a Screen binds
``tab`` itself and sits nearer the focus.

============  ======================  ================  ===============================
group         action                  id                default keys
============  ======================  ================  ===============================
navigation    ``cursor_down``         down              j, down
navigation    ``cursor_up``           up                k, up
navigation    ``first``               first             g, home
navigation    ``last``                last              G, end
navigation    ``page_down``           page-down         pagedown
navigation    ``page_up``             page-up           pageup
navigation    ``select``              open              enter
navigation    ``back``                back              escape
navigation    ``next_pane``           next-pane         tab
navigation    ``previous_pane``       previous-pane     shift+tab
threads       ``reply``               reply             r
threads       ``new_thread``          new-thread        c
threads       ``ask``                 ask               a
threads       ``ask_steps``           ask-steps         y
threads       ``snooze``              snooze            z
threads       ``follow``              follow            W (shift+w)
threads       ``mute``                mute              Z (shift+z)
threads       ``react``               react             plus
threads       ``edit``                edit              e
threads       ``quote``               quote             Q (shift+q)
threads       ``resolve``             resolve           x
threads       ``next_unread``         next-unread       n
threads       ``mark_all_read``       mark-all-read     A (shift+a)
threads       ``sort``                sort              t
threads       ``mark_decision``       mark-decision     d
threads       ``new_action_item``     new-action-item   w
threads       ``new_channel``         new-channel       N (shift+n)
threads       ``new_dm``              new-dm            m
threads       ``invite``              invite            I (shift+i)
views         ``inbox``               inbox             i
views         ``owed_by_me``          owed-by-me        o
views         ``owed_to_me``          owed-to-me        O (shift+o)
views         ``later``               later             L (shift+l)
views         ``checkins``            checkins          C (shift+c)
views         ``meetings``            meetings          M (shift+m)
views         ``decisions``           decisions         D (shift+d)
views         ``action_items``        action-items      T (shift+t)
views         ``digest``              digest            B (shift+b)
views         ``team``                team              ctrl+t
views         ``switcher``            switcher          ctrl+k (priority)
views         ``search``              search            slash
views         ``views``               views             v
rituals       ``cycle_filter``        ritual-filter     F (shift+f)
rituals       ``toggle_done``         action-done       space
rituals       ``new_ritual``          new-ritual        c
rituals       ``close_meeting``       close-meeting     X (shift+x)
me            ``status``              status            s
me            ``focus_mode``          focus             f
me            ``hours``               hours             h
app           ``help``                help              question_mark
app           ``outbox``              outbox            U (shift+u)
app           ``command_palette``     command-palette   ctrl+p (priority)
app           ``quit``                quit              q
compose       ``editor``              editor            ctrl+e (priority)
compose       ``send``                send              ctrl+s, ctrl+enter (priority)
compose       ``leave``               leave-compose     escape
compose       ``next_agenda_item``    agenda-item       ctrl+g (priority)
dialogs       ``dismiss``             dialog-close      escape
dialogs       ``save``                dialog-save       ctrl+s
dialogs       ``dismiss``             help-close        q, question_mark (help)
dialogs       ``focus_results``       search-results    down (search)
dialogs       ``discard``             outbox-discard    d, delete (outbox)
dialogs       ``next_place``          switcher-next     down, ctrl+j, tab (switcher)
dialogs       ``previous_place``      switcher-prev     up, ctrl+k, shift+tab (switcher)
dialogs       ``preset('1')``         status-focus-25   1 (status)
dialogs       ``preset('2')``         status-focus-50   2 (status)
dialogs       ``preset('3')``         status-focus-90   3 (status)
dialogs       ``preset('a')``         status-away       a (status)
dialogs       ``preset('o')``         status-off        o (status)
dialogs       ``preset('v')``         status-available  v (status)
============  ======================  ================  ===============================

The compose keys are priority bindings: the compose box's ``TextArea`` binds ``ctrl+e``
itself (end of line), and a priority binding on an ancestor is checked before it.
The ritual keys are bound by ``RitualList`` (the Check-ins, Meetings, Decisions and
Action items views); there ``c`` opens a new meeting (Meetings) or check-in (Check-ins)
instead of a new thread, and the app binds ``close-meeting`` too, for a meeting's thread.
``send`` is ``ctrl+enter`` only where the terminal reports that key (``COMPOSE_NOTE``);
``ctrl+s`` always sends.

``switcher`` (``ctrl+k``) is a priority binding too, so it opens the quick switcher from
the compose box as well: there the ``TextArea`` would delete to the end of the line.
Jumping is what ctrl+k does in the chat tools people come from, the draft is kept when
the switcher opens, and ``shift+end`` then ``delete`` still cuts the rest of a line.
In the switcher, ``ctrl+k`` and ``ctrl+j`` move up and down the results (as in fzf);
they are priority bindings there, over its search box's own ``ctrl+k``.

Every dialog binds ``dialog-close``, and those that save ``dialog-save``: one remap changes
them all. A dialog key with a scope (in brackets above) is bound by that dialog alone, so
it may share a key with another scope's; ``keymap_from_config`` warns only about keys one
screen would bind twice. A preset's action names the preset, not its key.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.binding import Binding, BindingType

from asynctui.tui.key_names import display_keys, valid_key
from asynctui.tui.key_names import normalize as _normalize

if TYPE_CHECKING:
    from textual.app import App

__all__ = [
    "ALWAYS",
    "COMPOSE_NOTE",
    "GROUPS",
    "KEYS",
    "Key",
    "binding",
    "bindings",
    "bound_together",
    "description",
    "display_keys",
    "effective_keys",
    "help_rows",
    "keymap_from_config",
    "markdown",
    "shown_keys",
    "user_keymap",
    "valid_key",
]


@dataclass(frozen=True)
class Key:
    """One binding of the app: stable id, default keys, the action it runs."""

    id: str
    """Stable kebab-case id; users remap keys by it (``[keys]`` in config.toml)."""
    keys: str
    """Default keys, comma-separated Textual key names (``"j,down"``, ``"G"``, ``"slash"``)."""
    action: str
    """The action the binding runs (``action_<name>`` on the node that binds it)."""
    description: str
    """Short help text: the footer, the help screen, the palette and docs/keys.md."""
    group: str
    """The group id (a key of ``GROUPS``); keys are unique within a group."""
    show: bool = True
    """Shown in the footer."""
    priority: bool = False
    """Checked before the focused widget's own bindings (see the module docstring)."""
    scope: str = ""
    """The one dialog that binds it (``"status"``), or ``""``: wherever its group is bound.

    Keys of two scopes are never bound together, so they may share a key.
    """
    rank: int = 20
    """Footer order: a short footer drops the highest ranks first, never ``ALWAYS`` (0)."""
    label: str = ""
    """Shorter words for the footer when the description does not fit (``"Ask"``)."""


ALWAYS = 0
"""The rank of the keys the footer always shows: help and quit."""

GROUPS: dict[str, str] = {
    "navigation": "Moving around",
    "threads": "Threads and messages",
    "views": "Views",
    "rituals": "Check-ins, meetings, decisions, action items",
    "me": "Me",
    "app": "App",
    "compose": "Compose",
    "dialogs": "Dialogs",
}
"""Group id -> title, in the order the help screen and docs/keys.md show them."""

KEYS: tuple[Key, ...] = (
    Key("down", "j,down", "cursor_down", "Next item", "navigation", show=False),
    Key("up", "k,up", "cursor_up", "Previous item", "navigation", show=False),
    Key("first", "g,home", "first", "First item", "navigation", show=False),
    Key("last", "G,end", "last", "Last item", "navigation", show=False),
    Key("page-down", "pagedown", "page_down", "Page down", "navigation", show=False),
    Key("page-up", "pageup", "page_up", "Page up", "navigation", show=False),
    Key("open", "enter", "select", "Open", "navigation", rank=1),
    Key("back", "escape", "back", "Back", "navigation", rank=2),
    Key("next-pane", "tab", "next_pane", "Next pane", "navigation", show=False),
    Key("previous-pane", "shift+tab", "previous_pane", "Previous pane", "navigation", show=False),
    Key("reply", "r", "reply", "Reply", "threads", rank=4),
    Key("new-thread", "c", "new_thread", "New thread", "threads", rank=5, label="New"),
    Key("ask", "a", "ask", "Ask for a reply", "threads", rank=6, label="Ask"),
    Key(
        "ask-steps",
        "y",
        "ask_steps",
        "Answer or decline an ask",
        "threads",
        show=False,
    ),  # fmt: skip
    Key("snooze", "z", "snooze", "Snooze until later", "threads", show=False),
    Key("follow", "W", "follow", "Follow or unfollow", "threads", show=False),  # fmt: skip
    Key("mute", "Z", "mute", "Mute or unmute", "threads", show=False),
    Key("react", "plus", "react", "React", "threads", rank=11),
    Key("edit", "e", "edit", "Edit my message", "threads", show=False),
    Key("quote", "Q", "quote", "Reply quoting the message", "threads", show=False),
    Key("resolve", "x", "resolve", "Resolve or reopen", "threads", show=False),
    Key("next-unread", "n", "next_unread", "Next unread", "threads", rank=7),
    Key("mark-all-read", "A", "mark_all_read", "Mark all read", "threads", show=False),
    Key("sort", "t", "sort", "Sort by urgency or activity", "threads", show=False),
    Key(
        "mark-decision", "d", "mark_decision", "Mark the message a decision", "threads", show=False
    ),
    Key("new-action-item", "w", "new_action_item", "New action item", "threads", show=False),
    Key("new-channel", "N", "new_channel", "New channel", "threads", show=False),
    Key("new-dm", "m", "new_dm", "New direct message", "threads", show=False),
    Key("invite", "I", "invite", "Invite a teammate", "threads", show=False),
    Key("inbox", "i", "inbox", "Inbox", "views", show=False),
    Key("owed-by-me", "o", "owed_by_me", "Owed by me", "views", rank=12),
    Key("owed-to-me", "O", "owed_to_me", "Owed to me", "views", show=False),
    Key("later", "L", "later", "Later: what I snoozed", "views", show=False),
    Key("checkins", "C", "checkins", "Check-ins", "views", show=False),
    Key("meetings", "M", "meetings", "Meetings", "views", show=False),
    Key("decisions", "D", "decisions", "Decisions", "views", show=False),
    Key("action-items", "T", "action_items", "Action items", "views", show=False),
    Key("digest", "B", "digest", "Digest since I was away", "views", show=False),
    Key("team", "ctrl+t", "team", "Team panel", "views", rank=14, label="Team"),
    # Priority: it wins over the compose box's ctrl+k (see the module docstring).
    Key(
        "switcher",
        "ctrl+k",
        "switcher",
        "Quick switcher",
        "views",
        priority=True,
        rank=10,
        label="Switch",
    ),
    Key("search", "slash", "search", "Search", "views", rank=8),
    # The sidebar's views and channels, over the list where the sidebar is hidden.
    Key("views", "v", "views", "Views and channels", "views", rank=10, label="Views"),
    Key("ritual-filter", "F", "cycle_filter", "Next filter", "rituals", rank=3, label="Filter"),
    Key("action-done", "space", "toggle_done", "Done / not done", "rituals", rank=3, label="Done"),
    Key("new-ritual", "c", "new_ritual", "New meeting or check-in", "rituals", rank=3, label="New"),
    Key("close-meeting", "X", "close_meeting", "Close my meeting", "rituals", show=False),
    Key("status", "s", "status", "Set my status", "me", show=False),
    Key("focus", "f", "focus_mode", "Start or end focus", "me", show=False),
    Key("hours", "h", "hours", "My working hours", "me", show=False),
    Key("help", "question_mark", "help", "Help", "app", rank=ALWAYS),
    Key("outbox", "U", "outbox", "Unsent and refused events", "app", show=False),
    Key(
        "command-palette",
        "ctrl+p",
        "command_palette",
        "Command palette",
        "app",
        priority=True,
        rank=13,
        label="Palette",
    ),
    Key("quit", "q", "quit", "Quit", "app", rank=ALWAYS),
    Key("editor", "ctrl+e", "editor", "Open in $EDITOR", "compose", priority=True, rank=9),
    Key("send", "ctrl+s,ctrl+enter", "send", "Send", "compose", priority=True, rank=3),
    Key(
        "leave-compose",
        "escape",
        "leave",
        "Leave the compose box",
        "compose",
        rank=4,
        label="Leave",
    ),
    Key(
        "agenda-item",
        "ctrl+g",
        "next_agenda_item",
        "Next agenda item",
        "compose",
        priority=True,
    ),
    Key("dialog-close", "escape", "dismiss", "Close", "dialogs", rank=1),
    Key("dialog-save", "ctrl+s", "save", "Save", "dialogs", rank=1),
    # Each bound by one dialog: (id, keys, action, description, scope, in the footer).
    *(
        Key(id, default, action, text, "dialogs", show=show, scope=scope)
        for id, default, action, text, scope, show in (
            ("help-close", "q,question_mark", "dismiss", "Close help", "help", False),
            ("search-results", "down", "focus_results", "Go to the results", "search", False),
            ("outbox-discard", "d,delete", "discard", "Discard a refused event", "outbox", True),
        )
    ),
    # The switcher's moves: priority, over its search box's ctrl+k (delete to the end).
    *(
        Key(id, default, action, text, "dialogs", show=False, priority=True, scope="switcher")
        for id, default, action, text in (
            ("switcher-next", "down,ctrl+j,tab", "next_place", "Next result"),
            ("switcher-prev", "up,ctrl+k,shift+tab", "previous_place", "Result before"),
        )
    ),
    # The presets of the status dialog (screens/_status.py PRESETS, by their own key).
    *(
        Key(id, key, f"preset('{key}')", text, "dialogs", show=False, scope="status")
        for id, key, text in (
            ("status-focus-25", "1", "Status: focus 25 min"),
            ("status-focus-50", "2", "Status: focus 50 min"),
            ("status-focus-90", "3", "Status: focus 90 min"),
            ("status-away", "a", "Status: away for an hour"),
            ("status-off", "o", "Status: off until workday"),
            ("status-available", "v", "Status: available"),
        )
    ),
)
"""Every binding of the app."""

COMPOSE_NOTE = """\
`ctrl+s` always sends. `ctrl+enter` sends where the terminal reports it as a key of its own:
terminals with the kitty keyboard protocol (kitty, WezTerm, foot, Ghostty, Alacritty, recent
iTerm2). Other terminals (GNOME Terminal, xterm, macOS Terminal, the Linux console among them)
send ctrl+enter as a plain enter, which starts a new line, or as `ctrl+j`, which sends nothing.
tmux does not pass the kitty protocol on: with tmux 3.5 or later, `set -s extended-keys always`
and `set -s extended-keys-format csi-u` let ctrl+enter through, when the terminal outside tmux
gives tmux extended keys (tmux's wiki: Modifier Keys)."""
"""What docs/keys.md says under the compose keys: where ``ctrl+enter`` cannot send."""

_NOTES = {
    "compose": COMPOSE_NOTE,
    "dialogs": "Close and Save act in every dialog, so one remap changes them all;"
    " the others act in one dialog only.",
}

_BY_ID = {key.id: key for key in KEYS}


def binding(id: str) -> Binding:
    """The Textual binding of one registry entry."""
    return _binding(_BY_ID[id])


def _binding(key: Key) -> Binding:
    return Binding(
        key.keys,
        key.action,
        key.description,
        show=key.show,
        priority=key.priority,
        tooltip=key.description,
        id=key.id,
    )


def bindings(group: str | None = None, *, scope: str | None = None) -> list[BindingType]:
    """The Textual bindings of one group (all of them when ``group`` is None).

    ``scope``: only those of one dialog (``"status"``). Typed for ``BINDINGS``; every
    item is a ``Binding`` with the registry id.
    """
    if group is not None and group not in GROUPS:
        raise ValueError(f"unknown key group {group!r}; expected one of {', '.join(GROUPS)}")
    return [
        _binding(key)
        for key in KEYS
        if (group is None or key.group == group) and (scope is None or key.scope == scope)
    ]


def keymap_from_config(keys: Mapping[str, str]) -> tuple[dict[str, str], list[str]]:
    """The user's ``[keys]`` table as a keymap for ``App.set_keymap``, and warnings.

    Unknown ids, non-text values and invalid key names are left out with a warning;
    a key that another binding of the same group already uses is kept, with a warning.
    """
    keymap: dict[str, str] = {}
    warnings: list[str] = []
    for id, value in keys.items():
        if id not in _BY_ID:
            warnings.append(f"keys: unknown binding id {id!r} ignored (see docs/keys.md)")
            continue
        if not isinstance(value, str) or not value.strip():
            warnings.append(f"keys: {id} = {value!r} is not a list of keys; default kept")
            continue
        names = _normalize(value)
        bad = [name for name in names if not valid_key(name)]
        if bad:
            warnings.append(
                f"keys: {id} = {value!r}: {', '.join(map(repr, bad))} is not a key name;"
                " default kept"
            )
            continue
        keymap[id] = ",".join(names)
    effective = {key.id: effective_keys(key, keymap) for key in KEYS}
    for i, key in enumerate(KEYS):
        for other in KEYS[i + 1 :]:
            if not bound_together(key, other):
                continue
            for name in effective[key.id]:
                if name in effective[other.id]:
                    warnings.append(
                        f"keys: {display_keys(name)} is bound to both {key.id!r} and {other.id!r}"
                    )
    return keymap, warnings


def bound_together(a: Key, b: Key) -> bool:
    """Whether one screen can bind both: the same group, and not two different scopes."""
    return a.group == b.group and (not a.scope or not b.scope or a.scope == b.scope)


def effective_keys(key: Key, keymap: Mapping[str, str] | None = None) -> list[str]:
    """The keys of a registry entry after the user's keymap."""
    return _normalize((keymap or {}).get(key.id) or key.keys)


def description(id: str) -> str:
    """What one binding does, as the footer and help say it: ``"Views and channels"``."""
    return _BY_ID[id].description


def shown_keys(id: str, keymap: Mapping[str, str] | None = None) -> str:
    """One binding's keys as people read them, after the user's keymap: ``"C"``."""
    return display_keys(",".join(effective_keys(_BY_ID[id], keymap)))


def user_keymap(app: App[object]) -> Mapping[str, str]:
    """The keymap the app runs with (``App.set_keymap``'s, which Textual keeps private)."""
    keymap: Mapping[str, str] = getattr(app, "_keymap", {})
    return keymap


def help_rows(keymap: Mapping[str, str] | None = None) -> list[tuple[str, str, str]]:
    """(group title, keys, description) for every binding, after the user's keymap."""
    return [
        (GROUPS[key.group], display_keys(",".join(effective_keys(key, keymap))), key.description)
        for group in GROUPS
        for key in KEYS
        if key.group == group
    ]


def markdown() -> str:
    """docs/keys.md: a table per group (Keys | Action | Id)."""
    lines = [
        "# Keys",
        "",
        "<!-- Generated by `python -m asynctui.tui.keys > docs/keys.md`; do not edit. -->",
        "",
        "Press `?` in the app for this list, and `ctrl+p` for the command palette.",
        "Remap any key in `config.toml` by its id (comma-separate several keys):",
        "",
        "```toml",
        "[keys]",
        'reply = "r,R"',
        'search = "slash,ctrl+f"',
        "```",
    ]
    for group, title in GROUPS.items():
        lines += ["", f"## {title}", "", "| Keys | Action | Id |", "| --- | --- | --- |"]
        for key in KEYS:
            if key.group == group:
                keys = display_keys(key.keys).replace("|", "\\|")
                lines.append(f"| `{keys}` | {key.description} | `{key.id}` |")
        if group in _NOTES:
            lines += ["", _NOTES[group]]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(markdown())
