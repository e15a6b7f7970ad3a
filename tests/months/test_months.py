"""The one months module: parsing, arithmetic and its independence from every layer."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from months import (
    add_months,
    is_month,
    month_range,
    months_between,
    normalise_month,
    to_month,
    to_ordinal,
    year_month,
)


def test_ordinals_count_months_from_year_zero():
    assert to_ordinal("2017-05") == 2017 * 12 + 4
    assert to_month(2017 * 12 + 4) == "2017-05"


@pytest.mark.parametrize("text", ["2017-5", "2017-13", "2017-00", "17-05", "2017-05-01", ""])
def test_only_yyyy_mm_is_a_month(text):
    assert not is_month(text)
    with pytest.raises(ValueError, match="YYYY-MM"):
        year_month(text)


def test_first_of_month_dates_normalise_and_other_days_do_not():
    assert normalise_month(" 2017-05-01 ") == "2017-05"
    assert normalise_month("2017-05-02") is None
    assert normalise_month("2017-05") == "2017-05"


def test_arithmetic_crosses_year_ends():
    assert add_months("2016-11", 3) == "2017-02"
    assert add_months("2017-02", -14) == "2015-12"
    assert months_between("2016-06", "2017-05") == 12  # the report's "last 12 months"
    assert month_range("2019-11", "2020-02") == ["2019-11", "2019-12", "2020-01", "2020-02"]
    assert month_range("2020-02", "2020-01") == []


def test_months_depends_on_the_standard_library_alone():
    source = Path(__file__).resolve().parents[2] / "months" / "__init__.py"
    imported = set()
    for node in ast.walk(ast.parse(source.read_text())):
        if isinstance(node, ast.Import):
            imported |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            imported.add((node.module or "").split(".")[0])
    assert imported <= {"__future__", "re"}
