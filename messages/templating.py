"""The one Jinja environment for every template in messages/templates.

HTML templates (``*.html``) are autoescaped for HTML. Every other template produces Slack
mrkdwn: each ``{{ value }}`` passes the mrkdwn escaping filter on its way out (``finalize``),
so a template cannot forget it. Templates lay text out; the English lives in formats.py,
wording.py and in_year.py.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, pass_eval_context, select_autoescape
from jinja2.nodes import EvalContext

from messages.escaping import Mrkdwn, escape_mrkdwn


@pass_eval_context
def _finalize(eval_ctx: EvalContext, value: Any) -> Any:
    # HTML templates are escaped by markupsafe; escaping them for mrkdwn as well would double it.
    return value if eval_ctx.autoescape else escape_mrkdwn(value)


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("messages", "templates"),
        undefined=StrictUndefined,
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters["mrkdwn"] = escape_mrkdwn
    return env


def macro(template: str, name: str, /, **values: Any) -> Mrkdwn:
    """Call macro ``name`` of a mrkdwn template: the result is escaped text, safe for Slack."""
    return Mrkdwn(getattr(environment().get_template(template).module, name)(**values).strip())


def render_html(template: str, /, **values: Any) -> str:
    return environment().get_template(template).render(**values)
