"""`peerline board …`: staff moderate the board (hide inaccurate or inflammatory posts, correct them)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import typer

from peerline.cli_common import fail, session_factory

board_app = typer.Typer(help="Moderate the board: list, hide, show or edit posts.", no_args_is_help=True)


@board_app.command("list")
def list_(
    hidden: Annotated[bool, typer.Option("--hidden", help="Show only hidden posts")] = False,
    limit: Annotated[int, typer.Option(metavar="N", help="How many, newest first")] = 20,
) -> None:
    """The newest posts with their ids, to find the one to moderate."""
    from sqlalchemy import select

    from store.models import BoardPost

    with session_factory()() as session:
        posts = session.scalars(
            select(BoardPost).where(BoardPost.hidden.is_(hidden)).order_by(BoardPost.id.desc()).limit(limit)
        ).all()
    if not posts:
        typer.echo("no hidden posts" if hidden else "no posts yet (hidden ones: add --hidden)")
    for post in posts:
        question = " ".join(post.question_text.split())[:70]
        typer.echo(f"{post.id:>6}  {post.province or '--':>6}  {post.author:<20}  {question}")


@board_app.command("hide")
def hide(post_id: Annotated[int, typer.Argument(metavar="ID")]) -> None:
    """Take a post off the board (it stays in the database and can be shown again)."""
    from digest.publish import hide_post
    from store.db import transaction

    with transaction(session_factory()) as session:
        if not hide_post(session, post_id):
            fail(f"no post with id {post_id}")
    typer.echo(f"post {post_id} hidden")


@board_app.command("show")
def show(post_id: Annotated[int, typer.Argument(metavar="ID")]) -> None:
    """Put a hidden post back on the board."""
    from digest.publish import show_post
    from store.db import transaction

    with transaction(session_factory()) as session:
        if not show_post(session, post_id):
            fail(f"no post with id {post_id}")
    typer.echo(f"post {post_id} shown")


@board_app.command("edit")
def edit(
    post_id: Annotated[int, typer.Argument(metavar="ID")],
    question: Annotated[str | None, typer.Option(metavar="TEXT", help="The corrected question text")] = None,
    answer: Annotated[str | None, typer.Option(metavar="TEXT", help="The corrected answer text")] = None,
) -> None:
    """Correct a post's question or answer text."""
    from digest.publish import edit_post
    from store.db import transaction

    if question is None and answer is None:
        raise typer.BadParameter("give --question and/or --answer")
    with transaction(session_factory()) as session:
        if edit_post(session, post_id, now=datetime.now(UTC), question_text=question, answer_text=answer) is None:
            fail(f"no post with id {post_id}")
    typer.echo(f"post {post_id} edited")
