"""`peerline leader …`: staff manage the volunteer leaders who answer routed questions."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import typer

from peerline.cli_common import fail, session_factory

leader_app = typer.Typer(help="Manage provincial leaders (and the national pool of staff).", no_args_is_help=True)

PROVINCES = ("AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC", "SK", "YT")


def _province(value: str) -> str:
    code = value.strip().upper()
    if code in ("NATIONAL", "POOL", "STAFF"):
        return "national"
    if code not in PROVINCES:
        raise typer.BadParameter(f"use a two-letter code ({', '.join(PROVINCES)}) or 'national'")
    return code


@leader_app.command("add")
def add(
    name: Annotated[str, typer.Option("--name", metavar="NAME", help="The leader's name (never shown to members)")],
    email: Annotated[
        list[str], typer.Option("--email", metavar="ADDRESS", help="An address they reply from; repeat for several")
    ],
    province: Annotated[
        str, typer.Option("--province", metavar="XX", help="Two-letter code, or 'national' for the staff pool")
    ],
    phone: Annotated[
        str | None, typer.Option("--phone", metavar="NUMBER", help="For staff only; never used to message")
    ] = None,
    show_name: Annotated[
        bool, typer.Option("--show-name", help="Sign answers with their name (they opted in)")
    ] = False,
) -> None:
    """Register a leader."""
    from inbound.contacts import normalise_phone
    from store.db import transaction
    from store.leaders import LeaderError, add_leader

    code = _province(province)
    if phone is not None:
        normalised = normalise_phone(phone)
        if normalised is None:
            raise typer.BadParameter(f"not a phone number: {phone!r}", param_hint="--phone")
        phone = normalised
    try:
        with transaction(session_factory()) as session:
            leader = add_leader(
                session, name=name, emails=email, province=code, phone=phone, now=datetime.now(UTC), show_name=show_name
            )
            typer.echo(f"leader {leader.id}: {leader.name} ({code})")
    except LeaderError as exc:
        fail(str(exc))


@leader_app.command("list")
def list_() -> None:
    """Leaders by province, with their open questions."""
    from rich.console import Console
    from rich.table import Table

    from store.leaders import list_leaders

    with session_factory()() as session:
        rows = list_leaders(session)
    table = Table("id", "name", "province", "e-mail", "open", "status")
    for row in rows:
        table.add_row(
            str(row.id),
            row.name,
            row.province,
            ", ".join(row.emails),
            str(row.open_questions),
            "paused" if row.paused else "active",
        )
    Console().print(table)


def _set_paused(leader_id: int, paused: bool) -> None:
    from store.db import transaction
    from store.leaders import LeaderError, set_paused

    try:
        with transaction(session_factory()) as session:
            leader = set_paused(session, leader_id, paused)
            typer.echo(f"leader {leader.id} ({leader.name}) is {'paused' if paused else 'active'}")
    except LeaderError as exc:
        fail(str(exc))


@leader_app.command("pause")
def pause(leader_id: Annotated[int, typer.Argument(metavar="ID")]) -> None:
    """Stop routing new questions to a leader (holidays); their open questions move on when due."""
    _set_paused(leader_id, True)


@leader_app.command("resume")
def resume(leader_id: Annotated[int, typer.Argument(metavar="ID")]) -> None:
    """Route questions to a paused leader again."""
    _set_paused(leader_id, False)


@leader_app.command("add-address")
def add_address_(
    leader_id: Annotated[int, typer.Argument(metavar="ID")],
    email: Annotated[str, typer.Argument(metavar="ADDRESS")],
) -> None:
    """Register another address a leader replies from."""
    from store.db import transaction
    from store.leaders import LeaderError, add_address

    try:
        with transaction(session_factory()) as session:
            add_address(session, leader_id, email)
            typer.echo(f"added {email} to leader {leader_id}")
    except LeaderError as exc:
        fail(str(exc))
