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
JOIN offerings o USING (offering_id)
WHERE d.chain_position IS NOT NULL;
COMMENT ON VIEW v_offering_timeline IS 'Every raise''s plan documents in chain order (预案 → 修订稿 → 注册稿 ...), with the cap each states; what follows the raise is in v_raise_timeline.';
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
           type_share_acquisition, type_share_marketing, type_share_it_systems, type_share_other,
           raised_share_of_cap, spend_share, spend_gap, delayed_share, moved_to_wc_share, months_since_received
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

CREATE VIEW v_spend_rate AS
SELECT p.offering_id, o.code, o.short_name, p.document_id, p.row_no, p.report_date, p.period_end,
       p.project, p.planned_project, p.project_key, p.commitment_wan, p.invested_to_date_wan, p.spend_share,
       p.received_date, p.months_since_received, p.construction_months, p.elapsed_share, p.spend_gap,
       coalesce(p.spend_gap > (SELECT value FROM analysis_thresholds WHERE name = 'spend_gap_behind'), false)
           AS behind_on_spend,
       p.is_latest_report
FROM project_progress p
JOIN offerings o USING (offering_id)
WHERE p.raise_kind = 'refinancing' AND NOT p.is_working_capital;
COMMENT ON VIEW v_spend_rate IS 'Spend rate per project and report against the time elapsed since the money arrived: cumulative investment ÷ adjusted commitment beside months since received ÷ construction months, comparable across raises (refinancings only, working-capital lines left out).';
COMMENT ON COLUMN v_spend_rate.offering_id IS 'The raise.';
COMMENT ON COLUMN v_spend_rate.code IS 'Security code.';
COMMENT ON COLUMN v_spend_rate.short_name IS 'Short name.';
COMMENT ON COLUMN v_spend_rate.document_id IS 'The use report.';
COMMENT ON COLUMN v_spend_rate.row_no IS 'Its row (project_progress.row_no).';
COMMENT ON COLUMN v_spend_rate.report_date IS 'Publication date of the report.';
COMMENT ON COLUMN v_spend_rate.period_end IS 'Date the report is made up to.';
COMMENT ON COLUMN v_spend_rate.project IS 'Project as printed in the report.';
COMMENT ON COLUMN v_spend_rate.planned_project IS 'The planned project it was matched to.';
COMMENT ON COLUMN v_spend_rate.project_key IS 'Which project of the raise this is, across reports.';
COMMENT ON COLUMN v_spend_rate.commitment_wan IS 'Adjusted commitment (else committed), 万元.';
COMMENT ON COLUMN v_spend_rate.invested_to_date_wan IS 'Cumulative investment, 万元.';
COMMENT ON COLUMN v_spend_rate.spend_share IS 'Cumulative ÷ commitment.';
COMMENT ON COLUMN v_spend_rate.received_date IS 'When the money arrived.';
COMMENT ON COLUMN v_spend_rate.months_since_received IS 'Months from then to the period end.';
COMMENT ON COLUMN v_spend_rate.construction_months IS 'Construction months of the planned project.';
COMMENT ON COLUMN v_spend_rate.elapsed_share IS 'Months since received ÷ construction months.';
COMMENT ON COLUMN v_spend_rate.spend_gap IS 'min(elapsed share, 1) - spend share.';
COMMENT ON COLUMN v_spend_rate.behind_on_spend IS 'spend_gap above analysis_thresholds.spend_gap_behind.';
COMMENT ON COLUMN v_spend_rate.is_latest_report IS 'The latest report on this project.';

