"""The privacy invariant, proved on real traffic: no member's phone or e-mail reaches another member, a leader or
a page; leaders' addresses never reach members. Also: DELETE leaves the board post under an anonymous name."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from peerline.config import Settings
from store.models import BoardPost, Outbound
from tests.conftest import RunningServer
from tests.members import Mailbox, Phone
from tests.test_routing_e2e import QUESTION, add_leaders, join, notices_for, reply_as, send_reply, wait_for

PHONE_A, EMAIL_B = "+14165550401", "bola@example.ng"
LEADER = "ana@leaders.example"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    settings.board_access = "public"  # pages are checked as anyone would see them
    return settings


def everything_sent_to(server: RunningServer, address: str) -> str:
    with server.runtime.session_factory() as session:
        rows = session.scalars(select(Outbound).where(Outbound.to_address == address)).all()
    return "\n".join(
        f"{r.subject}\n{r.body_text}\n{r.body_html}\n{json.dumps(r.headers)}\n{json.dumps(r.attachments)}" for r in rows
    )


def pages(server: RunningServer) -> str:
    with server.runtime.session_factory() as session:
        ids = session.scalars(select(BoardPost.id)).all()
    urls = ["/board", "/terms", *[f"/board/{i}" for i in ids]]
    return "\n".join(httpx.get(server.base_url + url, timeout=10).text for url in urls)


def board_post(server: RunningServer) -> BoardPost:
    with server.runtime.session_factory() as session:
        post = session.scalars(select(BoardPost)).one()
        session.expunge(post)
        return post


def test_no_contact_detail_crosses_between_members_leaders_and_pages(running_server: RunningServer) -> None:
    add_leaders(running_server.runtime, ("Ana Reyes", LEADER, "ON"))
    phone, box = Phone(running_server, PHONE_A), Mailbox(running_server, EMAIL_B)
    join(phone, "ON", "Aurora7")
    welcome = box.ask("JOIN", subject="JOIN")
    for text in ("ON", "Baobab3", "YES"):
        box.ask(text, reply_to=welcome)
    phone.ask(QUESTION)
    box.send(f"{QUESTION} My number is 416 555 0499 if that helps.", subject="Job choice")
    notices = wait_for(lambda: notices_for(running_server, LEADER)[1:] and notices_for(running_server, LEADER))
    for notice in notices:
        send_reply(
            running_server,
            reply_as("gmail", notice, "Take the job that gets you experience fastest.", sender=LEADER),
            envelope_from=LEADER,
        )
    wait_for(lambda: len(pages(running_server).split("Take the job")) > 2)  # both answers published
    running_server.wait_idle()

    to_a, to_b, to_leader = (everything_sent_to(running_server, a) for a in (PHONE_A, EMAIL_B, LEADER))
    for label, sent, foreign in (
        ("member A", to_a, [EMAIL_B, LEADER, "4165550499"]),
        ("member B", to_b, [PHONE_A, "4165550401", LEADER]),
        ("the leader", to_leader, [PHONE_A, "4165550401", EMAIL_B, "4165550499", "416 555 0499"]),
    ):
        leaked = [value for value in foreign if value in sent]
        assert leaked == [], f"{label} was sent {leaked}"
    shown = pages(running_server)
    assert "Aurora7" in shown and "Baobab3" in shown
    for value in (PHONE_A, "4165550401", "416 555 0499", EMAIL_B, LEADER, "Ana Reyes"):
        assert value not in shown


def test_delete_leaves_the_board_post_under_an_anonymous_name(running_server: RunningServer) -> None:
    add_leaders(running_server.runtime, ("Ana Reyes", LEADER, "ON"))
    phone = Phone(running_server, PHONE_A)
    join(phone, "ON", "Aurora7")
    phone.ask(QUESTION)
    [notice] = wait_for(lambda: notices_for(running_server, LEADER))
    send_reply(
        running_server,
        reply_as("outlook", notice, "Take the job with the better training.", sender=LEADER),
        envelope_from=LEADER,
    )
    post = wait_for(lambda: "Aurora7" in pages(running_server) and board_post(running_server))
    phone.ask("DELETE")
    phone.ask("DELETE")
    renamed = wait_for(lambda: board_post(running_server).author != "Aurora7" and board_post(running_server))
    assert renamed.id == post.id and renamed.author.startswith("former-member-")
    page = httpx.get(f"{running_server.base_url}/board/{post.id}").text
    assert renamed.author in page and "Aurora7" not in page and "better training" in page


def test_staff_hide_and_show_a_post_from_the_command_line(running_server: RunningServer, tmp_path: Path) -> None:
    add_leaders(running_server.runtime, ("Ana Reyes", LEADER, "ON"))
    phone = Phone(running_server, PHONE_A)
    join(phone, "ON", "Aurora7")
    phone.ask(QUESTION)
    [notice] = wait_for(lambda: notices_for(running_server, LEADER))
    send_reply(
        running_server,
        reply_as("apple", notice, "Ignore the regulator, just work anyway.", sender=LEADER),
        envelope_from=LEADER,
    )
    post = wait_for(lambda: board_post(running_server) if "Aurora7" in pages(running_server) else None)
    settings = running_server.settings
    env = {
        **os.environ,
        "PEERLINE_DATA_DIR": str(settings.data_dir),
        "PEERLINE_DATABASE_URL": settings.resolved_database_url,
    }

    def peerline(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "peerline", "board", *args],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
        )

    assert str(post.id) in peerline("list").stdout
    assert peerline("hide", str(post.id)).returncode == 0
    assert httpx.get(f"{running_server.base_url}/board/{post.id}").status_code == 404
    assert "Ignore the regulator" not in pages(running_server)
    assert peerline("edit", str(post.id), "--answer", "Check with your regulator first.").returncode == 0
    assert peerline("show", str(post.id)).returncode == 0
    assert "Check with your regulator first." in httpx.get(f"{running_server.base_url}/board/{post.id}").text
    assert peerline("hide", "999").returncode == 1


# --- the answering leader's own details: a safety net that does not depend on reply extraction ---------------

ANA_EMAILS, ANA_PHONES = [LEADER, "ana.reyes@sunnybrook.example"], ["416-555-0188"]  # the phone as staff typed it


@pytest.mark.parametrize(
    ("written", "sent"),
    [
        # a card after a well-wish, whatever extraction left: the wish stays, the card (its phone too) goes
        ("Yes you can.\n\nGood luck!\nAna Reyes\nMLT, Sunnybrook\n416-555-0199", "Yes you can.\n\nGood luck!"),
        ("Yes you can.\nGood luck!\nAna Reyes, MLT\nSunnybrook\n416-555-0199\n", "Yes you can.\nGood luck!"),
        ("Yes.\n\nBonne chance !\nANA REYES\nTél. : 418-555-0199", "Yes.\n\nBonne chance !"),
        ("Yes.\n\nTake care\nAna\n[contact details removed]", "Yes.\n\nTake care"),
        ("Yes.\n\n- Ana R.", "Yes."),
        ("Yes.\n\nA.R.", "Yes."),
        # an organisation's phone given in the text stays; the leader's own phone and addresses never do
        (
            "Call CSMLS at 1-800-263-8277 to book.\n\nGood luck!\nAna\n416-555-0199",
            "Call CSMLS at 1-800-263-8277 to book.\n\nGood luck!",
        ),
        (
            "Text me at 416 555 0188 or ana@leaders.example.",
            "Text me at [contact details removed] or [contact details removed].",
        ),
        ("Write to ANA.REYES@sunnybrook.example.", "Write to [contact details removed]."),
        # the full name elsewhere is removed; a name word alone in a sentence is not a name
        ("I'm Ana Reyes, an MLT in Toronto.", "I'm [name removed], an MLT in Toronto."),
        ("Ana is a common name; reyes means kings.", "Ana is a common name; reyes means kings."),
        ("Yes.\n\nAna\nis here to help if you need more.", "Yes.\n\nAna\nis here to help if you need more."),
    ],
)
def test_the_leaders_own_details_are_removed(written: str, sent: str) -> None:
    from outbound.privacy import scrub_leader_details

    assert scrub_leader_details(written, name="Ana Reyes", emails=ANA_EMAILS, phones=ANA_PHONES) == sent


def test_a_leader_who_chose_to_be_named_keeps_the_name_but_not_the_contact_details() -> None:
    from outbound.privacy import scrub_leader_details

    written = "Yes.\n\nGood luck!\nAna Reyes\nMLT, Sunnybrook\n416 555 0188"
    named = scrub_leader_details(written, name="Ana Reyes", emails=ANA_EMAILS, phones=ANA_PHONES, show_name=True)
    assert named == "Yes.\n\nGood luck!\nAna Reyes\nMLT, Sunnybrook\n[contact details removed]"
