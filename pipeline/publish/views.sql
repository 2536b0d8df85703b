-- The published warehouse: views, the queries an analyst would otherwise write by hand.
-- Commented like the tables; docs/data-dictionary.md is generated from these comments.

CREATE VIEW filings AS
SELECT source, announcement_id, document_id, offering_id, code, short_name, full_name, title, kind, revision,
       doc_date, offering_type AS offering, published_at, raise_total_wan, project_count, parse_status,
       warnings, needs_ocr, urls[1] AS url, local_path, sha256
FROM documents;
COMMENT ON VIEW filings IS 'documents under the column names of earlier releases (one row per document; offering = offering_type).';
COMMENT ON COLUMN filings.source IS 'Disclosure site of the preferred copy.';
COMMENT ON COLUMN filings.announcement_id IS 'Announcement id of the preferred copy.';
COMMENT ON COLUMN filings.document_id IS 'documents.document_id.';
COMMENT ON COLUMN filings.offering_id IS 'The raise the document belongs to.';
COMMENT ON COLUMN filings.code IS 'Security code.';
COMMENT ON COLUMN filings.short_name IS 'Security short name.';
COMMENT ON COLUMN filings.full_name IS 'Company full legal name.';
COMMENT ON COLUMN filings.title IS 'Document title.';
COMMENT ON COLUMN filings.kind IS 'Document kind.';
COMMENT ON COLUMN filings.revision IS 'Revision label; NULL for a first version.';
COMMENT ON COLUMN filings.doc_date IS 'Signed date (or cover month) as parsed.';
COMMENT ON COLUMN filings.offering IS 'Offering type as the document says.';
COMMENT ON COLUMN filings.published_at IS 'When the site published it.';
COMMENT ON COLUMN filings.raise_total_wan IS 'Raise cap stated by this version, 万元.';
COMMENT ON COLUMN filings.project_count IS 'Number of projects in its project table.';
COMMENT ON COLUMN filings.parse_status IS 'ok | warn | failed.';
COMMENT ON COLUMN filings.warnings IS 'Parser warnings or the read error.';
COMMENT ON COLUMN filings.needs_ocr IS 'True when some page has no text layer.';
COMMENT ON COLUMN filings.url IS 'URL on the preferred site.';
COMMENT ON COLUMN filings.local_path IS 'Raw file, relative to the data home.';
COMMENT ON COLUMN filings.sha256 IS 'SHA-256 of the raw file.';

CREATE VIEW v_budget_mix AS
SELECT l.offering_id, l.code, l.short_name, l.detail_document_id AS document_id, b.category,
       count(*)::INTEGER AS items,
       sum(b.amount_wan)::DECIMAL(18,2) AS amount_wan,
       (sum(b.amount_wan) / nullif(sum(sum(b.amount_wan)) OVER (PARTITION BY l.offering_id), 0))::DOUBLE AS share
FROM offering_latest l
JOIN budget_lines b ON b.document_id = l.detail_document_id
GROUP BY l.offering_id, l.code, l.short_name, l.detail_document_id, b.category;
COMMENT ON VIEW v_budget_mix IS 'Budget mix of each raise (from offering_latest.detail_document_id, its newest breakdown): amount and share of each budget category.';
COMMENT ON COLUMN v_budget_mix.offering_id IS 'The raise.';
COMMENT ON COLUMN v_budget_mix.code IS 'Security code.';
COMMENT ON COLUMN v_budget_mix.short_name IS 'Short name.';
COMMENT ON COLUMN v_budget_mix.document_id IS 'The document the breakdown is read from.';
COMMENT ON COLUMN v_budget_mix.category IS 'Budget category.';
COMMENT ON COLUMN v_budget_mix.items IS 'Budget lines in the category.';
COMMENT ON COLUMN v_budget_mix.amount_wan IS 'Their amount, 万元.';
COMMENT ON COLUMN v_budget_mix.share IS 'Share of the plan''s whole budget amount.';

CREATE VIEW v_project_mix AS
SELECT l.offering_id, l.code, l.short_name, l.document_id, p.type,
       count(*)::INTEGER AS projects,
       sum(p.proceeds_wan)::DECIMAL(18,2) AS proceeds_wan,
       (sum(p.proceeds_wan) / nullif(sum(sum(p.proceeds_wan)) OVER (PARTITION BY l.offering_id), 0))::DOUBLE AS share
