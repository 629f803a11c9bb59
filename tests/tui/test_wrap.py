"""Wrapping a message to the width: words stay whole and apart, styles stay on their text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from asynctui.tui.widgets._lines import wrap, wrap_runs

WORDS = st.lists(
    st.sampled_from(["a", "bb", "ccc", "dddddddddddd", "é", "世界", " ", "  ", "x" * 30]),
    max_size=12,
)


def test_two_words_never_join_where_spaces_were_cut_at_a_wrap() -> None:
    # 'ccc' with its spaces overflowed the line; 'a' came next and used to join it: 'ccca'.
    assert wrap("   世界 ccc  ccc   a  世界", 5) == ["世界", "ccc", "ccc", "a", "世界"]


def test_a_styled_line_wraps_where_its_text_does_and_keeps_each_style() -> None:
    runs = [("Can we ", 0), ("ship it", 1), (" today, ", 0), ("make deploy", 4)]
    assert wrap_runs(runs, 12) == [
        [("Can we ", 0), ("ship", 1)],
        [("it", 1), (" today,", 0)],
        [("make deploy", 4)],
    ]


def test_code_is_cut_at_the_width_with_every_space_kept() -> None:
    assert wrap_runs([("  make   deploy", 4)], 6, words=False) == [
        [("  make", 4)],
        [("   dep", 4)],
        [("loy", 4)],
    ]


@given(st.lists(st.tuples(WORDS.map("".join), st.integers(0, 3)), max_size=6), st.integers(2, 30))
def test_styled_runs_wrap_exactly_as_their_plain_text(
    runs: list[tuple[str, int]], width: int
) -> None:
    plain = "".join(text for text, _ in runs)
    lines = wrap(plain, width)
    assert ["".join(text for text, _ in line) for line in wrap_runs(runs, width)] == lines
    assert all(cell_len(line) <= width for line in lines)
    wide = any(cell_len(word) > width for word in plain.split())
    assert wide or len(" ".join(lines).split()) == len(plain.split())
