"""The command registry is complete: every verb has its words, reader, request, answer, help line
and example, and reading, answering and help all go through it."""

from __future__ import annotations

import json

import pytest

from bot.slack import command_parser as cmd
from bot.slack.registry import COMMANDS, Command, help_reply, read
from bot.use_cases.names import Vocabulary
from storage.areas import Area
from storage.catalogue import builtin_indicators

VOCABULARY = Vocabulary.of(
    builtin_indicators().values(),
    [
        Area("lancashire", "Lancashire", "force", None),
        Area("south", "South Division", "division", "lancashire"),
        Area("west", "West Division", "division", "lancashire"),
        Area("preston", "Preston", "district", "south"),
    ],
)
VERBS = [c.verb for c in COMMANDS]


@pytest.mark.parametrize("command", COMMANDS, ids=VERBS)
def test_every_verb_has_a_reader_an_answer_and_a_help_line(command: Command):
    assert command.verb.strip(), "a command needs a verb"
    assert callable(command.read), f"{command.verb}: no reader"
    assert callable(command.answer), f"{command.verb}: no answer"
    assert callable(command.slow), f"{command.verb}: no say on slow work"
    assert isinstance(command.request, type), f"{command.verb}: no request type"
    assert command.usage.strip(), f"{command.verb}: no help line (usage)"
    assert command.help.strip(), f"{command.verb}: no help line (what it does)"
    assert command.example.strip(), f"{command.verb}: no example"
    assert command.usage.split()[0] == command.verb, f"{command.verb}: usage names another verb"


@pytest.mark.parametrize("command", COMMANDS, ids=VERBS)
def test_every_example_reads_as_its_verbs_request(command: Command):
    reading = read(command.example, VOCABULARY)
    assert reading.command is command
    assert isinstance(reading.request, command.request), reading.request


@pytest.mark.parametrize("command", COMMANDS, ids=VERBS)
def test_every_other_word_for_a_verb_reads_as_it(command: Command):
    for word in command.words:
        assert read(f"{word} {command.example.partition(' ')[2]}", VOCABULARY).command is command


def test_each_word_names_one_verb():
    words = [word for c in COMMANDS for word in (c.verb, *c.words)]
    assert len(words) == len(set(words))


def test_help_lists_every_verb_with_its_usage_and_example():
    shown = json.dumps(help_reply(None, cmd.Help(), None).blocks, ensure_ascii=False)
    for command in COMMANDS:
        assert f"/scrutiny {command.usage}" in shown, command.verb
        if command.example != command.usage:
            assert f"/scrutiny {command.example}" in shown, command.verb


def test_a_verb_misspelt_is_read_and_an_unknown_one_gets_suggestions():
    assert read("shwo robbery", VOCABULARY).command.verb == "show"
    reading = read("subscibr", VOCABULARY)
    assert reading.command.verb == "subscribe"
    unknown = read("frobnicate", VOCABULARY)
    assert unknown.command is None and unknown.request.kind == "command"
    assert read("xhowz", VOCABULARY).request == cmd.NotUnderstood("command", "xhowz", ("show",))
    assert read("explian", VOCABULARY).command.verb == "explain"


def test_nothing_typed_is_help():
    assert read("", VOCABULARY).request == cmd.Help()
    assert read("?", VOCABULARY).request == cmd.Help()
