"""`uofclean profile`: print the default release profile, with comments."""

from __future__ import annotations

import typer

from uofclean.cli.app import app


@app.command(epilog="Example: uofclean profile > foi.toml")
def profile() -> None:
    """Print the default release profile (TOML, commented) to start your own from."""
    from uofclean.publish.profile import default_profile_text

    typer.echo(default_profile_text(), nl=False)
