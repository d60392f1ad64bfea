import pytest

from common.csv_safety import cell_escape, cell_unescape


@pytest.mark.parametrize("text", ["=SUM(A1:A2)", "+44 113", "-1", "@cmd", "\tx", "\rx", "=HYPERLINK(\"http://x\")"])
def test_formula_like_text_gets_a_leading_quote(text):
    assert cell_escape(text) == "'" + text


@pytest.mark.parametrize("text", ["Safe title", "", "1 = 1", "a-b", "e@mail"])
def test_ordinary_text_is_unchanged(text):
    assert cell_escape(text) == text


@pytest.mark.parametrize("value", [None, 5, -3, 2.5])
def test_non_text_values_are_unchanged(value):
    assert cell_escape(value) == value


def test_text_starting_with_a_quote_gets_another_so_it_reads_back_the_same():
    assert cell_escape("'quoted") == "''quoted"
    assert cell_unescape("''quoted") == "'quoted"


@pytest.mark.parametrize("text", ["=SUM(A1)", "-1", "'already", "plain", "", "@x", "\tx"])
def test_unescape_undoes_escape(text):
    assert cell_unescape(cell_escape(text)) == text


def test_unescape_keeps_a_quote_typed_before_ordinary_text():
    assert cell_unescape("'hello") == "'hello"
    assert cell_unescape("'") == "'"
