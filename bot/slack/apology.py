"""What a person is told when their request failed after the ack: never the error itself (the
log has it)."""

from __future__ import annotations

from slack_bolt import Respond

SORRY = (
    "Sorry, something went wrong on our side and your request was not completed. "
    "It has been logged; please try again later."
)


def apologise(respond: Respond) -> None:
    respond(text=SORRY, response_type="ephemeral", replace_original=False)
