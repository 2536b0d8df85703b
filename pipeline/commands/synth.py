"""`starboard synth`: fictional filings with the shape of real ones, for scale tests."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pipeline.commands.base import app, fail, out


@app.command()
def synth(
    offerings: Annotated[int, typer.Option("--offerings", "-n", help="how many offerings (2 to 8 documents each, 3.4 on average)")],
    seed: Annotated[int, typer.Option(help="same seed, same filings, byte for byte")] = 0,
    pdf: Annotated[bool, typer.Option("--pdf", help="also render each document as a PDF into a raw store + catalog")] = False,
    out_dir: Annotated[Path, typer.Option("--out", help="a data home of its own (never a real one)")] = Path("data-synth"),
    workers: Annotated[int, typer.Option(help="processes rendering PDFs (default: usable CPUs, at most 8)")] = 0,
) -> None:
    """Write synthetic filings: parse contracts in OUT/synth/filings.jsonl and, with --pdf,
    PDFs in OUT/raw/synth/ listed in OUT/catalog.duckdb, so that
    `starboard --home OUT build` runs on them. Companies and codes are fictional."""
    from pipeline.build import default_workers
    from pipeline.synth.store import SynthError, write_synth

    try:
        summary = write_synth(out_dir, offerings, seed=seed, pdf=pdf, workers=workers or default_workers())
    except SynthError as exc:
        raise fail(str(exc), 2) from None
    kinds = ", ".join(f"{k} {v}" for k, v in sorted(summary.by_kind.items()))
    out.print(
        f"synth: {summary.offerings} offerings, {summary.filings} documents ({kinds}), "
        f"{summary.pdfs} PDFs in {summary.seconds:.1f} s → {summary.out}"
    )
    if pdf:
        out.print(f"    next: starboard --home {summary.out} build")
