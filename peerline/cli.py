"""`peerline …`: the command line. Exit 0 on success, 2 on bad usage, 1 with one clear line on failure."""

from __future__ import annotations

import email.policy
import logging
import re
import signal
import socket
from datetime import UTC, datetime
from email.message import EmailMessage
from typing import TYPE_CHECKING, Annotated

import typer

from peerline.cli_board import board_app
from peerline.cli_common import fail
from peerline.cli_faq import faq_app
from peerline.cli_flags import flags_app
from peerline.cli_leader import leader_app
from peerline.config import Settings, SettingsError, load_settings, redacted_url

if TYPE_CHECKING:  # the server stack loads only for the commands that need it: --help stays quick
    import uvicorn
    from fastapi import FastAPI

    from peerline.runtime import Runtime

app = typer.Typer(
    help="Peerline: a messaging-first peer support network. Settings come from PEERLINE_* environment "
    "variables or a .env file (see docs/configuration.md).",
    no_args_is_help=True,
    add_completion=False,
)
simulate_app = typer.Typer(help="Talk to a running server through its real protocols.", no_args_is_help=True)
app.add_typer(simulate_app, name="simulate")
app.add_typer(faq_app, name="faq")
app.add_typer(leader_app, name="leader")
app.add_typer(board_app, name="board")
app.add_typer(flags_app, name="flags")

log = logging.getLogger("peerline")


def settings_or_exit() -> Settings:
    try:
        return load_settings()
    except SettingsError as exc:
        fail(str(exc))


def runtime_or_exit(settings: Settings) -> Runtime:
    from peerline.runtime import open_runtime

    try:
        return open_runtime(settings)
    except Exception as exc:  # unreachable database, bad knowledge base: one line, not a traceback
        fail(f"cannot start with database {redacted_url(settings.resolved_database_url)}: {_first_line(exc)}")


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}"


def _configure_logging(verbose: bool = False) -> None:
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    # aiosmtpd logs every connection and alembic every start at INFO; keep their warnings only unless asked.
    for noisy in ("mail.log", "alembic"):
        logging.getLogger(noisy).setLevel(logging.DEBUG if verbose else logging.WARNING)


def _check_port_free(host: str, port: int, what: str, variable: str) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            fail(f"{what} cannot listen on {host}:{port}: {exc.strerror} (set {variable} to use another port)")


def _uvicorn_server(runtime: Runtime, app_obj: FastAPI) -> uvicorn.Server:
    import uvicorn

    s = runtime.settings
    config = uvicorn.Config(app_obj, host=s.http_host, port=s.http_port, log_level="warning", access_log=False)
    return uvicorn.Server(config)


@app.command()
def serve(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log every SMTP connection too.")] = False,
) -> None:
    """Run everything in one process: web app, SMTP server and worker."""
    from peerline.smtpd import make_controller
    from peerline.web import create_app
    from peerline.worker import Worker

    _configure_logging(verbose)
    settings = settings_or_exit()
    _check_port_free(settings.http_host, settings.http_port, "web app", "PEERLINE_HTTP_PORT")
    _check_port_free(settings.smtp_host, settings.smtp_port, "SMTP server", "PEERLINE_SMTP_PORT")
    runtime = runtime_or_exit(settings)
    worker = Worker(runtime)
    controller = make_controller(runtime, on_stored=worker.wake)
    server = _uvicorn_server(runtime, create_app(runtime, on_stored=worker.wake))

    # Until uvicorn installs its own handlers, and again when it re-raises the caught signal after
    # shutting down, a signal only asks the server to exit: the SMTP server and the worker below are
    # then stopped in order instead of the process dying mid-step.
    def request_exit(*_: object) -> None:
        server.should_exit = True

    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, request_exit)
    controller.start()
    thread = worker.start_thread()
    mail_out = "relay " + redacted_url(settings.smtp_relay_url) if settings.smtp_relay_url else str(settings.maildir)
    sms_out = f"Twilio as {settings.sms_from}" if settings.twilio_enabled else str(settings.sms_log)
    typer.echo(
        f"Peerline is running (Ctrl-C to stop)\n"
        f"  web + SMS webhook  http://{settings.http_host}:{settings.http_port}  (POST /sms/inbound, GET /healthz)\n"
        f"  SMTP inbound       {settings.smtp_host}:{settings.smtp_port}  (mail to {settings.ask_address})\n"
        f"  database           {redacted_url(settings.resolved_database_url)}\n"
        f"  outbound e-mail    {mail_out}\n"
        f"  outbound SMS       {sms_out}"
    )
    try:
        server.run()  # returns on SIGINT/SIGTERM
    finally:
        typer.echo("stopping: finishing the current step; queued messages stay queued")
        controller.stop()
        worker.stop()
        thread.join(timeout=30)
        runtime.engine.dispose()
    if not server.started:
        fail(f"web app could not start on {settings.http_host}:{settings.http_port}")


