"""Settings: the only place that reads the environment (and `.env`)."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from faq_engine import DEFAULT_ANSWER_THRESHOLD, DEFAULT_SUGGEST_THRESHOLD

BUNDLED_KNOWLEDGE_BASE = Path(__file__).parent / "data" / "knowledge_base.yaml"


class SettingsError(Exception):
    """Bad settings: carries one line a person can act on."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_prefix="PEERLINE_", extra="ignore")

    data_dir: Path = Path("./var")
    database_url: str = ""
    http_host: str = "127.0.0.1"
    http_port: int = Field(8000, ge=0, le=65535)
    smtp_host: str = "127.0.0.1"
    smtp_port: int = Field(2525, ge=0, le=65535)
    mail_domain: str = "peerline.localhost"
    public_url: str = "http://127.0.0.1:8000"
    secret_key: str = ""
    smtp_relay_url: str = ""
    sms_from: str = ""
    twilio_api_url: str = ""
    knowledge_base: Path = BUNDLED_KNOWLEDGE_BASE
    board_access: Literal["members", "public"] = "members"
    max_message_bytes: int = Field(10 * 1024 * 1024, ge=1024)
    # FAQ thresholds on the engine's confidence scale (docs/faq-engine.md): at or above `answer` the member
    # gets the answer, at or above `suggest` they are offered choices, below that a leader is asked.
    # Defaults (40 / 25) chosen by measurement on the development set, whole and in halves: the best accuracy with
    # at most 2% confident wrong answers (docs/faq-engine.md has the sweep; 43 is the cautious alternative).
    faq_answer_threshold: float = Field(DEFAULT_ANSWER_THRESHOLD, ge=0, le=100)
    faq_suggest_threshold: float = Field(DEFAULT_SUGGEST_THRESHOLD, ge=0, le=100)
    # Hours before an unanswered question is reminded, then re-routed; "48", "48h", "2d" or "90m".
    escalate_after: float = Field(48.0, gt=0)
    token_ttl_days: int = Field(60, gt=0)
    network_name: str = "Peerline"
    # Filled by load_settings: TWILIO_AUTH_TOKEN, or a development key kept in the data dir.
    webhook_auth_token: str = Field("", exclude=True)

    # Twilio's own variable names carry no PEERLINE_ prefix.
    twilio_account_sid: str = Field("", validation_alias="TWILIO_ACCOUNT_SID")
    twilio_auth_token: str = Field("", validation_alias="TWILIO_AUTH_TOKEN")

    @field_validator("mail_domain")
    @classmethod
    def _domain_lowercase(cls, value: str) -> str:
        value = value.strip().lower()
        if not value or "@" in value or " " in value:
            raise ValueError("must be a bare domain such as peerline.example.org")
        return value

    @field_validator("public_url")
    @classmethod
    def _public_url_http(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value.rstrip("/")

    @field_validator("escalate_after", mode="before")
    @classmethod
    def _duration_in_hours(cls, value: object) -> object:
        if isinstance(value, str):
            text = value.strip().lower()
            units = {"m": 1 / 60, "h": 1.0, "d": 24.0}
            if text and text[-1] in units:
                return float(text[:-1]) * units[text[-1]]
        return value

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: str) -> str:
        if value and not value.startswith(("sqlite:", "postgresql")):
            raise ValueError("must be sqlite:///PATH or postgresql+psycopg://USER:PASS@HOST/DB")
        return value

    @field_validator("smtp_relay_url")
    @classmethod
    def _relay_url(cls, value: str) -> str:
        if value and not value.startswith(("smtp://", "smtps://")):
            raise ValueError("must look like smtp://user:pass@host:587")
        return value

    @property
    def twilio_enabled(self) -> bool:
        """SMS goes through Twilio only when all three are set; else into sms.jsonl."""
        return bool(self.twilio_account_sid and self.twilio_auth_token and self.sms_from)

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'peerline.db'}"

    @property
    def maildir(self) -> Path:
        return self.data_dir / "mail"

    @property
    def sms_log(self) -> Path:
        return self.data_dir / "sms.jsonl"

    @property
    def ask_address(self) -> str:
        return f"ask@{self.mail_domain}"


def _kept_secret(data_dir: Path, name: str) -> str:
    """Read a secret kept in the data dir, creating it on first start."""
    path = data_dir / name
    if path.exists():
        return path.read_text().strip()
    value = secrets.token_hex(32)
    path.write_text(value + "\n")
    path.chmod(0o600)
    return value


def redacted_url(url: str) -> str:
    """The URL with any user and password replaced, fit to print."""
    scheme, sep, rest = url.partition("://")
    if "@" in rest:
        rest = "***@" + rest.rpartition("@")[2]
    return f"{scheme}{sep}{rest}"


# Values never echoed back in an error: a typo in them must not print a credential.
_SECRET_FIELDS = frozenset({"secret_key", "twilio_auth_token"})


def _shown_value(field: str, value: object) -> str:
    if field in _SECRET_FIELDS:
        return "(hidden)"
    if isinstance(value, str) and "://" in value:
        return repr(redacted_url(value))
    return repr(value)


def load_settings(**overrides: object) -> Settings:
    """Build settings, create the data dir and fill generated secrets.

    Raises SettingsError with one readable line on bad values.
    """
    try:
        settings = Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        first = exc.errors()[0]
        field = str(first["loc"][0]) if first["loc"] else "settings"
        env_name = field.upper() if field.upper().startswith("TWILIO_") else f"PEERLINE_{field.upper()}"
        raise SettingsError(f"{env_name}: {first['msg']} (got {_shown_value(field, first.get('input'))})") from None
    try:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SettingsError(f"PEERLINE_DATA_DIR: cannot create {settings.data_dir}: {exc.strerror}") from None
    if not settings.secret_key:
        settings.secret_key = _kept_secret(settings.data_dir, "secret_key")
    # Webhooks are always verified: without a Twilio account a development signing key is kept instead.
    settings.webhook_auth_token = settings.twilio_auth_token or _kept_secret(settings.data_dir, "twilio_auth_token")
    if not settings.knowledge_base.exists():
        raise SettingsError(f"PEERLINE_KNOWLEDGE_BASE: no such file {settings.knowledge_base}")
    if settings.faq_suggest_threshold > settings.faq_answer_threshold:
        raise SettingsError("PEERLINE_FAQ_SUGGEST_THRESHOLD must not exceed PEERLINE_FAQ_ANSWER_THRESHOLD")
    return settings
