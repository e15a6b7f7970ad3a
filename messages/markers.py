"""The emoji that lead a finding's line: worse, better, ongoing or over, at a glance."""

from __future__ import annotations

from detectors.finding import Finding
from messages.model import IndicatorInfo
from messages.wording import is_worse


def marker(finding: Finding, indicator: IndicatorInfo) -> str:
    if finding.status == "ended":
        return ":white_check_mark:"
    if finding.status == "continuing":
        return ":repeat:"
    return ":red_circle:" if is_worse(finding, indicator) else ":large_green_circle:"
