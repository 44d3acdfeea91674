"""The restricted review folder: written whole or not at all, readable by its owner only, and
never inside a release folder (or holding one), so personal data cannot ship with a release."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from uofclean.errors import OptionError
from uofclean.io.writer import pending, write_text
from uofclean.review.page import OWN_FILES, README, REVIEW_CSV, REVIEW_HTML, Review, to_csv, to_html
from uofclean.review.page import readme as readme_text

# What marks a release folder (publish's own files that only a release holds).
RELEASE_MARKS = ("release.csv", "datapackage.json")
FILE_MODE, FOLDER_MODE = 0o600, 0o700  # restricted: the owner only
FORMATS = ("html", "csv", "both")


def _is_release(folder: Path) -> bool:
    return any((folder / name).exists() for name in RELEASE_MARKS)


def check_review_dir(review_dir: str | Path, release_dir: str | Path | None = None) -> None:
    """Before any work: refuse a review folder inside a release folder (this run's OUTDIR or
    any folder holding a release), one that holds a release folder, and one holding files
    the review did not write (the folder is replaced whole)."""
    out = Path(review_dir).resolve()
    if release_dir is not None:
        rel = Path(release_dir).resolve()
        if out == rel or rel in out.parents or out in rel.parents:
            raise OptionError(
                "the review folder holds personal data and must not be inside the release "
                "folder, nor the release inside it; choose a folder apart from the release",
                path=str(review_dir),
            )
    for folder in (out, *out.parents):
        if folder.is_dir() and _is_release(folder):
            raise OptionError(
                "the review folder would be inside a release folder (it holds "
                f"{' or '.join(RELEASE_MARKS)}); the review holds personal data: choose a "
                "folder apart from every release",
                path=str(review_dir),
            )
    if out.exists():
        if not out.is_dir():
            raise OptionError("the review output is not a folder", path=str(review_dir))
        foreign = sorted(
            p.name for p in out.iterdir() if p.name not in OWN_FILES or not p.is_file()
        )
        if foreign:
            raise OptionError(
                f"the review folder holds files uofclean did not write ({len(foreign)}); "
                "write the review into a new or empty folder",
                path=str(review_dir),
            )


def write_review(
    review: Review,
    review_dir: str | Path,
    fmt: str = "html",
    *,
    decisions: dict | None = None,
) -> list[str]:
    """Write the folder (built beside it, then renamed into place); returns the files made.
    `decisions`: earlier decisions the page starts from."""
    if fmt not in FORMATS:
        raise OptionError(f"--format must be one of {', '.join(FORMATS)}")
    check_review_dir(review_dir)
    out = Path(review_dir)
    real = out.resolve()
    real.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{real.name}.", suffix=".tmp", dir=real.parent))
    made = [README]
    try:
        with pending(staging):
            os.chmod(staging, FOLDER_MODE)
            write_text(staging / README, readme_text(review), mode=FILE_MODE)
            if fmt in ("html", "both"):
                write_text(staging / REVIEW_HTML, to_html(review, decisions), mode=FILE_MODE)
                made.append(REVIEW_HTML)
            if fmt in ("csv", "both"):
                write_text(staging / REVIEW_CSV, to_csv(review), mode=FILE_MODE)
                made.append(REVIEW_CSV)
            _replace(staging, real)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return made


def _replace(new: Path, target: Path) -> None:
    if not target.exists():
        os.rename(new, target)
        return
    aside = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=target.parent))
    os.replace(target, aside)
    try:
        os.rename(new, target)
    except OSError:
        os.replace(aside, target)
        raise
    shutil.rmtree(aside, ignore_errors=True)
