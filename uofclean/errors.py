"""Typed errors of the core. The CLI turns each into one line on stderr and exit status 2.

Messages never carry personal data: they name files, line numbers, columns and rules only.
"""

from __future__ import annotations


class UofcleanError(Exception):
    """Base class: the command could not do its job (exit 2)."""

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __str__(self) -> str:
        where = self.path or ""
        if self.line is not None:
            where = f"{where}:{self.line}" if where else f"line {self.line}"
        return f"{where}: {self.message}" if where else self.message


class InputError(UofcleanError):
    """The input file cannot be read as an extract (encoding, CSV syntax, empty, binary)."""


class StructureError(InputError):
    """The file parses but its shape is unusable for this command (ragged rows, missing columns)."""


class OptionError(UofcleanError):
    """A bad option value or combination."""


class KeyMissingError(UofcleanError):
    """A pseudonymising command was run without a key (UOFCLEAN_KEY or --key-file)."""


class ModelError(UofcleanError):
    """The NER model or a recognizer could not be loaded: redaction fails closed."""


class ProfileError(UofcleanError):
    """The release profile is malformed or asks for something impossible."""


class IntegrityError(UofcleanError):
    """An internal invariant broke (e.g. rows in != rows out + rows removed). Never expected."""
