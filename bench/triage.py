"""Triage quality on text written by others: of the details redaction still leaks, what share
sits in the top 5 %, 10 % and 20 % of records as triage ranks them, against random order and
against ranking by length alone (long records hold more of everything).

A detail leaks as bench.heldout scores it: some identifying character of it is left at some
place it occurs. Each set is detected as `redact` would (the detector's spans), then ranked by
`uofclean.review.triage`.

Two kinds of leaks are measured, on the written sets (tests/data/written):
- "now": what the current detector leaves. It was improved on these very sets, so what it
  leaves is what was hardest to fix, and there is little of it.
- "first sight": what an older detector (each git commit of FIRST_SIGHT) leaves on the sets
  written after it: text it had never seen, as held-out text is. Round 3's (d7f70f5) on D-H,
  round 4's (49aafc2) on I-N, round 5's (1561bfe) on O-S and R (round 6's sets), round 6's
  final (0321509, round 7's start) on T-X, round 9's start (a48723e) on AB-AE. Each tree is
  exported from git into a scratch folder and run there, with today's triage code, so the
  signals are computed with the word lists that detector had. Each commit is a kind of its
  own ("first_sight_d7f70f5"), and all pooled.

The weights (uofclean/review/triage.toml) are fitted on both kinds: a logistic regression of
"this kept token holds a leaked character" on the tokens' features and every two base
features crossed (L2-penalised; sparse, a fit takes about half a second), then a
Poisson regression of the details left per record on the record inputs (weights >= 0 but
length's, L2 on all but "kept"). Cross-validation leaves one set out at a time: weights fitted
on the other sets (every kind of leaks on them; both penalties chosen by an inner
leave-one-set-out over those sets only), measured on the one left out, so a fold's figures
never come from weights that saw its set's leaks of any kind. The shipped weights are fitted
the same way on all the sets: their figures are in-sample, shown beside the cross-validated
ones only to compare. `--fit` alone does the whole refit (the current detector's leaks and
every first-sight export).

    python -m bench.triage                    # every written set: the CV and shipped weights
    python -m bench.triage SET.jsonl [...] [--show]   # shipped weights on these sets
    python -m bench.triage --fit              # fit on every set, write triage.toml's weights
    python -m bench.triage --no-first-sight   # now-leaks only (no git export)
    python -m bench.run triage                # as `make bench` runs it
    BENCH_TRIAGE_SPANS=DIR python -m bench.triage     # keep and reuse each detector's
                                              # spans (work on triage alone need not detect)
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import subprocess
import sys
import tarfile
import tempfile
import textwrap
from functools import cache
from io import BytesIO
from pathlib import Path

# The fits are over small matrices: BLAS threads only contend for the cores (10x slower on
# two shared cores). Set before numpy is first imported.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

from bench.heldout import _coverage, _identifying_chars, load_set  # noqa: E402
from uofclean.redact.types import Span  # noqa: E402
from uofclean.review import triage  # noqa: E402
from uofclean.review.triage import Cell, assess, rank  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
WRITTEN = ROOT / "tests/data/written"
SHARES = (0.05, 0.10, 0.20)
# Older detectors and the written sets each had never seen: what such a detector leaves there
# is the nearest thing to held-out text kept here. Round 3's (README's "round-3 code"), before
# sets E-H were written and before D was looked into; round 4's last detector, before round 5
# wrote I-N; then each round's starting detector and the sets written during it (round 6's
# O-S and its held-out R, round 7's T-X with held-out W, round 9's AB-AE with held-out AE).
FIRST_SIGHT: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "d7f70f5b4ac692663372ca502a08da4a076e9c73",
        ("set_D.jsonl", "set_E.jsonl", "set_F.jsonl", "set_G.jsonl", "set_H.jsonl"),
    ),
    (
        "49aafc2bfe06b7c87be0ead3af8c0862445b50d6",
        ("set_I.jsonl", "set_J.jsonl", "set_K.jsonl", "set_L.jsonl", "set_M.jsonl", "set_N.jsonl"),
    ),
    (
        "1561bfe20c23d0ce615c761211cfdda394f44baa",
        ("set_O.jsonl", "set_P.jsonl", "set_Q.jsonl", "set_S.jsonl", "set_R.jsonl"),
    ),
    (
        "0321509329d3b0e684f091f241599b40639509e1",
        ("set_T.jsonl", "set_U.jsonl", "set_V.jsonl", "set_X.jsonl", "set_W.jsonl"),
    ),
    (
        "a48723eb3e3068c5e9ba8d74a1eaa7421e46fda6",
        ("set_AB.jsonl", "set_AC.jsonl", "set_AD.jsonl", "set_AE.jsonl"),
    ),
)


def first_sight_kind(commit: str) -> str:
    """The name of the leaks one FIRST_SIGHT detector leaves: "first_sight_d7f70f5"."""
    return f"first_sight_{commit[:7]}"


# --- leaks and shares ------------------------------------------------------------------------
def leaks(case: dict, spans) -> int:
    """How many of the record's details are left (wholly or partly) after redaction."""
    text = case["text"]
    covered = _coverage(text, spans)
    left = 0
    for pii in case["pii"]:
        value = pii["text"]
        starts = [m.start() for m in re.finditer(re.escape(value), text)]
        left += any(not covered[i] for at in starts for i in _identifying_chars(value, at))
    return left


