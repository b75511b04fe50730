"""The aiosmtpd controller around inbound.smtp's handler."""

from __future__ import annotations

from collections.abc import Callable

from aiosmtpd.controller import Controller

from inbound.smtp import InboundSmtpHandler
from peerline.runtime import Runtime


def make_controller(runtime: Runtime, *, on_stored: Callable[[], None] | None = None) -> Controller:
    s = runtime.settings
    handler = InboundSmtpHandler(
        session_factory=runtime.session_factory, mail_domain=s.mail_domain, on_stored=on_stored
    )
    return Controller(
        handler,
        hostname=s.smtp_host,
        port=s.smtp_port,
        server_hostname=s.mail_domain,
        ready_timeout=10,
        # aiosmtpd answers 552 itself past this size and advertises it with SIZE.
        data_size_limit=s.max_message_bytes,
        decode_data=False,
    )
