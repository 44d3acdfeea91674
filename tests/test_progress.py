"""The progress bar a user sees on a terminal: it counts rows, and says it is loading the model
until the workers answer."""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def test_redact_on_a_terminal_counts_rows_and_shows_the_model_loading(tmp_path):
    leader, follower = pty.openpty()
    # a terminal 120 columns wide (a new pty is 0 x 0, and tqdm draws nothing in 0 columns)
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "uofclean",
            "redact",
            str(FIXTURES / "small.csv"),
            "-o",
            str(tmp_path / "out.csv"),
            "--jobs",
            "2",
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=follower,
        timeout=300,
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    os.close(leader)
    shown = b"".join(chunks).decode("utf-8", "replace")
    assert proc.returncode == 0, shown
    assert "(loading model)" in shown
    assert "/200 [" in shown or "200/200" in shown  # the total is rows, not 500-row chunks
    assert "rows" in shown
