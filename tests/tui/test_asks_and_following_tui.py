"""An ask's life (y), following and muting (W, Z) and later (z, L) from the TUI, as
Ana (Berlin) on Wednesday 11:20.

Priya asked Ana in "Payment screen copy, final check" for a reply within 3h (due
12:00); Ana asked Sam in "Onboarding empty states" within 4h (due 20:00).
"""

from __future__ import annotations

from app_harness import ANA, NOW, ONBOARDING, PAYMENT, PRIYA, SIZE, DemoTeam, synced, widget_text
from app_harness import demo_team as demo_team  # the `demo` fixture
from textual.pilot import Pilot
from textual.widgets import Input, OptionList

from asynctui.client import following, later, queries
from asynctui.client.replica import Replica
from asynctui.client.views import NOTHING_LATER
from asynctui.tui.app import AsyncTuiApp
from asynctui.tui.screens._ask_steps import AskStepsScreen
from asynctui.tui.screens._later import LaterScreen
from asynctui.tui.widgets._thread_list import ThreadList


async def _open(pilot: Pilot[None], demo: DemoTeam, title: str) -> str:
    app = pilot.app
    assert isinstance(app, AsyncTuiApp)
    thread_id = demo.thread_id(title)
    app.query_one(ThreadList).focus()
    assert app.query_one(ThreadList).select_id(thread_id), f"{title!r} is not listed"
    await pilot.press("enter")
    await pilot.pause()
    return thread_id


async def _choose(pilot: Pilot[None], label: str) -> AskStepsScreen:
    """Press y and put the highlight on the step that reads ``label``."""
    await pilot.press("y")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, AskStepsScreen)
    options = screen.query_one(OptionList)
    labels = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
    assert label in labels, labels
    options.highlighted = labels.index(label)
    await pilot.pause()
    return screen


def _ask_in(demo: DemoTeam, thread_id: str) -> queries.AskRow:
    replica = Replica(demo.replica_path)
    try:
        (ask,) = queries.asks(replica.db, demo.team(), NOW, thread_id=thread_id, open_only=False)
        return ask
    finally:
        replica.close()


async def test_y_then_promise_a_time_tells_priya_when_ana_will_reply(demo: DemoTeam) -> None:
    app = demo.app()
    async with app.run_test(size=SIZE) as pilot:
        await synced(pilot)
        thread_id = await _open(pilot, demo, PAYMENT)
        screen = await _choose(pilot, "Promise @priya a time for a reply")
        await pilot.press("enter")
        box = screen.query_one("#ask-steps-text", Input)
        assert app.focused is box and box.placeholder.startswith("by when")
        box.value = "thu 10:00"
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, AskStepsScreen)
        ask = _ask_in(demo, thread_id)
        assert (ask.asker, ask.asked, ask.state) == (PRIYA, ANA, "open")
        assert ask.promised is not None and ask.due == ask.promised
        assert "Asked @ana · promised tomorrow 10:00" in widget_text(app, "#thread")


async def test_a_time_already_gone_is_refused_and_the_dialog_stays_open(demo: DemoTeam) -> None:
    app = demo.app()
    async with app.run_test(size=SIZE) as pilot:
        await synced(pilot)
        thread_id = await _open(pilot, demo, PAYMENT)
        screen = await _choose(pilot, "Promise @priya a time for a reply")
        screen.query_one("#ask-steps-text", Input).value = "2026-11-17 10:00"
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert app.screen is screen
        assert "has already passed" in widget_text(app, "#ask-steps-error")
        assert _ask_in(demo, thread_id).promised is None


async def test_y_then_withdraw_takes_back_anas_ask_of_sam(demo: DemoTeam) -> None:
    app = demo.app()
    async with app.run_test(size=SIZE) as pilot:
        await synced(pilot)
        thread_id = await _open(pilot, demo, ONBOARDING)
        await _choose(pilot, "Withdraw my ask of @sam")
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, AskStepsScreen)
        assert _ask_in(demo, thread_id).state == "withdrawn"


async def test_shift_w_follows_the_thread_and_again_unfollows_it(demo: DemoTeam) -> None:
    app = demo.app()
    async with app.run_test(size=SIZE) as pilot:
        await synced(pilot)
        thread_id = await _open(pilot, demo, PAYMENT)
        await pilot.press("W")
        await pilot.pause()
        assert "· following" in widget_text(app, "#thread").splitlines()[0]
        replica = Replica(demo.replica_path)
        try:
            assert following.mode_of(replica.db, ANA, thread_id, "") == "follow"
        finally:
            replica.close()
        await pilot.press("W")
        await pilot.pause()
        assert "following" not in widget_text(app, "#thread").splitlines()[0]


async def test_shift_z_mutes_the_thread(demo: DemoTeam) -> None:
    app = demo.app()
    async with app.run_test(size=SIZE) as pilot:
        await synced(pilot)
        await _open(pilot, demo, ONBOARDING)
        await pilot.press("Z")
        await pilot.pause()
        assert "· muted" in widget_text(app, "#thread").splitlines()[0]


async def test_z_snoozes_the_thread_until_my_next_morning_and_later_lists_it(
    demo: DemoTeam,
) -> None:
    app = demo.app()
    async with app.run_test(size=SIZE) as pilot:
        await synced(pilot)
        thread_id = await _open(pilot, demo, PAYMENT)
        await pilot.press("z")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LaterScreen)
        assert widget_text(app, "#later-preview").strip().startswith("until tomorrow")
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, LaterScreen)
        replica = Replica(demo.replica_path)
        try:
            assert thread_id in later.snoozed(replica.db, ANA, NOW)
        finally:
            replica.close()
        await pilot.press("escape", "L")
        await pilot.pause()
        assert PAYMENT in widget_text(app, "#threads")
        assert "Later" in widget_text(app, "#sidebar")


async def test_shift_l_with_nothing_snoozed_says_so(demo: DemoTeam) -> None:
    app = demo.app()
    async with app.run_test(size=SIZE) as pilot:
        await synced(pilot)
        await pilot.press("L")
        await pilot.pause()
        assert NOTHING_LATER in widget_text(app, "#threads")