def share_in_top(order: list[int], left: list[int], share: float) -> float:
    total = sum(left)
    if not total:
        return 1.0
    top = math.ceil(len(order) * share)
    return sum(left[i] for i in order[:top]) / total


def shares(scores: list[float], left: list[int], lengths: list[int]) -> dict:
    """The share of the leaks in the top 5/10/20 % by score, by length and at random."""
    n = len(scores)
    triaged = sorted(range(n), key=lambda i: (-scores[i], i))
    by_length = sorted(range(n), key=lambda i: (-lengths[i], i))
    out: dict = {"records": n, "records_with_leaks": sum(1 for x in left if x), "leaks": sum(left)}
    for share in SHARES:
        top = math.ceil(n * share)
        out[f"top_{round(share * 100)}pct"] = {
            "records": top,
            "triage": round(share_in_top(triaged, left, share), 3),
            "by_length": round(share_in_top(by_length, left, share), 3),
            # random order: each record is equally likely in the top, so on average
            # top / records of the leaks land there
            "random": round(top / n, 3) if n else 0.0,
        }
    return out


def measure(cases: list[dict], found: list[list]) -> dict:
    """Shipped weights on one set."""
    left = [leaks(c, s) for c, s in zip(cases, found, strict=True)]
    risks = [assess([Cell("text", c["text"], s)]) for c, s in zip(cases, found, strict=True)]
    return shares([r.score for r in risks], left, [len(c["text"]) for c in cases])


# --- the data: per record its signals, its kept tokens and its leaks ------------------------
def leaked_chars(case: dict, spans) -> set[int]:
    """The identifying characters of the record's details that no span covers."""
    text = case["text"]
    covered = _coverage(text, spans)
    out = set()
    for pii in case["pii"]:
        value = pii["text"]
        for m in re.finditer(re.escape(value), text):
            out.update(i for i in _identifying_chars(value, m.start()) if not covered[i])
    return out


def rows_of(cases: list[dict], found: list[list]) -> list[dict]:
    """What triage sees in each record: signal counts and kept tokens (start, end, features)."""
    out = []
    for case, spans in zip(cases, found, strict=True):
        seen = triage.observe([Cell("text", case["text"], spans)])
        out.append(
            {
                "id": case.get("id"),
                "counts": seen.counts,
                "tokens": [list(t) for t in seen.tokens[0]],
                "chars": len(case["text"]),
            }
        )
    return out


def _label(rows: list[dict], cases: list[dict], found: list[list]) -> None:
    """Each record's leaks, and each kept token whether it holds a leaked character."""
    for row, case, spans in zip(rows, cases, found, strict=True):
        row["leaks"] = leaks(case, spans)
        chars = leaked_chars(case, spans)
        row["token_leaked"] = [any(i in chars for i in range(a, b)) for a, b, _ in row["tokens"]]


