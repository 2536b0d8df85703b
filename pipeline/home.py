"""The data home: one folder holds everything starboard keeps (see DESIGN.md, Storage).

Resolution order is `--home`, then `STARBOARD_HOME`, then `./data`, so that cron jobs,
the dashboard and ad-hoc SQL all agree on one place without extra flags.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class DataHome:
    root: Path

    @classmethod
    def resolve(cls, home: str | os.PathLike[str] | None = None) -> DataHome:
        chosen = home or os.environ.get("STARBOARD_HOME") or "data"
        return cls(Path(chosen).expanduser().resolve())

    def raw_dir(self, source: str) -> Path:
        return self.root / "raw" / source

    @property
    def raw_root(self) -> Path:
        return self.root / "raw"

    @property
    def catalog(self) -> Path:
        return self.root / "catalog.duckdb"

    @property
    def text_dir(self) -> Path:
        return self.root / "text"

    @property
    def warehouse(self) -> Path:
        return self.root / "warehouse.duckdb"

    @property
    def exports_dir(self) -> Path:
        return self.root / "exports"

    @property
    def reports_dir(self) -> Path:
        return self.root / "reports"

    def ensure(self) -> DataHome:
        for path in (self.raw_root, self.text_dir, self.exports_dir, self.reports_dir):
            path.mkdir(parents=True, exist_ok=True)
        return self
