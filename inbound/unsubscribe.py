"""The unsubscribe link of our bulk e-mail (RFC 8058).

`POST /unsubscribe/{token}` is the one-click unsubscribe that mail providers send (body
`List-Unsubscribe=One-Click`, no cookies); it is also what the button on the GET page submits.
`GET /unsubscribe/{token}` only shows that button: link scanners and previews fetch URLs in mail, and a GET
must never unsubscribe anyone.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse
from jinja2 import Environment, StrictUndefined

from outbound.unsubscribe import parse_unsubscribe_token
from store.db import SessionFactory, transaction
from store.models import Contact
from store.queries_members import set_contact_opted_out

log = logging.getLogger(__name__)

# Tokens are in the URL: keep them out of Referer headers, caches and search engines.
_HEADERS = {"Referrer-Policy": "no-referrer", "Cache-Control": "no-store", "X-Robots-Tag": "noindex"}

_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }} · {{ network_name }}</title>
<style>
body { font-family: Arial, Helvetica, sans-serif; font-size: 1.15rem; line-height: 1.6; color: #1a1a1a;
       max-width: 34rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.5rem; line-height: 1.3; }
button { font-size: 1.15rem; padding: 0.8rem 1.4rem; border: 0; border-radius: 0.4rem; background: #0b5394;
         color: #fff; width: 100%; }
.muted { color: #555; font-size: 1rem; }
</style>
</head>
<body>
<h1>{{ title }}</h1>
{% if state == "confirm" %}
<p>Stop the e-mails {{ network_name }} sends to this address on its own: answers that arrive later, notices,
reminders, digests and invitations? (A reply to a message you send us still comes back.)</p>
<form method="post" action="/unsubscribe/{{ token }}">
<input type="hidden" name="List-Unsubscribe" value="One-Click">
<button type="submit">Unsubscribe</button>
</form>
{% elif state == "done" %}
<p>You will get no more answers arriving later, notices, reminders, digests or invitations from
{{ network_name }} at this e-mail address.</p>
{% if ask_address %}<p class="muted">Changed your mind? E-mail START to {{ ask_address }}.</p>{% endif %}
{% else %}
<p>This unsubscribe link is not complete or not valid. Please use the whole link from the e-mail,
or reply to any of our e-mails with the word UNSUBSCRIBE.</p>
{% if ask_address %}<p class="muted">You can also e-mail STOP to {{ ask_address }}.</p>{% endif %}
{% endif %}
</body>
</html>
"""

_template = Environment(autoescape=True, undefined=StrictUndefined).from_string(_PAGE)


def make_router(
    *,
    session_factory: SessionFactory,
    secret_key: str,
    network_name: str = "Peerline",
    ask_address: str = "",
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> APIRouter:
    router = APIRouter()

    def page(state: str, title: str, token: str = "", status_code: int = 200) -> HTMLResponse:
        html = _template.render(
            state=state, title=title, token=token, network_name=network_name, ask_address=ask_address
        )
        return HTMLResponse(html, status_code=status_code, headers=_HEADERS)

    def bad_link() -> HTMLResponse:
        return page("bad", "This link does not work", status_code=400)

    @router.get("/unsubscribe/{token}")
    def confirm(token: str) -> HTMLResponse:
        if parse_unsubscribe_token(secret_key, token) is None:
            return bad_link()
        return page("confirm", "Unsubscribe", token=token)

    @router.post("/unsubscribe/{token}")
    async def unsubscribe(token: str) -> HTMLResponse:
        contact_id = parse_unsubscribe_token(secret_key, token)
        if contact_id is None:
            log.warning("unsubscribe with a bad token")
            return bad_link()
        if not await run_in_threadpool(_opt_out, session_factory, contact_id, clock()):
            return bad_link()
        return page("done", "You are unsubscribed")

    return router


def _opt_out(factory: SessionFactory, contact_id: int, now: datetime) -> bool:
    """True when the address is (now, or already) unsubscribed; False for a token that names no e-mail.

    A contact erased by DELETE is no longer there: nothing can be sent to it, so that counts as done.
    """
    with transaction(factory) as session:
        contact = session.get(Contact, contact_id)
        if contact is None:
            return True
        if contact.channel != "email":
            return False
        if not contact.opted_out:
            set_contact_opted_out(session, contact_id, opted_out=True, now=now)
            log.info("contact %d unsubscribed from e-mail by its link", contact_id)
        return True
