"""One benchmark run in a fresh process: `python -m bench.child MODULE CASE_JSON RESULT [setup]`.

A fresh process per run means no warm caches carried between runs and a peak RSS (read
by the harness through wait4) that belongs to this run alone.
"""
from __future__ import annotations

import importlib.util
import json
import math
import sys
import traceback
from pathlib import Path
from types import ModuleType
from typing import Any


def load_module(path: Path) -> ModuleType:
    """Import a bench module by file path; modules inside bench/ keep their package name,
    so they can import `bench.common`."""
    name = f"bench.{path.stem}" if path.parent.name == "bench" else f"_bench_{path.stem}"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot import {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def clean_figures(raw: Any) -> dict[str, float]:
    """measure() must return {name: number}; anything else is a bug in the bench module."""
    if not isinstance(raw, dict):
        raise TypeError(f"measure() returned {type(raw).__name__}, not a dict of figures")
    figures: dict[str, float] = {}
    for key, value in raw.items():
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise TypeError(f"figure {key!r} is {value!r}, not a finite number")
        figures[str(key)] = float(value)
    return figures


def main(argv: list[str]) -> int:
    module_path, case_json, result_path = Path(argv[0]), argv[1], Path(argv[2])
    mode = argv[3] if len(argv) > 3 else "measure"
    try:
        module = load_module(module_path)
        case = json.loads(case_json)
        if mode == "setup":
            setup = getattr(module, "setup", None)
            if setup is not None:
                setup(**case)
            payload: dict[str, Any] = {"figures": {}}
        else:
            payload = {"figures": clean_figures(module.measure(**case))}
    except Exception as exc:  # report any failure of the bench as data, never as a crash
        payload = {"error": f"{type(exc).__name__}: {exc}", "traceback": traceback.format_exc(limit=8)}
        result_path.write_text(json.dumps(payload), encoding="utf-8")
        return 1
    result_path.write_text(json.dumps(payload), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
