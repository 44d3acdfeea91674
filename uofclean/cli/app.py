"""The typer application and the error boundary: typed core errors become one line and exit 2."""

from __future__ import annotations

import sys

import typer

app = typer.Typer(
    name="uofclean",
    help=(
        "Validate, dedupe, redact and publish police use-of-force extracts.\n\n"
        "Example: uofclean validate extract.csv --format json --output findings.json"
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

EXIT_OK, EXIT_FAIL, EXIT_ERROR = 0, 1, 2


def fail(message: str) -> None:
    """Print one line on stderr and exit 2."""
    typer.echo(f"uofclean: error: {message}", err=True)
    raise typer.Exit(EXIT_ERROR)


def main(argv: list[str] | None = None) -> None:
    """Console entry point. Click handles usage errors (exit 2); core errors are ours."""
    from uofclean.errors import UofcleanError

    args = sys.argv[1:] if argv is None else argv
    debug = "--debug" in args
    command = typer.main.get_command(app)
    try:
        command.main(args=args, prog_name="uofclean", standalone_mode=True)
        code = EXIT_OK
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (EXIT_OK if exc.code is None else 1)
    except UofcleanError as exc:
        if debug:
            raise
        typer.echo(f"uofclean: error: {exc}", err=True)
        code = EXIT_ERROR
    except BrokenPipeError:
        code = EXIT_OK
    except Exception as exc:  # noqa: BLE001 - the message may hold data; show only its type
        if debug:
            raise
        typer.echo(
            f"uofclean: internal error ({type(exc).__name__}); rerun with --debug for details",
            err=True,
        )
        code = EXIT_ERROR
    _exit(code)


def _exit(code: int) -> None:
    """Leave without tearing the interpreter down: native thread pools (arrow, polars) can
    abort the process during teardown ("terminate called..."), turning exit 2 into a crash.
    Every output is already written and closed by now."""
    import os

    try:
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(code)


def _version(value: bool) -> None:
    if value:
        from uofclean import __version__

        typer.echo(f"uofclean {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Validate, dedupe, redact and publish police use-of-force extracts."""
