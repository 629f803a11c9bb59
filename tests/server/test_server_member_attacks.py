"""Mal has a valid token and bypasses our client: she POSTs events the command
layer (asynctui/client/commands) would refuse, to a real `asynctui serve`.

Each test says what the server answers, and what Bob, an honest member, sees
in his replica after his next sync: a forged event the server stores is
harmless only if every reader's fold ignores it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import httpx
import msgspec
import pytest
from server_harness import Device, RunningServer, post_events, running_server

from asynctui.cli import main
from asynctui.client import queries, ritual_views, rituals
from asynctui.client.replica import Replica
from asynctui.client.workspace import Workspace
from asynctui.core import events as ev
from asynctui.core.clock import FixedClock
from asynctui.core.hours import Window
from asynctui.core.schedule import Schedule
from asynctui.server.log import ServerLog
from asynctui.stores.server import ServerStore

NOW = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)
"""A Friday afternoon; the harness dates every event then."""


@pytest.fixture
def server(tmp_path: Path) -> Iterator[RunningServer]:
    yield from running_server(tmp_path, "--rate", "100000")


class Team:
    """Ana and Bob, honest; Mal, who writes what she likes. #general is public."""

    def __init__(self, server: RunningServer, tmp_path: Path) -> None:
        self.ana, self.bob, self.mal = (server.join(h) for h in ("ana", "bob", "mal"))
        self.tmp_path = tmp_path
        for who in (self.ana, self.bob, self.mal):
            sent(who, ev.ProfileSet(name=who.handle.title(), handle=who.handle, tz="UTC"))
        sent(self.ana, ev.ChannelCreated(channel="c-general", name="general"))
        sent(self.ana, thread("t-plan", "m-plan", "Plan", "What is the plan?"))

    def bobs_replica(self) -> Workspace:
        """Bob's replica after his next sync, as his TUI and CLI read it."""
        bob = self.bob
        store = ServerStore(bob.url, bob.token, bob.device)
        ws = Workspace(
            Replica(self.tmp_path / "bob.db"), store, FixedClock(NOW), bob.member, bob.device
        )
        report = ws.sync()
        assert report.offline is None and not report.warnings, report
        return ws


@pytest.fixture
def team(server: RunningServer, tmp_path: Path) -> Team:
    return Team(server, tmp_path)


def thread(tid: str, mid: str, title: str, body: str, channel: str = "c-general") -> ev.Payload:
    return ev.ThreadOpened(thread=tid, channel=channel, title=title, message=mid, body=body)


def post(device: Device, body: ev.Payload, **changes: object) -> httpx.Response:
    event = msgspec.structs.replace(device.event(body), **changes)
    return post_events(device, [event])


def sent(device: Device, body: ev.Payload) -> None:
    answer = post(device, body)
    assert answer.status_code == 200, answer.text


def raw(device: Device, body: Mapping[str, object], lamport: int | None = None) -> httpx.Response:
    """An event as JSON Mal wrote by hand, with values our types would not build."""
    device.lamport += 1
    event = {"id": f"raw-{device.lamport}-{device.device}", "lamport": lamport or device.lamport,
             "device": device.device, "author": device.member,
             "at": "2026-11-20T15:00:00Z", "body": body}  # fmt: skip
    return httpx.post(f"{device.url}/v1/events", json={"events": [event]}, headers=device.headers)


# -- who she claims to be, and what she sends again -----------------------------------


def test_mal_cannot_post_a_status_in_anas_name(team: Team) -> None:
    answer = post(team.mal, ev.StatusSet(state="off", text="I quit"), author=team.ana.member)
    assert answer.status_code == 403
    statuses = team.bobs_replica().db.execute("SELECT member, text FROM statuses").fetchall()
    assert statuses == []


def test_mal_sending_her_message_id_again_with_new_words_is_refused_and_bob_reads_the_first(
    team: Team,
) -> None:
    first = team.mal.event(ev.MessagePosted(message="m-mal", thread="t-plan", body="ok"))
    assert post_events(team.mal, [first]).status_code == 200
    again = msgspec.structs.replace(first, body=ev.MessagePosted(
        message="m-mal", thread="t-plan", body="Ana is fired"))  # fmt: skip
    assert post_events(team.mal, [again]).status_code == 409
    bodies = {m.body for m in queries.messages(team.bobs_replica().db, "t-plan")}
    assert bodies == {"What is the plan?", "ok"}