def _detect(texts: list[str]) -> list[list]:
    from uofclean.redact.detect import Detector

    return Detector.load(ner=True).detect_batch(texts)


# A folder where each detector's spans on each set are kept between runs: work on triage alone
# then reads them back instead of detecting again (most of a run's time). Keyed by the bytes
# of the set and of the detector's files (uofclean but review/), in whichever tree this runs.
SPANS_CACHE = "BENCH_TRIAGE_SPANS"


@cache
def _detector_key() -> str:
    h = hashlib.sha256()
    base = ROOT / "uofclean"
    for path in sorted(base.rglob("*")):
        rel = path.relative_to(base)
        if path.is_file() and rel.parts[0] != "review" and "__pycache__" not in rel.parts:
            h.update(str(rel).encode() + b"\0" + path.read_bytes())
    return h.hexdigest()[:16]


def detect_set(path: Path) -> tuple[list[dict], list[list]]:
    """The set's cases and the detector's spans on each (from SPANS_CACHE when set)."""
    cases = load_set(path)
    folder = os.environ.get(SPANS_CACHE)
    if not folder:
        return cases, _detect([c["text"] for c in cases])
    key = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    stored = Path(folder) / f"{_detector_key()}-{path.stem}-{key}.json"
    if stored.exists():
        return cases, [[Span(*s) for s in r] for r in json.loads(stored.read_text())]
    found = _detect([c["text"] for c in cases])
    stored.parent.mkdir(parents=True, exist_ok=True)
    spans = [[[s.start, s.end, s.entity, s.score, s.recognizer] for s in r] for r in found]
    stored.write_text(json.dumps(spans))
    return cases, found


def now_data(paths: list[Path]) -> dict[str, list[dict]]:
    """Per set, each record as triage sees it and its leaks, under the current detector."""
    out = {}
    for path in paths:
        cases, found = detect_set(path)
        rows = rows_of(cases, found)
        _label(rows, cases, found)
        out[path.name] = rows
    return out


def first_sight_data(
    sources: tuple[tuple[str, tuple[str, ...]], ...] = FIRST_SIGHT,
) -> dict[str, dict[str, list[dict]]]:
    """Per FIRST_SIGHT detector (its kind, `first_sight_kind`) and per set it had not seen,
    each record as today's triage sees it inside that commit's tree (its detector, its word
    lists) and its leaks as today's scorer counts them."""
    return {first_sight_kind(commit): _first_sight(commit, names) for commit, names in sources}


def _first_sight(commit: str, names: tuple[str, ...]) -> dict[str, list[dict]]:
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", commit, "uofclean"],
        capture_output=True,
        check=True,
    ).stdout
    with tempfile.TemporaryDirectory(prefix="triage-first-sight-") as tmp:
        tree = Path(tmp)
        with tarfile.open(fileobj=BytesIO(archive)) as tar:
            tar.extractall(tree, filter="data")
        review = tree / "uofclean/review"
        review.mkdir(exist_ok=True)
        here = ROOT / "uofclean/review"
        for name in ("__init__.py", "triage.py", "triage.toml"):
            (review / name).write_bytes((here / name).read_bytes())
        (tree / "bench").mkdir()
        for name in ("__init__.py", "heldout.py", "triage.py"):
            (tree / "bench" / name).write_bytes((ROOT / "bench" / name).read_bytes())
        out_file = tree / "dump.json"
        subprocess.run(
            [sys.executable, "-m", "bench.triage", "--dump", str(out_file)]
            + [str(WRITTEN / n) for n in names],
            cwd=tree,
            env={**os.environ, "PYTHONPATH": str(tree)},
            check=True,
        )
        dumped = json.loads(out_file.read_text())
    out = {}
    for name in names:
        cases = load_set(WRITTEN / name)
        rows = dumped[name]
        found = [[Span(*s) for s in row.pop("spans")] for row in rows]
        _label(rows, cases, found)
        out[name] = rows
    return out


