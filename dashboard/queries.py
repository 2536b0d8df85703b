"""The warehouse queries the pages share. Each returns a Polars frame, cached per build."""
from __future__ import annotations

import polars as pl

from dashboard.data import columns_of, has_relation, per_build, query


def dq_columns(table: str, alias: str) -> str:
    """`, <alias>.dq_status, <alias>.dq_reason`, or NULLs in a warehouse built before the checks."""
    if "dq_status" in columns_of(table):
        return f", {alias}.dq_status, {alias}.dq_reason"
    return ", NULL::VARCHAR AS dq_status, NULL::VARCHAR AS dq_reason"


def offerings() -> pl.DataFrame:
    """Every raise with its latest plan, first and latest cap, and its peer metrics.

    raise_change_wan is the latest plan's cap minus the first announced cap, the two caps the
    pages show side by side (offerings.raise_change_wan counts a newer cap-only notice instead;
    the pages mention such a notice separately).
    """
    dq = dq_columns("offerings", "o")
    after = (", o.status, m.raised_share_of_cap, m.spend_share, m.delayed_share" if "status" in columns_of("offerings")
             else ", NULL::VARCHAR AS status, NULL::DOUBLE AS raised_share_of_cap, NULL::DOUBLE AS spend_share, "
                  "NULL::DOUBLE AS delayed_share")
    return query(
        f"""
        SELECT l.offering_id, l.code, l.short_name, l.offering_type, l.plan_year, l.offering_stage AS stage,
               l.kind, l.revision, l.version_date, l.version_count, o.first_date, o.document_count,
               o.first_raise_total_wan::DOUBLE AS first_raise_wan, l.raise_total_wan::DOUBLE AS raise_wan,
               o.latest_raise_total_wan::DOUBLE AS latest_stated_raise_wan,
               (l.raise_total_wan - o.first_raise_total_wan)::DOUBLE AS raise_change_wan,
               l.project_count, l.themes, l.industry,
               m.total_investment_wan::DOUBLE AS total_investment_wan, m.proceeds_ratio,
               m.share_site, m.share_equipment, m.share_software, m.share_staff, m.share_rnd_expense,
               m.share_working_capital, m.share_contingency, m.share_other,
               m.construction_months_max, l.document_id, l.detail_document_id{after}{dq}
        FROM offering_latest l
        JOIN offerings o USING (offering_id)
        LEFT JOIN peer_metrics m USING (offering_id)
        ORDER BY l.raise_total_wan DESC NULLS LAST, l.offering_id
        """
    )


def peer_metrics() -> pl.DataFrame:
    dq = "" if "dq_status" in columns_of("peer_metrics") else dq_columns("peer_metrics", "peer_metrics")
    return query(
        f"""SELECT * REPLACE (raise_total_wan::DOUBLE AS raise_total_wan,
                              total_investment_wan::DOUBLE AS total_investment_wan,
                              proceeds_wan::DOUBLE AS proceeds_wan, budget_amount_wan::DOUBLE AS budget_amount_wan){dq}
            FROM peer_metrics ORDER BY offering_id"""
    )


def peer_sets(focal_id: str) -> dict[str, list[str]]:
    """Named peer sets of one raise (v_peer_sets): set -> peer offering ids."""
    frame = query(
        "SELECT peer_set, list(peer_offering_id ORDER BY peer_offering_id) AS ids "
        "FROM v_peer_sets WHERE focal_offering_id = ? GROUP BY peer_set",
        focal_id,
    )
    return {row[0]: list(row[1]) for row in frame.iter_rows()}


