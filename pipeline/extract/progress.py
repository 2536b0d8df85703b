"""A use report's 募集资金使用情况对照表 → one progress row per project and raise.

Reports print one 对照表 per raise (附表1 首次公开发行股票…, 附表2 2022年度向特定对象发行…),
or one table with a heading row per raise; each row is attached to the raise its table's
heading (or its heading row) names, else to the one raise the report is about. Figures
are taken as printed: 投入进度 is the printed percentage, never recomputed; 小计 / 合计
rows are not projects, but the rows above them must add up to them (else a warning).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from pipeline.extract.dates import cell_date, dates_in
from pipeline.extract.grid import Grid, GridRow, find_grids
from pipeline.extract.lines import Line
from pipeline.extract.offering_names import offering_names
from pipeline.extract.sentences import join_lines

#: a 对照表 names its projects, what was committed and what has been spent
REQUIRED = [{"project"}, {"committed", "adjusted", "committed_to_date"},
            {"invested_to_date", "progress", "invested_period"}]
TOLERANCE = Decimal("0.01")
_YES = re.compile(r"^(?:是|部分变更|已变更|变更|有|发生(?:重大)?变化)")
_NO = re.compile(r"^(?:否|未变更|无|不变|未发生|没有)")
_PERIOD = re.compile(r"截至|截止")


@dataclass
class Progress:
    seq: int
    project: str
    offering_hint: str | None
    committed_wan: Decimal | None
    adjusted_wan: Decimal | None
    invested_period_wan: Decimal | None
    invested_to_date_wan: Decimal | None
    progress_pct: Decimal | None
    ready_date: str | None
    ready_date_text: str | None
    changed: bool | None
    line: Line
    text: str | None = None


def read_progress(lines: list[Line], document_hint: str | None, warnings: list[str]) -> list[Progress]:
    out: list[Progress] = []
    for grid in find_grids(lines, "progress", REQUIRED):
        table_hint = heading_offering(grid) or document_hint
        seqs: dict[str | None, int] = {}
        for row in grid.items:
            name = project_name(grid.text(row, "project") or "")
            if not name:
                continue
            hint = row.group or table_hint
            seqs[hint] = seqs.get(hint, 0) + 1
            date_text = grid.text(row, "ready_date")
            out.append(Progress(
                seq=seqs[hint],
                project=name,
                offering_hint=hint,
                committed_wan=grid.amount(row, "committed"),
                adjusted_wan=grid.amount(row, "adjusted"),
                invested_period_wan=grid.amount(row, "invested_period"),
                invested_to_date_wan=grid.amount(row, "invested_to_date"),
                progress_pct=grid.percent(row, "progress"),
                ready_date=cell_date(date_text),
                ready_date_text=re.sub(r"\s+", "", date_text) if date_text else None,
                changed=_changed(grid, row),
                line=row.line,
                text=row.printed if len(row.lines) > 1 else None,
            ))
        check_totals(grid, warnings, ("committed", "adjusted", "invested_period", "invested_to_date"),
                     "募集资金使用情况对照表")
    return out


def heading_offering(grid: Grid) -> str | None:
    """The raise the lines right above a table name (附表2：2022年度向特定对象发行…对照表)."""
    for line in reversed(grid.heading):
        names = offering_names(line.text)
        if names:
            return names[-1]
    return None


def project_name(text: str) -> str:
    """A project cell as a name: spaces a text layer put between glyphs, numbering and
    footnote marks removed (`AI 大模型` keeps its space)."""
    text = re.sub(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])", "", text.strip())
    text = re.sub(r"^(?:\d{1,2}(?:\.\d{1,2})*[、.．)）]|[(（]\d{1,2}[)）]|[一二三四五六七八九十]{1,3}、|[①-⑳])\s*(?=\D)", "", text)
    text = re.sub(r"(?:注\s*\d|\*+|[(（]注\s*\d?[)）])$", "", text)
    return text.strip()


def _changed(grid: Grid, row: GridRow) -> bool | None:
    answers = [_yes_no(grid.text(row, role)) for role in ("changed_project", "feasibility_changed")]
    if any(a is True for a in answers):
        return True
    if any(a is False for a in answers):
        return False
    return None


def _yes_no(text: str | None) -> bool | None:
    if not text:
        return None
    compact = re.sub(r"\s+", "", text)
    if _NO.match(compact):
        return False
    if _YES.match(compact):
        return True
    return None


def check_totals(grid: Grid, warnings: list[str], roles: tuple[str, ...], what: str) -> None:
    """Rows against each printed 小计 and 合计: a 小计 adds up the items since the previous
    小计 or 合计, a 合计 every item since the previous 合计. The printed figures are kept;
    the difference is reported."""
    since_sub: list[GridRow] = []
    since_total: list[GridRow] = []
    for row in grid.rows:
        if row.kind == "item":
            since_sub.append(row)
            since_total.append(row)
            continue
        rows = since_sub if row.kind == "subtotal" else since_total
        for role in roles:
            printed = grid.amount(row, role)
            present = [v for v in (grid.amount(r, role) for r in rows) if v is not None]
            if printed is None or not present:
                continue
            diff = sum(present, Decimal(0)) - printed
            if abs(diff) > TOLERANCE:
                label = compact(next((c.label for c in grid.columns if c.role == role), role))
                total = "小计" if row.kind == "subtotal" else "合计"
                warnings.append(f"{what} on page {grid.page}: rows add up to {sum(present, Decimal(0))} "
                                f"but {total} prints {printed} ({label}, difference {diff} 万元)")
        since_sub = []
        if row.kind == "total":
            since_total = []


def period_end(lines: list[Line], title: str | None) -> str | None:
    """The date a use report is made up to: 截至2024年6月30日 in its opening (before its
    first section), else what its title says (2023年度 → 12-31, 2024年半年度 → 06-30)."""
    opening = next((i for i, ln in enumerate(lines[:80]) if re.match(r"^(?:一、|第一节)", compact(ln.text))), min(len(lines), 40))
    text = join_lines(lines, 0, opening).text
    for m in _PERIOD.finditer(text):
        found = [d for d in dates_in(text[m.end():m.end() + 16]) if len(d) == 10]
        if found:
            return found[0]
    t = compact(title or "")
    if m := re.search(r"((?:19|20)\d{2})年(?:度)?(半年度|上半年|年度|年年度)", t):
        return f"{m.group(1)}-06-30" if "半年" in m.group(2) else f"{m.group(1)}-12-31"
    return None


def compact(text: str) -> str:
    return re.sub(r"\s+", "", text)
