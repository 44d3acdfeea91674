"""A seeded mutator over synth extracts that runs every command on every mutant and checks the
promises of the CLI contract (issue 12):

- the exit code is 0, 1 or 2, and a failure (2) says so in one line on stderr, no traceback;
- a run that fails writes no output; the input is never changed;
- dedupe: rows in = rows out + rows removed;
- no personal value of the input (names, dates of birth, addresses) in anything printed or in
  a report.

    python -m bench.fuzz [MUTANTS] [--seed S]      (make bench runs a few hundred)
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASE = ROOT / "fixtures" / "clean.csv"
KEY = ROOT / "fixtures" / "demo.key"
COMMANDS = ("validate", "dedupe", "redact", "scan", "publish")


# --- mutations: each takes the file's bytes and a random source, returns new bytes ---------
def _truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(len(data))]


def _bit_flip(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        i = rng.randrange(len(out))
        out[i] ^= 1 << rng.randrange(8)
    return bytes(out)


def _insert(what: bytes) -> Callable[[bytes, random.Random], bytes]:
    def mutate(data: bytes, rng: random.Random) -> bytes:
        i = rng.randrange(len(data))
        return data[:i] + what + data[i:]

    return mutate


def _encoding(name: str) -> Callable[[bytes, random.Random], bytes]:
    def mutate(data: bytes, rng: random.Random) -> bytes:
        return data.decode("utf-8").encode(name, errors="replace")

    return mutate


def _line_endings(ending: bytes) -> Callable[[bytes, random.Random], bytes]:
    return lambda data, rng: data.replace(b"\n", ending)


def _drop_header(data: bytes, rng: random.Random) -> bytes:
    return data.split(b"\n", 1)[1]


def _rename_header(data: bytes, rng: random.Random) -> bytes:
    header, rest = data.split(b"\n", 1)
    names = header.split(b",")
    names[rng.randrange(len(names))] = b"Renamed Column"
    return b",".join(names) + b"\n" + rest


def _delimiter(data: bytes, rng: random.Random) -> bytes:
    return data.replace(b",", b";")


def _ragged(data: bytes, rng: random.Random) -> bytes:
    lines = data.split(b"\n")
    i = rng.randrange(1, len(lines) - 1)
    lines[i] = lines[i] + b",extra"
    return b"\n".join(lines)


def _formula(data: bytes, rng: random.Random) -> bytes:
    return data.replace(b",Response,", b',=HYPERLINK("http://x"),', 3)


def _huge_field(data: bytes, rng: random.Random) -> bytes:
    header, first, rest = data.split(b"\n", 2)
    return header + b"\n" + first.replace(b",", b',"' + b"A" * 2_000_000 + b'",', 1) + b"\n" + rest


def _empty(data: bytes, rng: random.Random) -> bytes:
    return b""


def _header_only(data: bytes, rng: random.Random) -> bytes:
    return data.split(b"\n", 1)[0] + b"\n"


def _double_bom(data: bytes, rng: random.Random) -> bytes:
    return b"\xef\xbb\xbf\xef\xbb\xbf" + data


MUTATIONS: dict[str, Callable[[bytes, random.Random], bytes]] = {
    "truncate": _truncate,
    "bit-flip": _bit_flip,
    "nul": _insert(b"\x00"),
    "stray-quote": _insert(b'"'),
    "newline": _insert(b"\n"),
    "cp1252": _encoding("cp1252"),
    "utf-16": _encoding("utf-16"),
    "crlf": _line_endings(b"\r\n"),
    "cr": _line_endings(b"\r"),
    "no-header": _drop_header,
    "renamed-header": _rename_header,
    "semicolons": _delimiter,
    "ragged": _ragged,
    "formula": _formula,
    "huge-field": _huge_field,
    "empty": _empty,
    "header-only": _header_only,
    "double-bom": _double_bom,
}


def mutants(count: int, seed: int) -> list[tuple[str, bytes]]:
    """`count` mutants of the base extract, the same for the same seed; each kind at least
    once when count allows."""
    rng = random.Random(seed)
    data = BASE.read_bytes()
    kinds = list(MUTATIONS)
    out = []
    for i in range(count):
        kind = kinds[i] if i < len(kinds) else rng.choice(kinds)
        out.append((kind, MUTATIONS[kind](data, rng)))
    return out


def personal_values() -> set[str]:
    """Values of the base extract that must never be printed: names, DOBs, addresses."""
    import csv

    with BASE.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    values = set()
    for row in rows:
        for column in ("SubjectName", "OfficerName", "SubjectDOB", "IncidentAddress"):
            value = (row.get(column) or "").strip()
            if len(value) >= 6:
                values.add(value)
    return values


def _args(command: str, src: Path, out: Path) -> list[str]:
    args = [command, str(src)]
    if command == "validate":
        return [*args, "--format", "json", "-o", str(out / "findings.json")]
    if command == "dedupe":
        return [*args, "-o", str(out / "deduped.csv"), "--report", str(out / "dedupe.json")]
    if command == "redact":
        return [*args, "-o", str(out / "redacted.csv"), "--no-ner", "--jobs", "1"]
    if command == "scan":
        return [*args, "--no-ner", "--jobs", "1", "--format", "json", "-o", str(out / "scan.json")]
    return [*args, "-o", str(out / "release"), "--no-ner", "--jobs", "1", "--key-file", str(KEY)]


def check(kind: str, data: bytes, command: str, secrets: set[str]) -> list[str]:
    """Run one command on one mutant; the promises it broke (empty when it kept them all)."""
    broken = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        src = tmp_path / "extract.csv"
        src.write_bytes(data)
        out = tmp_path / "out"
        out.mkdir()
        before = hashlib.sha256(data).hexdigest()
        proc = subprocess.run(
            [sys.executable, "-m", "uofclean", *_args(command, src, out)],
            capture_output=True,
            text=True,
            errors="replace",
            timeout=300,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        lines = [  # warnings the user asked for (--no-ner) aside
            line
            for line in proc.stderr.splitlines()
            if line.strip() and not line.startswith("uofclean: warning:")
        ]
        if proc.returncode not in (0, 1, 2):
            broken.append(f"exit {proc.returncode}")
        if "Traceback" in proc.stderr or "Exception ignored" in proc.stderr:
            broken.append("traceback on stderr")
        if proc.returncode == 2 and len(lines) != 1:
            broken.append(f"{len(lines)} lines on stderr for a failure")
        if hashlib.sha256(src.read_bytes()).hexdigest() != before:
            broken.append("input changed")
        written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
        if proc.returncode == 2 and written:
            broken.append(f"output after a failure: {written}")
        if command == "publish" and proc.returncode != 0 and "release/release.csv" in written:
            broken.append("a release after a failed gate")
        if command == "dedupe" and proc.returncode == 0:
            report = json.loads((out / "dedupe.json").read_text())
            if report["rows_in"] != report["rows_out"] + report["rows_removed"]:
                broken.append("rows in != rows out + rows removed")
        printed = proc.stdout + proc.stderr
        reports = "".join(
            (out / name).read_text(errors="replace")
            for name in written
            if name.endswith((".json", ".html")) and "release.csv" not in name
        )
        if any(value in printed or value in reports for value in secrets):
            broken.append("a personal value printed or in a report")
    return [f"{kind} / {command}: {b}" for b in broken]


def run_fuzz(count: int, seed: int, commands=COMMANDS) -> dict:
    secrets = personal_values()
    broken: list[str] = []
    runs = 0
    for kind, data in mutants(count, seed):
        for command in commands:
            runs += 1
            broken += check(kind, data, command, secrets)
    return {"mutants": count, "runs": runs, "seed": seed, "broken": broken}


def run(rows: int, workdir: Path) -> dict:
    """For bench.run: `rows` mutants through every command."""
    return run_fuzz(rows, seed=int(os.environ.get("BENCH_FUZZ_SEED", "12")))


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--seed")]
    seed = next((int(a.split("=", 1)[1]) for a in sys.argv[1:] if a.startswith("--seed=")), 12)
    result = run_fuzz(int(args[0]) if args else 50, seed)
    print(json.dumps(result, indent=2))
    sys.exit(1 if result["broken"] else 0)
