"""`peerline flags …`: what the code flagged for staff (exam-content requests, questions with no leader, failed
messages, bouncing leaders…), and marking it dealt with."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import typer

from peerline.cli_common import fail, session_factory

flags_app = typer.Typer(help="What was flagged for staff: list open flags, resolve them.", no_args_is_help=True)

_WIDTH = 100  # the detail column: one line, enough to act on


def _one_line(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 3].rstrip() + "..."


@flags_app.command("list")
def list_(
    all_: Annotated[bool, typer.Option("--all", help="Resolved flags too")] = False,
    kind: Annotated[
        str | None, typer.Option("--kind", metavar="KIND", help="Only this kind (exam_content, no_leader, …)")
    ] = None,
) -> None:
    """Open flags, oldest first: id, kind, when (UTC), and a short detail without contact details."""
    from outbound.privacy import scrub_contact_details
    from store.flags import flag_kinds, list_flags

    with session_factory()() as session:
        rows = list_flags(session, include_resolved=all_, kind=kind)
        kinds = flag_kinds(session) if not rows and kind is not None else []
    if not rows:
        what = f"{'' if all_ else 'open '}flags{f' of kind {kind}' if kind else ''}"
        seen = f" (kinds raised so far: {', '.join(kinds)})" if kind is not None and kind not in kinds and kinds else ""
        typer.echo(f"no {what}{seen}")
        return
    for row in rows:
        detail = "" if row.detail == row.kind else row.detail
        if row.message:
            detail = f'{detail}: "{row.message}"' if detail else f'"{row.message}"'
        # Details quote what members and leaders wrote: never their phone numbers or addresses.
        detail = _one_line(scrub_contact_details(detail, everything=True), _WIDTH)
        if row.sender:  # a handle is a pseudonym staff may see; it is never a contact detail
            detail = f"from {row.sender}: {detail}"
        state = "" if row.resolved_at is None else f"  (resolved {row.resolved_at:%Y-%m-%d})"
        typer.echo(f"{row.id:>6}  {row.kind:<22}  {row.created_at:%Y-%m-%d %H:%M}  {detail}{state}")


@flags_app.command("resolve")
def resolve(ids: Annotated[list[int], typer.Argument(metavar="ID...", help="One or more flag ids")]) -> None:
    """Mark flags as dealt with (they leave `flags list`; `--all` still shows them)."""
    from store.db import transaction
    from store.flags import FlagError, resolve_flags

    try:
        with transaction(session_factory()) as session:
            done = resolve_flags(session, ids, now=datetime.now(UTC))
    except FlagError as exc:
        fail(str(exc))
    for flag_id, before in done:
        typer.echo(f"flag {flag_id} resolved" if before is None else f"flag {flag_id} was already resolved")
