"""Twilio webhooks: verify the signature, store the message, answer an empty TwiML at once."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from urllib.parse import parse_qsl

from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import update
from twilio.request_validator import RequestValidator

from inbound.mime import storable
from store.db import SessionFactory, transaction
from store.models import InboundMessage, Outbound
from store.queries import add_inbound

log = logging.getLogger(__name__)

EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>'
# Twilio bodies are at most 1,600 characters; anything far larger is not Twilio.
MAX_WEBHOOK_BYTES = 64 * 1024
_KEPT_FIELDS = ("NumMedia", "NumSegments", "FromCountry", "FromState", "MessagingServiceSid", "AccountSid")


def _twiml(status_code: int = 200) -> Response:
    return Response(EMPTY_TWIML, status_code=status_code, media_type="application/xml")


def make_router(
    *,
    session_factory: SessionFactory,
    auth_token: str,
    public_url: str,
    on_stored: Callable[[], None] | None = None,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> APIRouter:
    router = APIRouter()
    validator = RequestValidator(auth_token)

    async def verified_form(request: Request) -> dict[str, str] | Response:
        body = await request.body()
        if len(body) > MAX_WEBHOOK_BYTES:
            return Response("request too large", status_code=413)
        # keep_blank_values: Twilio signs empty fields too (an MMS with no text has Body=).
        params = dict(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
        signature = request.headers.get("X-Twilio-Signature", "")
        url = public_url + request.url.path
        if request.url.query:
            url += "?" + request.url.query
        if not signature or not validator.validate(url, params, signature):
            log.warning("rejected webhook with a bad or missing signature")
            return Response("invalid signature", status_code=403)
        return params

    @router.post("/sms/inbound")
    async def sms_inbound(request: Request) -> Response:
        params = await verified_form(request)
        if isinstance(params, Response):
            return params
        sid = params.get("MessageSid") or params.get("SmsSid") or ""
        sender = params.get("From", "")
        if not sid or not sender:
            return Response("MessageSid and From are required", status_code=400)
        row = InboundMessage(
            channel="sms",
            external_id=sid,
            sender=sender,
            recipient=params.get("To", ""),
            subject="",
            body=storable(params.get("Body", "")),
            raw=None,
            meta={k: params[k] for k in _KEPT_FIELDS if k in params},
            received_at=clock(),
            status="queued",
            trail=[],
        )
        stored = await run_in_threadpool(_store, session_factory, row)
        if stored and on_stored is not None:
            on_stored()
        return _twiml()

    @router.post("/sms/status")
    async def sms_status(request: Request) -> Response:
        params = await verified_form(request)
        if isinstance(params, Response):
            return params
        sid, status = params.get("MessageSid", ""), params.get("MessageStatus", "")
        if sid and status:
            await run_in_threadpool(_record_status, session_factory, sid, status)
        return Response(status_code=204)

    return router


def _store(factory: SessionFactory, row: InboundMessage) -> bool:
    with transaction(factory) as session:
        return add_inbound(session, row) is not None


def _record_status(factory: SessionFactory, sid: str, status: str) -> None:
    with transaction(factory) as session:
        session.execute(update(Outbound).where(Outbound.provider_id == sid).values(provider_status=status[:32]))