CREATE VIEW v_behind_schedule AS
WITH latest AS (
    SELECT * FROM project_progress
    WHERE is_latest_report AND raise_kind = 'refinancing' AND offering_id IS NOT NULL AND NOT is_working_capital
), delays AS (
    SELECT offering_id, project_key, count(*)::INTEGER AS delay_notices,
           arg_max(coalesce(planned_project, project), notice_date) AS project,
           arg_max(new_ready_date, notice_date) AS noticed_ready_date, max(notice_date) AS last_delay_date,
           arg_max(document_id, notice_date) AS delay_document_id,
           sum(delay_months) AS delay_months
    FROM project_changes WHERE kind = 'delay' AND offering_id IS NOT NULL
    GROUP BY offering_id, project_key
), followed AS (
    SELECT offering_id, project_key FROM latest UNION SELECT offering_id, project_key FROM delays
), state AS (
    SELECT f.offering_id, f.project_key, coalesce(l.planned_project, l.project, d.project) AS project,
           l.document_id, l.period_end AS as_of, l.spend_share, l.elapsed_share, l.spend_gap,
           CASE WHEN d.last_delay_date > l.report_date OR l.ready_date IS NULL THEN d.noticed_ready_date
                ELSE l.ready_date END AS ready_date, l.first_ready_date,
           coalesce(d.delay_notices, 0) AS delay_notices, d.delay_months, d.delay_document_id,
           coalesce(l.delayed, false) OR d.delay_notices IS NOT NULL AS pushed_back,
           coalesce(l.ready_date_passed, false) AS ready_date_passed,
           coalesce(l.spend_gap > (SELECT value FROM analysis_thresholds WHERE name = 'spend_gap_behind'), false)
               AS behind_on_spend,
           coalesce(l.completed, false) AS completed
    FROM followed f
    LEFT JOIN latest l USING (offering_id, project_key)
    LEFT JOIN delays d USING (offering_id, project_key)
)
SELECT s.offering_id, o.code, o.short_name, s.project_key, s.project, s.document_id, s.as_of, s.spend_share,
       s.elapsed_share, s.spend_gap, s.ready_date, s.first_ready_date, s.delay_notices, s.delay_months,
       s.delay_document_id, s.pushed_back, s.ready_date_passed, s.behind_on_spend, s.completed,
       list_filter([CASE WHEN s.pushed_back THEN 'pushed_back' END,
                    CASE WHEN s.ready_date_passed THEN 'ready_date_passed' END,
                    CASE WHEN s.behind_on_spend THEN 'behind_on_spend' END], lambda x: x IS NOT NULL) AS reasons
FROM state s
JOIN offerings o USING (offering_id)
WHERE s.pushed_back OR s.ready_date_passed OR s.behind_on_spend;
COMMENT ON VIEW v_behind_schedule IS 'Projects behind schedule, as of their latest use report: pushed back (a delay notice, or a later ready date than first reported), ready date passed unfinished, or spending behind the elapsed construction time by more than analysis_thresholds.spend_gap_behind. Refinancings only.';
COMMENT ON COLUMN v_behind_schedule.offering_id IS 'The raise.';
COMMENT ON COLUMN v_behind_schedule.code IS 'Security code.';
COMMENT ON COLUMN v_behind_schedule.short_name IS 'Short name.';
COMMENT ON COLUMN v_behind_schedule.project_key IS 'Which project of the raise (project_progress.project_key).';
COMMENT ON COLUMN v_behind_schedule.project IS 'Its planned name, else as printed.';
COMMENT ON COLUMN v_behind_schedule.document_id IS 'Its latest use report (NULL when only a delay notice speaks of it).';
COMMENT ON COLUMN v_behind_schedule.as_of IS 'Period end of that report.';
COMMENT ON COLUMN v_behind_schedule.spend_share IS 'Cumulative investment ÷ commitment then.';
COMMENT ON COLUMN v_behind_schedule.elapsed_share IS 'Months since received ÷ construction months then.';
COMMENT ON COLUMN v_behind_schedule.spend_gap IS 'min(elapsed share, 1) - spend share.';
COMMENT ON COLUMN v_behind_schedule.ready_date IS 'Its ready date as last stated: by the latest delay notice when it came after the latest report, else by that report.';
COMMENT ON COLUMN v_behind_schedule.first_ready_date IS 'Ready date the first report on it printed.';
COMMENT ON COLUMN v_behind_schedule.delay_notices IS 'Delay notices about it.';
COMMENT ON COLUMN v_behind_schedule.delay_months IS 'Months those notices moved it, in all.';
COMMENT ON COLUMN v_behind_schedule.delay_document_id IS 'The latest delay notice.';
COMMENT ON COLUMN v_behind_schedule.pushed_back IS 'A delay notice, or a ready date later than first reported.';
COMMENT ON COLUMN v_behind_schedule.ready_date_passed IS 'Ready date before the period end, not completed.';
COMMENT ON COLUMN v_behind_schedule.behind_on_spend IS 'spend_gap above the threshold.';
COMMENT ON COLUMN v_behind_schedule.completed IS 'Fully spent or completed by notice.';
COMMENT ON COLUMN v_behind_schedule.reasons IS 'pushed_back, ready_date_passed, behind_on_spend: which hold.';

