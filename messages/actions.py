"""The buttons on an alert: stable action ids and the finding id they carry.

The bot's action listeners match these ids and parse the value back with ``parse_finding_id``.
"""

from __future__ import annotations

from detectors.finding import Finding

ACKNOWLEDGE = "scrutiny_ack"
SNOOZE = "scrutiny_snooze"
BREAKDOWN = "scrutiny_breakdown"
SNOOZE_MONTHS = 3


def finding_id(finding: Finding) -> str:
    """``episode:YYYY-MM`` (the run's month): ``Finding.id``, the key deliveries and
    acknowledgements use, so a button click finds its finding."""
    return finding.id


def parse_finding_id(value: str) -> tuple[str, str]:
    """``(episode, as_of)`` from a finding id; the episode may itself contain colons."""
    episode, sep, month = value.rpartition(":")
    if not sep or not episode:
        raise ValueError(f"not a finding id (episode:YYYY-MM): {value!r}")
    return episode, month