def timeline(offering_id: str) -> pl.DataFrame:
    """Documents of a raise in chain order, with cap, its evidence and the source links."""
    return query(
        f"""SELECT t.chain_position, t.version_no, t.stage, t.kind, t.title, t.version_date,
                  t.raise_total_wan::DOUBLE AS raise_wan, t.project_count, t.budget_line_count,
                  t.is_version_representative, t.is_latest, t.parse_status, t.document_id,
                  d.raise_total_text, d.raise_total_unit, d.raise_total_page, d.raise_total_evidence_text,
                  d.urls, d.sources, d.announcement_ids, d.local_path, d.sha256, d.warnings, d.needs_ocr, d.pages,
                  d.doc_date, d.published_at, d.code, d.announcement_id{dq_columns("documents", "d")}
           FROM v_offering_timeline t JOIN documents d USING (document_id)
           WHERE t.offering_id = ? ORDER BY t.chain_position""",
        offering_id,
    )


def versions(offering_id: str) -> pl.DataFrame:
    """One row per version: the document that speaks for it (else its first document)."""
    frame = timeline(offering_id)
    if frame.is_empty():
        return frame
    return (
        frame.sort(["version_no", "is_version_representative", "raise_wan", "chain_position"],
                   descending=[False, True, False, False], nulls_last=True)
        .unique("version_no", keep="first", maintain_order=True)
        .sort("version_no")
    )


def changes(offering_id: str) -> pl.DataFrame:
    return query(
        """SELECT change_no, from_version, to_version, from_stage, to_stage, from_date, to_date, change,
                  project_before, project_after, amount_before_wan::DOUBLE AS amount_before_wan,
                  amount_after_wan::DOUBLE AS amount_after_wan, delta_wan::DOUBLE AS delta_wan, name_similarity
           FROM offering_changes WHERE offering_id = ? ORDER BY change_no""",
        offering_id,
    )


def projects(document_id: str) -> pl.DataFrame:
    dq = dq_columns("projects", "projects")
    return query(
        f"""SELECT seq, name, type, themes, total_investment_wan::DOUBLE AS total_investment_wan,
                   total_investment_text, total_investment_unit, proceeds_wan::DOUBLE AS proceeds_wan,
                   proceeds_text, proceeds_unit, construction_months, location, entity, budget_line_count,
                   evidence_page, evidence_text{dq}
            FROM projects WHERE document_id = ? ORDER BY seq""",
        document_id,
    )


def budget_lines(document_id: str) -> pl.DataFrame:
    dq = dq_columns("budget_lines", "b")
    return query(
        f"""SELECT b.project_seq, p.name AS project, b.line_no, b.item, b.category, b.amount_wan::DOUBLE AS amount_wan,
                   b.amount_text, b.amount_unit, b.proceeds_wan::DOUBLE AS proceeds_wan, b.evidence_page,
                   b.evidence_text{dq}
            FROM budget_lines b
            LEFT JOIN projects p ON p.document_id = b.document_id AND p.seq = b.project_seq
            WHERE b.document_id = ? ORDER BY b.project_seq, b.line_no""",
        document_id,
    )


def project_types(offering_ids: list[str]) -> pl.DataFrame:
    return query(
        """SELECT offering_id, type, projects, proceeds_wan::DOUBLE AS proceeds_wan, share
           FROM v_project_mix WHERE list_contains(?, offering_id)""",
        offering_ids,
    )


@per_build
def taxonomy_labels() -> dict[tuple[str, str], tuple[str, str]]:
    """(field, value) -> (label_zh, label_en) from the warehouse's taxonomy_values."""
    if not has_relation("taxonomy_values"):
        return {}
    frame = query("SELECT field, value, label_zh, label_en FROM taxonomy_values")
    return {(f, v): (zh, en) for f, v, zh, en in frame.iter_rows()}


def taxonomy_order(field: str) -> list[str]:
    """Values of a taxonomy field in the order values.csv lists them (the legend order)."""
    if not has_relation("taxonomy_values"):
        return []
    return query("SELECT value FROM taxonomy_values WHERE field = ? ORDER BY rowid", field).get_column("value").to_list()


def counts() -> dict[str, int]:
    names = ("companies", "offerings", "documents", "projects", "budget_lines")
    present = [n for n in names if has_relation(n)]
    if not present:
        return {}
    sql = " UNION ALL ".join(f"SELECT '{n}', count(*) FROM {n}" for n in present)
    return {name: int(n) for name, n in query(sql).iter_rows()}


