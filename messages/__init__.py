"""Messages: findings and figures to Slack Block Kit, plain text, charts and the HTML report.
Pure: no database, no Slack, no clock; one Jinja environment (``templating``).

The public API, by module:
- ``model``: ``SlackMessage``, ``IndicatorInfo``; ``inputs``: the figures a digest is made of.
- ``event_alert``: an event's alert, its follow-ups, data notices; ``alert`` and
  ``follow_up``: a single finding's.
- ``digest``: the Slack digest (a phone-screen summary, the full table in its thread);
  ``report_html``: the monthly performance report.
- ``query_replies``: every ``/scrutiny`` reply; ``comparison``: ``compare``'s table;
  ``acknowledged``, ``breakdown``, ``actions``: what the alert buttons show.
- ``chart`` and ``finding_chart``: PNG charts; ``plain_text``: a message as text (the CLI).
The rest (``wording``, ``statements``, ``formats``, ``escaping``, ``blocks``, ...) are their
parts: one place for each rule's words.
"""
