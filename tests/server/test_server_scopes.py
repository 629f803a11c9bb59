"""The server's in-memory copy of the channels and objects (``ServerLog.cache_scopes``)
answers as the tables would, also after another process wrote the file; and the
writer's check of event ids against their authors."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from asynctui.core.events import ChannelCreated, Event, MessagePosted, Payload, ThreadOpened
from asynctui.core.ids import new_id
from asynctui.server.log import Identity, Refused, ServerLog


def _event(author: str, body: Payload, *, device: str = "") -> Event:
    return Event(
        id=new_id(), lamport=1, device=device or f"{author}-laptop", author=author,
        at=datetime(2026, 11, 20, 15, 0, tzinfo=UTC), body=body,
    )  # fmt: skip


def _private(author: str, other: str, channel: str, thread: str) -> list[Event]:
    return [
        _event(author, ChannelCreated(channel=channel, name="p", private=True,
                                      members=(author, other))),
        _event(author, ThreadOpened(thread=thread, channel=channel, title="t",
                                    message=new_id(), body="hi")),
    ]  # fmt: skip


def _append(log: ServerLog, author: str, events: list[Event]) -> list[int] | Refused:
    plan = log.plan(events, author)
    return log.append_checked([events], [plan])[0]


def test_what_was_imported_before_the_start_is_known(tmp_path: Path) -> None:
    db = tmp_path / "team.db"
    importer = ServerLog(db)
    importer.append_many([_private("ana", "bob", "p1", "t1")])
    importer.close()
    log = ServerLog(db)
    log.cache_scopes()
    said = new_id()
    reply = _event("bob", MessagePosted(message=said, thread="t1", body="yes"))
    assert isinstance(_append(log, "bob", [reply]), list)
    with pytest.raises(Refused) as outsider:
        log.plan([_event("cy", MessagePosted(message=new_id(), thread="t1", body="x"))], "cy")
    assert outsider.value.status == 404
    moved = _event("ana", ThreadOpened(thread="t9", channel="p1", title="t", message=said,
                                       body="x"))  # fmt: skip
    with pytest.raises(Refused) as reuse:
        log.plan([moved], "ana")
    assert reuse.value.status == 409


def test_what_another_process_adds_while_serving_is_seen(tmp_path: Path) -> None:
    db = tmp_path / "team.db"
    log = ServerLog(db)
    log.cache_scopes()
    assert isinstance(_append(log, "ana", [_event("ana", ChannelCreated(channel="c", name="c"))]),
                      list)  # fmt: skip
    other = ServerLog(db)  # another connection, as `asynctui admin import` would be
    other.append_many([_private("ana", "bob", "p2", "t2")])
    other.close()
    # A miss of the memory copy asks SQLite.
    reply = _event("bob", MessagePosted(message=new_id(), thread="t2", body="yes"))
    with pytest.raises(Refused):
        log.plan([_event("cy", MessagePosted(message=new_id(), thread="t2", body="x"))], "cy")
    assert isinstance(_append(log, "bob", [reply]), list)
    # The writer loaded the copy again: a new id clashing with an imported one is refused.
    assert log._scopes is not None and "t2" in log._scopes.objects
    clash = _event("ana", ThreadOpened(thread="t2", channel="c", title="t", message=new_id(),
                                       body="x"))  # fmt: skip
    with pytest.raises(Refused) as moved:
        log.plan([clash], "ana")
    assert moved.value.status == 409


def test_an_id_of_another_author_refuses_only_its_batch_in_a_group(tmp_path: Path) -> None:
    log = ServerLog(tmp_path / "team.db")
    log.cache_scopes()
    ana = _event("ana", ChannelCreated(channel="a", name="a"))
    bob = _event("bob", ChannelCreated(channel="b", name="b"))
    stolen = Event(**{**{f: getattr(bob, f) for f in bob.__struct_fields__}, "id": ana.id})
    cy = _event("cy", ChannelCreated(channel="c", name="c"))
    batches = [[ana], [stolen], [cy]]
    out = log.append_checked(batches, [log.plan(b, b[0].author) for b in batches])
    assert isinstance(out[0], list) and isinstance(out[2], list)
    assert isinstance(out[1], Refused) and out[1].status == 409 and out[1].index == 0
    assert log._scopes is not None and "b" not in log._scopes.channels
    assert {"a", "c"} <= set(log._scopes.channels)
    rows = log.read(0, 10)[0]
    assert [eid for _, eid, _ in rows] == [ana.id, cy.id]
    # A retry of one's own event returns its original sequence.
    assert log.append_checked([[ana]], [log.plan([ana], "ana")]) == [out[0]]


def test_identities_in_memory_are_forgotten_when_another_process_revokes(
    tmp_path: Path,
) -> None:
    db = tmp_path / "team.db"
    log = ServerLog(db)
    log.cache_identities()
    _, code = log.add_member("ana", "Ana")
    token, _, _ = log.join(code, "ana-laptop")
    _, code = log.add_member("bob", "Bob")
    bobs, _, _ = log.join(code, "bob-laptop")
    assert (who := log.identify(token)) is not None and not who.admin
    assert log.identify(bobs) is not None
    log.append_many([[_event("ana", ChannelCreated(channel="c", name="c"))]])
    log.seen(who.token_hash)
    assert log.identify(token) is not None
    operator = ServerLog(db)  # another connection, as `asynctui admin` is
    operator.set_role("ana", True)
    assert (who := log.identify(token)) is not None and who.admin
    operator.revoke(device="ana-laptop")
    assert log.identify(token) is None
    assert log.identify(bobs) is not None
    operator.close()
    log.revoke(handle="@bob")  # on the same connection
    assert log.identify(bobs) is None


def test_a_group_commit_refuses_only_the_batch_whose_token_was_revoked_meanwhile(
    tmp_path: Path,
) -> None:
    db = tmp_path / "team.db"
    log = ServerLog(db)
    log.cache_scopes()
    log.cache_identities()
    tokens: dict[str, Identity] = {}
    for handle in ("ana", "bob"):
        _, code = log.add_member(handle, handle.title())
        token, who, _ = log.join(code, f"{handle}-laptop")
        assert log.identify_cached(token) == who  # now in memory
        tokens[handle] = who
    ana = _event(tokens["ana"].member, ChannelCreated(channel="c-ana", name="a"))
    bob = _event(tokens["bob"].member, ChannelCreated(channel="c-bob", name="b"))
    operator = ServerLog(db)  # `asynctui admin revoke`, another process
    operator.revoke(device="bob-laptop")
    operator.close()
    out = log.append_checked(
        [[ana], [bob]],
        [log.plan([ana], ana.author), log.plan([bob], bob.author)],
        [tokens["ana"].token_hash, tokens["bob"].token_hash],
    )
    assert isinstance(out[0], list) and len(out[0]) == 1
    assert isinstance(out[1], Refused) and out[1].status == 401
    rows, _ = log.read(0, 10, None)
    assert [eid for _, eid, _ in rows] == [ana.id]
