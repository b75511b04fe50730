"""The senders in one place, so the composition root picks one of each without knowing the modules."""

from outbound.email_senders import EmailSender, MaildirSender, SmtpRelaySender
from outbound.errors import PermanentSendError, SendError, TransientSendError
from outbound.sms_senders import Sms, SmsLogSender, SmsSender, TwilioSmsSender

__all__ = [
    "EmailSender",
    "MaildirSender",
    "PermanentSendError",
    "SendError",
    "Sms",
    "SmsLogSender",
    "SmsSender",
    "SmtpRelaySender",
    "TransientSendError",
    "TwilioSmsSender",
]
