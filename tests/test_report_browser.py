"""report.html in a real browser (issue 11, section 4): headless Chromium from Debian's
packages, driven by Playwright, at a desktop and a phone's width.

Never `playwright install`: the test uses /usr/bin/chromium (the Makefile's setup installs it as
root, as CI runs) and is skipped, saying why, where there is none.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from uofclean.io import read_table

ROOT = Path(__file__).resolve().parents[1]
KEY = str(ROOT / "fixtures" / "demo.key")
CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WIDTHS = (1400, 390)
# Columns whose values are personal or identifying: none may appear in the page.
PERSONAL = (
    "SubjectName",
    "OfficerName",
    "OfficerID",
    "RecordID",
    "IncidentRef",
    "IncidentAddress",
    "IncidentPostcode",
    "SubjectDOB",
    "CED Device Serial No",
)

pytestmark = pytest.mark.slow


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "uofclean", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "UOFCLEAN_KEY": ""},
    )


PROFILE = str(ROOT / "fixtures" / "demo-profile.toml")  # make demo's: with the statistics


@pytest.fixture(scope="module")
def note(tmp_path_factory) -> tuple[Path, Path]:
    """A demo-size extract (2,000 forms over two years, with duplicates) published with the
    demo's profile, statistics tables included: (extract, OUTDIR)."""
    work = tmp_path_factory.mktemp("note")
    extract, out = work / "extract.csv", work / "release"
    made = _run(
        "synth",
        "--rows",
        "2000",
        "--years",
        "2",
        "--seed",
        "1",
        "--duplicates",
        "-o",
        str(extract),
    )
    assert made.returncode == 0, made.stderr
    done = _run(
        "publish", str(extract), "-o", str(out), "--key-file", KEY, "--profile", PROFILE, "-q"
    )
    assert done.returncode == 0, done.stderr
    return extract, out


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if not CHROMIUM.is_file():
        pytest.skip(
            "no browser: /usr/bin/chromium is missing (`apt-get install chromium`; "
            "`make test` installs it when run as root)"
        )
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="playwright is not installed (requirements/dev.lock)"
    )
    with sync_api.sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),  # a fresh user-data dir
            executable_path=str(CHROMIUM),
            args=ARGS,
            headless=True,
        )
        yield context
        context.close()


def _open(browser, url: str, width: int):
    """The page at this width, every request routed: anything but the file itself is
    refused and recorded."""
    page = browser.new_page()
    page.set_viewport_size({"width": width, "height": 900})
    strays: list[str] = []

    def route(r):
        if r.request.url == url:
            r.continue_()
        else:
            strays.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("request", lambda req: req.url != url and strays.append(req.url))
    page.goto(url)
    page.wait_for_load_state("load")
    return page, strays


@pytest.mark.parametrize("width", WIDTHS)
def test_the_note_fits_loads_nothing_and_shows_its_figures(note, browser, width):
    _, out = note
    report = json.loads((out / "report.json").read_text())
    url = (out / "report.html").resolve().as_uri()
    page, strays = _open(browser, url, width)
    try:
        size = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
        assert size[0] <= size[1], f"scrolls sideways at {width} px: {size}"
        shot = Path(f"/tmp/uofclean-report-{width}.png")
        page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 0
        # the figures someone cites, each on screen (not hidden, not cut off)
        for text in (
            "Release written",
            report["release"]["sha256"],
            report["input"]["sha256"],
            f"{report['rows_out']:,}",
            "Residual risk",
            "Forms (officer rows, not incidents) by month of the incident",
        ):
            found = page.get_by_text(text, exact=False).first
            assert found.is_visible(), text
            box = found.bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5, text
        assert strays == [], f"the page asked for {strays}"
    finally:
        page.close()


def test_no_personal_value_of_the_extract_in_the_page(note, browser):
    extract, out = note
    page, strays = _open(browser, (out / "report.html").resolve().as_uri(), 1400)
    try:
        text = page.inner_text("body")
        source = page.content()
    finally:
        page.close()
    frame = read_table(extract).frame
    for column in PERSONAL:
        values = {v.strip() for v in frame[column].to_list() if v and len(v.strip()) > 3}
        # as whole words: "4690" inside a SHA-256 digest or "14,690" is no officer's number
        leaked = [
            v
            for v in values
            if re.search(r"(?<!\w)" + re.escape(v) + r"(?!\w)", text + "\n" + source)
        ]
        assert not leaked, f"{len(leaked)} value(s) of {column} in the page"
    assert strays == []


@pytest.mark.parametrize("width", WIDTHS)
def test_the_statistics_tables_and_chart_render(note, browser, width):
    """Every table of report.json's "stats" is in the page as a table with its figures, [c]
    where hidden, each reachable (in its own scrolling region, the page itself not scrolling
    sideways), and the year-on-year chart draws a bar for every published figure."""
    _, out = note
    section = json.loads((out / "report.json").read_text())["stats"]
    assert section and section["previous"]
    page, strays = _open(browser, (out / "report.html").resolve().as_uri(), width)
    try:
        size = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
        assert size[0] <= size[1], f"scrolls sideways at {width} px: {size}"
        hidden = 0
        for name, table in section["tables"].items():
            element = page.locator(f"#stats-{name}")
            element.scroll_into_view_if_needed()
            assert element.is_visible(), name
            assert element.locator("caption").inner_text() == table["title"]
            shown = element.evaluate(
                "t => [...t.rows].map(r => [...r.cells].map(c => c.innerText.trim()))"
            )
            assert shown[0] == [str(h) for h in table["header"]], name
            body = [[f"{v:,}" if isinstance(v, int) else str(v) for v in r] for r in table["rows"]]
            assert shown[1:] == body, name
            hidden += sum(row.count("[c]") for row in shown)
            region = element.locator("xpath=..")
            box = region.bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5, name
        assert hidden > 0
        chart = page.locator("svg.yoy")
        chart.scroll_into_view_if_needed()
        assert chart.is_visible()
        box = chart.bounding_box()
        assert box and box["width"] <= width and box["height"] > 100
        bars = chart.locator("rect").count() - 2  # less the legend's two swatches
        published = sum(p[k] is not None for p in section["chart"] for k in ("current", "previous"))
        assert bars == published and published > 10
        assert chart.locator("title").text_content().startswith("Reports involving each tactic")
        assert strays == []
    finally:
        page.close()
