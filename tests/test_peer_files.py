"""Every command on every peer file (csvkit's and frictionless-py's odd files, tests/data/
peer_files/SOURCES.md): the promises of issue 12 hold whatever the input."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
KEY = str(ROOT / "fixtures" / "demo.key")
PEERS = Path(__file__).resolve().parent / "data" / "peer_files"
FILES = sorted(p for p in PEERS.iterdir() if p.name != "SOURCES.md")
COMMANDS = {
    "validate": [],
    "dedupe": ["-o", "{out}/out.csv"],
    "redact": ["-o", "{out}/out.csv", "--no-ner", "-j", "1"],
    "scan": ["--no-ner", "-j", "1"],
    "publish": ["-o", "{out}/release", "--no-ner", "-j", "1", "--key-file", KEY],
}


def _run(command: str, path: Path, out: Path) -> tuple[str, str, subprocess.CompletedProcess]:
    out.mkdir()
    args = [a.format(out=out) for a in COMMANDS[command]]
    done = subprocess.run(
        [sys.executable, "-m", "uofclean", command, str(path), *args],
        capture_output=True,
        text=True,
        env=os.environ,
        timeout=120,
    )
    return command, path.name, done


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_on_every_peer_file_keeps_the_promises(tmp_path, command):
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in FILES}
    outs = {p.name: tmp_path / f"{k:03d}" for k, p in enumerate(FILES)}
    with ThreadPoolExecutor(4) as pool:  # each run is its own process
        runs = list(pool.map(lambda p: _run(command, p, outs[p.name]), FILES))
    broken = []
    for _, name, done in runs:
        lines = done.stderr.strip().splitlines()
        written = sorted(str(p.relative_to(outs[name])) for p in outs[name].rglob("*"))
        problems = [
            f"exit {done.returncode}" if done.returncode not in (0, 1, 2) else "",
            f"{len(lines)} lines on stderr" if len(lines) > 1 else "",
            "a traceback" if "Traceback" in done.stderr else "",
            "an internal error" if "internal error" in done.stderr else "",
            f"wrote {written} after exit 2" if done.returncode == 2 and written else "",
            # a failed gate writes publish's reports, and nothing else writes anything
            f"wrote {written} after exit 1"
            if done.returncode == 1
            and not set(written) <= {"release", "release/report.json", "release/report.html"}
            else "",
            "the input changed"
            if hashlib.sha256((PEERS / name).read_bytes()).hexdigest() != before[name]
            else "",
        ]
        if command == "dedupe" and done.returncode == 1:
            problems.append("exit 1 from dedupe")
        if any(problems):
            broken.append(f"{name}: {', '.join(p for p in problems if p)}: {done.stderr[:300]}")
    assert not broken, "\n".join(broken)
