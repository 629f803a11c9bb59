"""Should this be async? The advice follows the answers, most decisive first."""

from __future__ import annotations

from dataclasses import fields

import pytest

from asynctui.core.advice import QUESTIONS, Situation, advise


def test_news_that_needs_nothing_from_anyone_is_a_written_update() -> None:
    advice = advise(Situation(needs_input=False))
    assert advice.kind == "update"
    assert advice.headline == "Write an update"
    assert "news" in advice.reason


def test_news_is_an_update_even_when_it_feels_urgent() -> None:
    assert advise(Situation(needs_input=False, urgent=True, live_talk=True)).kind == "update"


def test_something_sensitive_is_a_short_call_written_down_afterwards() -> None:
    advice = advise(Situation(sensitive=True))
    assert (advice.kind, advice.headline) == ("call", "Have a short call")
    assert "sensitive" in advice.reason
    assert "write the outcome down afterwards" in advice.reason


def test_bad_news_that_needs_no_answer_is_still_said_in_a_short_call() -> None:
    assert advise(Situation(needs_input=False, sensitive=True)).kind == "call"


def test_something_sensitive_across_time_zones_is_still_a_call_in_shared_hours() -> None:
    advice = advise(Situation(sensitive=True, time_zones=True, urgent=True))
    assert advice.kind == "call"
    assert "time zones" in advice.reason


def test_an_urgent_question_among_people_who_share_hours_is_a_short_call() -> None:
    advice = advise(Situation(urgent=True))
    assert (advice.kind, advice.headline) == ("call", "Have a short call")
    assert "within hours" in advice.reason


def test_an_urgent_question_across_time_zones_is_a_call_with_whoever_is_working_now() -> None:
    advice = advise(Situation(urgent=True, time_zones=True))
    assert advice.kind == "call"
    assert advice.headline == "Call whoever is working now"
    assert "time zones" in advice.reason
    assert "summary" in advice.reason


def test_a_brainstorm_among_people_who_share_hours_is_a_short_call() -> None:
    advice = advise(Situation(live_talk=True))
    assert (advice.kind, advice.headline) == ("call", "Have a short call")
    assert "back-and-forth" in advice.reason


def test_a_brainstorm_across_time_zones_runs_async_with_written_input_first() -> None:
    advice = advise(Situation(live_talk=True, time_zones=True))
    assert advice.kind == "async"
    assert "written input first" in advice.headline
    assert "no shared hours" in advice.reason


@pytest.mark.parametrize("time_zones", [False, True])
def test_a_question_with_no_rush_and_no_live_talk_runs_async_with_agenda_and_deadline(
    time_zones: bool,
) -> None:
    advice = advise(Situation(time_zones=time_zones))
    assert (advice.kind, advice.headline) == ("async", "Run it async")
    assert "agenda" in advice.reason and "deadline" in advice.reason


def test_a_question_across_time_zones_runs_async_because_any_time_is_someones_evening() -> None:
    advice = advise(Situation(time_zones=True))
    assert advice.kind == "async" and "time zones" in advice.reason and "evening" in advice.reason


def test_every_question_asks_about_one_field_of_the_situation_and_each_is_asked_once() -> None:
    asked = [name for name, _ in QUESTIONS]
    assert sorted(asked) == sorted(f.name for f in fields(Situation))
    assert all(question.endswith("?") for _, question in QUESTIONS)


def test_every_answer_gets_advice_with_a_headline_and_a_reason() -> None:
    names = [name for name, _ in QUESTIONS]
    for bits in range(1 << len(names)):
        answers = {name: bool(bits >> i & 1) for i, name in enumerate(names)}
        advice = advise(Situation(**answers))
        assert advice.kind in ("async", "call", "update")
        assert advice.headline and advice.reason.endswith(".")
