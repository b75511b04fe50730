"""Two workers at one instant never move the same question twice (on PostgreSQL as on SQLite).

The first worker's pass is left uncommitted while the second runs: the second reads the question as still
due, reaches its claim and waits on the first's lock; when the first commits, the claim finds the work done.
"""

from __future__ import annotations

import threading
import time
from datetime import datetime, timedelta

from sqlalchemy import func, select

from inbound.escalation import EscalationReport, escalate_due
from peerline.runtime import Runtime
from store.db import transaction
from store.models import Assignment, Outbound, Question
from tests.clocked import clocked_server
from tests.members import Phone
from tests.test_routing_e2e import ANA, QUESTION, STAFF, add_leaders, join, notices_for, wait_for


def two_workers_at(runtime: Runtime, now: datetime) -> tuple[EscalationReport, EscalationReport]:
    network, faq = runtime.network, runtime.faq_engine()
    first = runtime.session_factory()
    first.begin()
    first_report = escalate_due(first, now=now, network=network, faq=faq)  # not committed yet
    second: dict[str, EscalationReport] = {}

    def second_worker() -> None:
        with transaction(runtime.session_factory) as session:
            second["report"] = escalate_due(session, now=now, network=network, faq=faq)

    thread = threading.Thread(target=second_worker)
    thread.start()
    time.sleep(0.5)
    try:
        assert thread.is_alive(), "precondition: the second worker should be waiting on the first one's claim"
    finally:
        first.commit()
        first.close()
        thread.join(timeout=30)
    return first_report, second["report"]


def leader_notices(runtime: Runtime, address: str) -> int:
    with runtime.session_factory() as session:
        return int(
            session.scalar(
                select(func.count())
                .select_from(Outbound)
                .where(Outbound.to_address == address, Outbound.kind == "leader")
            )
            or 0
        )


def test_two_workers_reroute_an_unanswered_question_once(runtime: Runtime) -> None:
    add_leaders(runtime, ("Ana Reyes", ANA, "ON"), ("Staff Pool", STAFF, "national"))
    with clocked_server(runtime) as server:
        phone = Phone(server, "+14165550701")
        join(phone, "ON", "Race1")
        phone.ask(QUESTION)
        wait_for(lambda: notices_for(server, ANA))
        server.advance(timedelta(hours=49))
        assert len(notices_for(server, ANA)) == 2  # reminded
        start = server.clock.start

    first, second = two_workers_at(runtime, start + timedelta(hours=98))
    assert (first.rerouted, second.rerouted) == (1, 0)
    with runtime.session_factory() as session:
        assert session.scalars(select(Assignment.status).order_by(Assignment.id)).all() == ["rerouted", "open"]
        question = session.scalars(select(Question)).one()
        assert (question.escalations, question.member_told_late) == (1, True)
        late = session.scalar(
            select(func.count()).select_from(Outbound).where(Outbound.body_text.contains("taking longer"))
        )
    assert leader_notices(runtime, STAFF) == 1 and late == 1


def test_two_workers_route_a_waiting_question_once(runtime: Runtime) -> None:
    with clocked_server(runtime) as server:
        phone = Phone(server, "+14165550702")
        join(phone, "ON", "Race2")
        [waiting] = phone.ask(QUESTION)
        assert "as soon as one is available" in waiting
        start = server.clock.start
    add_leaders(runtime, ("Staff Pool", STAFF, "national"))

    first, second = two_workers_at(runtime, start + timedelta(minutes=5))
    assert (first.routed, second.routed) == (1, 0)
    with runtime.session_factory() as session:
        assert session.scalars(select(Assignment.status)).all() == ["open"]
        assert session.scalars(select(Question.status)).one() == "routed"
    assert leader_notices(runtime, STAFF) == 1
