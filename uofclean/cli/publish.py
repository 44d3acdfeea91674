"""`uofclean publish`: the whole chain, from extract to open-data release."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from uofclean.cli.app import EXIT_FAIL, app
from uofclean.cli.options import (
    NO_NER_NOTE,
    Debug,
    DecisionsFile,
    Encoding,
    Engine,
    Excel,
    InputPath,
    Jobs,
    KeyFile,
    Quiet,
    Scheduler,
    at_least_one,
    summary,
)


@app.command(
    epilog="Example: UOFCLEAN_KEY=... uofclean publish extract.csv -o release/ --profile foi.toml"
)
def publish(
    path: InputPath,
    outdir: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            help="Folder for release.csv, datapackage.json, report.json and report.html.",
        ),
    ],
    profile_file: Annotated[
        Path | None,
        typer.Option("--profile", help="Release profile (TOML); see 'uofclean profile'."),
    ] = None,
    key_file: KeyFile = None,
    k: Annotated[
        int | None,
        typer.Option(
            "--k",
            callback=at_least_one("--k"),
            help="Override the profile's k (incidents per combination), 1 or more.",
        ),
    ] = None,
    jobs: Jobs = None,
    engine: Engine = "local",
    scheduler: Scheduler = None,
    decisions: DecisionsFile = None,
    review_dir: Annotated[
        Path | None,
        typer.Option(
            "--review",
            help="Also write the restricted review folder (personal data) here, apart from "
            "the release.",
        ),
    ] = None,
    no_ner: Annotated[
        bool, typer.Option("--no-ner", help="Rules-only redaction (stated in the report).")
    ] = False,
    encoding: Encoding = None,
    excel: Excel = False,
    quiet: Quiet = False,
    debug: Debug = False,
) -> None:
    """Dedupe, validate, redact, apply the release profile and disclosure control, scan, and
    write the release with its data package and a report. Exit 1 and no release if a gate
    fails."""
    from uofclean.io.writer import check_outdir_inputs
    from uofclean.keys import load_key
    from uofclean.progress import show_progress
    from uofclean.publish.chain import check_outdir, publish_extract, write_outputs
    from uofclean.review import decisions as dec
    from uofclean.review.folder import check_review_dir, write_review

    profile = _load_profile(profile_file, k)
    key = load_key(key_file) if profile.needs_key() else None
    check_outdir_inputs(outdir, [path, key_file, profile_file, decisions])
    check_outdir(outdir)  # before the work, not after it
    if review_dir is not None:
        check_outdir_inputs(review_dir, [path, key_file, profile_file, decisions])
        check_review_dir(review_dir, outdir)
    decided = dec.load(decisions) if decisions is not None else None
    result = publish_extract(
        path,
        profile,
        key=key,
        ner=not no_ner,
        jobs=jobs,
        progress=show_progress(quiet),
        encoding=encoding,
        engine=engine,
        scheduler=scheduler,
        decisions=decided,
        review=review_dir is not None,
    )
    removed = write_outputs(result, outdir, profile, excel=excel)
    if review_dir is not None and result.review is not None:
        write_review(result.review, review_dir, "html")
    said = [f"gate failed: {gate}" for gate in result.report["gate_failures"]]
    if removed:
        said.append(
            f"removed the earlier {' and '.join(removed)} from {outdir}: no release is left "
            "beside reports that say there is none"
        )
    steps = result.report["steps"]
    said.append(
        f"{steps['read']['rows']} rows in, {steps['dedupe']['rows_removed']} "
        f"duplicates removed, {sum(steps['redact']['entities_by_type'].values())} details "
        f"redacted, {sum(steps['disclosure']['suppressed'].values())} cells suppressed, "
        f"{result.report['rows_out']} rows out -> {outdir}"
        + ("" if result.released else " (reports only, no release)")
    )
    notes = [NO_NER_NOTE] if no_ner else []
    if decided is not None:
        said.append(dec.describe(steps["redact"]["decisions"]))
        notes += dec.sha_note(decided, result.report["input"]["sha256"])
    if review_dir is not None:
        said.append(f"review -> {review_dir} (RESTRICTED: personal data)")
    summary("publish: " + "; ".join(said), notes)
    if not result.released:
        raise typer.Exit(EXIT_FAIL)


# A release profile is a few hundred lines of TOML: anything far larger is the wrong file.
MAX_PROFILE_BYTES = 1 << 20


def _load_profile(path: Path | None, k: int | None):
    """The profile, refused in one line when it is not a small regular file or holds a value
    of the wrong type (k = "five")."""
    import stat

    from uofclean.errors import ProfileError
    from uofclean.publish.profile import load_profile

    if path is not None:
        try:
            info = path.stat()
        except OSError as exc:
            raise ProfileError(
                f"cannot read the profile ({exc.strerror})", path=str(path)
            ) from None
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_PROFILE_BYTES:
            raise ProfileError("not a release profile (a small TOML file)", path=str(path))
    try:
        return load_profile(path, k)
    except (TypeError, ValueError, AttributeError) as exc:
        raise ProfileError(
            f"a value has the wrong type ({type(exc).__name__}); compare with 'uofclean profile'",
            path=str(path),
        ) from None
