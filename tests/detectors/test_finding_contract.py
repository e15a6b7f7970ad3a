"""The Finding contract other parts of scrutiny rely on."""

from detectors import Evidence, Finding, Limits


def _finding(**changes):
    values = {
        "indicator": "robbery",
        "area": "south",
        "month": "2017-05",
        "kind": "exceptional",
        "direction": "up",
        "value": 33.0,
        "expected": 15.3,
        "evidence": Evidence(
            rule="beyond-limit",
            method="poisson-xmr",
            baseline_start="2014-05",
            baseline_end="2017-04",
            baseline_points=36,
            p_value=0.001,
        ),
        "episode": "robbery:south:up:2017-05",
        "as_of": "2017-05",
        "limits": Limits(15.3, 3.0, 27.6, 7.1, 23.5),
    }
    values.update(changes)
    return Finding(**values)


def test_round_trip_through_a_dict():
    finding = _finding()
    assert Finding.from_dict(finding.to_dict()) == finding


def test_old_dicts_without_the_added_evidence_fields_still_load():
    data = _finding().to_dict()
    for added in ("raw_p_value", "tests_in_run", "start_month", "run_length"):
        del data["evidence"][added]
    assert Finding.from_dict(data) == _finding()


def test_id_is_episode_and_run_month():
    later = _finding(month="2017-06", as_of="2017-06", status="continuing")
    assert _finding().id == "robbery:south:up:2017-05:2017-05"
    assert later.id == "robbery:south:up:2017-05:2017-06"


def test_ratio_to_the_average():
    assert round(_finding().ratio, 2) == 2.16
    assert _finding(expected=0.0).ratio is None
