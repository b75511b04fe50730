"""What every `peerline` command shares: one-line failures, and opening the database from the settings."""

from __future__ import annotations

from typing import TYPE_CHECKING, NoReturn

import typer

from peerline.config import SettingsError, load_settings

if TYPE_CHECKING:
    from store.db import SessionFactory


def fail(message: str) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(1)


def session_factory() -> SessionFactory:
    """The database of the current settings, migrated and with its FAQ loaded (as `serve` would)."""
    from peerline.runtime import open_runtime

    try:
        return open_runtime(load_settings()).session_factory
    except SettingsError as exc:
        fail(str(exc))