@app.command()
def web() -> None:
    """Run only the web app (webhooks, pages) for a multi-process deployment."""
    from peerline.web import create_app

    _configure_logging()
    settings = settings_or_exit()
    runtime = runtime_or_exit(settings)
    _uvicorn_server(runtime, create_app(runtime)).run()


@app.command()
def smtpd() -> None:
    """Run only the inbound SMTP server."""
    from peerline.smtpd import make_controller

    _configure_logging()
    settings = settings_or_exit()
    _check_port_free(settings.smtp_host, settings.smtp_port, "SMTP server", "PEERLINE_SMTP_PORT")
    runtime = runtime_or_exit(settings)
    controller = make_controller(runtime)
    # Blocked first, so that SIGTERM is waited for here instead of killing the process before the stop below.
    stop_signals = {signal.SIGINT, signal.SIGTERM}
    signal.pthread_sigmask(signal.SIG_BLOCK, stop_signals)
    controller.start()
    typer.echo(f"SMTP inbound on {settings.smtp_host}:{settings.smtp_port}")
    try:
        signal.sigwait(stop_signals)
    finally:
        typer.echo("stopping: mail already accepted stays queued for the worker")
        controller.stop()


@app.command()
def worker() -> None:
    """Run only the worker: inbox, outbox, scheduler. Several may run against one PostgreSQL database."""
    from peerline.worker import Worker

    _configure_logging()
    runtime = runtime_or_exit(settings_or_exit())
    loop = Worker(runtime)
    signal.signal(signal.SIGTERM, lambda *_: loop.stop())
    try:
        loop.run_forever()
    except KeyboardInterrupt:
        loop.stop()


@app.command()
def tick(
    now: Annotated[str | None, typer.Option(metavar="ISO-8601", help="The instant, with offset; default: now.")] = None,
) -> None:
    """One worker pass at an instant (for cron and tests): handle the inbox and drain the outbox."""
    from peerline.worker import Worker

    _configure_logging()
    try:
        instant = datetime.fromisoformat(now) if now else datetime.now(UTC)
    except ValueError:
        raise typer.BadParameter(f"not an ISO-8601 date and time: {now!r}", param_hint="--now") from None
    if instant.tzinfo is None:
        raise typer.BadParameter("needs a time zone offset, e.g. 2026-12-03T18:00:00+00:00", param_hint="--now")
    runtime = runtime_or_exit(settings_or_exit())
    done = Worker(runtime, clock=lambda: instant).run_once()
    typer.echo(f"tick at {instant.isoformat()}: {done} step(s) done")