def _dump(out_file: Path, paths: list[Path]) -> None:
    """Inside an old tree: its detector's spans and today's view of each record, per set."""
    dumped = {}
    for path in paths:
        cases, found = detect_set(path)
        rows = rows_of(cases, found)
        for row, spans in zip(rows, found, strict=True):
            row["spans"] = [[s.start, s.end, s.entity, s.score, s.recognizer] for s in spans]
        dumped[path.name] = rows
    out_file.write_text(json.dumps(dumped))


# --- fitting ---------------------------------------------------------------------------------
# (token penalty, record penalty) pairs the inner cross-validation picks from; the record
# penalty is not laid on "kept", so the strongest one leaves the kept tokens' risk alone.
# Token penalties strongest first (each fit starts from the last); with the crosses the weakest
# ones below 0.3 and the record penalty 1 were never chosen, and each fit costs more
PENALTIES = tuple((t, r) for t in (3.0, 1.0, 0.3) for r in (30.0, 1e4))
FREE = frozenset({"length"})  # record weights that may be negative (length normalisation)
UNPENALISED = frozenset({"kept"})
# token features that may only raise a token's p: weaker evidence never makes a kept word safer
NON_NEGATIVE_TOKEN = frozenset({"beside_weak"})
CANDIDATE_SHARE = 0.02  # the page underlines this share of kept tokens, the likeliest
KEPT = triage.SIGNALS.index("kept")


class Design:
    """Every record to fit or score, as arrays: each distinct set of token features once (a
    row of `x`), each record's tokens as indices into it, its record inputs but "kept"."""

    def __init__(self, rows: list[dict]):
        import numpy as np
        from scipy import sparse

        index: dict[tuple, int] = {}
        for r in rows:
            r["ids"] = np.array(
                [index.setdefault(tuple(f), len(index)) for _, _, f in r["tokens"]], dtype=int
            )
            r["hit"] = np.array(r["token_leaked"], dtype=float)
            base = triage.record_features(r["counts"], [])
            r["base"] = np.array([base[s] for s in triage.SIGNALS])
            r["base"][KEPT] = 0.0
            r["tie"] = triage.TIE * sum(r["counts"][s] for s in triage.WEAK_SIGNALS)
        # the features, then every cross some record's tokens have (in BASE_FEATURES' order)
        crossed = {c for feats in index for c in triage.crosses(feats)}
        order = [
            f"{a}{triage.CROSS}{b}"
            for i, a in enumerate(triage.BASE_FEATURES)
            for b in triage.BASE_FEATURES[i + 1 :]
        ]
        self.columns = list(triage.TOKEN_FEATURES) + [c for c in order if c in crossed]
        columns = {f: i for i, f in enumerate(self.columns)}
        cells = [
            (k, columns[f]) for feats, k in index.items() for f in (*feats, *triage.crosses(feats))
        ]
        rows_, cols = zip(*cells, strict=True) if cells else ((), ())
        # sparse: a token has a dozen features but the crosses make hundreds of columns
        self.x = sparse.csr_matrix(
            (np.ones(len(cells)), (rows_, cols)), shape=(len(index), len(columns))
        )
        # each record's tokens in a row, padded with a set whose p is 0
        self.padded = np.full((len(rows), max(len(r["ids"]) for r in rows) + triage.TOP), -1)
        for k, r in enumerate(rows):
            r["row"] = k
            self.padded[k, : len(r["ids"])] = r["ids"]

    def token_p(self, intercept: float, token: dict[str, float], cross: dict[str, float]):
        import numpy as np

        w = np.array([token[f] if f in token else cross.get(f, 0.0) for f in self.columns])
        return 1 / (1 + np.exp(-np.clip(intercept + self.x @ w, -30, 30)))

    def inputs(self, rows: list[dict], p):
        """The record model's inputs, "kept" (`triage.kept_input`) from the tokens' p."""
        import numpy as np

        x = np.array([r["base"] for r in rows])
        each = np.append(p, 0.0)[self.padded[[r["row"] for r in rows]]]
        top = np.partition(each, -triage.TOP, axis=1)[:, -triage.TOP :].sum(axis=1)
        x[:, KEPT] = np.log(np.maximum(top, triage.FLOOR))
        return x