@pytest.mark.parametrize("lamport", [-1, 2**53, 10**18, 2**64])
def test_a_lamport_counter_below_zero_or_beyond_any_bound_is_a_400(
    team: Team, lamport: int
) -> None:
    body = {"kind": "status.set", "state": "available"}
    assert raw(team.mal, body, lamport=lamport).status_code == 400


# -- what only the author may undo ------------------------------------------------------
# The server stores these (it keeps no author of a message, ask, check-in or
# meeting), and every reader ignores them: a withdrawal, stop, close or edit
# counts only by the one who made the thing.


def test_mal_editing_anas_message_changes_nothing_bob_reads(team: Team) -> None:
    assert post(team.mal, ev.MessageEdited(message="m-plan", body="Ana: we cancel")).is_success
    (message,) = queries.messages(team.bobs_replica().db, "t-plan")
    assert message.body == "What is the plan?" and message.edited_at is None


def test_mal_withdrawing_anas_ask_of_bob_leaves_bob_owing(team: Team) -> None:
    sent(team.ana, ev.AskCreated(ask="a-1", thread="t-plan", asked=team.bob.member,
                                 within=Window(8, "h")))  # fmt: skip
    assert post(team.mal, ev.AskCancelled(ask="a-1")).is_success
    ws = team.bobs_replica()
    owed = queries.asks(ws.db, ws.team(), NOW, asked=team.bob.member)
    assert [a.id for a in owed] == ["a-1"]


def test_mal_declining_or_handing_on_anas_ask_of_bob_leaves_bob_owing(team: Team) -> None:
    sent(team.ana, ev.AskCreated(ask="a-1", thread="t-plan", asked=team.bob.member,
                                 within=Window(8, "h")))  # fmt: skip
    assert post(team.mal, ev.AskDeclined(ask="a-1", reason="Bob is busy")).is_success
    assert post(team.mal, ev.AskHandedOff(ask="a-1", to=team.mal.member)).is_success
    ws = team.bobs_replica()
    (owed,) = queries.asks(ws.db, ws.team(), NOW, asked=team.bob.member)
    assert (owed.id, owed.state) == ("a-1", "open")


def test_mal_cannot_hand_bobs_ask_in_their_private_channel_to_ana(team: Team) -> None:
    # Ana cannot read the channel: she would owe a reply she can never see.
    _mals_private_channel_with_bob(team)
    sent(team.mal, ev.AskCreated(ask="a-mb", thread="t-mb", asked=team.bob.member,
                                 within=Window(2, "h")))  # fmt: skip
    answer = post(team.mal, ev.AskHandedOff(ask="a-mb", to=team.ana.member))
    assert answer.status_code == 409 and "not a member" in answer.json()["message"]
    ws = team.bobs_replica()
    (owed,) = queries.asks(ws.db, ws.team(), NOW, asked=team.bob.member)
    assert owed.id == "a-mb"


def test_mal_closing_anas_meeting_leaves_it_open_for_bob(team: Team) -> None:
    sent(team.ana, ev.MeetingOpened(
        thread="t-meet", channel="c-general", title="Q1 goals", message="m-meet",
        goal="Pick three", agenda=("goals",), participants=(team.ana.member, team.bob.member),
        within=Window(2, "d")))  # fmt: skip
    assert post(team.mal, ev.MeetingClosed(thread="t-meet", outcome="cancelled")).is_success
    meeting = rituals.meeting(team.bobs_replica().db, "t-meet")
    assert meeting is not None and meeting.closed_at is None


def _standup(team: Team, members: tuple[str, ...]) -> None:
    sent(team.ana, ev.CheckinCreated(
        checkin="ci-1", channel="c-general", title="Standup", questions=("Done?",),
        schedule=Schedule(at=9 * 60), members=members))  # fmt: skip


