"""Conditional-UPDATE claims: the same on SQLite and PostgreSQL, so two workers never take one row."""

from __future__ import annotations

from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from store.models import Base


def claim(session: Session, model: type[Base], row_id: int, *, frm: str, to: str, **values: Any) -> bool:
    table = model.__table__
    result = session.execute(
        update(table).where(table.c.id == row_id, table.c.status == frm).values(status=to, **values)
    )
    return result.rowcount == 1  # type: ignore[attr-defined]