def _minimise(loss, start, bounds):
    from scipy.optimize import minimize

    return minimize(loss, start, jac=True, method="L-BFGS-B", bounds=bounds).x


def fit_tokens(
    design: Design, rows: list[dict], penalty: float, warm: dict | None = None
) -> tuple[float, dict, dict]:
    """Logistic regression of "holds a leaked character" on the kept tokens' features and
    their crosses, over the distinct feature sets with their counts: the intercept, the
    features' weights and the crosses' (those these rows have). `warm` carries the solution
    from one penalty to the next on the same rows (the same optimum, found sooner)."""
    import numpy as np

    ids = np.concatenate([r["ids"] for r in rows])
    n = np.bincount(ids, minlength=design.x.shape[0]).astype(float)
    k = np.bincount(ids, weights=np.concatenate([r["hit"] for r in rows]), minlength=len(n))
    used = n > 0
    x, n, k = design.x[used], n[used], k[used]

    def loss(theta):
        b, w = theta[0], theta[1:]
        z = b + x @ w
        value = n @ np.logaddexp(0, z) - k @ z + penalty * (w @ w) / 2
        g = n / (1 + np.exp(-z)) - k
        return value, np.concatenate([[g.sum()], x.T @ g + penalty * w])

    start = np.zeros(x.shape[1] + 1)
    rate = min(max(k.sum() / n.sum(), 1e-6), 0.5)
    start[0] = math.log(rate / (1 - rate))
    if warm and "theta" in warm:
        start = warm["theta"]
    bounds = [(None, None)] + [
        (0.0, None) if f in NON_NEGATIVE_TOKEN else (None, None) for f in design.columns
    ]
    theta = _minimise(loss, start, bounds)
    if warm is not None:
        warm["theta"] = theta
    weights = dict(zip(design.columns, map(float, theta[1:]), strict=True))
    token = {f: weights.pop(f) for f in triage.TOKEN_FEATURES}
    seen = np.asarray(x.sum(axis=0)).ravel() > 0  # a cross these rows never have weighs 0
    cross = {
        c: w for c, w, s in zip(design.columns, theta[1:], seen, strict=True) if c in weights and s
    }
    return float(theta[0]), token, cross


def fit_records(x, rows: list[dict], penalty: float) -> dict[str, float]:
    """Poisson regression of the details left per record on the record inputs `x`, weights
    >= 0 but FREE's, the penalty on all but UNPENALISED; the intercept is fitted and dropped
    (ranking does not need it)."""
    import numpy as np

    y = np.array([float(r["leaks"]) for r in rows])
    n = len(y)
    lam = np.array([0.0 if s in UNPENALISED else penalty for s in triage.SIGNALS])

    def loss(theta):
        b, w = theta[0], theta[1:]
        eta = np.clip(b + x @ w, -30, 30)
        mu = np.exp(eta)
        value = (mu - y * eta).sum() + (lam * w) @ w / 2
        g = mu - y
        return value / n, np.concatenate([[g.sum()], x.T @ g + lam * w]) / n

    start = np.zeros(x.shape[1] + 1)
    start[0] = math.log(max(y.mean(), 1e-6))
    bounds = [(None, None)] + [(None, None) if s in FREE else (0.0, None) for s in triage.SIGNALS]
    theta = _minimise(loss, start, bounds)
    return dict(zip(triage.SIGNALS, map(float, theta[1:]), strict=True))


def fit(design: Design, rows: list[dict], penalties: tuple[float, float]) -> triage.Weighting:
    """Both models on these records; the candidate p is that of the top CANDIDATE_SHARE of
    their kept tokens."""
    import numpy as np

    intercept, token, cross = fit_tokens(design, rows, penalties[0])
    p = design.token_p(intercept, token, cross)
    record = fit_records(design.inputs(rows, p), rows, penalties[1])
    each = p[np.concatenate([r["ids"] for r in rows])]
    candidate = float(np.quantile(each, 1 - CANDIDATE_SHARE))
    return triage.Weighting(token, intercept, record, candidate, cross)


