"""Joining through the real webhook and SMTP: names, the terms' yes, and questions asked half-way."""

from __future__ import annotations

from sqlalchemy import select

from store.models import Consent, Contact, Member
from tests.conftest import RunningServer
from tests.members import Phone
from tests.test_members_e2e import member_by_handle


def test_full_names_are_refused_whatever_the_separator_or_case(running_server: RunningServer) -> None:
    phone = Phone(running_server, "+14165550501")
    phone.ask("JOIN ON")
    for name in ("maria.santos", "Maria-Santos", "Maria_Santos", "MARIA SANTOS", "m.santos"):
        [refused] = phone.ask(name)
        assert "real full name" in refused, name
    [terms] = phone.ask("LabHero")
    assert "YES" in terms


def test_the_terms_accept_obvious_yes_variants_and_never_a_no(running_server: RunningServer) -> None:
    for number, handle, yes in (
        ("+14165550511", "Accept1", "Yes, I accept"),
        ("+14165550512", "Accept2", "Oui, j'accepte!"),
        ("+14165550513", "Accept3", "ok."),
        ("+14165550514", "Accept4", "I agree to the terms"),
    ):
        phone = Phone(running_server, number)
        for text in ("JOIN ON", handle):
            phone.ask(text)
        if number.endswith("11"):
            for no in ("No", "No, I do not accept", "not yet"):
                [again] = phone.ask(no)
                assert "reply YES to accept" in again, no
        [done] = phone.ask(yes)
        assert f"You're in, {handle}" in done or f"Bienvenue, {handle}" in done, yes
        member = member_by_handle(running_server, handle)
        assert member.status == "active"
        with running_server.runtime.session_factory() as session:
            assert session.scalars(select(Consent).where(Consent.member_id == member.id)).one().channel == "sms"
    with running_server.runtime.session_factory() as session:
        assert session.scalar(select(Contact.member_id).where(Contact.address == "+14165550511")) is not None
        assert session.scalars(select(Member.status).where(Member.status != "active")).all() == []
