"""Store: migrations match the models, duplicates are one row, claims are exclusive."""

from __future__ import annotations

from datetime import UTC, datetime

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from store.claim import claim
from store.db import make_engine, make_session_factory, transaction
from store.migrate import upgrade_schema
from store.models import Base, InboundMessage
from store.queries import add_inbound, queued_inbound_ids

NOW = datetime(2026, 12, 3, 18, 0, tzinfo=UTC)


def sms(sid: str) -> InboundMessage:
    return InboundMessage(
        channel="sms",
        external_id=sid,
        sender="+14165550101",
        recipient="+15550000000",
        subject="",
        body="hi",
        meta={},
        received_at=NOW,
        status="queued",
        trail=[],
    )


def test_migrations_produce_the_models_schema(database_url: str) -> None:
    engine = make_engine(database_url)
    upgrade_schema(engine)
    with engine.connect() as connection:
        diffs = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    engine.dispose()
    assert diffs == []


def test_same_external_id_is_stored_once(database_url: str) -> None:
    engine = make_engine(database_url)
    upgrade_schema(engine)
    factory = make_session_factory(engine)
    with transaction(factory) as session:
        assert add_inbound(session, sms("SM1")) is not None
        assert add_inbound(session, sms("SM1")) is None
        assert add_inbound(session, sms("SM2")) is not None
    with factory() as session:
        assert len(queued_inbound_ids(session)) == 2
    engine.dispose()


def test_claim_is_won_once(database_url: str) -> None:
    engine = make_engine(database_url)
    upgrade_schema(engine)
    factory = make_session_factory(engine)
    with transaction(factory) as session:
        row_id = add_inbound(session, sms("SM3")).id  # type: ignore[union-attr]
    with transaction(factory) as session:
        assert claim(session, InboundMessage, row_id, frm="queued", to="processing") is True
    with transaction(factory) as session:
        assert claim(session, InboundMessage, row_id, frm="queued", to="processing") is False
    engine.dispose()
