"""Send errors, classified so delivery knows whether trying again can help."""

from __future__ import annotations


class SendError(Exception):
    def __init__(self, message: str, *, code: str = "") -> None:
        super().__init__(message)
        self.code = code


class TransientSendError(SendError):
    """The provider or the network failed for now (5xx, 429, timeouts): retry later."""


class PermanentSendError(SendError):
    """The message itself is refused (invalid number, opted out, bad address): retrying cannot help."""
