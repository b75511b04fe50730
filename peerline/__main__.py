"""`python -m peerline` is the same as the `peerline` command."""

from peerline.cli import app

app(prog_name="peerline")