def scores(design: Design, rows: list[dict], w: triage.Weighting, p=None) -> list[float]:
    """Each record's risk under these weights (as `triage.assess` computes it)."""
    import numpy as np

    p = design.token_p(w.intercept, w.token, w.cross) if p is None else p
    v = np.array([w.record[s] for s in triage.SIGNALS])
    risk = design.inputs(rows, p) @ v
    return [float(x) + r["tie"] for x, r in zip(risk, rows, strict=True)]


def _captured(rows: list[dict], risk: list[float], share: float = 0.10) -> int:
    order = sorted(range(len(rows)), key=lambda i: (-risk[i], i))
    return sum(rows[i]["leaks"] for i in order[: math.ceil(len(rows) * share)])


def choose_penalty(design: Design, groups: dict[str, list[list[dict]]]) -> tuple[float, float]:
    """The penalties whose leave-one-set-out fits (over these sets only) put the most leaks
    in the top 10 % of the left-out set, both kinds of leaks counted; ties go to the
    stronger."""
    caught = dict.fromkeys(PENALTIES, 0)
    for held in groups:
        train = [r for name, parts in groups.items() if name != held for p in parts for r in p]
        warm: dict = {}  # strongest penalty first, each fit starting from the last
        for token_penalty in dict.fromkeys(t for t, _ in PENALTIES):
            intercept, token, cross = fit_tokens(design, train, token_penalty, warm)
            p = design.token_p(intercept, token, cross)
            x = design.inputs(train, p)
            for penalties in (q for q in PENALTIES if q[0] == token_penalty):
                record = fit_records(x, train, penalties[1])
                w = triage.Weighting(token, intercept, record, 1.0, cross)
                caught[penalties] += sum(
                    _captured(part, scores(design, part, w, p)) for part in groups[held]
                )
    best = max(caught.values())
    return max(q for q, n in caught.items() if n == best)


def _groups(data: dict[str, dict[str, list[dict]]]) -> dict[str, list[list[dict]]]:
    """Per set, its row lists: one per kind of leaks measured on it (now, first sight)."""
    out: dict[str, list[list[dict]]] = {}
    for by_set in data.values():
        for name, rows in by_set.items():
            out.setdefault(name, []).append(rows)
    return out


def _keys() -> list[str]:
    return [f"top_{round(s * 100)}pct" for s in SHARES]


FIRST_SIGHT_ALL = "first_sight"  # every first-sight detector's leaks together


def cross_validate(
    data: dict[str, dict[str, list[dict]]], fixed: tuple[float, float] | None = None
) -> dict:
    """Leave one set out: weights from the other sets (every kind of leaks on them; penalties
    chosen by a leave-one-set-out among those only, unless fixed), figures on the one left
    out, for each kind of leaks measured on it. `data`: per kind ("now", a first-sight
    detector's), per set, its rows. A fold never sees its own set's leaks of any kind."""
    groups = _groups(data)
    design = Design([r for parts in groups.values() for p in parts for r in p])
    out: dict = {}
    totals: dict[str, dict] = {}
    methods = ("triage", "by_length", "random")
    for held in groups:
        rest = {k: v for k, v in groups.items() if k != held}
        penalties = fixed or choose_penalty(design, rest)
        w = fit(design, [r for parts in rest.values() for p in parts for r in p], penalties)
        fold: dict = {"penalties": list(penalties)}
        for kind, by_set in data.items():
            if held not in by_set:
                continue
            rows = by_set[held]
            left = [r["leaks"] for r in rows]
            fold[kind] = shares(scores(design, rows, w), left, [r["chars"] for r in rows])
            pooled = [kind] + ([FIRST_SIGHT_ALL] if kind.startswith("first_sight_") else [])
            for name in pooled:
                t = totals.setdefault(
                    name, {"leaks": 0, **{m: dict.fromkeys(_keys(), 0.0) for m in methods}}
                )
                t["leaks"] += sum(left)
                for m in methods:
                    for key in _keys():
                        t[m][key] += fold[kind][key][m] * sum(left)
        out[held] = fold
    for t in totals.values():
        for m in methods:
            for key in _keys():
                t[m][key] = round(t[m][key] / t["leaks"], 3) if t["leaks"] else 1.0
    # of every left-out set's leaks, the share in its set's top (by triage, by length alone,
    # at random), per kind of leaks and every first-sight kind pooled
    out["all_folds"] = totals
    return out


