"""Regenerate the committed synthetic samples in fixtures/ (`make fixtures`).

The fixtures are made by `uofclean synth` with fixed seeds; a test checks that regenerating them
gives the same bytes, so a change to the generator shows up as a fixture diff in review.
"""

from __future__ import annotations

import json
from pathlib import Path

from uofclean.synth import SynthOptions, generate

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SAMPLES = {
    "small": (SynthOptions(rows=200, seed=11, errors=True, duplicates=True), "utf-8"),
    "clean": (SynthOptions(rows=120, seed=12), "utf-8"),
    "small-cp1252": (SynthOptions(rows=60, seed=13, encoding="cp1252"), "cp1252"),
}


def render(name: str) -> tuple[bytes, str]:
    options, encoding = SAMPLES[name]
    result = generate(options)
    return result.csv_text.encode(encoding), json.dumps(result.truth, ensure_ascii=False, indent=1)


def main() -> None:
    for name in SAMPLES:
        data, truth = render(name)
        (FIXTURES / f"{name}.csv").write_bytes(data)
        (FIXTURES / f"{name}.truth.json").write_text(truth, encoding="utf-8")
        print(f"wrote fixtures/{name}.csv")


if __name__ == "__main__":
    main()
