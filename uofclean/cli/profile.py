"""`uofclean profile`: print the default release profile, with comments."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from uofclean.cli.app import app


@app.command(epilog="Example: uofclean profile > foi.toml   (or: uofclean profile -o foi.toml)")
def profile(
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the profile here (default: stdout)."),
    ] = None,
) -> None:
    """Print the default release profile (TOML, commented) to start your own from."""
    from uofclean.io import write_text
    from uofclean.io.writer import check_outputs
    from uofclean.publish.profile import default_profile_text

    if output is None:
        typer.echo(default_profile_text(), nl=False)
    else:
        check_outputs([output], [])
        write_text(output, default_profile_text())
