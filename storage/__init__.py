"""Storage: the SQLite database and what is read from and written to it."""

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
