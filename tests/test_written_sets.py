"""Detection on the narratives written apart from the project (tests/data/written), and
redaction agreeing with the release scan on every test set."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.heldout import load_set, score_set
from uofclean.redact.detect import Detector
from uofclean.redact.operators import Replacer, apply_tracked
from uofclean.redact.scan import hide, outside_hidden

DATA = Path(__file__).parent / "data"
SETS = {
    "written/set_A.jsonl": (0.985, 0.02),
    "written/set_B.jsonl": (0.985, 0.02),
    "written/set_C.jsonl": (0.975, 0.035),
    "written/set_D.jsonl": (0.98, 0.025),
    "written/set_E.jsonl": (0.99, 0.025),
    "written/set_F.jsonl": (0.985, 0.025),
    "written/set_G.jsonl": (0.99, 0.02),
    "written/set_H.jsonl": (0.985, 0.025),
    "written/set_I.jsonl": (0.99, 0.02),
    "written/set_J.jsonl": (0.98, 0.025),
    "written/set_K.jsonl": (0.985, 0.025),
    "written/set_L.jsonl": (0.985, 0.02),
    "written/set_N.jsonl": (0.97, 0.02),
    "written/set_M.jsonl": (0.98, 0.02),
    "written/set_O.jsonl": (0.985, 0.02),
    "written/set_P.jsonl": (0.985, 0.02),
    "written/set_Q.jsonl": (0.975, 0.02),
    "written/set_S.jsonl": (0.99, 0.02),
    "written/set_R.jsonl": (0.985, 0.02),
    "written/set_T.jsonl": (0.975, 0.015),
    "written/set_U.jsonl": (0.978, 0.02),
    "written/set_V.jsonl": (0.978, 0.02),
    "written/set_X.jsonl": (0.99, 0.025),
    "written/set_W.jsonl": (0.98, 0.045),
    "written/set_AB.jsonl": (0.99, 0.025),
    "written/set_AC.jsonl": (0.985, 0.03),
    "written/set_AD.jsonl": (0.98, 0.02),
    "written/set_AE.jsonl": (0.975, 0.03),
    "written/set_AF.jsonl": (0.99, 0.025),
    "written/set_AG.jsonl": (0.98, 0.025),
    "written/set_AH.jsonl": (0.99, 0.03),
    "written/set_AI.jsonl": (0.98, 0.015),
    "written/set_AJ.jsonl": (0.99, 0.03),
    "written/set_AK.jsonl": (0.99, 0.017),
    "written/set_AL.jsonl": (0.995, 0.032),
    "written/set_AM.jsonl": (0.99, 0.02),
    "written/set_AN.jsonl": (0.985, 0.024),
    "written/set_AO.jsonl": (0.989, 0.009),
    "written/set_AP.jsonl": (0.989, 0.03),
    "written/set_AR.jsonl": (0.995, 0.03),
    "written/set_AS.jsonl": (0.995, 0.015),
    "written/set_AT.jsonl": (0.995, 0.02),
    "written/set_AU.jsonl": (0.995, 0.015),
    "written/set_AV.jsonl": (0.99, 0.035),
    "written/set_AW.jsonl": (0.993, 0.02),
    "written/set_AX.jsonl": (0.99, 0.02),
    "written/set_AZ.jsonl": (0.995, 0.022),
    "written/set_BA.jsonl": (0.995, 0.028),
    "written/set_BB.jsonl": (0.995, 0.02),
    "written/set_BC.jsonl": (0.985, 0.025),
    "independent_narratives.jsonl": (0.98, 0.015),
}


@pytest.fixture(scope="module")
def detector():
    return Detector.load(ner=True)


@pytest.mark.parametrize(("name", "bars"), SETS.items())
def test_recall_and_over_redaction_on_written_sets(detector, name, bars):
    cases = load_set(DATA / name)
    result = score_set(cases, detector.detect_batch([c["text"] for c in cases]))
    recall, over = bars
    assert result["recall"] >= recall, result
    assert result["over_redaction"] <= over, result


@pytest.mark.parametrize("name", [*SETS, "narratives.jsonl"])
@pytest.mark.parametrize("operator", ["replace", "fake"])
def test_one_second_look_leaves_nothing_for_the_scan(detector, name, operator):
    """What publish does: redact, scan the output (what redaction wrote hidden), redact what
    the scan found. After that second look the scan finds nothing."""
    texts = [c["text"] for c in load_set(DATA / name)]
    replacer = Replacer(operator, b"k" * 32)
    outs = [
        apply_tracked(t, s, replacer)
        for t, s in zip(texts, detector.detect_batch(texts), strict=True)
    ]
    hidden = [hide(o, w) for o, w in outs]
    again = [
        outside_hidden(h, s) for h, s in zip(hidden, detector.detect_batch(hidden), strict=True)
    ]
    outs = [
        apply_tracked(o, s, replacer, written=w) if s else (o, w)
        for (o, w), s in zip(outs, again, strict=True)
    ]
    hidden = [hide(o, w) for o, w in outs]
    found = detector.detect_batch(hidden)
    left = [i for i, (h, s) in enumerate(zip(hidden, found, strict=True)) if outside_hidden(h, s)]
    assert not left, [texts[i][:60] for i in left]
