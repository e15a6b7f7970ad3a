"""Fixtures for the bot: the Slack imitation, settings pointed at it, a database with data."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, replace

import pytest

from bot.database import Databases
from bot.settings import Settings
from bot.slack.app import create_app
from bot.slack.server import http_server, in_background, wsgi_app
from tests.bot.fake_slack import TOKEN, FakeSlack
from tests.ingest_time import NOW
from tests.storage.street_files import street_row, write_street_file

PROXY_VARIABLES = (
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "ALL_PROXY",
    "http_proxy",
    "https_proxy",
    "all_proxy",
)
SECRET = "test-signing-secret"
CHANNEL = "CALERTS"
SENSITIVE_CHANNEL = "CSENSITIVE"


@pytest.fixture(autouse=True)
def no_proxies(monkeypatch):
    # WebClient honours HTTP(S)_PROXY but not NO_PROXY: 127.0.0.1 must be reached directly.
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def slack():
    fake = FakeSlack().start()
    yield fake
    fake.stop()


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "bot.db"


@pytest.fixture
def bot_db(db_path):
    """An empty database (every migration applied)."""
    from storage.db import open_db

    database = open_db(db_path)
    yield database
    database.close()


@pytest.fixture
def data_db(data_db_path):
    """The database with the street data."""
    from storage.db import open_db

    database = open_db(data_db_path)
    yield database
    database.close()


@pytest.fixture
def settings(slack, db_path) -> Settings:
    return Settings(
        bot_token=TOKEN,
        signing_secret=SECRET,
        api_url=slack.api_url,
        db_path=str(db_path),
        channel=CHANNEL,
        sensitive_channels=frozenset({SENSITIVE_CHANNEL}),
        http_timeout=2,
        retry_base=0.01,
        retry_cap=0.2,
        lease_ttl=2,
        delivery_poll=0.2,
    )


def write_data(folder) -> None:
    """36 months of street data for three districts in two divisions; robbery in Preston
    jumps in the last month."""
    months = [f"{2019 + (i // 12)}-{i % 12 + 1:02d}" for i in range(36)]
    for i, month in enumerate(months):
        rows = []
        for district, n in (("Preston 001A", 10), ("Chorley 002B", 6), ("Blackpool 003C", 8)):
            robberies = 40 if (month == months[-1] and district.startswith("Preston")) else n
            rows += [street_row(month, "Robbery", district)] * (robberies + i % 3)
            rows += [street_row(month, "Burglary", district)] * (n + 2)
            rows += [street_row(month, "Anti-social behaviour", district)] * (n * 2)
        write_street_file(folder, month, rows)
    (folder / "areas.csv").write_text(
        "local_authority,division\nPreston,South\nChorley,South\nBlackpool,West\n"
    )


@pytest.fixture(scope="session")
def data_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("street")
    write_data(folder)
    return folder


@pytest.fixture
def data_db_path(db_path, data_folder):
    """``db_path`` with the street data ingested."""
    from storage.db import open_db
    from storage.ingest import ingest, list_inputs

    database = open_db(db_path)
    ingest(database, list_inputs([data_folder]), now=NOW)
    database.close()
    return db_path


class TracedDatabases(Databases):
    """Databases whose every statement (SQL text and parameters apart) can be watched."""

    def __init__(self, path):
        super().__init__(path)
        self._opened = []
        self._tracer = None

    def get(self):
        db = super().get()
        if db not in self._opened:
            self._opened.append(db)
            db._tracer = self._tracer  # sqlite-utils calls it with (sql, params) for each statement
        return db

    def trace(self, tracer) -> None:
        self._tracer = tracer
        for db in self._opened:
            db._tracer = tracer


@dataclass(frozen=True)
class Running:
    url: str
    databases: Databases

    @property
    def events(self) -> str:
        return self.url + "/slack/events"


@contextmanager
def running_server(settings: Settings, databases: Databases, *, application=None):
    """The real app (or ``application``) under waitress on a free port, in a thread."""
    application = application or wsgi_app(create_app(settings, databases), databases)
    server = http_server(application, settings, host="127.0.0.1", port=0)
    with in_background(server) as url:
        yield Running(url=url, databases=databases)


@pytest.fixture
def server(settings, data_db_path):
    with running_server(settings, TracedDatabases(data_db_path)) as running:
        yield running


@pytest.fixture
def restricted_settings(settings, slack):
    """Only UBOSS and the members of user group S1 (UMEMBER) may use the bot."""
    slack.usergroups["S1"] = ["UMEMBER"]
    return replace(
        settings, allowed_users=frozenset({"UBOSS"}), allowed_usergroups=frozenset({"S1"})
    )


@pytest.fixture
def restricted_server(restricted_settings, data_db_path):
    with running_server(restricted_settings, TracedDatabases(data_db_path)) as running:
        yield running


@pytest.fixture
def running():
    """Start a worker on its thread; stopped at the end (and waited for)."""
    workers = []

    def start(worker):
        workers.append(worker)
        worker.start_thread()
        return worker

    yield start
    for worker in workers:
        worker.stop()
        if worker.thread is not None:
            worker.thread.join(timeout=10)
