"""SMS senders: a JSON-lines log (no account needed) or Twilio through its official SDK."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

import requests
from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from outbound.errors import PermanentSendError, TransientSendError

TWILIO_API = "https://api.twilio.com"


@dataclass(frozen=True)
class Sms:
    to: str
    from_: str
    body: str
    segments: int
    encoding: str  # "GSM-7" | "UCS-2"
    outbox_id: int


class SmsSender(Protocol):
    def send(self, sms: Sms, *, now: datetime) -> str:
        """Hand the SMS on; return a provider id. Raise TransientSendError or PermanentSendError."""
        ...


class SmsLogSender:
    """Appends one JSON object per SMS to a file: the development stand-in for a real carrier."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()

    def send(self, sms: Sms, *, now: datetime) -> str:
        line = json.dumps(
            {
                "to": sms.to,
                "from": sms.from_,
                "body": sms.body,
                "segments": sms.segments,
                "encoding": sms.encoding,
                "outbox_id": sms.outbox_id,
                "sent_at": now.isoformat(),
            },
            ensure_ascii=False,
        )
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._lock, self.path.open("a", encoding="utf-8") as log:
                log.write(line + "\n")  # one write per line: O_APPEND keeps lines whole across processes
        except OSError as exc:
            raise TransientSendError(f"sms log: {exc}") from exc
        return f"smslog:{sms.outbox_id}"


class _RedirectingHttpClient(TwilioHttpClient):
    """The SDK's own HTTP client, pointed at a Twilio-compatible base URL (a local fake in tests)."""

    def __init__(self, api_url: str, *, timeout: float) -> None:
        super().__init__(timeout=timeout)
        self.api_url = api_url.rstrip("/")

    def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> Any:
        if url.startswith(TWILIO_API):
            url = self.api_url + url[len(TWILIO_API) :]
        return super().request(method, url, *args, **kwargs)


# Twilio codes that say "not now" rather than "never" (20429: too many requests).
_TRANSIENT_CODES = frozenset({20429})


def classify_twilio_error(exc: TwilioRestException) -> TransientSendError | PermanentSendError:
    status = int(exc.status or 0)
    code = str(exc.code or status)
    error = f"twilio {status} code {code}: {exc.msg}"
    if status == 429 or status >= 500 or exc.code in _TRANSIENT_CODES:
        return TransientSendError(error, code=code)
    return PermanentSendError(error, code=code)  # 21211 invalid number, 21610 opted out, 21408, ...


class TwilioSmsSender:
    def __init__(
        self,
        account_sid: str,
        auth_token: str,
        from_number: str,
        api_url: str | None = None,
        status_callback: str | None = None,
        *,
        timeout: float = 15.0,
    ) -> None:
        http_client = _RedirectingHttpClient(api_url, timeout=timeout) if api_url else TwilioHttpClient(timeout=timeout)
        # environment={} so the SDK never falls back to reading TWILIO_* from the process environment.
        self.client = Client(account_sid, auth_token, http_client=http_client, environment={})
        self.from_number = from_number
        self.status_callback = status_callback

    def send(self, sms: Sms, *, now: datetime) -> str:
        extra: dict[str, Any] = {"status_callback": self.status_callback} if self.status_callback else {}
        try:
            message = self.client.messages.create(
                to=sms.to, from_=sms.from_ or self.from_number, body=sms.body, **extra
            )
        except TwilioRestException as exc:
            raise classify_twilio_error(exc) from exc
        except (requests.RequestException, OSError) as exc:
            raise TransientSendError(f"twilio unreachable: {exc.__class__.__name__}") from exc
        except TwilioException as exc:
            raise TransientSendError(f"twilio client error: {exc}") from exc
        return str(message.sid)
