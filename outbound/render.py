"""Render message templates: e-mail is `name.subject.txt`, `name.txt`, `name.html`; SMS is `name.sms.txt`.

Every template gets `lang` ("en" or "fr", the reader's language; "en" when not given): a template for members
words its whole frame in it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

TEMPLATE_DIR = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str


@cache
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATE_DIR),
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )


def render_email(name: str, **context: Any) -> RenderedEmail:
    env = _environment()
    context.setdefault("lang", "en")
    subject = " ".join(env.get_template(f"{name}.subject.txt").render(**context).split())
    text = env.get_template(f"{name}.txt").render(**context).strip() + "\n"
    html = env.get_template(f"{name}.html").render(**context)
    return RenderedEmail(subject=subject, text=text, html=html)


def render_sms(name: str, **context: Any) -> str:
    context.setdefault("lang", "en")
    return " ".join(_environment().get_template(f"{name}.sms.txt").render(**context).split())