FROM offering_latest l
JOIN projects p USING (document_id)
GROUP BY l.offering_id, l.code, l.short_name, l.document_id, p.type;
COMMENT ON VIEW v_project_mix IS 'Project-type split of each raise''s latest plan: proceeds and share per project type.';
COMMENT ON COLUMN v_project_mix.offering_id IS 'The raise.';
COMMENT ON COLUMN v_project_mix.code IS 'Security code.';
COMMENT ON COLUMN v_project_mix.short_name IS 'Short name.';
COMMENT ON COLUMN v_project_mix.document_id IS 'Its latest plan.';
COMMENT ON COLUMN v_project_mix.type IS 'Project type.';
COMMENT ON COLUMN v_project_mix.projects IS 'Projects of the type.';
COMMENT ON COLUMN v_project_mix.proceeds_wan IS 'Their proceeds, 万元.';
COMMENT ON COLUMN v_project_mix.share IS 'Share of the plan''s proceeds.';

CREATE VIEW v_offering_timeline AS
SELECT d.offering_id, o.code, o.short_name, d.chain_position, d.version_no, d.document_id, d.version_date,
       CASE WHEN d.revision IS NOT NULL THEN d.revision WHEN d.kind = 'adjustment' THEN '调整' ELSE '预案' END AS stage,
       d.kind, d.title, d.raise_total_wan, d.project_count, d.budget_line_count,
       d.is_version_representative, d.is_latest, d.parse_status
FROM documents d
JOIN offerings o USING (offering_id);
COMMENT ON VIEW v_offering_timeline IS 'Every raise''s documents in chain order (预案 → 修订稿 → 注册稿 ...), with the cap each states.';
COMMENT ON COLUMN v_offering_timeline.offering_id IS 'The raise.';
COMMENT ON COLUMN v_offering_timeline.code IS 'Security code.';
COMMENT ON COLUMN v_offering_timeline.short_name IS 'Short name.';
COMMENT ON COLUMN v_offering_timeline.chain_position IS 'Position in the chain, from 1.';
COMMENT ON COLUMN v_offering_timeline.version_no IS 'Version (publication day), from 1.';
COMMENT ON COLUMN v_offering_timeline.document_id IS 'The document.';
COMMENT ON COLUMN v_offering_timeline.version_date IS 'Its publication date.';
COMMENT ON COLUMN v_offering_timeline.stage IS 'Revision label, else 调整 for an adjustment notice, else 预案.';
COMMENT ON COLUMN v_offering_timeline.kind IS 'Document kind.';
COMMENT ON COLUMN v_offering_timeline.title IS 'Title.';
COMMENT ON COLUMN v_offering_timeline.raise_total_wan IS 'Cap it states, 万元.';
COMMENT ON COLUMN v_offering_timeline.project_count IS 'Projects it lists.';
COMMENT ON COLUMN v_offering_timeline.budget_line_count IS 'Budget lines it gives.';
COMMENT ON COLUMN v_offering_timeline.is_version_representative IS 'Speaks for its version in offering_changes.';
COMMENT ON COLUMN v_offering_timeline.is_latest IS 'Is the raise''s latest plan.';
COMMENT ON COLUMN v_offering_timeline.parse_status IS 'ok | warn | failed.';

CREATE VIEW v_other_items AS
SELECT 'budget_category' AS field, item AS text,
       CASE WHEN category_rule IS NULL THEN 'no rule' ELSE 'rule ' || category_rule END AS decided_by,
       count(*)::INTEGER AS occurrences, sum(amount_wan)::DECIMAL(18,2) AS amount_wan
FROM budget_lines WHERE category = 'other' GROUP BY ALL
UNION ALL
SELECT 'project_type', name,
       CASE WHEN type_rule IS NULL THEN 'no rule' ELSE 'rule ' || type_rule END,
       count(*)::INTEGER, sum(proceeds_wan)::DECIMAL(18,2)
