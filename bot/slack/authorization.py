"""Who may query the bot: allow-lists of users and user groups, from the settings.

With neither list set, everyone in the workspace may (the workspace is the boundary). User-group
members are fetched from Slack (``usergroups.users.list``) and kept for a few minutes; when Slack
cannot say, the answer is no.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.settings import Settings
from messages import query_replies as replies
from messages.model import SlackMessage

log = logging.getLogger(__name__)
MEMBERS_TTL = 300.0


def denied_reply() -> SlackMessage:
    return replies.error_reply(
        "You are not on the list of people who may use scrutiny.",
        hint="Ask your analyst team to add you.",
    )


class Authorizer:
    def __init__(
        self, settings: Settings, client: WebClient, *, clock: Callable[[], float] = time.monotonic
    ):
        self.settings = settings
        self.client = client
        self.clock = clock
        self._members: dict[str, tuple[float, frozenset[str]]] = {}
        self._lock = threading.Lock()

    def allows(self, user_id: str) -> bool:
        if self.settings.open_to_everyone or user_id in self.settings.allowed_users:
            return True
        groups = sorted(self.settings.allowed_usergroups)
        return any(user_id in self._group(group) for group in groups)

    def _group(self, group: str) -> frozenset[str]:
        with self._lock:
            cached = self._members.get(group)
        if cached is not None and self.clock() - cached[0] < MEMBERS_TTL:
            return cached[1]
        try:
            users = frozenset(self.client.usergroups_users_list(usergroup=group)["users"])
        except SlackApiError as error:
            log.warning(
                "cannot read the members of user group %s: %s",
                group,
                error.response.get("error") if error.response else error,
            )
            return cached[1] if cached is not None else frozenset()
        with self._lock:
            self._members[group] = (self.clock(), users)
        return users
