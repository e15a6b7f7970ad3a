"""The bot's configuration: read from the environment once, at start, into a frozen value.

Nothing reads the environment at import time; ``Settings.from_env()`` is called by the command
that starts a process and the value is passed down from there.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

SLACK_API_URL = "https://slack.com/api/"


class SettingsError(ValueError):
    """A setting is missing or malformed; the message names the variable."""


def _ids(text: str | None) -> frozenset[str]:
    """A comma- or space-separated list of Slack ids."""
    return frozenset(part for part in (text or "").replace(",", " ").split() if part)


def _force_channels(text: str | None) -> tuple[tuple[str, str], ...]:
    """``lancashire=C0123,kent=C0456`` (comma- or space-separated) as (force slug, channel)."""
    pairs: dict[str, str] = {}
    for part in (text or "").replace(",", " ").split():
        force, _, channel = part.partition("=")
        if not force.strip() or not channel.strip():
            raise SettingsError(
                f"SCRUTINY_FORCE_CHANNELS: {part!r} is not force=channel, e.g. lancashire=C0123ABCD"
            )
        if force.strip() in pairs:
            raise SettingsError(f"SCRUTINY_FORCE_CHANNELS names {force.strip()!r} twice")
        pairs[force.strip()] = channel.strip()
    return tuple(pairs.items())


def _number(environ: Mapping[str, str], name: str, default: float) -> float:
    text = environ.get(name)
    if text is None or not text.strip():
        return default
    try:
        value = float(text)
    except ValueError:
        raise SettingsError(f"{name} must be a number, not {text!r}") from None
    if value < 0:
        raise SettingsError(f"{name} must not be negative")
    return value


@dataclass(frozen=True)
class Settings:
    bot_token: str | None = None  # SLACK_BOT_TOKEN, xoxb-...
    signing_secret: str | None = None  # SLACK_SIGNING_SECRET, for HTTP mode
    app_token: str | None = None  # SLACK_APP_TOKEN, xapp-...: Socket Mode instead of HTTP
    api_url: str = SLACK_API_URL  # SLACK_API_URL: the Web API base (tests, proxies)
    db_path: str = "scrutiny.db"  # SCRUTINY_DB
    # SCRUTINY_CHANNEL: channel id that receives every alert and digest of the forces that have
    # no channel of their own in force_channels.
    channel: str | None = None
    # SCRUTINY_FORCE_CHANNELS: each force's own channel (force slug, channel id), for its alerts
    # and its digest, when several forces are loaded.
    force_channels: tuple[tuple[str, str], ...] = ()
    sensitive_channels: frozenset[str] = frozenset()  # SCRUTINY_SENSITIVE_CHANNELS
    # SCRUTINY_ANALYSTS_CHANNEL: channel id for data-quality notices (``channel`` without it)
    analysts_channel: str | None = None
    allowed_users: frozenset[str] = frozenset()  # SCRUTINY_ALLOWED_USERS
    allowed_usergroups: frozenset[str] = frozenset()  # SCRUTINY_ALLOWED_USERGROUPS
    # Crontab (minute hour day month weekday; six fields put seconds first) in ``timezone``:
    # 07:00 on the 15th by default.
    schedule: str = "0 7 15 * *"  # SCRUTINY_SCHEDULE
    timezone: str = "Europe/London"  # SCRUTINY_TIMEZONE
    # A run fired in month M is about month M - month_lag (the data lags the calendar).
    month_lag: int = 1  # SCRUTINY_MONTH_LAG
    port: int = 3000  # PORT
    http_threads: int = 8  # SCRUTINY_HTTP_THREADS: waitress worker threads
    listener_threads: int = 16  # SCRUTINY_LISTENER_THREADS: bolt listeners (ack, then queue)
    # Slow work after the ack (bot/slack/slow_work.py): threads, how many requests may wait or
    # run at once, and how many of them one person's; past either bound: "busy, try again".
    slow_threads: int = 2  # SCRUTINY_SLOW_THREADS
    slow_queue: int = 12  # SCRUTINY_SLOW_QUEUE
    slow_per_user: int = 2  # SCRUTINY_SLOW_PER_USER
    http_timeout: float = 15.0  # SCRUTINY_HTTP_TIMEOUT: seconds per Web API call
    # Outbox retries: base * 2**(attempt-1), capped; 429 waits for Retry-After instead.
    retry_base: float = 2.0  # SCRUTINY_RETRY_BASE
    retry_cap: float = 300.0  # SCRUTINY_RETRY_CAP
    delivery_poll: float = 30.0  # SCRUTINY_DELIVERY_POLL: seconds between outbox passes
    lease_ttl: float = 60.0  # SCRUTINY_LEASE_TTL: a dead worker's role is free after this
    # A missed fire of the monthly job still runs when the process wakes up within this.
    misfire_grace: float = 7 * 24 * 3600.0  # SCRUTINY_MISFIRE_GRACE
    # Test hook: the process exits at once at this named point of delivery (crash tests).
    fault_point: str | None = None  # SCRUTINY_FAULT_POINT
    # Ingest: an archive member may expand to this much, and by this ratio (zip bombs); a
    # file read whole (any but a street-level file) may be this large; a figure may be for up
    # to this many months after the current one; files read at once share this much memory.
    max_member_mb: float = 1024.0  # SCRUTINY_MAX_MEMBER_MB
    max_compression_ratio: float = 100.0  # SCRUTINY_MAX_COMPRESSION_RATIO
    max_table_mb: float = 32.0  # SCRUTINY_MAX_TABLE_MB
    months_ahead: int = 0  # SCRUTINY_MONTHS_AHEAD
    ingest_memory_mb: float = 512.0  # SCRUTINY_INGEST_MEMORY_MB

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        settings = cls(
            bot_token=env.get("SLACK_BOT_TOKEN") or None,
            signing_secret=env.get("SLACK_SIGNING_SECRET") or None,
            app_token=env.get("SLACK_APP_TOKEN") or None,
            api_url=_api_url(env.get("SLACK_API_URL") or SLACK_API_URL),
            db_path=env.get("SCRUTINY_DB") or "scrutiny.db",
            channel=env.get("SCRUTINY_CHANNEL") or None,
            force_channels=_force_channels(env.get("SCRUTINY_FORCE_CHANNELS")),
            sensitive_channels=_ids(env.get("SCRUTINY_SENSITIVE_CHANNELS")),
            analysts_channel=env.get("SCRUTINY_ANALYSTS_CHANNEL") or None,
            allowed_users=_ids(env.get("SCRUTINY_ALLOWED_USERS")),
            allowed_usergroups=_ids(env.get("SCRUTINY_ALLOWED_USERGROUPS")),
            schedule=env.get("SCRUTINY_SCHEDULE") or cls.schedule,
            timezone=env.get("SCRUTINY_TIMEZONE") or cls.timezone,
            month_lag=int(_number(env, "SCRUTINY_MONTH_LAG", cls.month_lag)),
            port=int(_number(env, "PORT", cls.port)),
            http_threads=max(1, int(_number(env, "SCRUTINY_HTTP_THREADS", cls.http_threads))),
            listener_threads=max(
                1, int(_number(env, "SCRUTINY_LISTENER_THREADS", cls.listener_threads))
            ),
            slow_threads=max(1, int(_number(env, "SCRUTINY_SLOW_THREADS", cls.slow_threads))),
            slow_queue=max(1, int(_number(env, "SCRUTINY_SLOW_QUEUE", cls.slow_queue))),
            slow_per_user=max(1, int(_number(env, "SCRUTINY_SLOW_PER_USER", cls.slow_per_user))),
            http_timeout=_number(env, "SCRUTINY_HTTP_TIMEOUT", cls.http_timeout),
            retry_base=_number(env, "SCRUTINY_RETRY_BASE", cls.retry_base),
            retry_cap=_number(env, "SCRUTINY_RETRY_CAP", cls.retry_cap),
            delivery_poll=_number(env, "SCRUTINY_DELIVERY_POLL", cls.delivery_poll),
            lease_ttl=_number(env, "SCRUTINY_LEASE_TTL", cls.lease_ttl),
            misfire_grace=_number(env, "SCRUTINY_MISFIRE_GRACE", cls.misfire_grace),
            fault_point=env.get("SCRUTINY_FAULT_POINT") or None,
            max_member_mb=_number(env, "SCRUTINY_MAX_MEMBER_MB", cls.max_member_mb),
            max_compression_ratio=_number(
                env, "SCRUTINY_MAX_COMPRESSION_RATIO", cls.max_compression_ratio
            ),
            max_table_mb=_number(env, "SCRUTINY_MAX_TABLE_MB", cls.max_table_mb),
            months_ahead=int(_number(env, "SCRUTINY_MONTHS_AHEAD", cls.months_ahead)),
            ingest_memory_mb=_number(env, "SCRUTINY_INGEST_MEMORY_MB", cls.ingest_memory_mb),
        )
        settings.check()
        return settings

    def check(self) -> None:
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise SettingsError(f"SCRUTINY_TIMEZONE {self.timezone!r} is not a time zone") from None
        if len(self.schedule.split()) not in (5, 6):
            raise SettingsError(
                f"SCRUTINY_SCHEDULE {self.schedule!r} must be a crontab: minute hour day month "
                "weekday, e.g. '0 7 15 * *' (six fields: seconds first)"
            )
        if self.lease_ttl <= 0:
            raise SettingsError("SCRUTINY_LEASE_TTL must be positive")

    def channel_for(self, force: str | None) -> str | None:
        """The channel of a force's alerts and digest: its own, else the default channel."""
        return dict(self.force_channels).get(force or "", self.channel)

    @property
    def socket_mode(self) -> bool:
        return self.app_token is not None

    @property
    def slack_configured(self) -> bool:
        return self.bot_token is not None

    @property
    def open_to_everyone(self) -> bool:
        """No allow-list set: every member of the workspace may query."""
        return not self.allowed_users and not self.allowed_usergroups

    def require_slack(self) -> None:
        if self.bot_token is None:
            raise SettingsError("SLACK_BOT_TOKEN is not set")

    def require_server(self) -> None:
        """What ``serve`` needs: a bot token, and a signing secret unless in Socket Mode."""
        self.require_slack()
        if not self.socket_mode and self.signing_secret is None:
            raise SettingsError(
                "SLACK_SIGNING_SECRET is not set (needed for HTTP mode; set SLACK_APP_TOKEN "
                "for Socket Mode)"
            )


def _api_url(url: str) -> str:
    # WebClient joins base_url and the method name by plain concatenation.
    return url if url.endswith("/") else url + "/"
