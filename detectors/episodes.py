"""Episodes: one alert per exceptional run of months; later months are follow-ups.

An episode is keyed by series and direction. It opens with an alert, continues while the
series stays beyond its 2 sigma near-limits (or its shift or trend run is unbroken), and ends
in the first observed month without that. The 2 sigma hysteresis stops an episode that dips
just inside the 3 sigma limits from ending and re-alerting the month after. A step change ends
its episode: the new level becomes the baseline, so there is nothing left to follow.
A missing month neither continues nor ends an episode.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from detectors.assess import Assessment
from detectors.candidate import Candidate
from detectors.finding import Direction, Finding, Kind, Status
from detectors.rules import follow_up_rule

SeriesKey = tuple[str, str]  # (indicator, area)
EpisodeKey = tuple[str, str, Direction]
# Which alert speaks for a series and direction when several fire in one month.
PRIORITY: dict[Kind, int] = {"step-change": 0, "exceptional": 1, "shift": 2, "trend": 3}


@dataclass(frozen=True)
class OpenEpisode:
    episode: str
    kind: Kind
    started: str  # YYYY-MM of the run that first alerted


def episode_id(indicator: str, area: str, direction: Direction, month: str) -> str:
    return f"{indicator}:{area}:{direction}:{month}"


def episode_start(episode: str) -> str:
    """The month of an episode's first alert, from its id."""
    return episode.rsplit(":", 1)[1]


def open_episodes(previous: Iterable[Finding], *, before: str) -> dict[EpisodeKey, OpenEpisode]:
    """Episodes still open before the run for month ``before``, from earlier runs' findings."""
    latest: dict[EpisodeKey, Finding] = {}
    for finding in previous:
        if finding.as_of >= before or finding.kind == "data-quality":
            continue  # a data notice is told once: it has no episode to follow
        key = (finding.indicator, finding.area, finding.direction)
        if key not in latest or finding.as_of > latest[key].as_of:
            latest[key] = finding
    return {
        key: OpenEpisode(f.episode, f.kind, episode_start(f.episode))
        for key, f in latest.items()
        if f.status != "ended" and f.kind != "step-change"
    }


def accepted_steps(previous: Iterable[Finding], *, before: str) -> dict[SeriesKey, tuple[str, ...]]:
    """Months where a reported step change began, by series: each starts a new baseline."""
    steps: dict[SeriesKey, set[str]] = {}
    for finding in previous:
        if finding.kind == "step-change" and finding.as_of < before:
            steps.setdefault((finding.indicator, finding.area), set()).add(finding.month)
    return {key: tuple(sorted(months)) for key, months in steps.items()}


def exceptional_months(
    previous: Iterable[Finding], *, before: str
) -> dict[SeriesKey, tuple[str, ...]]:
    """Months already reported exceptional, by series: special causes do not set later limits
    (as in SPC practice), so a collapse in April does not make May look normal. Months reported
    before a step change was accepted are the new level's first months and stay in."""
    previous = [f for f in previous if f.as_of < before]
    step_run: dict[SeriesKey, str] = {}
    for finding in previous:
        key = (finding.indicator, finding.area)
        if finding.kind == "step-change" and finding.as_of > step_run.get(key, ""):
            step_run[key] = finding.as_of
    months: dict[SeriesKey, set[str]] = {}
    for finding in previous:
        key = (finding.indicator, finding.area)
        if (
            finding.kind == "exceptional"
            and finding.status != "ended"
            and finding.as_of > step_run.get(key, "")
        ):
            months.setdefault(key, set()).add(finding.month)
    return {key: tuple(sorted(found)) for key, found in months.items()}


def assign(
    assessment: Assessment,
    alerts: Sequence[tuple[Candidate, float]],
    episodes: dict[EpisodeKey, OpenEpisode],
    *,
    tests_in_run: int,
) -> list[Finding]:
    """Findings for one series in one run: at most one a direction. ``alerts`` are the candidates
    that passed run-wide control, each with its adjusted p-value."""
    findings = []
    directions: tuple[Direction, ...] = ("up", "down")
    for direction in directions:
        key = (assessment.indicator, assessment.area, direction)
        open_episode = episodes.get(key)
        mine = sorted(
            (a for a in alerts if a[0].direction == direction), key=lambda a: PRIORITY[a[0].kind]
        )
        if mine:
            candidate, adjusted = mine[0]
            status: Status = "continuing" if open_episode else "new"
            episode = (
                open_episode.episode
                if open_episode
                else episode_id(assessment.indicator, assessment.area, direction, assessment.month)
            )
            findings.append(
                _from_candidate(assessment, candidate, adjusted, episode, status, tests_in_run)
            )
        elif open_episode is not None:
            kind = assessment.signal(direction)
            findings.append(_follow_up(assessment, direction, open_episode, kind))
    return findings


def _from_candidate(
    assessment: Assessment,
    candidate: Candidate,
    adjusted: float,
    episode: str,
    status: Status,
    tests_in_run: int,
) -> Finding:
    evidence = assessment.evidence(
        candidate.rule,
        candidate.method,
        p_value=adjusted,
        note=candidate.note,
        raw_p_value=candidate.p_value,
        tests_in_run=tests_in_run,
        start_month=candidate.start_month,
        run_length=candidate.run_length,
    )
    return Finding(
        indicator=assessment.indicator,
        area=assessment.area,
        month=candidate.month,
        kind=candidate.kind,
        direction=candidate.direction,
        value=candidate.value,
        expected=candidate.expected,
        evidence=evidence,
        episode=episode,
        as_of=assessment.month,
        status=status,
        limits=candidate.limits,
    )


def _follow_up(
    assessment: Assessment, direction: Direction, episode: OpenEpisode, kind: Kind | None
) -> Finding:
    """A later month of an open episode: still going (``kind`` is what still holds) or ended."""
    evidence = assessment.evidence(
        follow_up_rule(kind), assessment.method, note=f"episode began {episode.started}"
    )
    return Finding(
        indicator=assessment.indicator,
        area=assessment.area,
        month=assessment.month,
        kind=kind or episode.kind,
        direction=direction,
        value=assessment.value,
        expected=assessment.expected,
        evidence=evidence,
        episode=episode.episode,
        as_of=assessment.month,
        status="ended" if kind is None else "continuing",
        limits=assessment.limits,
    )