# ---------------------------------------------------------------- after the raise

def has_after_raise() -> bool:
    """Whether the warehouse follows raises after their plans (built by a release that does)."""
    return has_relation("v_raise_timeline")


def raise_status(offering_id: str) -> dict[str, object] | None:
    """Where a raise stands (offerings.status), the document that says so, and what was raised."""
    if not has_after_raise():
        return None
    frame = query(
        """SELECT o.status, o.status_date, o.status_document_id, d.title AS status_title, d.kind AS status_kind,
                  CASE WHEN d.revision IS NOT NULL THEN d.revision WHEN d.kind = 'adjustment' THEN '调整'
                       ELSE '预案' END AS status_stage,
                  r.gross_wan::DOUBLE AS gross_wan, r.net_wan::DOUBLE AS net_wan, r.cap_wan::DOUBLE AS cap_wan,
                  r.raised_share_of_cap, r.received_date, r.document_id AS raised_document_id,
                  r.evidence_page AS raised_page, r.evidence_text AS raised_evidence
           FROM offerings o
           LEFT JOIN documents d ON d.document_id = o.status_document_id
           LEFT JOIN raises_actual r ON r.offering_id = o.offering_id
           WHERE o.offering_id = ?""",
        offering_id,
    )
    return frame.row(0, named=True) if frame.height else None


def raise_timeline(offering_id: str) -> pl.DataFrame:
    """The raise from plan to its last report, one row per event (v_raise_timeline)."""
    if not has_after_raise():
        return pl.DataFrame()
    return query(
        """SELECT event_no, event_date, event, stage, document_id, title, project, new_project,
                  amount_wan::DOUBLE AS amount_wan, base_wan::DOUBLE AS base_wan, share, old_ready_date,
                  new_ready_date, to_working_capital
           FROM v_raise_timeline WHERE offering_id = ? ORDER BY event_no""",
        offering_id,
    )


def project_schedule(offering_id: str) -> pl.DataFrame:
    """Each project of the raise at its latest use report, with why it is behind where it is."""
    if not has_after_raise():
        return pl.DataFrame()
    return query(
        f"""SELECT p.row_no, coalesce(p.planned_project, p.project) AS project, p.period_end,
                   p.commitment_wan::DOUBLE AS commitment_wan, p.invested_to_date_wan::DOUBLE AS invested_to_date_wan,
                   p.spend_share, p.months_since_received, p.construction_months, p.elapsed_share, p.spend_gap,
                   p.ready_date, p.first_ready_date, p.is_working_capital, coalesce(b.reasons, []) AS reasons,
                   b.ready_date AS latest_ready_date, p.document_id, p.evidence_page, p.evidence_text
                   {dq_columns("project_progress", "p")}
            FROM project_progress p
            LEFT JOIN v_behind_schedule b ON b.offering_id = p.offering_id AND b.project_key = p.project_key
            WHERE p.offering_id = ? AND p.is_latest_report
            ORDER BY p.period_end, p.document_id, p.row_no""",
        offering_id,
    )


def raise_changes(offering_id: str) -> pl.DataFrame:
    """What notices after the raise did to its projects (project_changes)."""
    if not has_after_raise():
        return pl.DataFrame()
    return query(
        f"""SELECT c.notice_date, c.kind, coalesce(c.planned_project, c.project) AS project, c.new_project,
                   c.committed_before_wan::DOUBLE AS committed_before_wan,
                   c.committed_after_wan::DOUBLE AS committed_after_wan, c.amount_wan::DOUBLE AS amount_wan,
                   c.to_working_capital, c.old_ready_date, c.new_ready_date, c.delay_months, c.document_id,
                   d.title, c.evidence_page, c.evidence_text{dq_columns("project_changes", "c")}
            FROM project_changes c LEFT JOIN documents d USING (document_id)
            WHERE c.offering_id = ? ORDER BY c.notice_date, c.document_id, c.change_no""",
        offering_id,
    )
