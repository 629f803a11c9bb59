"""Light Markdown in a message reads as people meant it, and never carries anything but text."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from asynctui.core.markdown import (
    BOLD,
    CODE,
    ITALIC,
    LINK,
    Block,
    Span,
    has_markdown,
    parse,
    plain,
)
from asynctui.core.text import clean

UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def spans(text: str) -> tuple[Span, ...]:
    """The spans of a one-line message."""
    (block,) = parse(text)
    return block.spans


def test_ship_it_in_double_stars_reads_as_bold_ship_it() -> None:
    assert spans("**ship it**") == (Span("ship it", BOLD),)
    assert spans("__ship it__ now") == (Span("ship it", BOLD), Span(" now"))


def test_one_star_or_underscore_reads_as_italics() -> None:
    assert spans("*soon* and _later_") == (
        Span("soon", ITALIC),
        Span(" and "),
        Span("later", ITALIC),
    )


def test_three_stars_read_as_bold_italics_and_emphasis_nests() -> None:
    assert spans("***both***") == (Span("both", BOLD | ITALIC),)
    assert spans("**a *b* c**") == (Span("a ", BOLD), Span("b", BOLD | ITALIC), Span(" c", BOLD))


def test_snake_case_and_lone_stars_are_shown_as_typed() -> None:
    assert spans("rename snake_case_name please") == (Span("rename snake_case_name please"),)
    assert spans("2 * 3 * 4") == (Span("2 * 3 * 4"),)
    assert spans("**unclosed") == (Span("**unclosed"),)


def test_backticks_make_code_and_nothing_inside_is_read() -> None:
    assert spans("run `make **all**` now") == (
        Span("run "),
        Span("make **all**", CODE),
        Span(" now"),
    )
    assert spans("``a ` tick``") == (Span("a ` tick", CODE),)
    assert spans("a `lone backtick") == (Span("a `lone backtick"),)


def test_a_fenced_block_keeps_its_spaces_and_shows_no_backticks() -> None:
    blocks = parse("Try:\n```sh\n  make   deploy\n\n    --all\n```\ndone")
    assert [b.text for b in blocks] == ["Try:", "  make   deploy", "", "    --all", "done"]
    assert [b.code for b in blocks] == [False, True, True, True, False]
    assert blocks[1].spans == (Span("  make   deploy", CODE),)
    assert "`" not in "".join(b.text for b in blocks)


def test_a_fence_left_open_runs_to_the_end_and_tildes_fence_too() -> None:
    assert [(b.text, b.code) for b in parse("~~~\n**not bold**")] == [("**not bold**", True)]
    assert [(b.text, b.code) for b in parse("```\nx = 1")] == [("x = 1", True)]


def test_quotes_and_quotes_in_quotes() -> None:
    blocks = parse("> they said **no**\n> > first\nme")
    assert [(b.quote, b.text) for b in blocks] == [(1, "they said no"), (2, "first"), (0, "me")]
    assert blocks[0].spans[-1] == Span("no", BOLD)


def test_bulleted_and_numbered_lists_with_nesting_and_a_continued_item() -> None:
    blocks = parse("- one\n* two\n  + nested\n    goes on\n3. three\n10) ten\nafter")
    assert [(b.marker, b.indent, b.text) for b in blocks] == [
        ("•", 0, "one"),
        ("•", 0, "two"),
        ("•", 2, "nested"),
        ("", 4, "goes on"),
        ("3.", 0, "three"),
        ("10)", 0, "ten"),
        ("", 0, "after"),
    ]


def test_a_rule_and_a_heading_are_text_as_typed() -> None:
    assert [b.text for b in parse("---\n* * *\n# Not a heading")] == [
        "---",
        "* * *",
        "# Not a heading",
    ]


def test_links_show_their_text_and_keep_their_url() -> None:
    assert spans("see [the guide](https://example.com/a_(b)) now") == (
        Span("see "),
        Span("the guide", LINK, "https://example.com/a_(b)"),
        Span(" now"),
    )
    assert spans("<https://x.io/path>") == (Span("https://x.io/path", LINK, "https://x.io/path"),)
    assert spans("at https://x.io/a_b_c. Thanks") == (
        Span("at "),
        Span("https://x.io/a_b_c", LINK, "https://x.io/a_b_c"),
        Span(". Thanks"),
    )


def test_only_web_and_mail_links_are_links() -> None:
    assert spans("[x](javascript:alert(1))") == (Span("[x](javascript:alert(1))"),)
    assert spans("<file:///etc/passwd>") == (Span("<file:///etc/passwd>"),)


def test_bold_markup_in_a_message_is_shown_as_typed() -> None:
    assert spans("[bold]x[/] and [b]y[/b]") == (Span("[bold]x[/] and [b]y[/b]"),)
    assert spans("[@click=app.quit]x[/]") == (Span("[@click=app.quit]x[/]"),)


def test_html_is_text() -> None:
    assert spans("<script>alert(1)</script> <b>hi</b>") == (
        Span("<script>alert(1)</script> <b>hi</b>"),
    )


def test_a_backslash_shows_the_mark_itself() -> None:
    assert spans(r"\*not italics\* and \`not code\`") == (Span("*not italics* and `not code`"),)


def test_an_escape_sequence_inside_code_is_stripped() -> None:
    assert spans("run `rm\x1b[2J -rf\x1b]52;c;ZWNobw==\x07 x`") == (
        Span("run "),
        Span("rm -rf x", CODE),
    )
    blocks = parse("```\n\x1b]8;;https://evil.example\x07click\x1b]8;;\x07 me\x9b31m\n```")
    assert blocks == [Block((Span("click me", CODE),), code=True)]


def test_a_message_without_marks_is_its_lines_as_typed() -> None:
    assert parse("Hello team,\n\n  see you at 10.") == [
        Block((Span("Hello team,"),)),
        Block(()),
        Block((Span("  see you at 10."),)),
    ]


def test_plain_text_of_a_message_is_what_it_reads_as() -> None:
    assert plain("**ship it** with `make`\n- one\n> quoted") == "ship it with make\n• one\n> quoted"


def test_thousands_of_unmatched_marks_are_read_quickly_as_typed() -> None:
    text = "*a _b " * 700
    (block,) = parse(text)
    assert block.text == text


TYPED = st.text(alphabet=st.sampled_from("*_`[]()<>\\ \n\t>-+1.#ax~\x1b\x07\x9b\u202e:/hts"))


@given(TYPED)
def test_whatever_is_typed_comes_out_as_clean_text_in_order(text: str) -> None:
    blocks = parse(text)
    for block in blocks:
        for span in block.spans:
            assert span.text
            assert "\n" not in span.text
            assert not UNSAFE.search(span.text)
            assert not UNSAFE.search(span.url)
    # Nothing typed is lost but marks (a link's URL is kept on it, not shown in its text).
    cleaned = clean(text)
    if "](" not in cleaned:
        shown = [c for b in blocks for s in b.spans for c in s.text if c in "ax"]
        assert shown == [c for c in cleaned if c in "ax"]


@given(TYPED)
def test_a_message_with_no_marks_reads_the_same_as_when_it_is_read_through(text: str) -> None:
    # The cheap path (nothing to read) and the full reading agree: a line of marks after
    # it makes the whole message read through, and changes nothing above it.
    cleaned = clean(text)
    if not has_markdown(cleaned):
        assert parse(cleaned + "\n**")[:-1] == parse(text)
