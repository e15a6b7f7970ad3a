"""Kept findings: the format a finding is kept in, and reading older formats after a field of
Finding is renamed, removed or added."""

from __future__ import annotations

import json

import pytest

from detectors.finding import (
    FINDINGS,
    Evidence,
    Finding,
    FindingCodec,
    FindingFormatError,
    Limits,
    renamed,
)

SPIKE = Finding(
    indicator="robbery",
    area="south",
    month="2017-05",
    kind="exceptional",
    direction="up",
    value=33.0,
    expected=15.3,
    evidence=Evidence(
        rule="beyond-limit",
        method="poisson-xmr",
        baseline_start="2014-05",
        baseline_end="2017-04",
        baseline_points=36,
        p_value=0.002,
        raw_p_value=1e-4,
        tests_in_run=280,
        note="why",
    ),
    episode="robbery:south:up:2017-05",
    as_of="2017-05",
    limits=Limits(15.3, 3.5, 27.1, 7.4, 23.2),
)
# The body of SPIKE exactly as releases before numbered formats stored it (format 1). It is
# frozen here: a change to Finding that needs an upgrade makes it stop reading.
FORMAT_1 = (
    '{"indicator": "robbery", "area": "south", "month": "2017-05", "kind": "exceptional", '
    '"direction": "up", "value": 33.0, "expected": 15.3, "evidence": {"rule": "beyond-limit", '
    '"method": "poisson-xmr", "baseline_start": "2014-05", "baseline_end": "2017-04", '
    '"baseline_points": 36, "trial_limits": false, "seasonal": false, "p_value": 0.002, '
    '"note": "why", "raw_p_value": 0.0001, "tests_in_run": 280, "start_month": null, '
    '"run_length": 0}, "episode": "robbery:south:up:2017-05", "as_of": "2017-05", '
    '"status": "new", "limits": {"centre": 15.3, "lower": 3.5, "upper": 27.1, '
    '"near_lower": 7.4, "near_upper": 23.2}}'
)


def test_a_finding_comes_back_equal_through_json():
    kept = json.loads(json.dumps(FINDINGS.encode(SPIKE)))
    assert FINDINGS.decode(kept, FINDINGS.version) == SPIKE


def test_a_body_stored_by_the_first_format_still_reads():
    assert FINDINGS.decode(json.loads(FORMAT_1), 1) == SPIKE


def test_fields_added_since_a_body_was_kept_take_their_defaults():
    old = json.loads(FORMAT_1)
    for added in ("raw_p_value", "tests_in_run", "start_month", "run_length", "note"):
        del old["evidence"][added]
    del old["status"], old["limits"]
    found = FINDINGS.decode(old, 1)
    assert (found.evidence.raw_p_value, found.evidence.tests_in_run, found.evidence.note) == (
        None,
        0,
        "",
    )
    assert (found.status, found.limits) == ("new", None)
    assert found.value == 33.0 and found.evidence.p_value == 0.002


def test_a_renamed_field_reads_from_the_old_format_through_its_upgrade():
    # Say format 1 had called "expected" "baseline" and "baseline_points" "points", and format
    # 2 renamed them: the codec of format 2 reads a body kept in format 1.
    old = json.loads(FORMAT_1)
    old["baseline"] = old.pop("expected")
    old["evidence"]["points"] = old["evidence"].pop("baseline_points")
    codec = FindingCodec(
        version=2,
        upgrades={
            1: lambda data: renamed("points", "baseline_points", within="evidence")(
                renamed("baseline", "expected")(data)
            )
        },
    )
    assert codec.decode(old, 1) == SPIKE
    assert codec.decode(FINDINGS.encode(SPIKE), 2) == SPIKE  # the current format as it is
    assert old["baseline"] == 15.3, "reading must not change the caller's dict"


def test_a_rename_without_its_upgrade_is_a_clear_error_not_a_lost_field():
    old = json.loads(FORMAT_1)
    old["baseline"] = old.pop("expected")
    with pytest.raises(FindingFormatError, match=r"\['baseline'\] are not in the current format"):
        FINDINGS.decode(old, 1)


def test_a_format_newer_than_this_version_reads_is_refused():
    with pytest.raises(FindingFormatError, match="format 2 is not one this version reads"):
        FINDINGS.decode(json.loads(FORMAT_1), 2)


def test_a_codec_must_have_every_upgrade_to_its_version():
    with pytest.raises(ValueError, match=r"no upgrade from finding format \[1, 2\]"):
        FindingCodec(version=3)


def test_from_dict_reads_the_current_format():
    assert Finding.from_dict(SPIKE.to_dict()) == SPIKE