FROM projects WHERE type = 'other' GROUP BY ALL;
COMMENT ON VIEW v_other_items IS 'Everything classified other, by a rule on purpose or for want of one: what to review when checking the taxonomy.';
COMMENT ON COLUMN v_other_items.field IS 'budget_category | project_type.';
COMMENT ON COLUMN v_other_items.text IS 'Item or project name as printed.';
COMMENT ON COLUMN v_other_items.decided_by IS '''rule N'' (row N of the mapping file says other) or ''no rule''.';
COMMENT ON COLUMN v_other_items.occurrences IS 'Rows carrying it.';
COMMENT ON COLUMN v_other_items.amount_wan IS 'Amount (items) or proceeds (projects), 万元.';

CREATE VIEW v_peer_metric_values AS
UNPIVOT (
    SELECT offering_id,
           raise_total_wan::DOUBLE AS raise_total_wan, project_count::DOUBLE AS project_count,
           proceeds_ratio, construction_months_max::DOUBLE AS construction_months_max,
           share_site, share_equipment, share_software, share_staff, share_rnd_expense,
           share_working_capital, share_contingency, share_other,
           type_share_rnd, type_share_capacity, type_share_working_capital, type_share_facilities,
           type_share_acquisition, type_share_marketing, type_share_it_systems, type_share_other
    FROM peer_metrics
) ON COLUMNS(* EXCLUDE (offering_id)) INTO NAME metric VALUE value;
COMMENT ON VIEW v_peer_metric_values IS 'peer_metrics in long form, one row per raise and metric that has a value.';
COMMENT ON COLUMN v_peer_metric_values.offering_id IS 'The raise.';
COMMENT ON COLUMN v_peer_metric_values.metric IS 'Name of the peer_metrics column.';
COMMENT ON COLUMN v_peer_metric_values.value IS 'Its value (as DOUBLE).';

CREATE VIEW v_peer_sets AS
SELECT f.offering_id AS focal_offering_id, s.peer_set, p.offering_id AS peer_offering_id
FROM peer_metrics f
JOIN peer_metrics p ON p.offering_id <> f.offering_id
CROSS JOIN (VALUES ('all'), ('theme_ai'), ('same_theme'), ('same_year'), ('same_industry'), ('similar_size')) s(peer_set)
WHERE CASE s.peer_set
    WHEN 'all' THEN true
    WHEN 'theme_ai' THEN list_has_any(p.themes, ['ai', 'ai_large_model'])
    WHEN 'same_theme' THEN list_has_any(p.themes, f.themes)
    WHEN 'same_year' THEN p.plan_year = f.plan_year
    WHEN 'same_industry' THEN f.industry IS NOT NULL AND p.industry = f.industry
    WHEN 'similar_size' THEN p.raise_total_wan BETWEEN f.raise_total_wan * 0.5 AND f.raise_total_wan * 2
END;
COMMENT ON VIEW v_peer_sets IS 'Peer sets of every raise (the raise itself excluded): all; theme_ai (tagged ai or ai_large_model); same_theme (shares a theme tag); same_year (same plan year); same_industry (only where the industry is known); similar_size (cap 0.5x-2x the focal''s). Query it for one focal raise.';
COMMENT ON COLUMN v_peer_sets.focal_offering_id IS 'The raise being benchmarked.';
COMMENT ON COLUMN v_peer_sets.peer_set IS 'all | theme_ai | same_theme | same_year | same_industry | similar_size.';
COMMENT ON COLUMN v_peer_sets.peer_offering_id IS 'A raise in that peer set.';

CREATE VIEW v_peer_rank AS
SELECT s.focal_offering_id, s.peer_set, fv.metric, fv.value AS focal_value,
       count(pv.value)::INTEGER AS peer_count,
       min(pv.value) AS peer_min,
       quantile_cont(pv.value, 0.25) AS peer_p25,
       median(pv.value) AS peer_median,
       quantile_cont(pv.value, 0.75) AS peer_p75,
       max(pv.value) AS peer_max,
       ((count(*) FILTER (WHERE pv.value < fv.value)) + 0.5 * (count(*) FILTER (WHERE pv.value = fv.value)))
           / count(pv.value) AS percentile
FROM v_peer_sets s
JOIN v_peer_metric_values fv ON fv.offering_id = s.focal_offering_id
JOIN v_peer_metric_values pv ON pv.offering_id = s.peer_offering_id AND pv.metric = fv.metric
GROUP BY ALL;
COMMENT ON VIEW v_peer_rank IS 'Where each raise stands among its peers, per peer set and metric: the peers'' spread and the focal''s percentile. Query it for one focal raise (WHERE focal_offering_id = ...).';
COMMENT ON COLUMN v_peer_rank.focal_offering_id IS 'The raise being benchmarked.';
COMMENT ON COLUMN v_peer_rank.peer_set IS 'Peer set (see v_peer_sets).';
COMMENT ON COLUMN v_peer_rank.metric IS 'peer_metrics column compared.';
COMMENT ON COLUMN v_peer_rank.focal_value IS 'The focal raise''s value.';
COMMENT ON COLUMN v_peer_rank.peer_count IS 'Peers in the set with a value for the metric.';
COMMENT ON COLUMN v_peer_rank.peer_min IS 'Smallest peer value.';
COMMENT ON COLUMN v_peer_rank.peer_p25 IS 'Peers'' 25th percentile (interpolated).';
COMMENT ON COLUMN v_peer_rank.peer_median IS 'Peers'' median.';
COMMENT ON COLUMN v_peer_rank.peer_p75 IS 'Peers'' 75th percentile (interpolated).';
COMMENT ON COLUMN v_peer_rank.peer_max IS 'Largest peer value.';
COMMENT ON COLUMN v_peer_rank.percentile IS 'Share of peers below the focal value, ties counted half (0 = lowest, 1 = highest).';
