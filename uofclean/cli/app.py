"""The typer application and the error boundary: typed core errors become one line and exit 2."""

from __future__ import annotations

import sys

import typer

try:  # typer carries its own copy of click, whose exceptions these are
    from typer._click import exceptions as click
except ImportError:  # an older typer, over click itself
    from click import exceptions as click  # type: ignore[no-redef]

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
    """Console entry point: the error boundary. Whatever goes wrong ends in one line on stderr
    and exit 2 (exit 130 on an interrupt); a traceback only with --debug."""
    import signal

    from uofclean.cli.signals import stop_now, stop_on_signals
    from uofclean.errors import UofcleanError

    stop_on_signals()
    args = sys.argv[1:] if argv is None else argv
    debug = "--debug" in args
    command = typer.main.get_command(app)
    try:
        done = command.main(args=args, prog_name="uofclean", standalone_mode=False)
        code = done if isinstance(done, int) else EXIT_OK
    except click.NoArgsIsHelpError as exc:
        typer.echo(exc.ctx.get_help() if exc.ctx else exc.format_message())
        code = EXIT_ERROR
    except click.UsageError as exc:
        # click's block is three lines (usage, a hint, the error): one says it all
        where = exc.ctx.command_path if exc.ctx else "uofclean"
        typer.echo(
            f"uofclean: error: {_one_line(exc.format_message())} (see '{where} --help')", err=True
        )
        code = EXIT_ERROR
    except click.ClickException as exc:
        typer.echo(f"uofclean: error: {_one_line(exc.format_message())}", err=True)
        code = EXIT_ERROR
    except (KeyboardInterrupt, typer.Abort):
        stop_now(signal.SIGINT)  # an interrupt before the handlers were in place
        code = 128 + signal.SIGINT
    except UofcleanError as exc:
        if debug:
            raise
        typer.echo(f"uofclean: error: {_one_line(str(exc))}", err=True)
        code = EXIT_ERROR
    except BrokenPipeError:
        code = EXIT_OK
    except OSError as exc:
        # the system's own words (no such file, too many symbolic links, permission denied)
        # and the file they are about: never a value of the data
        if debug:
            raise
        where = f"{exc.filename}: " if exc.filename else ""
        typer.echo(
            f"uofclean: error: {where}{(exc.strerror or type(exc).__name__).lower()}", err=True
        )
        code = EXIT_ERROR
    except Exception as exc:  # noqa: BLE001 - the message may hold data; show only its type
        if debug:
            raise
        typer.echo(
            f"uofclean: internal error ({type(exc).__name__}); rerun with --debug for details",
            err=True,
        )
        code = EXIT_ERROR
    _exit(code)


def _one_line(message: str) -> str:
    return " ".join(message.split())


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
