"""The secret key for keyed pseudonyms (HMAC-SHA256). Never taken from the command line."""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import stat
from pathlib import Path

from uofclean.errors import KeyMissingError

ENV_VAR = "UOFCLEAN_KEY"
MIN_KEY_BYTES = 16
MAX_KEY_FILE_BYTES = 1024  # a key is 64 hex digits; room for a comment and line ends


def load_key(key_file: str | Path | None = None) -> bytes:
    """The key from --key-file if given, else from $UOFCLEAN_KEY; exit 2 if neither."""
    if key_file is not None:
        raw = _read_key_file(Path(key_file))
    else:
        raw = os.environ.get(ENV_VAR, "").strip().encode()
    if not raw and key_file is not None:
        raise KeyMissingError("the key file is empty", path=str(key_file))
    if not raw:
        raise KeyMissingError(f"no pseudonymisation key: set {ENV_VAR} or pass --key-file FILE")
    if len(raw) < MIN_KEY_BYTES:
        raise KeyMissingError(f"the key is too short (at least {MIN_KEY_BYTES} bytes)")
    return raw


def _read_key_file(path: Path) -> bytes:
    """A key file's bytes, read only as far as a key goes: /dev/zero or a data file given by
    mistake is refused, not read until memory runs out."""
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            raise KeyMissingError("the key file is not a regular file", path=str(path))
        with path.open("rb") as handle:
            raw = handle.read(MAX_KEY_FILE_BYTES + 1)
    except OSError:
        raise KeyMissingError("cannot read the key file", path=str(path)) from None
    if len(raw) > MAX_KEY_FILE_BYTES:
        raise KeyMissingError(
            f"the key file is larger than a key ({MAX_KEY_FILE_BYTES} bytes at most): is it "
            "the right file?",
            path=str(path),
        )
    return raw.strip()


def new_key() -> str:
    """A fresh random key: 32 bytes from the OS's secure generator, as 64 hex digits (text,
    so it survives an environment variable and a copy and paste)."""
    return secrets.token_hex(32)


def pseudonym(key: bytes, value: str, *, namespace: str, length: int = 16) -> str:
    """Deterministic keyed pseudonym: same key and value give the same text; namespaced so that
    equal values in different columns do not link."""
    mac = hmac.new(key, f"{namespace}\x1f{value}".encode(), hashlib.sha256)
    return mac.hexdigest()[:length]
