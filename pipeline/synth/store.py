"""Write synthetic offerings to disk, always into a data home of their own.

`synth/filings.jsonl` holds one parse contract per document (the truth about it); with
PDFs, each document is rendered in the real layout, kept in `raw/synth/` by the real raw
store and listed in `catalog.duckdb` as downloaded, so `starboard --home DIR build` runs on
it exactly as on a crawl. A `SYNTHETIC` marker file guards the other way: synth refuses a
folder that holds a real data home, so fictional filings never reach a real warehouse.
"""
from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from pipeline.synth import MARKER, URL_SCHEME
from pipeline.synth.documents import SynthFiling, contract, documents
from pipeline.synth.generate import GENERATOR_VERSION, MAX_OFFERINGS, SOURCE, load_shape, offerings

CHUNK = 25  # offerings per rendering task


class SynthError(Exception):
    """The output folder cannot take synthetic filings (it is a real data home)."""


@dataclass
class SynthSummary:
    out: Path
    offerings: int
    filings: int
    pdfs: int
    seconds: float
    by_kind: dict[str, int] = field(default_factory=dict)


def check_out_dir(root: Path) -> None:
    """Synthetic data goes into an empty folder or one synth made, never a real home."""
    if (root / MARKER).exists():
        return
    real = [p.name for p in (root / "catalog.duckdb", root / "warehouse.duckdb", root / "raw") if p.exists()]
    if real:
        raise SynthError(
            f"{root} holds a data home ({', '.join(real)}) that synth did not make; synthetic filings are "
            "never mixed into a real one: choose another --out"
        )


def _prepare(root: Path, with_pdf: bool) -> None:
    check_out_dir(root)
    root.mkdir(parents=True, exist_ok=True)
    (root / MARKER).write_text(
        "This data home holds synthetic, fictional filings made by `starboard synth`.\n", encoding="utf-8")
    # a previous synth run's output is replaced, never merged with another seed or size
    shutil.rmtree(root / "raw" / SOURCE, ignore_errors=True)
    for name in ("catalog.duckdb", "catalog.duckdb.wal"):
        (root / name).unlink(missing_ok=True)
    if with_pdf:
        (root / "raw" / SOURCE).mkdir(parents=True, exist_ok=True)


def record(f: SynthFiling, local_path: str | None = None) -> dict[str, Any]:
    """One line of filings.jsonl: where the document sits, and its contract."""
    return {
        "source": SOURCE,
        "announcement_id": f.announcement_id,
        "offering_id": f.offering_id,
        "published": f.published.isoformat(),
        "title": f.title,
        "local_path": local_path,
        "contract": contract(f),
    }


def iter_records(n: int, seed: int) -> Iterator[dict[str, Any]]:
    for off in offerings(n, seed):
        for f in documents(off):
            yield record(f)


def synth_url(seed: int, announcement_id: str) -> str:
    """Where a synthetic document comes from: the generator and its seed (no web site)."""
    return f"{URL_SCHEME}seed-{seed}/{announcement_id}"


def render_chunk(seed: int, start: int, count: int, raw_root: str) -> list[dict[str, Any]]:
    """Render and store the documents of offerings [start, start+count); catalog rows back.

    Runs in a worker: it draws the offerings again from (seed, index) rather than receiving
    them, so nothing large crosses the process boundary.
    """
    from crawler import raw_store
    from crawler.mirror.render import render_pdf
    from crawler.titles import classify_title
    from pipeline.synth.layout import blocks, running_head

    rows = []
    for off in offerings(count, seed, start):
        for f in documents(off):
            pdf = render_pdf(blocks(f), running_head(f), seed=off.index)
            path, digest = raw_store.store(Path(raw_root), SOURCE, f.announcement_id, pdf)
            cls = classify_title(f.title)
            published = datetime.combine(f.published, datetime.min.time())
            rows.append({
                "source": SOURCE, "announcement_id": f.announcement_id, "sec_code": f.company.code,
                "sec_name": f.company.short_name, "org_id": None, "title": f.title, "kind": cls.kind,
                "revision": cls.revision, "offering": cls.offering, "published_at": published,
                "url": synth_url(seed, f.announcement_id),
                "state": "downloaded", "reason": None, "sha256": digest, "bytes": len(pdf),
                "path": f"raw/{SOURCE}/{path.name}", "attempts": 1, "first_seen": published,
                "last_attempt": published,
            })
    return rows