CREATE VIEW v_working_capital_shift AS
WITH planned AS (
    SELECT l.offering_id,
           coalesce(sum(p.proceeds_wan) FILTER (WHERE p.type = 'working_capital'), 0)::DECIMAL(18,2) AS planned_wc_wan,
           sum(p.proceeds_wan)::DECIMAL(18,2) AS planned_proceeds_wan
    FROM offering_latest l JOIN projects p USING (document_id)
    GROUP BY l.offering_id
), moves AS (
    SELECT offering_id, count(*) FILTER (WHERE to_working_capital)::INTEGER AS moves,
           count(*) FILTER (WHERE to_working_capital AND amount_wan IS NULL)::INTEGER AS moves_without_amount,
           min(notice_date) FILTER (WHERE to_working_capital) AS first_move_date,
           max(notice_date) FILTER (WHERE to_working_capital) AS last_move_date
    FROM project_changes WHERE offering_id IS NOT NULL
    GROUP BY offering_id
)
SELECT o.offering_id, o.code, o.short_name, o.status, r.gross_wan, r.net_wan, pl.planned_proceeds_wan,
       pl.planned_wc_wan,
       (pl.planned_wc_wan / nullif(pl.planned_proceeds_wan, 0))::DOUBLE AS planned_wc_share,
       m.moved_to_wc_wan, m.moved_to_wc_share, coalesce(mv.moves, 0) AS moves,
       coalesce(mv.moves_without_amount, 0) AS moves_without_amount, mv.first_move_date, mv.last_move_date
FROM offerings o
JOIN peer_metrics m USING (offering_id)
LEFT JOIN raises_actual r USING (offering_id)
LEFT JOIN planned pl USING (offering_id)
LEFT JOIN moves mv USING (offering_id)
WHERE m.moved_to_wc_wan IS NOT NULL OR mv.moves > 0;
COMMENT ON VIEW v_working_capital_shift IS 'Per raise with money and reports after it: how much of the proceeds notices moved to working capital (changes of use, completion surpluses), beside what the plan itself put there. A raise whose notices move money to working capital without stating how much is listed with moved_to_wc_wan NULL.';
COMMENT ON COLUMN v_working_capital_shift.offering_id IS 'The raise.';
COMMENT ON COLUMN v_working_capital_shift.code IS 'Security code.';
COMMENT ON COLUMN v_working_capital_shift.short_name IS 'Short name.';
COMMENT ON COLUMN v_working_capital_shift.status IS 'offerings.status.';
COMMENT ON COLUMN v_working_capital_shift.gross_wan IS 'Money raised, gross, 万元.';
COMMENT ON COLUMN v_working_capital_shift.net_wan IS 'Net proceeds, 万元.';
COMMENT ON COLUMN v_working_capital_shift.planned_proceeds_wan IS 'Proceeds the latest plan allots to projects, 万元.';
COMMENT ON COLUMN v_working_capital_shift.planned_wc_wan IS 'Of which to working-capital projects, 万元.';
COMMENT ON COLUMN v_working_capital_shift.planned_wc_share IS 'planned_wc_wan ÷ planned_proceeds_wan.';
COMMENT ON COLUMN v_working_capital_shift.moved_to_wc_wan IS 'Moved to working capital by notices after the raise, 万元 (NULL while a move states no amount).';
COMMENT ON COLUMN v_working_capital_shift.moved_to_wc_share IS 'moved_to_wc_wan ÷ net proceeds (else gross).';
COMMENT ON COLUMN v_working_capital_shift.moves IS 'Changes that moved money to working capital.';
COMMENT ON COLUMN v_working_capital_shift.moves_without_amount IS 'Of which the notice states no amount (a completion naming several projects and one surplus): moved_to_wc_wan is then unknown.';
COMMENT ON COLUMN v_working_capital_shift.first_move_date IS 'Date of the first such notice.';
COMMENT ON COLUMN v_working_capital_shift.last_move_date IS 'Date of the latest.';

