"""A small local fake of Twilio's Messages REST API, for driving the real twilio SDK in tests.

POST /2010-04-01/Accounts/{sid}/Messages.json (form-encoded, HTTP basic auth) answers 201 with a message
resource; `fail_next(n, status, code, message)` makes the next n requests answer Twilio's JSON error shape.
"""

from __future__ import annotations

import base64
import json
import re
import threading
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

_MESSAGES = re.compile(r"^/2010-04-01/Accounts/(?P<sid>AC[0-9a-fA-F]{32})/Messages\.json$")


@dataclass
class RecordedRequest:
    method: str
    path: str
    form: dict[str, str]
    authorized: bool
    status: int
    sid: str = ""


@dataclass
class _Failure:
    status: int
    code: int
    message: str


@dataclass
class FakeTwilio:
    account_sid: str
    auth_token: str
    requests: list[RecordedRequest] = field(default_factory=list)
    _failures: list[_Failure] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _server: ThreadingHTTPServer | None = None
    _thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        assert self._server is not None, "start() the fake first"
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def sent(self) -> list[RecordedRequest]:
        return [r for r in self.requests if r.status == 201]

    def fail_next(self, n: int = 1, *, status: int = 500, code: int = 20500, message: str = "Internal error") -> None:
        with self._lock:
            self._failures.extend(_Failure(status, code, message) for _ in range(n))

    def start(self) -> FakeTwilio:
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> FakeTwilio:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def _authorized(self, header: str | None) -> bool:
        expected = base64.b64encode(f"{self.account_sid}:{self.auth_token}".encode()).decode()
        return header == f"Basic {expected}"

    def handle(self, method: str, path: str, auth: str | None, body: str) -> tuple[int, dict[str, Any]]:
        form = dict(parse_qsl(body, keep_blank_values=True))
        match = _MESSAGES.match(path)
        authorized = self._authorized(auth)
        with self._lock:
            failure = self._failures.pop(0) if self._failures and match and authorized else None
        if not match or method != "POST":
            status, payload = 404, _error(404, 20404, "The requested resource was not found")
        elif not authorized or match["sid"] != self.account_sid:
            status, payload = 401, _error(401, 20003, "Authenticate")
        elif failure is not None:
            status, payload = failure.status, _error(failure.status, failure.code, failure.message)
        elif not form.get("To") or not form.get("Body"):
            status, payload = 400, _error(400, 21604, "A 'To' phone number and a 'Body' are required.")
        else:
            status, payload = 201, _message(self.account_sid, form)
        self.requests.append(RecordedRequest(method, path, form, authorized, status, str(payload.get("sid", ""))))
        return status, payload


def _error(status: int, code: int, message: str) -> dict[str, Any]:
    return {
        "code": code,
        "message": message,
        "more_info": f"https://www.twilio.com/docs/errors/{code}",
        "status": status,
    }


def _message(account_sid: str, form: dict[str, str]) -> dict[str, Any]:
    sid = "SM" + uuid.uuid4().hex
    return {
        "sid": sid,
        "account_sid": account_sid,
        "to": form["To"],
        "from": form.get("From"),
        "body": form["Body"],
        "status": "queued",
        "num_segments": "1",
        "direction": "outbound-api",
        "api_version": "2010-04-01",
        "status_callback": form.get("StatusCallback"),
        "uri": f"/2010-04-01/Accounts/{account_sid}/Messages/{sid}.json",
    }


def _handler_for(fake: FakeTwilio) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _answer(self, method: str) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode("utf-8") if length else ""
            status, payload = fake.handle(method, self.path.split("?")[0], self.headers.get("Authorization"), body)
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self) -> None:
            self._answer("POST")

        def do_GET(self) -> None:
            self._answer("GET")

        def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
            pass

    return Handler
