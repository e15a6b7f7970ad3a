"""Storage: the SQLite database and what is read from and written to it. Knows nothing of the
other layers: plain rows and small frozen dataclasses of its own in and out.

The public API, by module (imported from the module itself, so that a light command loads only
what it uses):
- ``db``: ``open_db`` (WAL, migrations applied); ``transactions.writing``.
- ``ingest``: ``ingest``, ``list_inputs``, ``IngestRules`` (all or nothing, file/line/column).
- ``series``: ``series``, ``located_series``, ``AllSeries`` (a run's series in one read).
- ``catalogue``: ``indicators``, ``classification_breaks``; ``areas``: ``list_areas``,
  ``get_area``, ``area_warnings``; ``force_areas`` and ``groups``: forces, regions, groups.
- ``findings``: runs, findings, events; ``outbox``, ``subscriptions``, ``acknowledgements``,
  ``audit``, ``leases``, ``job_runs``, ``heartbeats``: the bot's state.
- ``revisions``, ``provisional``: what the data checks read; ``home_office``: the national
  table; ``demo_data``: the bundled counts.
The rest (``police_uk``, ``sources``, ``long_format``, ``csv_rows``, ...) are the ingest's
parts.
"""

import sys

# sqlite-utils imports pandas when it is installed (1.5 s and 100 MB here), only to store
# pandas Timestamps as TEXT, which scrutiny never does. Hidden for that one import, so that
# light commands (`scrutiny areas`) stay light; pandas is imported where it is used.
if "sqlite_utils" not in sys.modules and "pandas" not in sys.modules:
    sys.modules["pandas"] = None  # type: ignore[assignment]
    try:
        import sqlite_utils  # noqa: F401
    finally:
        del sys.modules["pandas"]
