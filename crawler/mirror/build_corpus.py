"""`make corpus`: write the bundled corpus from the real figures it is built on.

    python -m crawler.mirror.build_corpus            # (re)write corpus/filings/
    python -m crawler.mirror.build_corpus --check    # exit 1 if the committed corpus is stale

Inputs (all in crawler/mirror/corpus/): reference/peers.json (real figures + sources),
invented.json (invented companies, codes 68999x, for figures no public page gives),
editions.json (which document is written from which figures, in which layout),
labels.csv (project types and budget categories of the printed names). Output: one spec
(`<file>.json`, the blocks the renderer prints and the mirror serves) and one truth
(`<file>.truth.json`) per edition. Deterministic: the same inputs give the same bytes.
"""
from __future__ import annotations

import argparse
import json
import sys
from datetime import date as Date
from pathlib import Path
from typing import Any

from crawler.mirror.render import render
from crawler.mirror.writer import actual_docs, after_raise, plan_docs
from crawler.mirror.writer.blocks import company_name, full_title
from crawler.mirror.writer.plan_docs import Written
from crawler.mirror.writer.reference import (
    CORPUS_ROOT,
    Edition,
    Entry,
    ReferenceError,
    load_editions,
    load_entries,
    load_invented,
    load_labels,
)
from crawler.mirror.writer.truth import truth

FILINGS_DIR = CORPUS_ROOT / "filings"
WRITTEN_BY = "prose written for starboard in the layout of such filings; figures as published"
INVENTED_BY = ("prose written for starboard in the layout of such filings; the company and every figure are INVENTED "
               "(corpus/invented.json): no public page gives them")


def _same_raise(edition: Edition, other: Entry) -> Entry:
    entry = edition.entry
    if (other.code, other.year, other.offering) != (entry.code, entry.year, entry.offering):
        raise ReferenceError(f"{edition.file}: entry {other.index} is not the same raise as entry {entry.index}")
    return other


def write_document(edition: Edition, editions_by_entry: dict[int, Edition], entries: list[Entry],
                   invented: dict[str, Entry]) -> Written:
    if edition.form == "adjustment":
        after = (edition.get("facts") or {}).get("after_entry")
        if after is None:
            raise ReferenceError(f"{edition.file}: an adjustment names the entry holding the figures after it")
        return plan_docs.adjustment(edition, entries[after])
    if edition.form == "usage_notice":
        plan = edition.get("cap_entry")
        return after_raise.usage_notice(edition, None if plan is None else _same_raise(edition, entries[plan]))
    if edition.form == "use_report":
        return after_raise.use_report(edition, after_raise.resolve_raises(edition, invented))
    writer = plan_docs.WRITERS.get(edition.form) or actual_docs.WRITERS.get(edition.form) or after_raise.WRITERS[edition.form]
    return writer(edition)


def _published(edition: Edition) -> tuple[str, str | None]:
    """The listing date (cninfo's announcementTime) and, when it is not the reference's, why."""
    doc = edition.date
    if edition.get("published"):
        approximate = None if doc.day else (
            f"listing date approximate: the reference gives {doc.iso or 'no date'}")
        return edition.get("published"), edition.get("date_note") or approximate
    if doc.day:
        return doc.iso, None
    if doc.month:
        return f"{doc.year:04d}-{doc.month:02d}-15", f"listing date approximate: the reference gives only {doc.iso}"
    raise ReferenceError(f"{edition.file}: no date in the reference; the edition must give an approximate `published`")


def _provenance(edition: Edition, notes: list[str]) -> dict[str, Any]:
    entry = edition.entry
    if entry.invented:
        return {
            "real_figures": False,
            "invented_raise": edition.get("invented_entry"),
            "stage": entry.stage,
            "themes": list(entry.themes),
            "source": None,
            "source_title": None,
            "source_note": "invented company and figures (crawler/mirror/corpus/invented.json); code 68999x is no "
                           "listed company's",
            "note": "; ".join([INVENTED_BY, *notes]),
        }
    return {
        "real_figures": True,
        "reference_entry": entry.index,
        "stage": entry.stage,
        "themes": list(entry.themes),
        "source": entry.source_url,
        "source_title": entry.source_title,
        "source_note": entry.source_note,
        "note": "; ".join([WRITTEN_BY, *notes]),
    }


