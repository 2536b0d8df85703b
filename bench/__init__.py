"""Benchmarks: `make bench` (or `python -m bench`) runs every `bench/bench_<stage>.py`.

A bench module provides
    CASES: list[dict]                       parameter sets, e.g. [{"n": 1000}]
    def measure(**case) -> dict[str, float]  ONE run, returning named figures
and may provide
    QUICK_CASES: list[dict]                 small cases for `--quick` (default: the first case)
    def setup(**case) -> None               run once per case, untimed, before its runs
                                            (build fixtures; cache them under bench.common.cache_dir())
    SCALE_BY = "offerings"                  a case parameter to fit time against, and
    SCALE_FIGURES = ["build_s"]             the figures whose exponent in it is reported.
Figures are named with their unit: `_s`, `_ms`, `_mb`, `_per_s`, and `_x` for ratios.
The harness runs each case >= 5 times, each in a fresh process, and records median, min and
max of every figure plus the peak resident memory of the run. Benchmarks import the real
code and are never part of `make test`.
"""
