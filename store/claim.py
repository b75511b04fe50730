"""Conditional-UPDATE claims: the same on SQLite and PostgreSQL, so two workers never take one row."""

from __future__ import annotations

from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from store.models import Base


def claim(session: Session, model: type[Base], row_id: int, *, frm: str, to: str, **values: Any) -> bool:
    id_column, status_column = getattr(model, "id"), getattr(model, "status")  # noqa: B009
    result = session.execute(update(model).where(id_column == row_id, status_column == frm).values(status=to, **values))
    return result.rowcount == 1  # type: ignore[attr-defined]