def build() -> dict[str, str]:
    """Every file of corpus/filings/ as text, by file name."""
    entries = load_entries()
    invented = load_invented()
    editions = load_editions(entries, invented=invented)
    labels = load_labels()
    by_entry = {e.entry.index: e for e in editions if not e.get("extra") and not e.entry.invented}
    files: dict[str, str] = {}
    serial: dict[str, int] = {}
    ids: set[str] = set()
    for edition in editions:
        written = write_document(edition, by_entry, entries, invented)
        if edition.get("scan"):
            written.blocks.append({"scan": edition.get("scan")})
        published, published_note = _published(edition)
        notes = [n for n in (edition.get("note"), edition.full_name_note, published_note) if n]
        ann_id = edition.get("announcement_id")
        if ann_id is None:
            day = Date.fromisoformat(published)
            serial[published] = serial.get(published, 0) + 1
            ann_id = f"9{day:%y%m%d}{serial[published]:03d}"
            notes.append("announcement id invented (9 + listing date + serial; real cninfo ids start with 1)")
        if ann_id in ids:
            raise ReferenceError(f"{edition.file}: announcement id {ann_id} used twice")
        ids.add(ann_id)
        title = full_title(written.base_title, written.revision)
        spec: dict[str, Any] = {
            "announcement_id": ann_id,
            "code": edition.entry.code,
            "short_name": edition.entry.short_name,
            "full_name": edition.full_name,
            "org_id": f"gssh0{edition.entry.code}",
            "title": title,
            "published": f"{published}T00:00:00+08:00",
            "form": edition.form,
            "stage": edition.entry.stage,
            "provenance": _provenance(edition, notes),
            "running_head": company_name(edition) + title,
            "blocks": written.blocks,
        }
        if edition.actual:
            facts = actual_docs.facts_of(edition)
            spec["actual"] = {"raise_total_wan": float(actual_docs.gross_wan(edition, facts)),
                              **{k: v for k, v in facts.items() if k in ("net_yuan", "net_wan", "shares", "price",
                                                                          "gross_yuan", "bonds_wan", "approval",
                                                                          "received_date")}}
        if edition.get("broken"):
            spec["broken"] = edition.get("broken")
        files[f"{edition.file}.json"] = _dump_spec(spec)
        if not edition.get("broken"):
            rendered = render(spec["blocks"], spec["running_head"], seed=int(spec["code"]))
            files[f"{edition.file}.truth.json"] = _dump(truth(edition, written, rendered.layout, labels))
    return files


def _dump(payload: dict[str, Any]) -> str:
    return json.dumps(payload, ensure_ascii=False, indent=1) + "\n"


def _dump_spec(spec: dict[str, Any]) -> str:
    """Like `_dump`, but one block per line, so a filing reads top to bottom in a diff."""
    head = json.dumps({k: v for k, v in spec.items() if k != "blocks"}, ensure_ascii=False, indent=1)
    blocks = ",\n".join("  " + json.dumps(b, ensure_ascii=False) for b in spec["blocks"])
    return head[:-2] + ',\n "blocks": [\n' + blocks + "\n ]\n}\n"


def stale_files(directory: Path, files: dict[str, str]) -> list[str]:
    """Names that differ between `directory` and what the generator writes."""
    present = {p.name for p in directory.glob("*.json")}
    differ = [n for n, text in files.items() if n not in present or (directory / n).read_text(encoding="utf-8") != text]
    return sorted(differ + [n for n in present - files.keys()])


def write(directory: Path, files: dict[str, str]) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for name in {p.name for p in directory.glob("*.json")} - files.keys():
        (directory / name).unlink()
    for name, text in files.items():
        path = directory / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=FILINGS_DIR, help="directory to write (default: the corpus)")
    parser.add_argument("--check", action="store_true", help="only report files that are out of date")
    args = parser.parse_args(argv)
    try:
        files = build()
    except ReferenceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.check:
        stale = stale_files(args.out, files)
        for name in stale:
            print(f"out of date: {name}", file=sys.stderr)
        return 1 if stale else 0
    write(args.out, files)
    specs = sum(1 for n in files if not n.endswith(".truth.json"))
    print(f"wrote {specs} filings and {len(files) - specs} truths to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