TOML_HEAD = """\
# Weights of triage (uofclean/review/triage.py). A kept token's chance of belonging to a
# detail left behind is p = 1 / (1 + exp(-(intercept + the sum of its features' weights)));
# a record's risk is the sum over its signals of weight * input ("kept": ln of the sum of its
# {top} highest p; "length": ln(words / 100); the others ln(1 + count)).
# {note}
# Never edited by hand: refit with that command after a change to detection or to triage.
"""


def write_weights(w: triage.Weighting, note: str) -> None:
    """Write triage.toml's weights and candidate p; its [words] stay as they are."""
    path = ROOT / "uofclean/review/triage.toml"
    words = "[words]" + path.read_text(encoding="utf-8").split("\n[words]", 1)[1]
    note = "\n# ".join(textwrap.wrap(note, 92))
    lines = [TOML_HEAD.format(top=triage.TOP, note=note).rstrip("\n"), ""]
    lines += [
        "[candidate]",
        f"# the p of the top {CANDIDATE_SHARE:.0%} of the fitted sets' kept tokens",
    ]
    lines += [f"p = {w.candidate:.4f}", "", "[token_weights]", f"intercept = {w.intercept:.3f}"]
    lines += [f"{name} = {w.token[name]:.3f}" for name in triage.TOKEN_FEATURES]
    lines += ["", "[cross_weights]", "# two base features together (those the fit saw)"]
    lines += [f'"{name}" = {v:.3f}' for name, v in w.cross.items() if round(v, 3)]
    lines += ["", "[weights]"] + [f"{name} = {w.record[name]:.3f}" for name in triage.SIGNALS]
    path.write_text("\n".join(lines) + "\n\n" + words, encoding="utf-8")


# --- entry points ----------------------------------------------------------------------------
def _all_sets() -> list[Path]:
    return sorted(WRITTEN.glob("set_*.jsonl"))


def all_data(first: bool = True, strict: bool = False) -> dict[str, dict[str, list[dict]]]:
    """Per kind of leaks ("now", then each FIRST_SIGHT detector's), per set, its rows."""
    data: dict[str, dict[str, list[dict]]] = {"now": now_data(_all_sets())}
    if first:
        try:
            data.update(first_sight_data())
        except (OSError, subprocess.CalledProcessError) as exc:
            if strict:
                raise
            # a shallow clone has no FIRST_SIGHT commits: measure what can be measured
            print(f"triage: no first-sight leaks ({type(exc).__name__}): now only", file=sys.stderr)
    return data


def report(first: bool = True) -> dict:
    """Shipped weights on every set (each kind of leaks) and the cross-validation."""
    data = all_data(first)
    w = triage.weighting()
    design = Design([r for by_set in data.values() for rows in by_set.values() for r in rows])
    out: dict = {"shipped_weights": {}}
    for kind, by_set in data.items():
        for name, rows in sorted(by_set.items()):
            left = [r["leaks"] for r in rows]
            out["shipped_weights"].setdefault(name, {})[kind] = shares(
                scores(design, rows, w), left, [r["chars"] for r in rows]
            )
    out["shipped_weights"] = dict(sorted(out["shipped_weights"].items()))
    out["cross_validated"] = cross_validate(data)
    return out


