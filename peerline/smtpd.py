"""The aiosmtpd controller around inbound.smtp's handler."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP

from inbound.leader_reply import refusal_for_token
from inbound.smtp import InboundSmtpHandler
from inbound.tokens import token_of_local_part
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
    network = runtime.network

    def reply_token_refusal(local_part: str) -> str | None:
        token = token_of_local_part(local_part)
        if token is None:
            return "550 5.1.1 No such mailbox here"
        return refusal_for_token(network, token, network.token_ttl_days, datetime.now(UTC))

    handler = InboundSmtpHandler(
        session_factory=runtime.session_factory,
        mail_domain=s.mail_domain,
        extra_local_part=reply_token_refusal,
        on_stored=on_stored,
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
