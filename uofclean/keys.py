"""The secret key for keyed pseudonyms (HMAC-SHA256). Never taken from the command line."""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from uofclean.errors import KeyMissingError

ENV_VAR = "UOFCLEAN_KEY"
MIN_KEY_BYTES = 16


def load_key(key_file: str | Path | None = None) -> bytes:
    """The key from --key-file if given, else from $UOFCLEAN_KEY; exit 2 if neither."""
    if key_file is not None:
        try:
            raw = Path(key_file).read_bytes().strip()
        except OSError:
            raise KeyMissingError("cannot read the key file", path=str(key_file)) from None
    else:
        raw = os.environ.get(ENV_VAR, "").strip().encode()
    if not raw and key_file is not None:
        raise KeyMissingError("the key file is empty", path=str(key_file))
    if not raw:
        raise KeyMissingError(f"no pseudonymisation key: set {ENV_VAR} or pass --key-file FILE")
    if len(raw) < MIN_KEY_BYTES:
        raise KeyMissingError(f"the key is too short (at least {MIN_KEY_BYTES} bytes)")
    return raw


def new_key() -> str:
    """A fresh random key: 32 bytes from the OS's secure generator, as 64 hex digits (text,
    so it survives an environment variable and a copy and paste)."""
    return secrets.token_hex(32)


def pseudonym(key: bytes, value: str, *, namespace: str, length: int = 16) -> str:
    """Deterministic keyed pseudonym: same key and value give the same text; namespaced so that
    equal values in different columns do not link."""
    mac = hmac.new(key, f"{namespace}\x1f{value}".encode(), hashlib.sha256)
    return mac.hexdigest()[:length]
