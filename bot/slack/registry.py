"""Every ``/scrutiny`` verb, declared once: its words, its reader, its request, its answer, its
help line and example, and whether its answer waits in the slow-work queue.

Reading a query, answering it and ``/scrutiny help`` all go through ``COMMANDS``: adding a verb
is one entry here plus its reader (bot/slack/command_parser.py) and its answer
(bot/slack/answers.py); tests/bot/slack/test_registry.py fails when an entry lacks any part.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.slack import answers
from bot.slack import command_parser as cmd
from bot.slack.context import BotContext
from bot.slack.query import Query
from bot.use_cases import Vocabulary, names
from messages import query_replies as replies
from messages.model import SlackMessage

MAX_TEXT = 300  # longer text is not a query; refuse it before matching does quadratic work

Reader = Callable[[list[str], Vocabulary], cmd.Request]
Answer = Callable[[BotContext, Any, Query], "SlackMessage | list[SlackMessage]"]
Slow = Callable[[BotContext, Any], bool]


def always(context: BotContext, request: Any) -> bool:
    return True


def never(context: BotContext, request: Any) -> bool:
    return False


@dataclass(frozen=True, kw_only=True)
class Command:
    verb: str  # the word help shows: "show"
    words: tuple[str, ...] = ()  # other words for it: ("why",)
    request: type  # what ``read`` returns for it when it can read the words
    read: Reader  # the words after the verb -> the request (or NotUnderstood)
    answer: Answer
    usage: str  # the help line's what to type: "show INDICATOR [AREA] [MONTH]"
    help: str  # the help line's what it does
    example: str  # one query as a person would type it
    # Whether the answer reads much or draws (queued) or is cheap (answered at once).
    slow: Slow

    def help_line(self) -> replies.CommandHelp:
        return replies.CommandHelp(self.usage, self.help, self.example, self.words)


def help_reply(context: BotContext, request: cmd.Help, query: Query) -> SlackMessage:
    return replies.help_reply([c.help_line() for c in COMMANDS])


COMMANDS: tuple[Command, ...] = (
    Command(
        verb="help",
        words=("?",),
        request=cmd.Help,
        read=cmd.read_nothing(cmd.Help()),
        answer=help_reply,
        usage="help",
        help="this list",
        example="help",
        slow=never,
    ),
    Command(
        verb="show",
        request=cmd.Show,
        read=cmd.read_show,
        answer=answers.show,
        usage="show INDICATOR [AREA] [MONTH]",
        help="one indicator: the month's figure, the trend, a chart and open alerts",
        example="show robbery south 2022-10",
        slow=always,
    ),
    Command(
        verb="compare",
        request=cmd.Compare,
        read=cmd.read_compare,
        answer=answers.compare,
        usage="compare INDICATOR [AREA] [MONTH]",
        help="In Year against the previous 12 months beside the area's region, groups and "
        "England & Wales (a force) or its division and force, and its rank",
        example="compare burglary",
        slow=always,
    ),
    Command(
        verb="alerts",
        words=("alert",),
        request=cmd.Alerts,
        read=cmd.read_alerts,
        answer=answers.alerts,
        usage="alerts [AREA]",
        help="the open alerts, for one area or all",
        example="alerts preston",
        slow=always,
    ),
    Command(
        verb="explain",
        words=("why",),
        request=cmd.Explain,
        read=cmd.read_explain,
        answer=answers.explain,
        usage="explain ALERT | INDICATOR [AREA]",
        help="why an alert fired, or the latest for an indicator and area: rule, baseline, limits",
        example="explain robbery west",
        slow=always,
    ),
    Command(
        verb="digest",
        request=cmd.Digest,
        read=cmd.read_digest,
        answer=answers.digest,
        usage="digest [MONTH]",
        help="the monthly digest, In Year against the Previous 12 Months",
        example="digest 2022-09",
        slow=answers.digest_is_slow,
    ),
    Command(
        verb="indicators",
        request=cmd.Indicators,
        read=cmd.read_nothing(cmd.Indicators()),
        answer=answers.indicators_list,
        usage="indicators",
        help="the indicators you can ask about",
        example="indicators",
        slow=never,
    ),
    Command(
        verb="areas",
        request=cmd.Areas,
        read=cmd.read_nothing(cmd.Areas()),
        answer=answers.areas_list,
        usage="areas",
        help="the areas you can ask about",
        example="areas",
        slow=never,
    ),
    Command(
        verb="subscribe",
        words=("sub",),
        request=cmd.Subscribe,
        read=cmd.read_subscribe,
        answer=answers.subscribe,
        usage="subscribe INDICATOR|THEME|all [AREA]",
        help="get alerts here for an indicator, a theme or everything",
        example="subscribe burglary south",
        slow=never,
    ),
    Command(
        verb="unsubscribe",
        words=("unsub",),
        request=cmd.Subscribe,
        read=cmd.read_unsubscribe,
        answer=answers.subscribe,
        usage="unsubscribe INDICATOR|THEME|all [AREA]",
        help="stop them",
        example="unsubscribe all",
        slow=never,
    ),
)


@dataclass(frozen=True)
class Reading:
    """A query as read: its command (None: no verb was recognised) and its request."""

    command: Command | None
    request: cmd.Request

    @property
    def understood(self) -> bool:
        return self.command is not None and isinstance(self.request, self.command.request)


def _by_word() -> dict[str, Command]:
    return {word: c for c in COMMANDS for word in (c.verb, *c.words)}


def _verbs() -> names.Choices:
    return {c.verb: names.choice((c.verb,), c.words) for c in COMMANDS}


def read(text: str, vocabulary: Vocabulary) -> Reading:
    if len(text) > MAX_TEXT:
        return Reading(
            None,
            cmd.NotUnderstood(
                "usage",
                f"That is {len(text):,} characters; a query is a few "
                "words, such as `show robbery south`.",
            ),
        )
    words = cmd.words_of(text)
    if not words:
        return read("help", vocabulary)
    command = _command(words[0])
    if command is None:
        suggested = tuple(names.suggest(words[0], _verbs()))
        return Reading(None, cmd.NotUnderstood("command", words[0], suggested))
    return Reading(command, command.read(words[1:], vocabulary))


def _command(word: str) -> Command | None:
    # "?" has no letters for the resolver to match: the words are tried as typed first.
    found = _by_word().get(word.lower())
    if found is not None:
        return found
    close = names.best(word, _verbs())
    return next(c for c in COMMANDS if c.verb == close.key) if close else None


def parse(text: str, vocabulary: Vocabulary) -> cmd.Request:
    """The request ``text`` asks for."""
    return read(text, vocabulary).request


def is_slow(context: BotContext, reading: Reading) -> bool:
    """Whether the answer waits in the slow-work queue; what was not understood never does."""
    return (
        reading.command is not None
        and reading.understood
        and reading.command.slow(context, reading.request)
    )


def answer(context: BotContext, reading: Reading, query: Query) -> list[SlackMessage]:
    request = reading.request
    if isinstance(request, cmd.NotUnderstood):
        return [answers.not_understood(context, request, query)]
    if reading.command is None or not reading.understood:
        raise TypeError(f"{reading.command} read {request!r}, not its request type")
    reply = reading.command.answer(context, request, query)
    return reply if isinstance(reply, list) else [reply]