def test_mal_stopping_anas_check_in_leaves_it_running_for_bob(team: Team) -> None:
    _standup(team, (team.ana.member, team.bob.member))
    assert post(team.mal, ev.CheckinStopped(checkin="ci-1")).is_success
    checkin = rituals.checkin(team.bobs_replica().db, "ci-1")
    assert checkin is not None and not checkin.stopped


def test_mal_answering_a_check_in_that_does_not_ask_her_is_not_counted(team: Team) -> None:
    _standup(team, (team.ana.member, team.bob.member))
    day = date(2026, 11, 20)
    answer = ev.CheckinAnswered(checkin="ci-1", day=day, message="m-ans", answers=("all",))
    # Like any reply in the occurrence's thread, which she may write anyway.
    assert post(team.mal, answer).is_success
    ws = team.bobs_replica()
    checkin = rituals.checkin(ws.db, "ci-1")
    assert checkin is not None
    people = rituals.occurrence(ws.db, ws.team(), checkin, day, NOW).people
    assert team.mal.member not in {p.member for p in people}


def test_bob_answering_twice_counts_his_first_answer(team: Team) -> None:
    _standup(team, (team.ana.member, team.bob.member))
    day = date(2026, 11, 20)
    for n, words in enumerate(("first", "second")):
        sent(team.bob, ev.CheckinAnswered(checkin="ci-1", day=day, message=f"m-{n}",
                                          answers=(words,)))  # fmt: skip
    ws = team.bobs_replica()
    checkin = rituals.checkin(ws.db, "ci-1")
    assert checkin is not None
    (bob,) = [p for p in rituals.occurrence(ws.db, ws.team(), checkin, day, NOW).people
              if p.member == team.bob.member]  # fmt: skip
    assert bob.state == "answered"


def test_anyone_may_tick_an_action_item_off_or_open_it_again(team: Team) -> None:
    # The command layer's rule too: done and undone are anyone's to say.
    sent(team.ana, ev.ActionCreated(action="x-1", thread="t-plan", text="Ship",
                                    owner=team.bob.member))  # fmt: skip
    for done in (True, True, False):
        sent(team.mal, ev.ActionDone(action="x-1", done=done))
    (item,) = rituals.action_items(team.bobs_replica().db, NOW)
    assert not item.done


# -- numbers no client sends ------------------------------------------------------------


def _ask_within(amount: int) -> dict[str, object]:
    return {"kind": "ask.created", "ask": f"a-{amount}", "thread": "t-plan",
            "asked": "bob", "within": {"amount": amount, "unit": "h"}}  # fmt: skip


@pytest.mark.parametrize("amount", [-1, 0])
def test_a_reply_window_of_no_time_or_less_is_a_400(team: Team, amount: int) -> None:
    assert raw(team.mal, _ask_within(amount)).status_code == 400


@pytest.mark.parametrize("amount", [10**18, 2**63, 2**64])
def test_a_reply_window_longer_than_any_calendar_is_a_400_and_bob_syncs_on(
    team: Team, amount: int
) -> None:
    assert raw(team.mal, _ask_within(amount)).status_code == 400
    assert queries.asks(team.bobs_replica().db, team.bobs_replica().team(), NOW) == []


@pytest.mark.parametrize(
    "due",
    [datetime(9999, 12, 31, 23, 59, tzinfo=timezone(timedelta(hours=-12))),
     datetime(1, 1, 1, 0, 0, tzinfo=timezone(timedelta(hours=14)))],
    ids=["year-10000-in-utc", "before-year-1-in-utc"],
)  # fmt: skip
def test_an_action_item_due_where_no_reader_can_show_it_is_a_400(team: Team, due: datetime) -> None:
    # Stored, it stopped Bob's action items from showing at all ("year 10000 is
    # out of range").
    answer = post(team.mal, ev.ActionCreated(action="x-far", thread="t-plan", text="Later",
                                             owner=team.bob.member, due=due))  # fmt: skip
    assert answer.status_code == 400 and "between the years 1 and 9999" in answer.text
    assert rituals.action_items(team.bobs_replica().db, NOW) == []


