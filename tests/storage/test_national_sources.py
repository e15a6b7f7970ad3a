"""The Home Office table and group files are recognised by their header line."""

from __future__ import annotations

import pytest

from storage.sources import classify
from tests.storage.home_office_table import HEADER


@pytest.mark.parametrize(
    ("header", "kind"),
    [
        (HEADER, "home-office"),
        ("\ufeff" + HEADER, "home-office"),
        (HEADER.replace(",Region", ""), "home-office"),  # so its parser names the missing column
        (HEADER.lower(), "home-office"),
        ("group,force", "groups"),
        ("Group, Force", "groups"),
        ("month,indicator,area,value", "long"),
        ("local_authority,division", "areas"),
        ("date,what,where,n", "long"),
    ],
)
def test_a_file_is_known_by_its_header(header, kind):
    assert classify("some.csv", f"{header}\r\n1,2,3\r\n".encode()) == kind
