"""How the main screen is laid out at each terminal size.

The panes, from left to right: the sidebar (views and channels), the list (a view
title over the threads or a ritual view's entries), the thread being read, and the
team panel when shown (``ctrl+t``). What fits depends on the width; the main screen
sets these classes from it (``MainScreen.fit``):

=========  ===========  =============================================================
class      width        what changes
=========  ===========  =============================================================
cramped    under 150    the team panel takes the place of the thread pane (of the
                        list while a thread is read): it cannot sit beside both
narrow     under 120    no sidebar: the views key (``v``) shows it over the list,
                        and the view title names that key
single     under 90     one pane at a time: the list, or the thread while reading
                        it; the team panel takes the whole width
=========  ===========  =============================================================

The status bar and the footer keep their two lines at the bottom at every size,
and notifications (toasts) sit above them.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.widget import Widget

__all__ = ["CRAMPED", "CSS", "NARROW", "SINGLE", "first_shown", "shown", "size_classes"]

CRAMPED = 150
"""Under this width the team panel cannot sit beside the list and the thread."""
NARROW = 120
"""Under this width the sidebar is hidden."""
SINGLE = 90
"""Under this width one pane is shown at a time."""

CSS = """
#main { height: 1fr; layers: default over; }
Sidebar { width: 24; }
#list-pane { width: 1fr; min-width: 40; }
#thread-pane { width: 1fr; min-width: 40; }
TeamPanel { width: 46; display: none; }
Screen.narrow Sidebar { display: none; }
Screen.narrow Sidebar.-over {
    display: block;
    layer: over;
    dock: left;
    width: 30;
    max-width: 100%;
    border-right: outer $primary;
}
Screen.narrow #list-pane, Screen.narrow #thread-pane { min-width: 0; }
Screen.single #thread-pane { display: none; }
Screen.single.reading #thread-pane { display: block; }
Screen.single.reading #list-pane { display: none; }
Screen.show-team TeamPanel { display: block; }
Screen.cramped.show-team #thread-pane { display: none; }
Screen.cramped.show-team.reading #thread-pane { display: block; }
Screen.cramped.show-team.reading #list-pane { display: none; }
Screen.single.cramped.show-team #list-pane,
Screen.single.cramped.show-team #thread-pane { display: none; }
Screen.single.show-team TeamPanel { width: 1fr; }
Screen.narrow ViewTitle > #view-hint { display: block; }
ThreadView { height: 1fr; }
RitualList { height: 1fr; display: none; }
/* Textual docks toasts one line above the bottom: over our status bar. */
ToastRack { margin-bottom: 2; }
"""
"""The main screen's layout. The App carries it as its own ``CSS``: a default
screen's ``CSS`` is never loaded, and any other screen's would re-parse the whole
stylesheet when first shown."""


def size_classes(width: int) -> dict[str, bool]:
    """The main screen's size classes at ``width`` columns (see the table above)."""
    return {"cramped": width < CRAMPED, "narrow": width < NARROW, "single": width < SINGLE}


def shown(widget: Widget) -> bool:
    """Whether ``widget`` is displayed: it and every container around it."""
    return all(node.display for node in widget.ancestors_with_self)


def first_shown(widgets: Sequence[Widget | None]) -> Widget:
    """The first of ``widgets`` that is shown (the first one if none is)."""
    found = [widget for widget in widgets if widget is not None]
    return next((widget for widget in found if shown(widget)), found[0])
