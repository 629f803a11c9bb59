"""Shape checks of the server store's HTTP side on httpx.MockTransport (no server).

What a real server does is tested in test_server_store.py; these cover answers a
real server of ours does not give: hostile text, odd Retry-After forms, bodies
too large for it.
"""

from __future__ import annotations

import json

import httpx
import pytest
from store_fixtures import make_event

from asynctui.stores.base import EventRefused, StoreError, StoreUnavailable
from asynctui.stores.server import ServerStore, check_url


def store_answering(handler: httpx.MockTransport) -> ServerStore:
    return ServerStore("http://chat.test", "secret-token", "alice-laptop", transport=handler)


def test_hostile_text_from_a_server_reaches_the_user_as_one_printable_line() -> None:
    evil = "bad\n\x1b]52;c;aGk=\x07thing\x1b[2J" + "x" * 500
    transport = httpx.MockTransport(
        lambda request: httpx.Response(500, json={"error": "boom", "message": evil})
    )
    with pytest.raises(StoreUnavailable) as error:
        store_answering(transport).read_after("")
    message = str(error.value)
    assert message.isprintable() and "\x1b" not in message
    assert len(message) < 300
    assert "secret-token" not in message


@pytest.mark.parametrize(
    ("header", "seconds"),
    [("7", 7.0), ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0), ("soon", None), ("1e99", 3600.0)],
)
def test_a_busy_server_says_when_to_come_back_in_any_form(
    header: str, seconds: float | None
) -> None:
    transport = httpx.MockTransport(
        lambda request: httpx.Response(503, headers={"Retry-After": header})
    )
    with pytest.raises(StoreUnavailable) as busy:
        store_answering(transport).read_after("")
    assert busy.value.retry_after == seconds


def test_a_long_outbox_goes_in_batches_of_five_hundred() -> None:
    sizes: list[int] = []

    def handle(request: httpx.Request) -> httpx.Response:
        count = len(json.loads(request.content)["events"])
        sizes.append(count)
        return httpx.Response(200, json={"seqs": list(range(count))})

    store_answering(httpx.MockTransport(handle)).append([make_event() for _ in range(1_201)])
    assert sizes == [500, 500, 201]


def test_a_batch_too_large_as_a_whole_is_halved_until_the_culprit_is_named() -> None:
    def handle(request: httpx.Request) -> httpx.Response:
        events = json.loads(request.content)["events"]
        if any(e["body"]["body"] == "huge" for e in events):
            return httpx.Response(413, json={"error": "too_large", "message": "too big"})
        return httpx.Response(200, json={"seqs": list(range(len(events)))})

    batch = [make_event(body="ok") for _ in range(5)] + [make_event(body="huge")]
    with pytest.raises(EventRefused) as refused:
        store_answering(httpx.MockTransport(handle)).append(batch)
    assert refused.value.index == 5


def test_an_answer_that_is_not_the_protocol_is_unavailable_not_a_crash() -> None:
    transport = httpx.MockTransport(lambda request: httpx.Response(200, text="<html>portal</html>"))
    with pytest.raises(StoreUnavailable):
        store_answering(transport).read_after("")
    with pytest.raises(StoreUnavailable):
        store_answering(transport).append([make_event()])


@pytest.mark.parametrize(
    "url", ["", "chat.example.com", "file:///etc", "http://a:b@host", "http://h?x=1"]
)
def test_what_is_not_a_server_url_is_refused(url: str) -> None:
    with pytest.raises(StoreError):
        check_url(url)


def test_a_server_url_loses_its_trailing_slash() -> None:
    assert check_url(" https://chat.example.com/ ") == "https://chat.example.com"
