"""The replica's rules: last writer wins, who answers an ask, edits, search, pauses."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from replica_history import ANA, BOB, CY, event

from asynctui.client import queries
from asynctui.client.replica import Replica
from asynctui.client.team import Team
from asynctui.core.events import (
    AskCancelled,
    AskCreated,
    HoursSet,
    MessageEdited,
    MessagePosted,
    ProfileSet,
    StatusSet,
    ThreadOpened,
)
from asynctui.core.hours import Hours, Window

NY = ZoneInfo("America/New_York")
T = datetime(2026, 11, 18, 15, 0, tzinfo=UTC)  # Wednesday 10:00 in New York
THREAD, ASK = "THREAD01", "ASK00001"


@pytest.fixture
def replica(tmp_path: Path) -> Replica:
    r = Replica(tmp_path / "replica.db")
    r.apply(
        [
            event(ANA, "ana-laptop", 1, ProfileSet(name="Ana", handle="ana", tz="Europe/Berlin")),
            event(BOB, "bob-desk", 1, ProfileSet(name="Bob", handle="bob", tz="America/New_York")),
            event(CY, "cy-laptop", 1, ProfileSet(name="Cy", handle="cy", tz="Asia/Seoul")),
        ]
    )
    return r


def _thread(replica: Replica, lamport: int = 2) -> None:
    replica.apply(
        [
            event(
                ANA,
                "ana-laptop",
                lamport,
                ThreadOpened(
                    thread=THREAD, channel="c-x", title="Plan", message="MSG00001", body="Plan v1"
                ),
                at=T,
            )
        ]
    )


def _ask(replica: Replica, lamport: int = 4, asked: str = BOB, within: str = "8h") -> None:
    window = Window(int(within[:-1]), within[-1])  # type: ignore[arg-type]
    replica.apply(
        [
            event(
                ANA,
                "ana-laptop",
                lamport,
                AskCreated(ask=ASK, thread=THREAD, asked=asked, within=window),
                at=T,
            )
        ]
    )


def _say(replica: Replica, author: str, lamport: int, message: str, body: str = "ok") -> None:
    device = {ANA: "ana-laptop", BOB: "bob-desk", CY: "cy-laptop"}[author]
    replica.apply(
        [
            event(
                author,
                device,
                lamport,
                MessagePosted(message=message, thread=THREAD, body=body),
                at=T + timedelta(minutes=lamport),
            )
        ]
    )


def _answer(replica: Replica) -> str | None:
    row = replica.db.execute("SELECT answered_by FROM asks WHERE id = ?", (ASK,)).fetchone()
    return None if row is None else row[0]


# -- last writer wins ----------------------------------------------------------------


def test_an_older_profile_arriving_later_does_not_overwrite_the_newer(replica: Replica) -> None:
    replica.apply([event(ANA, "ana-phone", 7, ProfileSet(name="Ana New", handle="ana", tz="UTC"))])
    replica.apply([event(ANA, "ana-laptop", 5, ProfileSet(name="Ana Old", handle="ana", tz="UTC"))])
    assert Team(replica.db).name(ANA) == "Ana New"


def test_at_the_same_lamport_time_the_greater_device_wins(replica: Replica) -> None:
    replica.apply([event(ANA, "ana-b", 7, ProfileSet(name="From B", handle="ana", tz="UTC"))])
    replica.apply([event(ANA, "ana-a", 7, ProfileSet(name="From A", handle="ana", tz="UTC"))])
    assert Team(replica.db).name(ANA) == "From B"


def test_older_hours_arriving_later_do_not_overwrite_the_newer(replica: Replica) -> None:
    replica.apply([event(BOB, "bob-desk", 9, HoursSet(hours=Hours(promise=Window(2, "h"))))])
    replica.apply([event(BOB, "bob-desk", 3, HoursSet(hours=Hours(promise=Window(3, "d"))))])
    assert Team(replica.db).hours(BOB).promise == Window(2, "h")


def test_an_older_status_arriving_later_is_not_the_current_one(replica: Replica) -> None:
    replica.apply([event(BOB, "bob-desk", 9, StatusSet(state="focus", text="Deep work"), at=T)])
    replica.apply([event(BOB, "bob-phone", 4, StatusSet(state="away", text="Lunch"), at=T)])
    status = Team(replica.db).status(BOB, T)
    assert status is not None and (status.state, status.text) == ("focus", "Deep work")


def test_an_expired_status_is_no_status(replica: Replica) -> None:
    replica.apply(
        [event(BOB, "bob-desk", 9, StatusSet(state="focus", until=T + timedelta(minutes=50)))]
    )
    team = Team(replica.db)
    assert team.status(BOB, T) is not None
    assert team.status(BOB, T + timedelta(hours=1)) is None


# -- who answers an ask --------------------------------------------------------------


def test_a_reply_by_bob_answers_the_ask_made_of_him(replica: Replica) -> None:
    _thread(replica)
    _ask(replica)
    _say(replica, BOB, 6, "MSG00006")
    assert _answer(replica) == "MSG00006"
    assert queries.asks(replica.db, Team(replica.db), T + timedelta(hours=1), asked=BOB) == []


def test_a_reply_by_someone_else_does_not_answer_bobs_ask(replica: Replica) -> None:
    _thread(replica)
    _ask(replica)
    _say(replica, CY, 6, "MSG00006")
    _say(replica, ANA, 7, "MSG00007")
    assert _answer(replica) is None
    owed = queries.asks(replica.db, Team(replica.db), T + timedelta(hours=1), asked=BOB)
    assert [a.id for a in owed] == [ASK]


def test_bobs_message_from_before_the_ask_does_not_answer_it(replica: Replica) -> None:
    _thread(replica)
    _say(replica, BOB, 3, "MSG00003")
    _ask(replica, lamport=4)
    assert _answer(replica) is None


def test_a_late_arriving_earlier_reply_takes_the_answers_place(replica: Replica) -> None:
    _thread(replica)
    _ask(replica, lamport=4)
    _say(replica, BOB, 9, "MSG00009")
    assert _answer(replica) == "MSG00009"
    _say(replica, BOB, 6, "MSG00006")
    assert _answer(replica) == "MSG00006"
    (answered_at,) = replica.db.execute("SELECT answered_at FROM asks").fetchone()
    assert answered_at == int((T + timedelta(minutes=6)).timestamp() * 1000)


def test_a_reply_that_arrived_before_the_ask_answers_it_once_the_ask_arrives(
    replica: Replica,
) -> None:
    _thread(replica)
    _say(replica, BOB, 6, "MSG00006")
    _ask(replica, lamport=4)
    assert _answer(replica) == "MSG00006"


def test_only_the_asker_can_cancel_an_ask(replica: Replica) -> None:
    _thread(replica)
    _ask(replica)
    replica.apply([event(BOB, "bob-desk", 5, AskCancelled(ask=ASK))])
    replica.apply([event(CY, "cy-laptop", 6, AskCancelled(ask=ASK))])
    team = Team(replica.db)
    assert [a.id for a in queries.asks(replica.db, team, T, asked=BOB)] == [ASK]
    replica.apply([event(ANA, "ana-laptop", 7, AskCancelled(ask=ASK))])
    assert queries.asks(replica.db, team, T, asked=BOB) == []
    (row,) = queries.asks(replica.db, team, T, asked=BOB, open_only=False)
    assert row.cancelled


# -- edits ---------------------------------------------------------------------------


def _body(replica: Replica) -> str:
    return queries.messages(replica.db, THREAD)[0].body


def test_only_the_author_can_edit_a_message(replica: Replica) -> None:
    _thread(replica)
    replica.apply([event(BOB, "bob-desk", 5, MessageEdited(message="MSG00001", body="Hijacked"))])
    assert _body(replica) == "Plan v1"
    assert queries.messages(replica.db, THREAD)[0].edited_at is None
    assert queries.search(replica.db, "hijacked") == []


def test_the_newer_edit_wins_whatever_arrives_last(replica: Replica) -> None:
    _thread(replica)
    replica.apply([event(ANA, "ana-phone", 8, MessageEdited(message="MSG00001", body="Plan v3"))])
    replica.apply([event(ANA, "ana-laptop", 5, MessageEdited(message="MSG00001", body="Plan v2"))])
    assert _body(replica) == "Plan v3"
    assert queries.messages(replica.db, THREAD)[0].edited_at is not None


def test_search_finds_the_edited_text_and_not_the_old(replica: Replica) -> None:
    _thread(replica)
    replica.apply(
        [event(ANA, "ana-laptop", 5, MessageEdited(message="MSG00001", body="Roadmap pricing"))]
    )
    assert [h.message for h in queries.search(replica.db, "pricing")] == ["MSG00001"]
    assert queries.search(replica.db, "plan v1") == []
    replica.db.execute("INSERT INTO search (search) VALUES ('integrity-check')")


def test_an_edit_and_its_message_in_one_batch_index_the_new_text(tmp_path: Path) -> None:
    replica = Replica(tmp_path / "replica.db")
    replica.apply(
        [
            event(ANA, "ana-laptop", 3, MessageEdited(message="MSG00001", body="Roadmap pricing")),
            event(
                ANA,
                "ana-laptop",
                2,
                ThreadOpened(
                    thread=THREAD, channel="c-x", title="Plan", message="MSG00001", body="Plan v1"
                ),
            ),
        ]
    )
    assert [h.message for h in queries.search(replica.db, "roadmap")] == ["MSG00001"]
    assert queries.search(replica.db, "plan") == []
    replica.db.execute("INSERT INTO search (search) VALUES ('integrity-check')")


# -- search --------------------------------------------------------------------------


@pytest.fixture
def searchable(replica: Replica) -> Replica:
    _thread(replica)
    _say(replica, BOB, 5, "MSG00005", 'Deployment "tonight" AND maybe NEAR(the end) - pre-flight*')
    return replica


def test_search_finds_words_by_their_beginning(searchable: Replica) -> None:
    assert [h.message for h in queries.search(searchable.db, "deploy")] == ["MSG00005"]
    assert [h.message for h in queries.search(searchable.db, "DEPLOY toni")] == ["MSG00005"]
    assert queries.search(searchable.db, "deploy nothinglikethis") == []


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '"tonight',
        "tonight\"'",
        "*",
        "pre*",
        "AND",
        "OR",
        "NOT",
        "NEAR(",
        "NEAR(the end)",
        "-",
        "pre-flight",
        "^",
        ":",
        "(",
        ")",
        "body:tonight",
        "{body}",
        "a'b",
    ],
)
def test_search_is_safe_with_fts_syntax_in_the_query(searchable: Replica, query: str) -> None:
    hits = queries.search(searchable.db, query)
    assert all(h.message in ("MSG00001", "MSG00005") for h in hits)


def test_search_treats_fts_words_as_plain_words(searchable: Replica) -> None:
    assert [h.message for h in queries.search(searchable.db, '"tonight"')] == ["MSG00005"]
    assert [h.message for h in queries.search(searchable.db, "NEAR(the")] == ["MSG00005"]
    assert [h.message for h in queries.search(searchable.db, "AND maybe")] == ["MSG00005"]


@pytest.mark.parametrize("query", ["", "   ", "\t\n"])
def test_an_empty_search_finds_nothing(searchable: Replica, query: str) -> None:
    assert queries.search(searchable.db, query) == []


# -- pauses --------------------------------------------------------------------------


def _status(
    replica: Replica, lamport: int, state: str, at: datetime, until: datetime | None
) -> None:
    replica.apply(
        [event(BOB, "bob-desk", lamport, StatusSet(state=state, until=until), at=at)]  # type: ignore[arg-type]
    )


def test_an_off_status_with_an_end_pauses_the_clock(replica: Replica) -> None:
    until = T + timedelta(hours=20)
    _status(replica, 3, "off", T, until)
    assert Team(replica.db).pauses(BOB) == [(T, until)]


def test_a_new_status_before_the_end_ends_the_pause_early(replica: Replica) -> None:
    _status(replica, 3, "off", T, T + timedelta(hours=20))
    _status(replica, 4, "available", T + timedelta(hours=2), None)
    assert Team(replica.db).pauses(BOB) == [(T, T + timedelta(hours=2))]


def test_an_off_status_without_an_end_does_not_pause(replica: Replica) -> None:
    _status(replica, 3, "off", T, None)
    assert Team(replica.db).pauses(BOB) == []


def test_out_of_office_pauses_and_focus_does_not(replica: Replica) -> None:
    _status(replica, 3, "focus", T, T + timedelta(hours=1))
    _status(replica, 4, "ooo", T + timedelta(hours=1), T + timedelta(hours=5))
    assert Team(replica.db).pauses(BOB) == [(T + timedelta(hours=1), T + timedelta(hours=5))]


def _due(replica: Replica) -> datetime:
    (row,) = queries.asks(replica.db, Team(replica.db), T, asked=BOB)
    assert row.due is not None
    return row.due.astimezone(NY)


def test_an_ask_of_someone_off_until_tomorrow_noon_is_due_later(replica: Replica) -> None:
    _thread(replica)
    _ask(replica)
    # Asked Wednesday 10:00 New York, 8 working hours: 7 on Wednesday, 1 on Thursday.
    assert _due(replica) == datetime(2026, 11, 19, 10, 0, tzinfo=NY)
    tomorrow_noon = datetime(2026, 11, 19, 12, 0, tzinfo=NY)
    _status(replica, 5, "off", T, tomorrow_noon)
    # The clock starts Thursday 12:00: 5 hours then, 3 on Friday.
    assert _due(replica) == datetime(2026, 11, 20, 12, 0, tzinfo=NY)


def test_coming_back_early_restarts_the_clock(replica: Replica) -> None:
    _thread(replica)
    _ask(replica)
    _status(replica, 5, "off", T, datetime(2026, 11, 19, 12, 0, tzinfo=NY))
    _status(replica, 6, "available", datetime(2026, 11, 18, 13, 0, tzinfo=NY), None)
    # Working 10:00-13:00 is paused, so 4h on Wednesday (13-17) and 4h on Thursday.
    assert _due(replica) == datetime(2026, 11, 19, 13, 0, tzinfo=NY)