def _render_all(root: Path, n: int, seed: int, workers: int,
                progress: Callable[[int, int], None] | None) -> list[dict[str, Any]]:
    starts = list(range(0, n, CHUNK))
    jobs = [(seed, s, min(CHUNK, n - s), str(root / "raw")) for s in starts]
    rows: list[dict[str, Any]] = []
    if workers <= 1 or len(jobs) <= 1:
        results: Iterator[list[dict[str, Any]]] = (render_chunk(*job) for job in jobs)
        for done, chunk in enumerate(results, start=1):
            rows.extend(chunk)
            if progress:
                progress(min(done * CHUNK, n), n)
        return rows
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        for done, chunk in enumerate(pool.map(render_chunk, *zip(*jobs, strict=True)), start=1):
            rows.extend(chunk)
            if progress:
                progress(min(done * CHUNK, n), n)
    return rows


def write_catalog(catalog_path: Path, rows: list[dict[str, Any]], seed: int, n: int) -> None:
    """Bulk-load the catalog through the crawler's own schema, with one crawl run recorded."""
    import polars as pl

    from crawler.catalog import finish_run, open_catalog, start_run

    with open_catalog(catalog_path) as con:
        run_id = start_run(con, SOURCE, f"synth://seed={seed}&offerings={n}", None, None)
        frame = pl.DataFrame(rows, infer_schema_length=None).with_columns(pl.lit(run_id).cast(pl.Int32).alias("run_id"))
        con.register("incoming", frame.to_arrow())
        con.execute("INSERT INTO announcements BY NAME SELECT * FROM incoming")
        con.unregister("incoming")
        finish_run(con, run_id, "ok", {"listed": len(rows), "wanted": len(rows), "downloaded": len(rows)},
                   "synthetic filings: fictional companies, codes and figures")


def write_synth(out: Path, n: int, seed: int = 0, pdf: bool = False, workers: int = 1,
                progress: Callable[[int, int], None] | None = None) -> SynthSummary:
    if not 1 <= n <= MAX_OFFERINGS:
        raise SynthError(f"--offerings must be 1 to {MAX_OFFERINGS:,} (company codes are Z + five digits)")
    started = time.perf_counter()
    out = out.resolve()
    _prepare(out, pdf)
    synth_dir = out / "synth"
    synth_dir.mkdir(parents=True, exist_ok=True)
    kinds: Counter[str] = Counter()
    count = 0
    tmp = synth_dir / ".filings.jsonl.tmp"
    with tmp.open("w", encoding="utf-8") as fh:
        for rec in iter_records(n, seed):
            if pdf:
                rec["local_path"] = f"raw/{SOURCE}/{rec['announcement_id']}.pdf"
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
            kinds[rec["contract"]["document"]["kind"]] += 1
            count += 1
    os.replace(tmp, synth_dir / "filings.jsonl")
    pdfs = 0
    if pdf:
        rows = _render_all(out, n, seed, workers, progress)
        write_catalog(out / "catalog.duckdb", rows, seed, n)
        pdfs = len(rows)
    manifest = {
        "synthetic": True,
        "about": "fictional offerings made by `starboard synth`; companies, codes and figures are invented",
        "generator_version": GENERATOR_VERSION,
        "shape_version": load_shape()["version"],
        "seed": seed,
        "offerings": n,
        "filings": count,
        "pdfs": pdfs,
        "by_kind": dict(sorted(kinds.items())),
    }
    (synth_dir / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return SynthSummary(out=out, offerings=n, filings=count, pdfs=pdfs,
                        seconds=time.perf_counter() - started, by_kind=dict(kinds))


def read_records(out: Path) -> Iterator[dict[str, Any]]:
    """The contracts a synth run wrote, one dict per document."""
    with (out / "synth" / "filings.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)
