"""The aiosmtpd controller around inbound.smtp's handler."""

from __future__ import annotations

from collections.abc import Callable

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP

from inbound.smtp import InboundSmtpHandler
from peerline.runtime import Runtime


class TolerantSMTP(SMTP):
    # RFC 5321 caps lines at 1,000 octets, but real mailers (and the corpus) send longer HTML lines;
    # refusing them would lose a member's question, and the total size is still capped by SIZE.
    line_length_limit = 256 * 1024


class PeerlineController(Controller):
    def factory(self) -> SMTP:
        return TolerantSMTP(self.handler, **self.SMTP_kwargs)


def make_controller(runtime: Runtime, *, on_stored: Callable[[], None] | None = None) -> Controller:
    s = runtime.settings
    handler = InboundSmtpHandler(
        session_factory=runtime.session_factory, mail_domain=s.mail_domain, on_stored=on_stored
    )
    return PeerlineController(
        handler,
        hostname=s.smtp_host,
        port=s.smtp_port,
        server_hostname=s.mail_domain,
        ready_timeout=10,
        # aiosmtpd answers 552 itself past this size and advertises it with SIZE.
        data_size_limit=s.max_message_bytes,
        decode_data=False,
    )