def summary(out: dict) -> str:
    """The report as a table: per set and kind of leaks, the share in the top 5/10/20 %
    cross-validated (weights that never saw the set) against random order, and by the
    shipped weights (fitted on these very sets: in-sample); then every left-out set's leaks
    pooled, by triage, by length alone and at random."""

    def cells(m: dict) -> str:
        return "  ".join(f"{m[k]['triage']:.2f} ({m[k]['random']:.2f})" for k in _keys())

    cv = out["cross_validated"]
    lines = [
        "share of the leaks in the top 5 / 10 / 20 % of records (random order in brackets)",
        f"{'set':<8}{'leaks of':<22}{'leaks':>6}  {'cross-validated':<40}{'shipped (in-sample)'}",
    ]
    for name, kinds in out["shipped_weights"].items():
        for kind, m in kinds.items():
            fold = cv.get(name, {}).get(kind)
            lines.append(
                f"{name.removesuffix('.jsonl'):<8}{kind:<22}{m['leaks']:>6}  "
                f"{cells(fold) if fold else '':<40}{cells(m)}"
            )
    lines.append("every left-out set, pooled: triage | by length alone | random")
    for kind, t in cv["all_folds"].items():
        by = " | ".join(" ".join(f"{t[m][k]:.2f}" for k in _keys()) for m in t if m != "leaks")
        lines.append(f"{'all':<8}{kind:<22}{t['leaks']:>6}  {by}")
    return "\n".join(lines)


def fit_all(first: bool = True) -> dict:
    """Fit on every set and every kind of leaks; write triage.toml. With first sight (the
    default) a missing FIRST_SIGHT commit is an error: shipped weights fitted on less would
    pass unnoticed."""
    data = all_data(first, strict=True)
    groups = _groups(data)
    rows = [r for parts in groups.values() for p in parts for r in p]
    design = Design(rows)
    penalties = choose_penalty(design, groups)
    w = fit(design, rows, penalties)
    sets = sorted(data["now"])
    fitted = " and ".join(
        f"the detector of commit {kind.removeprefix('first_sight_')} left in "
        + ", ".join(_letter(n) for n in sorted(by_set))
        for kind, by_set in data.items()
        if kind != "now"
    )
    note = (
        "Fitted by `python -m bench.triage --fit` on the details the current detector leaves "
        f"in the written sets {_letter(sets[0])}-{_letter(sets[-1])}"
        + (f" and those {fitted}" if fitted else "")
        + f"; penalties (token, record) {penalties[0]:g} and {penalties[1]:g}, chosen by "
        "leave-one-set-out."
    )
    write_weights(w, note)
    return {
        "penalties": list(penalties),
        "weights": {"intercept": w.intercept, **w.token, **w.record},
    }


def _letter(name: str) -> str:
    return name.removeprefix("set_").removesuffix(".jsonl")


def main(argv: list[str]) -> None:
    show = "--show" in argv
    first = "--no-first-sight" not in argv
    if "--dump" in argv:
        i = argv.index("--dump")
        _dump(Path(argv[i + 1]), [Path(a) for a in argv[i + 2 :]])
        return
    if "--fit" in argv:
        print(json.dumps(fit_all(first), indent=2))
        return
    paths = [Path(a) for a in argv if not a.startswith("--")]
    if not paths:
        out = report(first)
        print(json.dumps(out, indent=2))
        print(summary(out))
        return
    out: dict = {}
    for path in paths:
        cases = load_set(path)
        found = _detect([c["text"] for c in cases])
        out[path.name] = measure(cases, found)
        if show:
            risks = [
                assess([Cell("text", c["text"], s)]) for c, s in zip(cases, found, strict=True)
            ]
            for place, i in enumerate(rank(risks)):
                n = leaks(cases[i], found[i])
                print(f"{place + 1:4d} {cases[i].get('id', i)} leaks={n} {risks[i].signals}")
    print(json.dumps(out, indent=2))


def run(rows: int, workdir: Path) -> dict:
    """For bench.run: every written set, shipped weights and cross-validated (rows unused)."""
    out = report(first=True)
    print(summary(out), flush=True)
    return out


if __name__ == "__main__":
    main(sys.argv[1:])