@pytest.mark.parametrize(
    ("kind", "field"),
    [("status.set", {"state": "off", "until": "9999-12-31T23:59:00-12:00"}),
     ("status.set", {"state": "off", "until": "2026-11-21T09:00:00"}),
     ("read.marked", {"thread": "t-plan", "upto": "0001-01-01T00:00:00+14:00"})],
    ids=["status-until-year-10000", "status-until-with-no-zone", "read-before-year-1"],
)  # fmt: skip
def test_an_instant_with_no_zone_or_beyond_the_years_1_to_9999_is_a_400(
    team: Team, kind: str, field: dict[str, object]
) -> None:
    assert raw(team.mal, {"kind": kind, **field}).status_code == 400


def test_a_due_time_in_the_year_9999_is_far_but_fine(team: Team) -> None:
    far = datetime(9999, 1, 1, tzinfo=UTC)
    sent(team.mal, ev.ActionCreated(action="x-far", thread="t-plan", text="Some day",
                                    owner=team.bob.member, due=far))  # fmt: skip
    ws = team.bobs_replica()
    (item,) = rituals.action_items(ws.db, NOW)
    assert item.due == far
    entries = ritual_views.action_entries(ws.db, ws.team(), team.bob.member, NOW)
    assert "9999" in str([e.lines for e in entries])


# -- people named where they cannot read ------------------------------------------------


def _mals_private_channel_with_bob(team: Team) -> None:
    sent(team.mal, ev.ChannelCreated(channel="p-mb", name="mb", private=True,
                                     members=(team.mal.member, team.bob.member)))  # fmt: skip
    sent(team.mal, thread("t-mb", "m-mb", "Between us", "hi", channel="p-mb"))


def test_mal_cannot_open_a_meeting_in_her_private_channel_that_waits_on_ana(team: Team) -> None:
    # Ana cannot read the channel: Bob would see her owe a contribution for ever.
    _mals_private_channel_with_bob(team)
    answer = post(team.mal, ev.MeetingOpened(
        thread="t-meet", channel="p-mb", title="Review", message="m-meet", goal="Ana's work",
        agenda=("it",), participants=(team.bob.member, team.ana.member),
        within=Window(1, "d")))  # fmt: skip
    assert answer.status_code == 409 and "not a member" in answer.json()["message"]
    assert rituals.meeting(team.bobs_replica().db, "t-meet") is None


def test_mal_cannot_ask_ana_for_a_check_in_a_reply_or_a_task_in_her_private_channel(
    team: Team,
) -> None:
    _mals_private_channel_with_bob(team)
    ana = team.ana.member
    for body in (
        ev.CheckinCreated(checkin="ci-mb", channel="p-mb", title="Daily", questions=("?",),
                          schedule=Schedule(at=540), members=(team.bob.member, ana)),
        ev.AskCreated(ask="a-mb", thread="t-mb", asked=ana, within=Window(2, "h")),
        ev.ActionCreated(action="x-mb", thread="t-mb", text="Do it", owner=ana),
    ):  # fmt: skip
        answer = post(team.mal, body)
        assert answer.status_code == 409, body
    ws = team.bobs_replica()
    assert rituals.checkin(ws.db, "ci-mb") is None
    assert queries.asks(ws.db, ws.team(), NOW, asked=ana) == []
    assert rituals.action_items(ws.db, NOW) == []


def test_a_meeting_of_the_private_channels_own_members_is_opened(team: Team) -> None:
    _mals_private_channel_with_bob(team)
    sent(team.mal, ev.MeetingOpened(
        thread="t-meet", channel="p-mb", title="Review", message="m-meet", goal="Ours",
        agenda=("it",), participants=(team.bob.member, team.mal.member)))  # fmt: skip
    assert rituals.meeting(team.bobs_replica().db, "t-meet") is not None


# -- names that are not what they seem --------------------------------------------------


@pytest.mark.parametrize("private", [False, True])
def test_mal_cannot_make_a_second_general_beside_anas(team: Team, private: bool) -> None:
    # Bob's `post --channel general` would pick either of two #general.
    members = (team.mal.member, team.bob.member) if private else ()
    answer = post(team.mal, ev.ChannelCreated(channel="c-fake", name="General",
                                              private=private, members=members))  # fmt: skip
    assert answer.status_code == 409
    names = [c.name for c in queries.channels(team.bobs_replica().db)]
    assert names == ["general"]


