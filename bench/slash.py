"""Latency of ``/scrutiny show ...`` and of a burst of digests against the running server,
beside a bare-ack bolt app.

Each app runs in its own server process on the same stack (bolt's WSGI adapter under waitress,
real signature checks, the same settings): scrutiny is the real ``scrutiny serve``; the
baseline is the smallest bolt app whose ``/scrutiny`` only acks. Both are measured in the same
run, with 1 and then 10 concurrent users sending signed slash commands over HTTP:

- ack: the HTTP round trip Slack waits for (Slack gives up after 3 s);
- answer: until the reply reaches the command's response_url (scrutiny only).

Then a burst at each: ``--burst`` (200) signed ``/scrutiny digest`` requests sent at
once, from ``--burst-users`` (50) people, for the latest month (its detection run stored, so
each digest is real slow work): the acks' p50/p99, how many were told the bot is busy, how many
got their digest, and the latency of ``/healthz``, polled throughout.

Data: the bundled real Lancashire counts (``scrutiny demo``'s). Slack's Web API and the
response URLs: the tests' local imitation, in this process. Run: ``python bench/slash.py``.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.settings import Settings  # noqa: E402
from storage.db import open_db  # noqa: E402
from storage.demo_data import write_demo_files  # noqa: E402
from storage.ingest import ingest, list_inputs  # noqa: E402
from tests.bot.fake_slack import TOKEN, FakeSlack  # noqa: E402
from tests.bot.slack_requests import get, post, slash_body  # noqa: E402

SECRET = "bench-signing-secret"
QUERIES = (
    "show robbery south",
    "show burglary preston 2022-06",
    "show asb west",
    "show shoplifting lancashire 2021-10",
    "show violence blackpool",
)
USERS = (1, 10)
PROXIES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy")


def serve_bare(port: int) -> None:
    """The baseline server: a bolt app answering ``/scrutiny`` with a bare ack."""
    from slack_bolt import App

    from bot.database import Databases
    from bot.slack.client import interactive_client
    from bot.slack.server import freeze_startup_heap, http_server, wsgi_app

    settings = Settings.from_env()
    app = App(
        name="bare", client=interactive_client(settings), signing_secret=settings.signing_secret
    )

    @app.command("/scrutiny")
    def ack_only(ack) -> None:
        ack()

    server = http_server(wsgi_app(app, Databases(settings.db_path)), settings, port=port)
    freeze_startup_heap()
    server.run()


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(command: list[str], env: dict[str, str], port: int) -> subprocess.Popen:
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if get(f"http://127.0.0.1:{port}/healthz", timeout=1).status == 200:
                return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"server {command} did not start")


def measure(
    url: str, slack: FakeSlack, users: int, per_user: int, wait_for_answers: bool
) -> tuple[list[float], list[float]]:
    """(ack seconds, answer seconds) of ``users`` x ``per_user`` commands sent concurrently;
    each user sends the next command once the last one is answered."""
    acks: list[float] = []
    answers: list[float] = []
    lock = threading.Lock()

    def user(n: int) -> None:
        for i in range(per_user):
            name = uuid.uuid4().hex
            query = QUERIES[(n + i) % len(QUERIES)]
            body = slash_body(query, response_url=slack.response_url(name), user_id=f"U{n:04d}")
            sent = time.monotonic()
            answer = post(url + "/slack/events", body, secret=SECRET)
            if answer.status != 200:
                raise RuntimeError(f"HTTP {answer.status}: {answer.body[:200]}")
            if wait_for_answers:
                slack.wait_for_response(name, timeout=30)
            with lock:
                acks.append(answer.seconds)
                if wait_for_answers:
                    answers.append(slack.responded_at[name] - sent)

    with ThreadPoolExecutor(max_workers=users) as pool:
        for future in [pool.submit(user, n) for n in range(users)]:
            future.result()
    return acks, answers


def load_demo(db_path: Path, work: Path) -> str:
    """The bundled data, with the detection run for its latest month stored; that month."""
    from bot.use_cases import latest_month, load_inputs, run_month

    print("loading the bundled Lancashire data ...", file=sys.stderr)
    areas = Path(str(resources.files("storage").joinpath("data", "lancashire-areas.csv")))
    write_demo_files(work / "demo")
    db = open_db(db_path)
    ingest(db, list_inputs([work / "demo"], areas), now=datetime.now(UTC))
    month = latest_month(db, "lancashire")
    assert month is not None
    print(f"detecting as of {month} ...", file=sys.stderr)
    run_month(db, load_inputs(db), month, dry_run=False)
    db.close()
    return month


def burst(
    url: str, slack: FakeSlack, requests: int, users: int, *, answered: bool
) -> dict[str, Any]:
    """``requests`` digests sent at once; ``/healthz`` polled until every one is acked, and
    answered if ``answered`` (the bare app answers nothing)."""
    from messages.query_replies import busy_reply

    busy_text = busy_reply().text
    names = [uuid.uuid4().hex for _ in range(requests)]
    done = threading.Event()
    health: list[tuple[int, float]] = []

    def poll_health() -> None:
        while not done.is_set():
            try:
                answer = get(url + "/healthz", timeout=10)
                health.append((answer.status, answer.seconds))
            except OSError:  # timed out or refused: counted as not answered
                health.append((0, 10.0))
            time.sleep(0.05)

    def send(n: int) -> tuple[int, float]:
        body = slash_body(
            "digest", response_url=slack.response_url(names[n]), user_id=f"U{n % users:04d}"
        )
        answer = post(url + "/slack/events", body, secret=SECRET, timeout=30)
        return answer.status, answer.seconds

    poller = threading.Thread(target=poll_health, daemon=True)
    poller.start()
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=requests) as pool:
        acks = list(pool.map(send, range(requests)))
    for name in names if answered else ():
        slack.wait_for_response(name, timeout=300)
    seconds = time.monotonic() - started
    done.set()
    poller.join()
    first = [slack.responses[name][0]["text"] if slack.responses[name] else None for name in names]
    return {
        "acks": [s for status, s in acks if status == 200],
        "not acked": sum(status != 200 for status, _ in acks),
        "busy": sum(text == busy_text for text in first),
        "unanswered": sum(text is None for text in first),
        "health": [s for status, s in health if status == 200],
        "health failed": sum(status != 200 for status, _ in health),
        "seconds": seconds,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--requests",
        type=int,
        default=200,
        help="commands per concurrency level and app (default 200)",
    )
    parser.add_argument("--burst", type=int, default=200, help="digests sent at once (default 200)")
    parser.add_argument(
        "--burst-users", type=int, default=50, help="people sending them (default 50)"
    )
    parser.add_argument(
        "--burst-only", action="store_true", help="only the burst, not the show comparison"
    )
    parser.add_argument("--serve-bare", type=int, metavar="PORT", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_bare:
        serve_bare(args.serve_bare)
        return
    for name in PROXIES:
        os.environ.pop(name, None)  # WebClient ignores NO_PROXY; the imitation is local

    slack = FakeSlack().start()
    rows = []
    bursts: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        db_path = work / "bench.db"
        month = load_demo(db_path, work)
        env = {
            **os.environ,
            "SLACK_BOT_TOKEN": TOKEN,
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_API_URL": slack.api_url,
            "SCRUTINY_DB": str(db_path),
            "SCRUTINY_CHANNEL": "CALERTS",
        }
        servers = {
            "bare ack": [sys.executable, __file__, "--serve-bare", "{port}"],
            "/scrutiny show": [sys.executable, "-m", "bot.cli", "serve", "--port", "{port}"],
        }
        for label, command in servers.items():
            port = free_port()
            process = start_server([part.format(port=port) for part in command], env, port)
            try:
                url = f"http://127.0.0.1:{port}"
                full = label != "bare ack"
                measure(url, slack, 2, 5, full)  # warm up: connections, first requests
                for users in () if args.burst_only else USERS:
                    started = time.monotonic()
                    acks, answers = measure(url, slack, users, max(1, args.requests // users), full)
                    rows.append((label, users, acks, answers, time.monotonic() - started))
                print(f"{label}: a burst of {args.burst} digests ...", file=sys.stderr)
                bursts[label] = burst(url, slack, args.burst, args.burst_users, answered=full)
            finally:
                process.terminate()
                process.wait(timeout=10)
    slack.stop()
    if rows:
        report(rows)
    report_burst(bursts, args.burst, args.burst_users, month)


def report(rows) -> None:
    def ms(seconds: float) -> str:
        return f"{seconds * 1000:.1f}"

    print(
        f"{'app':<16} {'users':>5} {'n':>5} {'ack p50':>8} {'ack p99':>8} "
        f"{'answer p50':>11} {'answer p99':>11} {'cmd/s':>6}   (milliseconds)"
    )
    for label, users, acks, answers, seconds in rows:
        answer = (
            f"{ms(percentile(answers, 50)):>11} {ms(percentile(answers, 99)):>11}"
            if answers
            else f"{'-':>11} {'-':>11}"
        )
        print(
            f"{label:<16} {users:>5} {len(acks):>5} {ms(percentile(acks, 50)):>8} "
            f"{ms(percentile(acks, 99)):>8} {answer} {len(acks) / seconds:6.1f}"
        )
    by = {(label, users): acks for label, users, acks, _, _ in rows}
    base, show = percentile(by[("bare ack", 10)], 99), percentile(by[("/scrutiny show", 10)], 99)
    verdict = "met" if show <= 3 * base and show < 3 else "NOT met"
    print(
        f"\n10 users: /scrutiny show ack p99 = {show / base:.2f} x the bare ack's "
        f"({ms(show)} ms vs {ms(base)} ms). Target (within 3x, under 3 s): {verdict}."
    )


def report_burst(bursts: dict[str, dict[str, Any]], requests: int, users: int, month: str) -> None:
    def ms(seconds: float) -> str:
        return f"{seconds * 1000:.0f}"

    print(
        f"\nBurst: {requests} signed `/scrutiny digest` ({month}) sent at once by {users} "
        "people; /healthz polled every 50 ms throughout   (milliseconds)"
    )
    print(
        f"{'app':<16} {'acked':>5} {'ack p50':>8} {'ack p99':>8} {'ack max':>8} {'busy':>5} "
        f"{'digest':>6} {'none':>5} {'health n':>8} {'fail':>4} {'h p50':>6} {'h p99':>6} "
        f"{'h max':>6} {'s':>5}"
    )
    for label, r in bursts.items():
        acks, health = r["acks"], r["health"]
        full = label != "bare ack"
        got = requests - r["busy"] - r["unanswered"] if full else "-"
        name = "scrutiny serve" if full else label
        print(
            f"{name:<16} {len(acks):>5} {ms(percentile(acks, 50)):>8} "
            f"{ms(percentile(acks, 99)):>8} {ms(max(acks)):>8} {r['busy'] if full else '-':>5} "
            f"{got:>6} {r['unanswered'] if full else '-':>5} {len(health):>8} "
            f"{r['health failed']:>4} {ms(percentile(health, 50)):>6} "
            f"{ms(percentile(health, 99)):>6} {ms(max(health)):>6} {r['seconds']:5.1f}"
        )
    mine = bursts["/scrutiny show"]
    met = not mine["not acked"] and max(mine["acks"]) < 3 and not mine["health failed"]
    print(
        f"Target (every request acked within 3 s, /healthz always 200): "
        f"{'met' if met else 'NOT met'}."
    )


if __name__ == "__main__":
    main()
