"""What the CLI and Slack both do, over storage, detectors and messages: run detection,
gather a digest, year-on-year figures, the stored findings as people see them, breakdowns by
area, and reading the names people type."""

from typing import TYPE_CHECKING

from bot.lazy import lazy_exports

if TYPE_CHECKING:
    from bot.use_cases.area_breakdown import BASELINE_MONTHS, breakdown
    from bot.use_cases.detection import (
        Inputs,
        RunResult,
        backfill,
        earlier_events,
        load_inputs,
        run_detection,
        run_month,
    )
    from bot.use_cases.digest import (
        DigestData,
        NoFigures,
        gather,
        html_report,
        loaded_forces,
        slack_digest,
    )
    from bot.use_cases.explain import Explanation, explanation, is_finding_id, latest_finding
    from bot.use_cases.figures import latest_month, month_average_of, year_on_year_of
    from bot.use_cases.findings import (
        findings_before,
        latest_run,
        named,
        open_findings,
        save_run,
        stored_alerts,
        stored_finding,
        stored_findings,
    )
    from bot.use_cases.names import (
        UnknownName,
        Vocabulary,
        resolve_area,
        resolve_compared_area,
        resolve_indicator,
        vocabulary,
    )

EXPORTS = {
    "RunResult": "detection",
    "load_inputs": "detection",
    "run_month": "detection",
    "run_detection": "detection",
    "backfill": "detection",
    "DigestData": "digest",
    "NoFigures": "digest",
    "gather": "digest",
    "slack_digest": "digest",
    "html_report": "digest",
    "loaded_forces": "digest",
    "year_on_year_of": "figures",
    "latest_month": "figures",
    "month_average_of": "figures",
    "latest_run": "findings",
    "open_findings": "findings",
    "named": "findings",
    "save_run": "findings",
    "stored_findings": "findings",
    "stored_alerts": "findings",
    "Inputs": "detection",
    "earlier_events": "detection",
    "stored_finding": "findings",
    "findings_before": "findings",
    "breakdown": "area_breakdown",
    "BASELINE_MONTHS": "area_breakdown",
    "Explanation": "explain",
    "explanation": "explain",
    "is_finding_id": "explain",
    "latest_finding": "explain",
    "UnknownName": "names",
    "Vocabulary": "names",
    "vocabulary": "names",
    "resolve_indicator": "names",
    "resolve_area": "names",
    "resolve_compared_area": "names",
}
__all__ = [
    "BASELINE_MONTHS",
    "DigestData",
    "Explanation",
    "Inputs",
    "NoFigures",
    "RunResult",
    "UnknownName",
    "Vocabulary",
    "backfill",
    "breakdown",
    "earlier_events",
    "explanation",
    "findings_before",
    "gather",
    "html_report",
    "is_finding_id",
    "latest_finding",
    "latest_month",
    "latest_run",
    "load_inputs",
    "loaded_forces",
    "month_average_of",
    "named",
    "open_findings",
    "resolve_area",
    "resolve_compared_area",
    "resolve_indicator",
    "run_detection",
    "run_month",
    "save_run",
    "slack_digest",
    "stored_alerts",
    "stored_finding",
    "stored_findings",
    "vocabulary",
    "year_on_year_of",
]
__getattr__, __dir__ = lazy_exports(__name__, EXPORTS)
