"""The bot: everything that talks to people and to Slack, in five rooms.

- ``bot.cli``: the ``scrutiny`` command line.
- ``bot.slack``: the Slack app: ``/scrutiny``, the alert buttons, the HTTP server.
- ``bot.worker``: the monthly schedule, the worker lease and the loop that drives delivery.
- ``bot.delivery``: who gets what (routing, the delivery plan) and sending it exactly once.
- ``bot.use_cases``: what the CLI and Slack both do: run detection, gather a digest, figures,
  stored findings, breakdowns, reading the names people type.

Shared by all: ``bot.settings`` (read once, at start), ``bot.database`` (a connection per
thread) and ``bot.faults`` (crash points for the crash tests).
"""
