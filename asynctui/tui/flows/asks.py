"""An ask's life from the TUI: answer, promise a time, decline, hand on, withdraw, re-open.

The steps offered and the rules behind them are the client's
(:mod:`asynctui.client.commands.ask_steps`): the same words as the CLI's
``asynctui ask --ack/--decline/--hand/--answer/--reopen/--cancel``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from asynctui.client import queries
from asynctui.client.commands import ask_steps
from asynctui.tui.carry_out import attempt

if TYPE_CHECKING:
    from asynctui.client.commands.ask_steps import Choice
    from asynctui.tui.main_screen import MainScreen

__all__ = ["ask_steps_dialog"]


def ask_steps_dialog(main: MainScreen) -> None:
    """The steps I may take on the thread's asks; the selected message may be marked the answer."""
    from asynctui.tui.screens._ask_steps import AskStepsScreen

    if (thread_id := main.need_thread()) is None:
        return
    selected = main.selected_message()
    offered = ask_steps.choices(main.ws, thread_id, selected.id if selected else None)
    if not offered:
        ask = main.key_name("ask")
        main.notify(f"No ask made by you or of you here: {ask} asks someone.", severity="warning")
        return
    row = queries.thread(main.ws.db, thread_id)
    message = selected.id if selected else None

    def take(choice: Choice, text: str) -> str | None:
        done = attempt(main, lambda ws: ask_steps.take(ws, choice.ask, choice.step, text, message))
        return done if isinstance(done, str) else None

    main.app.push_screen(AskStepsScreen(row.title if row else "", offered, ask_steps.NEEDS, take))
