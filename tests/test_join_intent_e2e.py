"""Joining however people ask for it: a JOIN subject with the answer in the body, and a wish to join in plain
words (English and French), which is never a question for a leader."""

from __future__ import annotations

from sqlalchemy import func, select

from store.models import Member, Question
from tests.conftest import RunningServer
from tests.members import Mailbox, text_of


def test_a_join_subject_with_the_province_in_the_body_continues_joining(running_server: RunningServer) -> None:
    """What `peerline simulate email --subject join` sends: every message has the subject "join"."""
    box = Mailbox(running_server, "tomas@example.net")
    first = text_of(box.ask("JOIN ON", subject="join"))
    assert "nickname" in first and "Which province" not in first
    # The body answers the step the member is on (here a nickname the handle rules refuse), never the province.
    refused = text_of(box.ask("Tomas_Lab", subject="join"))
    assert "nickname" in refused and "province" not in refused
    terms = text_of(box.ask("TomasLab", subject="join"))
    assert "Last step" in terms
    joined = text_of(box.ask("I agree", subject="join"))
    assert "You're in, TomasLab" in joined
    with running_server.runtime.session_factory() as session:
        member = session.scalars(select(Member)).one()
        assert (member.status, member.province, member.handle) == ("active", "ON", "TomasLab")
        assert session.scalar(select(func.count()).select_from(Question)) == 0


def test_a_join_subject_never_restarts_a_joining_under_way(running_server: RunningServer) -> None:
    box = Mailbox(running_server, "lea@example.fr")
    assert "Which province" in text_of(box.ask("JOIN", subject="join"))
    # "I agree" is no province: the step is asked again; the subject does not start joining over, nor make
    # the body a question about joining.
    again = text_of(box.ask("I agree", subject="join"))
    assert again.startswith("Sorry, I did not understand the province"), again
    assert "nickname" in text_of(box.ask("Saskatchewan", subject="Re: join"))
    with running_server.runtime.session_factory() as session:
        member = session.scalars(select(Member)).one()
        assert (member.status, member.join_step, member.province) == ("joining", "handle", "SK")
        assert session.scalar(select(func.count()).select_from(Question)) == 0
