"""`uofclean key`: make a pseudonymisation key."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from uofclean.cli.app import app


@app.command(epilog="Example: uofclean key -o secret.key   (or: uofclean key > secret.key)")
def key(
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Key file to create (owner-only); default: stdout."),
    ] = None,
) -> None:
    """Print a new random key for --key-file or UOFCLEAN_KEY. Keep it secret and keep it: the
    same key gives the same pseudonyms in every release, and whoever holds it can test guesses
    of a pseudonymised value."""
    from uofclean.errors import OptionError
    from uofclean.io import write_text
    from uofclean.keys import new_key

    if output is None:
        typer.echo(new_key())
        return
    if output.exists():
        # Replacing a key changes every pseudonym of later releases, silently: never do it.
        raise OptionError("the key file exists; it is not replaced", path=str(output))
    write_text(output, new_key() + "\n", mode=0o600)
    typer.echo(f"key: wrote a new key to {output} (readable by you only)", err=True)
