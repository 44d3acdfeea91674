"""Detection time on hostile fields: one short piece repeated to N characters ("12-ab-",
"O'", "Flat 1, "...). Each should take time linear in N; a shape whose time grows faster
is a pattern or a per-token function to bound (rounds 17's NUMBER_RUN and _compound were).

    python -m bench.hostile_shapes [N]      # default 8,000 characters, the rules only
"""

from __future__ import annotations

import sys
import time

PIECES = [
    "12-ab-", "a.b.", "AB CD ", "Flat 1, ", "PC 12 ", "DOB 1/2/", "St St ", "La Rue de ",
    "'a' ", "O'", "Mc", "14 High Street, ", "ROOM 1 ", "x@y.", "+44 (", "SW1 ", "Mr A ",
    "1 of 2 ", "---", "Rd rd ", "Married Quarter ", "de la ", "The The ", "JOHN SMITH, ",
    "Log 1 of ", "25/A/B/",
]  # fmt: skip


def main(argv: list[str]) -> None:
    from uofclean.redact.detect import Detector

    size = int(argv[0]) if argv else 8000
    detector = Detector.load(ner=False)
    for piece in PIECES:
        text = piece * (size // len(piece))
        start = time.perf_counter()
        detector.detect_batch([text])
        print(f"{piece!r:22} {len(text):7} chars {time.perf_counter() - start:7.2f} s", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
