"""review.html in a real browser (issue 15): headless Chromium from Debian's packages, driven
by Playwright, as tests/test_report_browser.py does. A reviewer filters to one type, marks a
kept word to redact and a redaction to keep, exports the decisions, and the next `redact
--decisions` run makes exactly those two changes."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from tests.test_report_browser import _open, _run, browser  # noqa: F401 - the fixture

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory) -> tuple[Path, Path]:
    """(extract, review folder) of a small synthetic extract."""
    work = tmp_path_factory.mktemp("review-page")
    extract, out = work / "extract.csv", work / "review"
    made = _run("synth", "--rows", "200", "--seed", "5", "-o", str(extract))
    assert made.returncode == 0, made.stderr
    done = _run("review", str(extract), "-o", str(out), "-q", "-j", "1")
    assert done.returncode == 0, done.stderr
    return extract, out


def _once(text: str, value: str) -> bool:
    return len(re.findall(r"(?<!\w)" + re.escape(value) + r"(?!\w)", text, re.I)) == 1


def test_the_warning_is_red_and_the_page_loads_nothing(reviewed, browser):  # noqa: F811
    _, out = reviewed
    page, strays = _open(browser, (out / "review.html").resolve().as_uri(), 1400)
    try:
        banner = page.locator(".restricted")
        assert banner.is_visible() and "RESTRICTED" in banner.inner_text()
        red = page.evaluate(
            "getComputedStyle(document.querySelector('.restricted')).backgroundColor"
        )
        r, g, b = (int(x) for x in re.findall(r"\d+", red)[:3])
        assert r > 150 and g < 60 and b < 60, red
        assert page.locator("article").count() == 50  # paged, not every record
        assert strays == []
    finally:
        page.close()


def test_keyboard_moves_and_accepts(reviewed, browser):  # noqa: F811
    _, out = reviewed
    page, _ = _open(browser, (out / "review.html").resolve().as_uri(), 1400)
    try:
        page.keyboard.press("j")
        assert page.locator("article.focus").get_attribute("data-n") == "1"
        page.keyboard.press("k")
        assert page.locator("article.focus").get_attribute("data-n") == "0"
        page.keyboard.press("a")
        assert page.locator("article.accepted").count() == 1
        assert page.locator("article.focus").get_attribute("data-n") == "1"
        page.keyboard.press("n")
        assert "page 2 of" in page.inner_text("#pager")
    finally:
        page.close()


def test_decisions_made_in_the_page_are_what_the_next_redact_does(
    reviewed,
    browser,  # noqa: F811
    tmp_path,
):
    extract, out = reviewed
    page, strays = _open(browser, (out / "review.html").resolve().as_uri(), 1400)
    try:
        page.select_option("#f-type", label="PERSON")
        articles = page.locator("article")
        assert articles.count() > 0
        # the filter keeps only records with a PERSON redaction
        for n in range(articles.count()):
            assert articles.nth(n).locator("mark[data-l^='PERSON']").count() > 0
        # a kept word (underlined as a candidate) whose text stands once in its cell
        chosen = None
        for n in range(articles.count()):
            art = articles.nth(n)
            for c in range(art.locator(".cand").count()):
                cand = art.locator(".cand").nth(c)
                pane = cand.locator("xpath=ancestor::div[contains(@class,'orig')]").inner_text()
                if _once(pane, cand.inner_text()):
                    chosen = (art.get_attribute("data-i"), cand.inner_text())
                    cand.click()
                    break
            if chosen:
                break
        assert chosen, "no kept candidate word in the page"
        page.click("#redact-record")
        # a redaction whose text stands once in its cell, in another record
        kept = None
        for n in range(articles.count()):
            art = articles.nth(n)
            if art.get_attribute("data-i") == chosen[0]:
                continue
            marks = art.locator("mark[data-s]")
            for m in range(marks.count()):
                mark = marks.nth(m)
                pane = mark.locator("xpath=ancestor::div[contains(@class,'orig')]").inner_text()
                value = page.evaluate("(el) => el.firstChild.textContent", mark.element_handle())
                # once as a word and once at all: keeping a redaction keeps every span of
                # the cell with its text, "tuğrulhan" inside "@tuğrulhan_844" too
                once = _once(pane, value) and pane.casefold().count(value.casefold()) == 1
                if once and not re.search(r"[\[\]]", value):
                    kept = value
                    mark.click()
                    break
            if kept:
                break
        assert kept, "no redaction to keep"
        assert page.locator("mark.kept").count() >= 1 and page.locator("mark.added").count() == 1
        with page.expect_download() as download:
            page.click("#export-json")
        saved = tmp_path / "decisions.json"
        download.value.save_as(saved)
        assert strays == []
    finally:
        page.close()

    exported = json.loads(saved.read_text())
    assert [d["action"] for d in exported["decisions"]] == ["redact", "keep"]
    assert exported["decisions"][0]["text"] == chosen[1]
    assert exported["decisions"][1]["text"] == kept

    plain, decided, report = tmp_path / "plain.csv", tmp_path / "decided.csv", tmp_path / "r.json"
    assert _run("redact", str(extract), "-o", str(plain), "-q", "-j", "1").returncode == 0
    done = _run(
        "redact",
        str(extract),
        "-o",
        str(decided),
        "-q",
        "-j",
        "1",
        "--decisions",
        str(saved),
        "--report",
        str(report),
    )
    assert done.returncode == 0, done.stderr
    assert "another file" not in done.stderr
    counts = json.loads(report.read_text())["decisions"]
    assert (counts["redactions_added"], counts["redactions_kept"], counts["decisions_unused"]) == (
        1,
        1,
        0,
    )
    before = list(csv.DictReader(plain.open()))
    after = list(csv.DictReader(decided.open()))
    changed = [
        (i, c)
        for i, (a, b) in enumerate(zip(before, after, strict=True))
        for c in a
        if a[c] != b[c]
    ]
    records = {d.get("record") for d in exported["decisions"]}
    assert {i + 1 for i, _ in changed} == records  # those two records, nothing else
    for i, column in changed:
        a, b = before[i][column], after[i][column]
        if i + 1 == exported["decisions"][0]["record"]:
            assert _once(a, chosen[1]) and not re.search(
                r"(?<!\w)" + re.escape(chosen[1]) + r"(?!\w)", b
            )
            assert b.count("[") == a.count("[") + 1
        else:
            assert kept not in a and kept in b
            assert b.count("[") == a.count("[") - 1