def test_creating_general_again_with_its_own_id_changes_nothing(team: Team) -> None:
    sent(team.mal, ev.ChannelCreated(channel="c-general", name="hacked", topic="new topic"))
    (channel,) = queries.channels(team.bobs_replica().db)
    assert channel.name == "general"


# -- text meant for the terminal --------------------------------------------------------

HOSTILE = "gen\x1b[2J\x1b]52;c;ZWNobyBoaQ==\x07eral \u202eevil\u202c \x9b31m"
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def test_escape_sequences_and_bidi_overrides_mal_posts_reach_bobs_cli_made_harmless(
    server: RunningServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Stored as written: the server keeps what people wrote, readers clean it.
    mal = server.join("mal")
    sent(mal, ev.ProfileSet(name="Mal " + HOSTILE, handle="mal", tz="UTC"))
    sent(mal, ev.ChannelCreated(channel="c-x", name=HOSTILE, topic=HOSTILE))
    sent(mal, thread("T-HOSTILE1", "m-x", HOSTILE, HOSTILE, channel="c-x"))
    sent(mal, ev.StatusSet(state="away", text=HOSTILE, emoji="\x1b[5m"))
    operator = ServerLog(server.db)
    try:
        code = operator.add_member("bob", "Bob")[1]
    finally:
        operator.close()
    monkeypatch.setenv("ASYNCTUI_CONFIG_DIR", str(tmp_path / "bob-config"))
    monkeypatch.setenv("ASYNCTUI_DATA_DIR", str(tmp_path / "bob-data"))
    monkeypatch.setenv("ASYNCTUI_NOW", NOW.isoformat())
    monkeypatch.setenv("ASYNCTUI_JOIN_CODE", code)
    config = ["--config", str(tmp_path / "bob.toml")]
    assert main([*config, "init", "--server", server.url, "--tz", "UTC"]) in (0, None)
    for command in (["threads"], ["channels"], ["team"], ["status"], ["show", "hostile1"]):
        capsys.readouterr()
        assert main([*config, *command]) in (0, None), command
        shown = capsys.readouterr()
        assert UNSAFE.findall(shown.out + shown.err) == [], command
        assert "eral" in shown.out, command


def test_bobs_replica_folds_an_ask_of_2_to_the_63_hours_a_server_stored_before_it_refused_them(
    team: Team,
) -> None:
    # The server refuses these now; a log written before, or a shared folder, may
    # still hold one, and it stopped every sync of every reader.
    ws = team.bobs_replica()
    body = _ask_within(2**63) | {"ask": "a-old", "asked": team.bob.member}
    line = json.dumps(
        {"id": "old-1", "lamport": 90, "device": "mal-old", "author": team.mal.member,
         "at": "2026-11-20T15:00:00Z", "body": body}
    )  # fmt: skip
    ws.replica.apply([ev.decode(line)])
    (ask,) = queries.asks(ws.db, ws.team(), NOW, asked=team.bob.member)
    assert ask.id == "a-old" and ask.due is None


def test_mal_cannot_turn_anas_thread_into_her_own_meeting(team: Team) -> None:
    # Bob would owe Mal a contribution in Ana's thread, under Mal's title.
    hijack = ev.MeetingOpened(
        thread="t-plan", channel="c-general", title="Mine now", message="m-plan", goal="x",
        agenda=("a",), participants=(team.bob.member,), within=Window(1, "h"))  # fmt: skip
    answer = post(team.mal, hijack)
    assert answer.status_code == 409 and "exists already" in answer.json()["message"]
    assert rituals.meeting(team.bobs_replica().db, "t-plan") is None


def test_a_meeting_sent_again_after_a_lost_answer_gets_its_first_sequence(team: Team) -> None:
    opened = team.ana.event(ev.MeetingOpened(
        thread="t-new", channel="c-general", title="Retro", message="m-new", goal="Learn",
        agenda=("a",), participants=(team.bob.member,)))  # fmt: skip
    first = post_events(team.ana, [opened])
    again = post_events(team.ana, [opened])
    assert first.status_code == again.status_code == 200
    assert first.json() == again.json()


# -- an ask's life, following, muting and snoozing, as Mal would send them ------------


def _anas_ask_of_bob(team: Team) -> None:
    sent(team.ana, ev.AskCreated(ask="a-1", thread="t-plan", asked=team.bob.member,
                                 within=Window(8, "h")))  # fmt: skip


@pytest.mark.parametrize(
    "body",
    [
        {"kind": "ask.handed", "ask": "a-1", "to": "m-mal",
         "within": {"amount": 10**9, "unit": "h"}},
        {"kind": "ask.handed", "ask": "a-1", "to": "m-mal", "within": {"amount": -4, "unit": "h"}},
        {"kind": "ask.acknowledged", "ask": "a-1", "by": "9999-12-31T23:00:00Z"},
        {"kind": "ask.acknowledged", "ask": "a-1", "by": "2026-11-21T09:00:00"},
        {"kind": "snooze.set", "target": "t-plan", "until": "0001-01-01T00:00:00Z"},
        {"kind": "attention.set", "target": "t-plan", "scope": "thread", "mode": "loud"},
        {"kind": "attention.set", "target": "t-plan", "scope": "galaxy", "mode": "mute"},
    ],
)  # fmt: skip
def test_numbers_and_instants_no_reader_can_use_are_a_400(
    team: Team, body: Mapping[str, object]
) -> None:
    _anas_ask_of_bob(team)
    assert raw(team.mal, body).status_code == 400
    ws = team.bobs_replica()
    (owed,) = queries.asks(ws.db, ws.team(), NOW, asked=team.bob.member)
    assert (owed.state, owed.promised) == ("open", None)


def test_mal_replaying_her_step_id_with_another_step_is_refused(team: Team) -> None:
    _anas_ask_of_bob(team)
    first = team.mal.event(ev.SnoozeSet(target="t-plan", until=NOW + timedelta(hours=1)))
    assert post_events(team.mal, [first]).status_code == 200
    again = msgspec.structs.replace(first, body=ev.AskDeclined(ask="a-1", reason="No"))
    assert post_events(team.mal, [again]).status_code == 409


def test_mal_cannot_name_as_the_answer_a_message_of_a_channel_she_alone_reads(
    team: Team,
) -> None:
    _mals_private_channel_with_bob(team)
    _anas_ask_of_bob(team)
    answer = post(team.mal, ev.AskAnswered(ask="a-1", message="m-mb"))
    assert answer.status_code == 404
    ws = team.bobs_replica()
    (owed,) = queries.asks(ws.db, ws.team(), NOW, asked=team.bob.member)
    assert owed.state == "open"


def test_mal_cannot_follow_or_snooze_what_she_cannot_read(team: Team) -> None:
    sent(team.ana, ev.ChannelCreated(channel="p-ab", name="ab", private=True,
                                     members=(team.ana.member, team.bob.member)))  # fmt: skip
    sent(team.ana, thread("t-ab", "m-ab", "Just us", "hi", channel="p-ab"))
    for body in (
        ev.AttentionSet(target="t-ab", scope="thread", mode="follow"),
        ev.AttentionSet(target="p-ab", scope="channel", mode="mute"),
        ev.SnoozeSet(target="t-ab", until=NOW + timedelta(hours=1)),
    ):
        assert post(team.mal, body).status_code == 404, body


def test_control_characters_in_a_decline_reach_bobs_screen_inert(team: Team) -> None:
    sent(team.mal, ev.AskCreated(ask="a-m", thread="t-plan", asked=team.bob.member,
                                 within=Window(8, "h")))  # fmt: skip
    reason = "\x1b[2J\x1b]52;c;aGk=\x07busy\u202e"
    team.bob.lamport = team.mal.lamport  # Bob has seen the ask: his step comes after it
    sent(team.bob, ev.AskDeclined(ask="a-m", reason=reason))
    ws = team.bobs_replica()
    from asynctui.client.words import ask_line

    (declined,) = queries.asks(ws.db, ws.team(), NOW, open_only=False, asker=team.mal.member)
    line = ask_line(ws.team(), declined, "Europe/Berlin", NOW)
    assert line.startswith("Asked @bob · declined: ") and "busy" in line
    assert not re.search(r"[\x00-\x1f\x7f\u202e]", line)
