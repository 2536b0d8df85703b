"""`python -m bench [--only parse,scale] [--quick] [--runs N] [--out DIR] [--dir DIR]`."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bench.child import load_module
from bench.harness import BENCH_DIR, MIN_RUNS, ROOT, bench_name, discover, run_all
from bench.report import write


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description="Run starboard's benchmarks.")
    parser.add_argument("--only", default="", help="comma-separated stages, e.g. parse,scale (default: all)")
    parser.add_argument("--quick", action="store_true", help="tiny sizes, to smoke-test the harness and modules")
    parser.add_argument("--runs", type=int, default=MIN_RUNS, help=f"runs per case (at least {MIN_RUNS} unless --quick)")
    parser.add_argument("--timeout", type=float, default=3600.0, help="seconds one run may take")
    parser.add_argument("--out", type=Path, default=ROOT / "reports" / "bench", help="where the report goes")
    parser.add_argument("--dir", type=Path, default=BENCH_DIR, help="where bench_*.py modules are")
    args = parser.parse_args(argv)
    if args.runs < 1 or (args.runs < MIN_RUNS and not args.quick):
        parser.error(f"--runs must be at least {MIN_RUNS} (fewer only with --quick)")
    paths = discover(args.dir, args.only.split(",") if args.only else None)
    if not paths:
        print(f"no bench_*.py modules in {args.dir}", file=sys.stderr)
        return 2
    report = run_all(paths, runs=args.runs, quick=args.quick, timeout=args.timeout)
    docs = {}
    for path in paths:
        try:
            doc = (load_module(path).__doc__ or "").strip()
        except Exception:  # already reported by run_all
            doc = ""
        docs[bench_name(path)] = " ".join(doc.split("\n\n")[0].split())
    md_path, json_path = write(report, args.out, docs)
    print(md_path.read_text(encoding="utf-8"))
    print(f"wrote {md_path} and {json_path}", file=sys.stderr)
    failed = [r for r in report["results"] if r["errors"]]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