@simulate_app.command("sms")
def simulate_sms(
    text: Annotated[str, typer.Argument(metavar="TEXT", help="The message text")],
    sender: Annotated[
        str, typer.Option("--from", metavar="NUMBER", help="The member's phone number, e.g. +14165550101")
    ] = "+14165550101",
    timeout: Annotated[float, typer.Option(metavar="SECONDS", help="How long to wait for the reply")] = 15.0,
) -> None:
    """Send a Twilio-signed SMS webhook to the running server and print the reply."""
    from inbound.contacts import normalise_phone
    from peerline.simulate import Database, SimulationError, send_sms, sms_log_size, wait_for_sms

    number = normalise_phone(sender)
    if number is None:
        raise typer.BadParameter(f"not a phone number: {sender!r}", param_hint="--from")
    sender = number
    settings = settings_or_exit()
    offset = sms_log_size(settings)
    try:
        sid = send_sms(settings, sender=sender, text=text)
    except SimulationError as exc:
        fail(str(exc))
    typer.echo(f"sent {sid} from {sender}; webhook answered 200")
    if settings.twilio_enabled:
        typer.echo("replies go out through Twilio; see the Twilio console")
        return
    database = Database(settings)
    try:

        def silent() -> bool:  # handled, and nothing queued in answer: no reply is coming
            fate = database.sms_fate(sid=sid, sender=sender)
            return fate is not None and fate.handled and fate.replies == 0

        replies = wait_for_sms(settings, to=sender, offset=offset, timeout=timeout, silent=silent)
        fate = database.sms_fate(sid=sid, sender=sender) if not replies else None
    finally:
        database.close()
    if not replies and fate is not None and fate.opted_out:
        # Silence is what carriers require after STOP: not a fault.
        typer.echo("no reply: this number has opted out (STOP); text START to opt back in")
        return
    if not replies and fate is not None and fate.handled and fate.replies == 0:
        typer.echo("no reply: the server handled the message and sends no answer to it")
        return
    if not replies:
        fail(f"no reply in {timeout:.0f} s (is `peerline serve` running with the same data dir?)")
    for reply in replies:
        typer.echo(f"reply ({reply['segments']} segment(s), {reply['encoding']}):\n{reply['body']}")


@simulate_app.command("email")
def simulate_email(
    text: Annotated[str, typer.Argument(metavar="TEXT", help="The message body")],
    sender: Annotated[
        str, typer.Option("--from", metavar="ADDRESS", help="The member's e-mail address")
    ] = "member@example.org",
    subject: Annotated[str, typer.Option("--subject", metavar="TEXT", help="The subject line")] = "A question",
    to: Annotated[
        str | None,
        typer.Option(
            "--to", metavar="ADDRESS", help="Another of our addresses, e.g. a notice's r.TOKEN@ Reply-To (default ask@)"
        ),
    ] = None,
    timeout: Annotated[float, typer.Option(metavar="SECONDS", help="How long to wait for the reply")] = 15.0,
) -> None:
    """Send an e-mail to ask@ (or --to) over SMTP and print the threaded reply from the Maildir."""
    from peerline.simulate import SimulationError, send_email, wait_for_email

    if not re.fullmatch(r"[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+", sender):
        raise typer.BadParameter(f"not an e-mail address: {sender!r}", param_hint="--from")
    settings = settings_or_exit()
    try:
        message_id = send_email(settings, sender=sender, subject=subject, text=text, to=to)
    except SimulationError as exc:
        fail(str(exc))
    typer.echo(f"sent {message_id} from {sender}; SMTP answered 250")
    if to and to.lower() != settings.ask_address.lower():
        # A leader's answer is not replied to: it goes to the member, on the member's channel.
        typer.echo(f"sent to {to}: the member's copy goes to {settings.sms_log} or {settings.maildir}")
        return
    if settings.smtp_relay_url:
        typer.echo("replies go out through the SMTP relay")
        return
    reply = wait_for_email(settings.maildir, in_reply_to=message_id, timeout=timeout)
    if reply is None:
        fail(f"no reply in {timeout:.0f} s (is `peerline serve` running with the same data dir?)")
    parsed = email.message_from_bytes(reply.as_bytes(), policy=email.policy.default)
    assert isinstance(parsed, EmailMessage)
    body = parsed.get_body(("plain",))
    typer.echo(f"reply: From: {parsed['From']}\n       Subject: {parsed['Subject']}\n")
    typer.echo(body.get_content() if body is not None else "(no text part)")