CREATE VIEW v_raise_timeline AS
WITH events AS (
    SELECT d.offering_id, d.version_date AS event_date, 'plan' AS event, 1 AS event_order,
           CASE WHEN d.revision IS NOT NULL THEN d.revision WHEN d.kind = 'adjustment' THEN '调整' ELSE '预案' END AS stage,
           d.document_id, NULL::VARCHAR AS project, NULL::VARCHAR AS new_project,
           d.raise_total_wan AS amount_wan, NULL::DECIMAL(18,2) AS base_wan,
           NULL::DATE AS old_ready_date, NULL::DATE AS new_ready_date, NULL::BOOLEAN AS to_working_capital
    FROM documents d WHERE d.is_version_representative AND d.offering_id IS NOT NULL
    UNION ALL
    SELECT offering_id, coalesce(received_date, document_date), 'raised', 2, NULL, document_id, NULL, NULL,
           gross_wan, cap_wan, NULL, NULL, NULL
    FROM raises_actual
    UNION ALL
    SELECT offering_id, notice_date, 'reallocated', 3, NULL, document_id, NULL, NULL,
           sum(committed_after_wan)::DECIMAL(18,2), sum(committed_before_wan)::DECIMAL(18,2), NULL, NULL, NULL
    FROM project_changes WHERE kind = 'reallocation' AND offering_id IS NOT NULL
    GROUP BY offering_id, notice_date, document_id
    UNION ALL
    SELECT offering_id, period_end, 'spent', 4, NULL, document_id, NULL, NULL,
           sum(invested_to_date_wan)::DECIMAL(18,2), sum(commitment_wan)::DECIMAL(18,2), NULL, NULL, NULL
    FROM project_progress WHERE offering_id IS NOT NULL
    GROUP BY offering_id, period_end, document_id
    UNION ALL
    SELECT offering_id, notice_date,
           CASE kind WHEN 'delay' THEN 'delayed' WHEN 'change_of_use' THEN 'changed' ELSE 'completed' END,
           CASE kind WHEN 'delay' THEN 5 WHEN 'change_of_use' THEN 6 ELSE 7 END, NULL, document_id,
           coalesce(planned_project, project), new_project, amount_wan, NULL, old_ready_date, new_ready_date,
           to_working_capital
    FROM project_changes WHERE kind IN ('delay', 'change_of_use', 'completion') AND offering_id IS NOT NULL
    UNION ALL
    SELECT offering_id, version_date, 'withdrawn', 8, NULL, document_id, NULL, NULL, NULL, NULL, NULL, NULL, NULL
    FROM documents WHERE kind = 'withdrawal' AND offering_id IS NOT NULL
)
SELECT e.offering_id, o.code, o.short_name,
       row_number() OVER (PARTITION BY e.offering_id
                          ORDER BY e.event_date NULLS LAST, e.event_order, e.document_id, e.project)::INTEGER AS event_no,
       e.event_date, e.event, e.stage, e.document_id, d.title, e.project, e.new_project, e.amount_wan, e.base_wan,
       (e.amount_wan / nullif(e.base_wan, 0))::DOUBLE AS share, e.old_ready_date, e.new_ready_date,
       e.to_working_capital
FROM events e
JOIN offerings o USING (offering_id)
LEFT JOIN documents d USING (document_id);
COMMENT ON VIEW v_raise_timeline IS 'Each raise from plan to its last report, one row per event in date order: plan (each version, its cap), raised (gross against the cap), reallocated (commitments after against before), spent (cumulative investment against commitment, per use report), delayed, changed (change of use), completed, withdrawn. What the Filing page draws.';
COMMENT ON COLUMN v_raise_timeline.offering_id IS 'The raise.';
COMMENT ON COLUMN v_raise_timeline.code IS 'Security code.';
COMMENT ON COLUMN v_raise_timeline.short_name IS 'Short name.';
COMMENT ON COLUMN v_raise_timeline.event_no IS 'Order of the event within the raise, from 1.';
COMMENT ON COLUMN v_raise_timeline.event_date IS 'When: publication date (plan versions, notices), date the money arrived, or a use report''s period end.';
COMMENT ON COLUMN v_raise_timeline.event IS 'plan | raised | reallocated | spent | delayed | changed | completed | withdrawn.';
COMMENT ON COLUMN v_raise_timeline.stage IS 'For plan events: the version''s stage label (预案, 修订稿, 调整, ...).';
COMMENT ON COLUMN v_raise_timeline.document_id IS 'The document the event is read from.';
COMMENT ON COLUMN v_raise_timeline.title IS 'Its title.';
COMMENT ON COLUMN v_raise_timeline.project IS 'Project a delay, change of use or completion is about.';
COMMENT ON COLUMN v_raise_timeline.new_project IS 'Where a change of use moves the money.';
COMMENT ON COLUMN v_raise_timeline.amount_wan IS 'plan: the cap; raised: gross; reallocated: commitments after; spent: cumulative investment; changed: money moved; completed: the surplus; 万元.';
COMMENT ON COLUMN v_raise_timeline.base_wan IS 'What amount_wan is measured against: raised: the cap; reallocated: commitments before; spent: the commitment; 万元.';
COMMENT ON COLUMN v_raise_timeline.share IS 'amount_wan ÷ base_wan.';
COMMENT ON COLUMN v_raise_timeline.old_ready_date IS 'delayed: ready date before.';
COMMENT ON COLUMN v_raise_timeline.new_ready_date IS 'delayed: ready date after.';
COMMENT ON COLUMN v_raise_timeline.to_working_capital IS 'changed, completed: the money goes to working capital.';
