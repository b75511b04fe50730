"""create_app(settings) -> FastAPI: the SMS webhooks, unsubscribe, board and terms pages, health routes."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import FastAPI
from fastapi.responses import JSONResponse
from sqlalchemy import text

from digest.web import TERMS_VERSION
from digest.web import make_router as make_board_router
from inbound.sms import make_router
from inbound.unsubscribe import make_router as make_unsubscribe_router
from peerline.runtime import Runtime


def create_app(runtime: Runtime, *, on_stored: Callable[[], None] | None = None) -> FastAPI:
    s = runtime.settings
    app = FastAPI(title="Peerline", docs_url=None, redoc_url=None, openapi_url=None)
    app.include_router(
        make_router(
            session_factory=runtime.session_factory,
            auth_token=s.webhook_auth_token,
            public_url=s.public_url,
            on_stored=on_stored,
        )
    )
    app.include_router(
        make_unsubscribe_router(
            session_factory=runtime.session_factory,
            secret_key=s.secret_key,
            network_name=s.network_name,
            ask_address=s.ask_address,
        )
    )
    app.include_router(
        make_board_router(
            session_factory=runtime.session_factory,
            board_access=s.board_access,
            secret_key=s.secret_key,
            terms_version=TERMS_VERSION,
            network_name=s.network_name,
            ask_address=s.ask_address,
            public_url=s.public_url,
        )
    )

    @app.get("/healthz")
    def healthz() -> JSONResponse:
        try:
            with runtime.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except Exception as exc:
            return JSONResponse({"status": "error", "database": type(exc).__name__}, status_code=503)
        return JSONResponse({"status": "ok"})

    return app
