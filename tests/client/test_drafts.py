"""Drafts: what someone typed and did not send is never lost."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from replica_history import realistic_history

from asynctui.client.drafts import NEW_THREAD, Drafts
from asynctui.client.replica import Replica

T = datetime(2026, 11, 18, 15, 0, tzinfo=UTC)


def test_a_draft_typed_in_a_thread_is_there_after_a_restart(tmp_path: Path) -> None:
    replica = Replica(tmp_path / "replica.db")
    Drafts(replica.db).put("THREAD01", "Half a thought about the launch")
    replica.close()

    reopened = Replica(tmp_path / "replica.db")
    assert Drafts(reopened.db).get("THREAD01") == "Half a thought about the launch"


def test_a_thread_without_a_draft_has_an_empty_compose_box(tmp_path: Path) -> None:
    assert Drafts(Replica(tmp_path / "replica.db").db).get("THREAD01") == ""


def test_typing_more_replaces_the_draft(tmp_path: Path) -> None:
    drafts = Drafts(Replica(tmp_path / "replica.db").db)
    drafts.put("THREAD01", "Half")
    drafts.put("THREAD01", "Half a thought")
    assert drafts.get("THREAD01") == "Half a thought"
    assert drafts.all() == {"THREAD01": "Half a thought"}


def test_clearing_the_compose_box_deletes_the_draft(tmp_path: Path) -> None:
    drafts = Drafts(Replica(tmp_path / "replica.db").db)
    drafts.put("THREAD01", "Half a thought")
    drafts.put("THREAD01", "")
    assert drafts.get("THREAD01") == ""
    assert drafts.all() == {}


def test_a_compose_box_of_only_spaces_keeps_no_draft(tmp_path: Path) -> None:
    drafts = Drafts(Replica(tmp_path / "replica.db").db)
    drafts.put("THREAD01", "Half")
    drafts.put("THREAD01", "  \n\t")
    assert drafts.all() == {}


def test_sending_forgets_the_draft(tmp_path: Path) -> None:
    drafts = Drafts(Replica(tmp_path / "replica.db").db)
    drafts.put("THREAD01", "Ready to send")
    drafts.delete("THREAD01")
    assert drafts.get("THREAD01") == ""


def test_the_new_thread_box_keeps_a_draft_of_its_own(tmp_path: Path) -> None:
    drafts = Drafts(Replica(tmp_path / "replica.db").db)
    drafts.put(NEW_THREAD, "Title idea: Q3 offsite")
    drafts.put("THREAD01", "A reply")
    assert drafts.get(NEW_THREAD) == "Title idea: Q3 offsite"
    assert drafts.get("THREAD01") == "A reply"


def test_all_drafts_come_most_recently_typed_first(tmp_path: Path) -> None:
    drafts = Drafts(Replica(tmp_path / "replica.db").db)
    drafts.put("OLDER", "typed first", at=T)
    drafts.put("NEWER", "typed last", at=T + timedelta(minutes=5))
    drafts.put(NEW_THREAD, "in between", at=T + timedelta(minutes=2))
    assert list(drafts.all()) == ["NEWER", NEW_THREAD, "OLDER"]


def test_a_draft_keeps_every_character_typed(tmp_path: Path) -> None:
    drafts = Drafts(Replica(tmp_path / "replica.db").db)
    text = "  line one\n\n  indented — ünïcödé 🎉\ttab  "
    drafts.put("THREAD01", text)
    assert drafts.get("THREAD01") == text


def test_drafts_are_private_to_this_device_and_make_no_events(tmp_path: Path) -> None:
    replica = Replica(tmp_path / "replica.db")
    Drafts(replica.db).put("THREAD01", "not for anyone yet")
    assert replica.outbox() == []
    (messages,) = replica.db.execute("SELECT count(*) FROM messages").fetchone()
    assert messages == 0


def test_a_rebuild_of_the_replica_keeps_the_drafts(tmp_path: Path) -> None:
    replica = Replica(tmp_path / "replica.db")
    replica.apply(realistic_history())
    drafts = Drafts(replica.db)
    drafts.put("THREAD01", "still here")
    drafts.put(NEW_THREAD, "me too")

    replica.rebuild()

    assert drafts.all() == {NEW_THREAD: "me too", "THREAD01": "still here"}


def test_a_replica_made_before_drafts_existed_gets_them_when_opened(tmp_path: Path) -> None:
    replica = Replica(tmp_path / "replica.db")
    replica.db.execute("DROP TABLE drafts")
    replica.close()

    reopened = Replica(tmp_path / "replica.db")
    Drafts(reopened.db).put("THREAD01", "kept")
    assert Drafts(reopened.db).get("THREAD01") == "kept"
