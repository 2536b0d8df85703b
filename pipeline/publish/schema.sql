-- The published warehouse: tables. Every table and column is commented; the data dictionary
-- (docs/data-dictionary.md) is generated from these comments by `python -m pipeline.publish.dictionary`.
-- Amounts are DECIMAL(18,2) in 万元 (10,000 CNY); the unit and digits the filing printed sit beside them.

CREATE TABLE companies (
    code            VARCHAR PRIMARY KEY,
    short_name      VARCHAR,
    full_name       VARCHAR,
    industry        VARCHAR,
    first_date      DATE,
    last_date       DATE,
    document_count  INTEGER NOT NULL,
    offering_count  INTEGER NOT NULL
);
COMMENT ON TABLE companies IS 'One row per company with at least one document: names and industry from its most recent documents.';
COMMENT ON COLUMN companies.code IS 'Six-digit STAR-market security code (688xxx/689xxx).';
COMMENT ON COLUMN companies.short_name IS 'Security short name (证券简称) in its most recent document.';
COMMENT ON COLUMN companies.full_name IS 'Full legal name in its most recent document that prints one.';
COMMENT ON COLUMN companies.industry IS 'Industry where a source gives it (the catalog''s industry column); NULL when unknown.';
COMMENT ON COLUMN companies.first_date IS 'Publication date of its first document in the warehouse.';
COMMENT ON COLUMN companies.last_date IS 'Publication date of its latest document in the warehouse.';
COMMENT ON COLUMN companies.document_count IS 'Number of its documents (copies on several sites counted once).';
COMMENT ON COLUMN companies.offering_count IS 'Number of its raises (offerings).';

CREATE TABLE documents (
    document_id                VARCHAR PRIMARY KEY,
    source                     VARCHAR NOT NULL,
    announcement_id            VARCHAR NOT NULL,
    sources                    VARCHAR[] NOT NULL,
    announcement_ids           VARCHAR[] NOT NULL,
    urls                       VARCHAR[] NOT NULL,
    code                       VARCHAR,
    short_name                 VARCHAR,
    full_name                  VARCHAR,
    title                      VARCHAR,
    kind                       VARCHAR NOT NULL,
    revision                   VARCHAR,
    revision_rank              INTEGER NOT NULL,
    offering_type              VARCHAR,
    plan_year                  INTEGER,
    offering_id                VARCHAR,
    version_no                 INTEGER,
    chain_position             INTEGER,
    is_version_representative  BOOLEAN NOT NULL,
    is_latest                  BOOLEAN NOT NULL,
    doc_date                   VARCHAR,
    published_at               TIMESTAMP,
    version_date               DATE,
    raise_total_wan            DECIMAL(18,2),
    raise_total_unit           VARCHAR,
    raise_total_text           VARCHAR,
    raise_total_page           INTEGER,
    raise_total_evidence_text  VARCHAR,
    project_count              INTEGER NOT NULL,
    budget_line_count          INTEGER NOT NULL,
    parse_status               VARCHAR NOT NULL,
    warnings                   VARCHAR[] NOT NULL,
    needs_ocr                  BOOLEAN NOT NULL,
    pages                      INTEGER,
    pages_without_text         INTEGER[],
    local_path                 VARCHAR,
    sha256                     VARCHAR,
    parser_version             VARCHAR,
    taxonomy_version           VARCHAR,
    industry                   VARCHAR,
    period_end                 DATE,
    link_rule                  VARCHAR,
    dq_status                  VARCHAR NOT NULL,
    dq_reason                  VARCHAR,
    UNIQUE (source, announcement_id)
);
COMMENT ON TABLE documents IS 'One row per announcement (copies of it on several sites merged): what it is, which raise and version it belongs to, and what its parse found.';
COMMENT ON COLUMN documents.document_id IS 'Stable id: <source>:<announcement_id> of the preferred copy (cninfo before sse).';
COMMENT ON COLUMN documents.source IS 'Disclosure site of the preferred copy (cninfo, sse).';
COMMENT ON COLUMN documents.announcement_id IS 'The site''s own id of the preferred copy; its raw file is raw/<source>/<id>.pdf.';
COMMENT ON COLUMN documents.sources IS 'Every site the document was found on (same bytes, or same company, title and day).';
COMMENT ON COLUMN documents.announcement_ids IS 'The announcement id on each site, in the order of sources.';
COMMENT ON COLUMN documents.urls IS 'Original URL on each site, in the order of sources.';
COMMENT ON COLUMN documents.code IS 'Security code as printed in the filing, else as the site lists it.';
COMMENT ON COLUMN documents.short_name IS 'Security short name as printed, else as listed.';
COMMENT ON COLUMN documents.full_name IS 'Company full legal name as printed in the filing.';
COMMENT ON COLUMN documents.title IS 'Document title as printed, else as listed.';
COMMENT ON COLUMN documents.kind IS 'sci_tech_statement | plan | feasibility | demonstration | prospectus | adjustment | other; after the raise: issuance_result | reallocation | use_report | use_change | withdrawal (docs/contract-after-the-raise.md).';
COMMENT ON COLUMN documents.revision IS 'Revision named in the title (修订稿, 二次修订稿, 注册稿, ...); NULL for a first version.';
COMMENT ON COLUMN documents.revision_rank IS 'Order of the revision label (0 first version ... 6 注册稿), from pipeline/taxonomy/document_order.csv.';
COMMENT ON COLUMN documents.offering_type IS 'specific_targets | simplified | convertible_bond | other, as the filing or its title says; NULL when neither says.';
COMMENT ON COLUMN documents.plan_year IS 'Year of the plan as the title prints it (2023年度向特定对象发行…); NULL when the title names none.';
COMMENT ON COLUMN documents.offering_id IS 'The raise this document belongs to (offerings.offering_id). Plan documents are grouped into raises; a document after the raise is linked to the raise it names (link_rule), a use report reporting on several to the newest refinancing among them. NULL when the company is unknown, or for a document after the raise that names only IPO money or a raise whose plan is not in the warehouse.';
COMMENT ON COLUMN documents.version_no IS 'Version of the plan within its offering: documents published the same day are one version, numbered from 1 in date order. NULL for documents after the raise (they are not versions of its plan).';
COMMENT ON COLUMN documents.chain_position IS 'Position in the offering''s ordered chain of plan documents, from 1; NULL for documents after the raise.';
COMMENT ON COLUMN documents.is_version_representative IS 'True for the document that speaks for its version in offering_changes (project table, budgets, cap preferred).';
COMMENT ON COLUMN documents.is_latest IS 'True for the offering''s latest plan (offering_latest): the newest document with a project table.';
COMMENT ON COLUMN documents.doc_date IS 'Date the document is signed (YYYY-MM-DD), else its cover month (YYYY-MM), as parsed.';
COMMENT ON COLUMN documents.published_at IS 'When the site published it (Beijing time).';
COMMENT ON COLUMN documents.version_date IS 'Publication date (else the signed date) used to order the chain.';
COMMENT ON COLUMN documents.raise_total_wan IS 'Raise cap stated by this version, 万元.';
COMMENT ON COLUMN documents.raise_total_unit IS 'Unit the cap is printed in (元, 万元, 亿元, ...); NULL when the evidence line does not show the number.';
COMMENT ON COLUMN documents.raise_total_text IS 'The cap''s digits as printed.';
COMMENT ON COLUMN documents.raise_total_page IS 'Page the cap was read from.';
COMMENT ON COLUMN documents.raise_total_evidence_text IS 'The sentence the cap was read from.';
COMMENT ON COLUMN documents.project_count IS 'Number of projects in its project table (0 when it has none).';
COMMENT ON COLUMN documents.budget_line_count IS 'Number of budget lines over all its projects.';
COMMENT ON COLUMN documents.parse_status IS 'ok | warn (parsed, with warnings) | failed (could not be read; see warnings).';
COMMENT ON COLUMN documents.warnings IS 'What the parser noticed and could not resolve, or why the file could not be read.';
COMMENT ON COLUMN documents.needs_ocr IS 'True when some page has no text layer (a scan).';
COMMENT ON COLUMN documents.pages IS 'Number of pages.';
COMMENT ON COLUMN documents.pages_without_text IS 'Pages with no text layer.';
COMMENT ON COLUMN documents.local_path IS 'Path of the raw file of the preferred copy, relative to the data home.';
COMMENT ON COLUMN documents.sha256 IS 'SHA-256 of the raw file of the preferred copy.';
COMMENT ON COLUMN documents.parser_version IS 'Parser version that produced the parse (part of the parse cache key).';
COMMENT ON COLUMN documents.taxonomy_version IS 'Taxonomy version the parse was made with (part of the parse cache key).';
COMMENT ON COLUMN documents.industry IS 'Industry where the catalog gives one.';
COMMENT ON COLUMN documents.period_end IS 'Date a use report is made up to (截至2024年6月30日; a printed month is its last day); NULL for other documents.';
COMMENT ON COLUMN documents.link_rule IS 'How a document after the raise was linked to its raise: named (the year and type it names are the plan''s) | named_issue_year (it names the year after the plan''s, when the money arrived) | projects (the projects it names are the raise''s) | running (it names no year: the company''s latest raise of that type before it) | ipo (it reports only on IPO money, kept apart) | unlinked. NULL for plan documents.';
COMMENT ON COLUMN documents.dq_status IS 'Data quality: ok, or warn when a warning expectation failed on this document (expectations/*.json; the build is not published when a blocking one fails); the row is kept either way.';
COMMENT ON COLUMN documents.dq_reason IS 'Why it is flagged: <check> (column=value, ...) per failed expectation, joined by ''; ''; NULL when dq_status = ''ok''. Details in dq_results.';

CREATE TABLE offerings (
    offering_id             VARCHAR PRIMARY KEY,
    code                    VARCHAR NOT NULL,
    short_name              VARCHAR,
    offering_type           VARCHAR NOT NULL,
    plan_year               INTEGER,
    first_date              DATE,
    last_date               DATE,
    document_count          INTEGER NOT NULL,
    version_count           INTEGER,
    chain                   VARCHAR[] NOT NULL,
    latest_document_id      VARCHAR,
    first_raise_total_wan   DECIMAL(18,2),
    latest_raise_total_wan  DECIMAL(18,2),
    raise_change_wan        DECIMAL(18,2),
    stage                   VARCHAR,
    industry                VARCHAR,
    themes                  VARCHAR[] NOT NULL,
    status                  VARCHAR NOT NULL,
    status_date             DATE,
    status_document_id      VARCHAR,
    dq_status               VARCHAR NOT NULL,
    dq_reason               VARCHAR
);
COMMENT ON TABLE offerings IS 'One row per raise: a company, an offering type and the year its plan names; revisions, adjustment notices and statements of the same raise belong to it, a later raise is a new row.';
COMMENT ON COLUMN offerings.offering_id IS '<code>-<offering_type>-<plan_year>, with -2, -3 ... for a second raise of the same type and year.';
COMMENT ON COLUMN offerings.code IS 'Security code of the company.';
COMMENT ON COLUMN offerings.short_name IS 'Short name in its most recent document.';
COMMENT ON COLUMN offerings.offering_type IS 'specific_targets | simplified | convertible_bond | other (other also when no document says).';
COMMENT ON COLUMN offerings.plan_year IS 'Year the plan names in its titles, else the year its first document was published.';
COMMENT ON COLUMN offerings.first_date IS 'Publication date of its first document.';
COMMENT ON COLUMN offerings.last_date IS 'Publication date of its latest document.';
COMMENT ON COLUMN offerings.document_count IS 'Number of documents in the chain.';
COMMENT ON COLUMN offerings.version_count IS 'Number of versions (publication days) in the chain.';
COMMENT ON COLUMN offerings.chain IS 'document_ids of its plan documents in chain order: date, first-version plans first, then revision, kind (documents after the raise are linked through documents.offering_id).';
COMMENT ON COLUMN offerings.latest_document_id IS 'The latest plan (offering_latest.document_id).';
COMMENT ON COLUMN offerings.first_raise_total_wan IS 'Cap stated by the first document that states one, 万元.';
COMMENT ON COLUMN offerings.latest_raise_total_wan IS 'Cap stated by the latest document that states one, 万元.';
COMMENT ON COLUMN offerings.raise_change_wan IS 'latest_raise_total_wan - first_raise_total_wan, 万元 (negative when the raise was cut).';
COMMENT ON COLUMN offerings.stage IS 'Furthest stage reached: 预案, 调整, 修订稿, 二次修订稿, 申报稿, 注册稿, ...';
COMMENT ON COLUMN offerings.industry IS 'Industry of the company where known.';
COMMENT ON COLUMN offerings.themes IS 'Theme tags of any of its projects, sorted.';
COMMENT ON COLUMN offerings.status IS 'issued (a document states the money raised, or reports on spending it) | withdrawn (a notice ended it without money) | planned (neither: not issued as of status_date; filings alone cannot tell a lapsed approval from a raise still under way).';
COMMENT ON COLUMN offerings.status_date IS 'issued: the date the money was received (else the first document reporting on it); withdrawn: the notice''s publication date; planned: the publication date of its latest plan version, the filing it is not issued as of.';
COMMENT ON COLUMN offerings.status_document_id IS 'The document the status rests on: the one stating the money, the withdrawal notice, or the document speaking for its latest plan version.';
COMMENT ON COLUMN offerings.dq_status IS 'Data quality: ok, or warn when a warning expectation failed on this raise or on its latest plan (expectations/*.json; the build is not published when a blocking one fails); the row is kept either way.';
COMMENT ON COLUMN offerings.dq_reason IS 'Why it is flagged: <check> (column=value, ...) per failed expectation, or via <document_id>: <checks> when its latest plan or budget-mix document is flagged, joined by ''; ''; NULL when dq_status = ''ok''. Details in dq_results.';

CREATE TABLE projects (
    document_id            VARCHAR NOT NULL,
    source                 VARCHAR NOT NULL,
    announcement_id        VARCHAR NOT NULL,
    seq                    INTEGER NOT NULL,
    name                   VARCHAR NOT NULL,
    type                   VARCHAR NOT NULL,
    type_rule              INTEGER,
    themes                 VARCHAR[] NOT NULL,
    total_investment_wan   DECIMAL(18,2),
    total_investment_unit  VARCHAR,
    total_investment_text  VARCHAR,
    proceeds_wan           DECIMAL(18,2),
    proceeds_unit          VARCHAR,
    proceeds_text          VARCHAR,
    construction_months    INTEGER,
    location               VARCHAR,
    entity                 VARCHAR,
    budget_line_count      INTEGER NOT NULL,
    evidence_page          INTEGER,
    evidence_text          VARCHAR,
    dq_status              VARCHAR NOT NULL,
    dq_reason              VARCHAR,
    PRIMARY KEY (document_id, seq)
);
COMMENT ON TABLE projects IS 'Projects a document''s raise pays for, in printed order (合计 rows excluded).';
COMMENT ON COLUMN projects.document_id IS 'Document the project is listed in (documents.document_id).';
COMMENT ON COLUMN projects.source IS 'Disclosure site of the document''s preferred copy.';
COMMENT ON COLUMN projects.announcement_id IS 'Announcement id of the document''s preferred copy.';
COMMENT ON COLUMN projects.seq IS 'Position in the project table, from 1.';
COMMENT ON COLUMN projects.name IS 'Project name as printed (wrapped cells joined).';
COMMENT ON COLUMN projects.type IS 'Project type from pipeline/taxonomy/project_types.csv (other when no rule fired).';
COMMENT ON COLUMN projects.type_rule IS 'Row of project_types.csv that decided the type (taxonomy_project_types.position); NULL when none fired.';
COMMENT ON COLUMN projects.themes IS 'Theme tags from pipeline/taxonomy/themes.csv, in file order.';
COMMENT ON COLUMN projects.total_investment_wan IS 'Total investment of the project, 万元.';
COMMENT ON COLUMN projects.total_investment_unit IS 'Unit the total investment is printed in; NULL when the evidence line does not show it.';
COMMENT ON COLUMN projects.total_investment_text IS 'The total investment''s digits as printed.';
COMMENT ON COLUMN projects.proceeds_wan IS 'Part of the raise to be spent on it, 万元.';
COMMENT ON COLUMN projects.proceeds_unit IS 'Unit the proceeds are printed in; NULL when the evidence line does not show them.';
COMMENT ON COLUMN projects.proceeds_text IS 'The proceeds'' digits as printed.';
COMMENT ON COLUMN projects.construction_months IS 'Construction or implementation period in months, where stated.';
COMMENT ON COLUMN projects.location IS 'Where it is built or carried out, where stated.';
COMMENT ON COLUMN projects.entity IS 'Implementing entity (实施主体), where stated.';
COMMENT ON COLUMN projects.budget_line_count IS 'Number of lines in its budget breakdown (0 when the document gives none).';
COMMENT ON COLUMN projects.evidence_page IS 'Page of the filing the row was read from.';
COMMENT ON COLUMN projects.evidence_text IS 'The line of text the row was read from.';
COMMENT ON COLUMN projects.dq_status IS 'Data quality: ok, or warn when a warning expectation failed on this project (expectations/*.json; the build is not published when a blocking one fails); the row is kept either way.';
COMMENT ON COLUMN projects.dq_reason IS 'Why it is flagged: <check> (column=value, ...) per failed expectation, joined by ''; ''; NULL when dq_status = ''ok''. Details in dq_results.';

CREATE TABLE budget_lines (
    document_id      VARCHAR NOT NULL,
    source           VARCHAR NOT NULL,
    announcement_id  VARCHAR NOT NULL,
    project_seq      INTEGER NOT NULL,
    line_no          INTEGER NOT NULL,
    item             VARCHAR NOT NULL,
    category         VARCHAR NOT NULL,
    category_rule    INTEGER,
    amount_wan       DECIMAL(18,2),
    amount_unit      VARCHAR,
    amount_text      VARCHAR,
    proceeds_wan     DECIMAL(18,2),
    proceeds_unit    VARCHAR,
    proceeds_text    VARCHAR,
    evidence_page    INTEGER,
    evidence_text    VARCHAR,
    dq_status        VARCHAR NOT NULL,
    dq_reason        VARCHAR,
    PRIMARY KEY (document_id, project_seq, line_no)
);
COMMENT ON TABLE budget_lines IS 'Leaf rows of each project''s budget breakdown (sub-totals and 合计 excluded).';
COMMENT ON COLUMN budget_lines.document_id IS 'Document the breakdown is printed in.';
COMMENT ON COLUMN budget_lines.source IS 'Disclosure site of the document''s preferred copy.';
COMMENT ON COLUMN budget_lines.announcement_id IS 'Announcement id of the document''s preferred copy.';
COMMENT ON COLUMN budget_lines.project_seq IS 'Project the line belongs to (projects.seq).';
COMMENT ON COLUMN budget_lines.line_no IS 'Position in the breakdown, from 1.';
COMMENT ON COLUMN budget_lines.item IS 'Budget item as printed.';
COMMENT ON COLUMN budget_lines.category IS 'Budget category from pipeline/taxonomy/budget_categories.csv (other when no rule fired).';
COMMENT ON COLUMN budget_lines.category_rule IS 'Row of budget_categories.csv that decided the category (taxonomy_budget_categories.position); NULL when none fired.';
COMMENT ON COLUMN budget_lines.amount_wan IS 'Amount of the item (investment column), 万元.';
COMMENT ON COLUMN budget_lines.amount_unit IS 'Unit the amount is printed in; NULL when the evidence line does not show it.';
COMMENT ON COLUMN budget_lines.amount_text IS 'The amount''s digits as printed.';
COMMENT ON COLUMN budget_lines.proceeds_wan IS 'Part paid from the raise where the table has that column, 万元.';
COMMENT ON COLUMN budget_lines.proceeds_unit IS 'Unit the proceeds are printed in.';
COMMENT ON COLUMN budget_lines.proceeds_text IS 'The proceeds'' digits as printed.';
COMMENT ON COLUMN budget_lines.evidence_page IS 'Page of the filing the line was read from.';
COMMENT ON COLUMN budget_lines.evidence_text IS 'The line of text it was read from.';
COMMENT ON COLUMN budget_lines.dq_status IS 'Data quality: ok, or warn when a warning expectation failed on this budget line (expectations/*.json; the build is not published when a blocking one fails); the row is kept either way.';
COMMENT ON COLUMN budget_lines.dq_reason IS 'Why it is flagged: <check> (column=value, ...) per failed expectation, joined by ''; ''; NULL when dq_status = ''ok''. Details in dq_results.';

CREATE TABLE offering_latest (
    offering_id              VARCHAR PRIMARY KEY,
    document_id              VARCHAR NOT NULL,
    detail_document_id       VARCHAR,
    code                     VARCHAR NOT NULL,
    short_name               VARCHAR,
    offering_type            VARCHAR NOT NULL,
    plan_year                INTEGER,
    version_no               INTEGER,
    version_count            INTEGER,
    is_final_version         BOOLEAN,
    offering_stage           VARCHAR,
    kind                     VARCHAR,
    revision                 VARCHAR,
    title                    VARCHAR,
    version_date             DATE,
    raise_total_wan          DECIMAL(18,2),
    latest_stated_raise_wan  DECIMAL(18,2),
    project_count            INTEGER,
    budget_line_count        INTEGER,
    themes                   VARCHAR[],
    industry                 VARCHAR,
    url                      VARCHAR,
    dq_status                VARCHAR NOT NULL,
    dq_reason                VARCHAR
);
COMMENT ON TABLE offering_latest IS 'The latest plan of each offering, what a benchmark should use: the newest document with a project table (budgets and a cap preferred within a day), else the newest readable document.';
COMMENT ON COLUMN offering_latest.offering_id IS 'The raise (offerings.offering_id).';
COMMENT ON COLUMN offering_latest.document_id IS 'Its latest plan (documents.document_id).';
COMMENT ON COLUMN offering_latest.detail_document_id IS 'Newest document of the raise with a budget breakdown (the latest plan itself when it has one); budget mixes are read from it. NULL when no document gives a breakdown.';
COMMENT ON COLUMN offering_latest.code IS 'Security code.';
COMMENT ON COLUMN offering_latest.short_name IS 'Short name as the document prints it.';
COMMENT ON COLUMN offering_latest.offering_type IS 'Offering type of the raise.';
COMMENT ON COLUMN offering_latest.plan_year IS 'Year of the raise (offerings.plan_year).';
COMMENT ON COLUMN offering_latest.version_no IS 'Version the latest plan belongs to.';
COMMENT ON COLUMN offering_latest.version_count IS 'Number of versions of the raise.';
COMMENT ON COLUMN offering_latest.is_final_version IS 'False when later versions exist that carry no project table (e.g. a notice stating only a new cap).';
COMMENT ON COLUMN offering_latest.offering_stage IS 'Furthest stage the raise reached (offerings.stage).';
COMMENT ON COLUMN offering_latest.kind IS 'Kind of the latest plan document.';
COMMENT ON COLUMN offering_latest.revision IS 'Revision label of the latest plan document.';
COMMENT ON COLUMN offering_latest.title IS 'Title of the latest plan document.';
COMMENT ON COLUMN offering_latest.version_date IS 'Publication date of the latest plan document.';
COMMENT ON COLUMN offering_latest.raise_total_wan IS 'Cap the latest plan states, 万元.';
COMMENT ON COLUMN offering_latest.latest_stated_raise_wan IS 'Cap stated by the newest document stating one (may be newer than the plan), 万元.';
COMMENT ON COLUMN offering_latest.project_count IS 'Projects in the latest plan.';
COMMENT ON COLUMN offering_latest.budget_line_count IS 'Budget lines in the latest plan.';
COMMENT ON COLUMN offering_latest.themes IS 'Theme tags of the raise (offerings.themes).';
COMMENT ON COLUMN offering_latest.industry IS 'Industry where known.';
COMMENT ON COLUMN offering_latest.url IS 'URL of the latest plan document on its preferred site.';
COMMENT ON COLUMN offering_latest.dq_status IS 'Data quality: ok, or warn when a warning expectation failed on this raise or on its latest plan (expectations/*.json; the build is not published when a blocking one fails); the row is kept either way.';
COMMENT ON COLUMN offering_latest.dq_reason IS 'Why it is flagged: <check> (column=value, ...) per failed expectation, or via <document_id>: <checks> when its latest plan or budget-mix document is flagged, joined by ''; ''; NULL when dq_status = ''ok''. Details in dq_results.';

CREATE TABLE offering_changes (
    offering_id         VARCHAR NOT NULL,
    change_no           INTEGER NOT NULL,
    from_version        INTEGER NOT NULL,
    to_version          INTEGER NOT NULL,
    from_document_id    VARCHAR NOT NULL,
    to_document_id      VARCHAR NOT NULL,
    from_stage          VARCHAR,
    to_stage            VARCHAR,
    from_date           DATE,
    to_date             DATE,
    change              VARCHAR NOT NULL,
    project_before      VARCHAR,
    project_after       VARCHAR,
    project_seq_before  INTEGER,
    project_seq_after   INTEGER,
    amount_before_wan   DECIMAL(18,2),
    amount_after_wan    DECIMAL(18,2),
    delta_wan           DECIMAL(18,2),
    name_similarity     DOUBLE,
    PRIMARY KEY (offering_id, change_no)
);
COMMENT ON TABLE offering_changes IS 'What changed between consecutive versions of a raise: the cap cut or increased, projects dropped, added, renamed (names that differ slightly) or resized.';
COMMENT ON COLUMN offering_changes.offering_id IS 'The raise (offerings.offering_id).';
COMMENT ON COLUMN offering_changes.change_no IS 'Order of the change within the raise, from 1.';
COMMENT ON COLUMN offering_changes.from_version IS 'Version before the change (documents.version_no).';
COMMENT ON COLUMN offering_changes.to_version IS 'Version after the change.';
COMMENT ON COLUMN offering_changes.from_document_id IS 'Document that speaks for the version before.';
COMMENT ON COLUMN offering_changes.to_document_id IS 'Document that speaks for the version after.';
COMMENT ON COLUMN offering_changes.from_stage IS 'Stage label of the version before (预案, 修订稿, 调整, ...).';
COMMENT ON COLUMN offering_changes.to_stage IS 'Stage label of the version after.';
COMMENT ON COLUMN offering_changes.from_date IS 'Publication date of the version before.';
COMMENT ON COLUMN offering_changes.to_date IS 'Publication date of the version after.';
COMMENT ON COLUMN offering_changes.change IS 'raise_cut | raise_increased | project_dropped | project_added | project_renamed | project_resized.';
COMMENT ON COLUMN offering_changes.project_before IS 'Project name in the version before (NULL for raise changes and added projects).';
COMMENT ON COLUMN offering_changes.project_after IS 'Project name in the version after (NULL for raise changes and dropped projects).';
COMMENT ON COLUMN offering_changes.project_seq_before IS 'Its position in the project table before.';
COMMENT ON COLUMN offering_changes.project_seq_after IS 'Its position in the project table after.';
COMMENT ON COLUMN offering_changes.amount_before_wan IS 'Cap (raise changes) or project proceeds, else total investment (project changes) before, 万元.';
COMMENT ON COLUMN offering_changes.amount_after_wan IS 'The same amount after, 万元.';
COMMENT ON COLUMN offering_changes.delta_wan IS 'amount_after_wan - amount_before_wan, a missing side counted as 0, 万元.';
COMMENT ON COLUMN offering_changes.name_similarity IS 'For renames: 1 - edit distance / longer name length (names compared without spaces, punctuation and a trailing 项目).';

CREATE TABLE peer_metrics (
    offering_id                 VARCHAR PRIMARY KEY,
    document_id                 VARCHAR NOT NULL,
    detail_document_id          VARCHAR,
    code                        VARCHAR NOT NULL,
    short_name                  VARCHAR,
    offering_type               VARCHAR NOT NULL,
    plan_year                   INTEGER,
    industry                    VARCHAR,
    themes                      VARCHAR[],
    raise_total_wan             DECIMAL(18,2),
    project_count               INTEGER,
    total_investment_wan        DECIMAL(18,2),
    proceeds_wan                DECIMAL(18,2),
    proceeds_ratio              DOUBLE,
    budget_amount_wan           DECIMAL(18,2),
    share_site                  DOUBLE,
    share_equipment             DOUBLE,
    share_software              DOUBLE,
    share_staff                 DOUBLE,
    share_rnd_expense           DOUBLE,
    share_working_capital       DOUBLE,
    share_contingency           DOUBLE,
    share_other                 DOUBLE,
    type_share_rnd              DOUBLE,
    type_share_capacity         DOUBLE,
    type_share_working_capital  DOUBLE,
    type_share_facilities       DOUBLE,
    type_share_acquisition      DOUBLE,
    type_share_marketing        DOUBLE,
    type_share_it_systems       DOUBLE,
    type_share_other            DOUBLE,
    construction_months_max     INTEGER,
    construction_months_avg     DOUBLE,
    raised_share_of_cap         DOUBLE,
    spend_share                 DOUBLE,
    elapsed_share               DOUBLE,
    spend_gap                   DOUBLE,
    months_since_received       DOUBLE,
    progress_as_of              DATE,
    projects_followed           INTEGER,
    projects_delayed            INTEGER,
    delayed_share               DOUBLE,
    moved_to_wc_wan             DECIMAL(18,2),
    moved_to_wc_share           DOUBLE,
    dq_status                   VARCHAR NOT NULL,
    dq_reason                   VARCHAR
);
COMMENT ON TABLE peer_metrics IS 'Per raise, measured on its latest plan: the figures a benchmark compares. Budget shares come from the newest document with a breakdown and are NULL when none has one. The spend and delay metrics come from the documents after the raise and are NULL where it has none.';
COMMENT ON COLUMN peer_metrics.offering_id IS 'The raise (offerings.offering_id).';
COMMENT ON COLUMN peer_metrics.document_id IS 'The latest plan the metrics are measured on.';
COMMENT ON COLUMN peer_metrics.detail_document_id IS 'Document the budget shares are measured on (offering_latest.detail_document_id).';
COMMENT ON COLUMN peer_metrics.code IS 'Security code.';
COMMENT ON COLUMN peer_metrics.short_name IS 'Short name.';
COMMENT ON COLUMN peer_metrics.offering_type IS 'Offering type.';
COMMENT ON COLUMN peer_metrics.plan_year IS 'Year of the raise.';
COMMENT ON COLUMN peer_metrics.industry IS 'Industry where known.';
COMMENT ON COLUMN peer_metrics.themes IS 'Theme tags of the raise.';
COMMENT ON COLUMN peer_metrics.raise_total_wan IS 'Cap of the latest plan, 万元.';
COMMENT ON COLUMN peer_metrics.project_count IS 'Projects in the latest plan.';
COMMENT ON COLUMN peer_metrics.total_investment_wan IS 'Sum of the projects'' total investment (those that state one), 万元.';
COMMENT ON COLUMN peer_metrics.proceeds_wan IS 'Sum of the projects'' proceeds, 万元.';
COMMENT ON COLUMN peer_metrics.proceeds_ratio IS 'Proceeds ÷ total investment over projects stating both (1.0 = the raise pays for everything).';
COMMENT ON COLUMN peer_metrics.budget_amount_wan IS 'Sum of all budget lines of the detail document, 万元.';
COMMENT ON COLUMN peer_metrics.share_site IS 'Share of the budget amount in category site (land, buildings, renovation, rent).';
COMMENT ON COLUMN peer_metrics.share_equipment IS 'Share of the budget amount in category equipment (equipment, hardware, compute).';
COMMENT ON COLUMN peer_metrics.share_software IS 'Share of the budget amount in category software (software, data, licences, cloud).';
COMMENT ON COLUMN peer_metrics.share_staff IS 'Share of the budget amount in category staff.';
COMMENT ON COLUMN peer_metrics.share_rnd_expense IS 'Share of the budget amount in category rnd_expense (materials, tests, outsourcing, services).';
COMMENT ON COLUMN peer_metrics.share_working_capital IS 'Share of the budget amount in category working_capital (铺底流动资金).';
COMMENT ON COLUMN peer_metrics.share_contingency IS 'Share of the budget amount in category contingency (预备费).';
COMMENT ON COLUMN peer_metrics.share_other IS 'Share of the budget amount in category other.';
COMMENT ON COLUMN peer_metrics.type_share_rnd IS 'Share of the proceeds going to projects of type rnd.';
COMMENT ON COLUMN peer_metrics.type_share_capacity IS 'Share of the proceeds going to projects of type capacity.';
COMMENT ON COLUMN peer_metrics.type_share_working_capital IS 'Share of the proceeds going to projects of type working_capital.';
COMMENT ON COLUMN peer_metrics.type_share_facilities IS 'Share of the proceeds going to projects of type facilities.';
COMMENT ON COLUMN peer_metrics.type_share_acquisition IS 'Share of the proceeds going to projects of type acquisition.';
COMMENT ON COLUMN peer_metrics.type_share_marketing IS 'Share of the proceeds going to projects of type marketing.';
COMMENT ON COLUMN peer_metrics.type_share_it_systems IS 'Share of the proceeds going to projects of type it_systems.';
COMMENT ON COLUMN peer_metrics.type_share_other IS 'Share of the proceeds going to projects of type other.';
COMMENT ON COLUMN peer_metrics.construction_months_max IS 'Longest construction period among its projects, months (from the detail document when the latest plan states none).';
COMMENT ON COLUMN peer_metrics.construction_months_avg IS 'Mean construction period of the projects that state one, months (same source as the maximum).';
COMMENT ON COLUMN peer_metrics.raised_share_of_cap IS 'After the raise: gross money raised ÷ the latest cap (raises_actual); NULL when no document states it.';
COMMENT ON COLUMN peer_metrics.spend_share IS 'After the raise: cumulative investment ÷ adjusted commitment over its built projects (working-capital lines left out), each at its latest use report; NULL without use reports.';
COMMENT ON COLUMN peer_metrics.elapsed_share IS 'After the raise: months since the money arrived ÷ construction months, each capped at 1, weighted by commitment over the projects that state both; NULL when unknown.';
COMMENT ON COLUMN peer_metrics.spend_gap IS 'After the raise: elapsed share minus spend share over the projects that state both (commitment-weighted): above 0 the spending lags the calendar; v_behind_schedule names projects whose gap exceeds analysis_thresholds.spend_gap_behind.';
COMMENT ON COLUMN peer_metrics.months_since_received IS 'After the raise: months from the money''s arrival to its latest use report''s period end.';
COMMENT ON COLUMN peer_metrics.progress_as_of IS 'After the raise: period end of its latest use report.';
COMMENT ON COLUMN peer_metrics.projects_followed IS 'After the raise: built projects its use reports or delay notices report on.';
COMMENT ON COLUMN peer_metrics.projects_delayed IS 'After the raise: of those, projects pushed back (a delay notice, or a ready date later than its first report gave).';
COMMENT ON COLUMN peer_metrics.delayed_share IS 'projects_delayed ÷ projects_followed.';
COMMENT ON COLUMN peer_metrics.moved_to_wc_wan IS 'After the raise: money notices moved to working capital (changes of use and completion surpluses), 万元; 0 when it has reports or notices and none moved any; NULL when nothing after the raise is known, or a move to working capital states no amount.';
COMMENT ON COLUMN peer_metrics.moved_to_wc_share IS 'moved_to_wc_wan ÷ net proceeds (else gross).';
COMMENT ON COLUMN peer_metrics.dq_status IS 'Data quality: ok, or warn when a warning expectation failed on this raise or on its latest plan (expectations/*.json; the build is not published when a blocking one fails); the row is kept either way.';
COMMENT ON COLUMN peer_metrics.dq_reason IS 'Why it is flagged: <check> (column=value, ...) per failed expectation, or via <document_id>: <checks> when its latest plan or budget-mix document is flagged, joined by ''; ''; NULL when dq_status = ''ok''. Details in dq_results.';

CREATE TABLE raises_actual (
    offering_id          VARCHAR PRIMARY KEY,
    code                 VARCHAR NOT NULL,
    short_name           VARCHAR,
    offering_type        VARCHAR NOT NULL,
    plan_year            INTEGER,
    document_id          VARCHAR NOT NULL,
    document_kind        VARCHAR NOT NULL,
    document_date        DATE,
    offering_hint        VARCHAR,
    link_rule            VARCHAR NOT NULL,
    cap_wan              DECIMAL(18,2),
    gross_wan            DECIMAL(18,2),
    gross_unit           VARCHAR,
    gross_text           VARCHAR,
    net_wan              DECIMAL(18,2),
    fees_wan             DECIMAL(18,2),
    received_date        DATE,
    shares               BIGINT,
    price_yuan           DOUBLE,
    raised_share_of_cap  DOUBLE,
    shortfall_wan        DECIMAL(18,2),
    stated_by            VARCHAR[] NOT NULL,
    figures_agree        BOOLEAN NOT NULL,
    evidence_page        INTEGER,
    evidence_text        VARCHAR,
    dq_status            VARCHAR NOT NULL,
    dq_reason            VARCHAR
);
COMMENT ON TABLE raises_actual IS 'What each raise actually raised, one row per raise with money: the figures of the issuance report, listing announcement or 验资 notice (else of a later document restating them), beside the cap it was planned at.';
COMMENT ON COLUMN raises_actual.offering_id IS 'The raise (offerings.offering_id).';
COMMENT ON COLUMN raises_actual.code IS 'Security code.';
COMMENT ON COLUMN raises_actual.short_name IS 'Short name.';
COMMENT ON COLUMN raises_actual.offering_type IS 'Offering type of the raise.';
COMMENT ON COLUMN raises_actual.plan_year IS 'Year of the raise (offerings.plan_year).';
COMMENT ON COLUMN raises_actual.document_id IS 'The document the figures are read from (documents.document_id): an issuance_result first, then the earliest.';
COMMENT ON COLUMN raises_actual.document_kind IS 'Its kind (issuance_result, or a later document restating the figures).';
COMMENT ON COLUMN raises_actual.document_date IS 'Its publication date.';
COMMENT ON COLUMN raises_actual.offering_hint IS 'The raise as the document names it (2022年度向特定对象发行A股股票 ...).';
COMMENT ON COLUMN raises_actual.link_rule IS 'How the document was linked to the raise (documents.link_rule).';
COMMENT ON COLUMN raises_actual.cap_wan IS 'The raise''s latest stated cap (offerings.latest_raise_total_wan), 万元.';
COMMENT ON COLUMN raises_actual.gross_wan IS 'Money raised, gross (募集资金总额), 万元.';
COMMENT ON COLUMN raises_actual.gross_unit IS 'Unit the gross amount is printed in (元, 万元, ...); NULL when the evidence line does not show the number.';
COMMENT ON COLUMN raises_actual.gross_text IS 'The gross amount''s digits as printed.';
COMMENT ON COLUMN raises_actual.net_wan IS 'Net of issuance costs (募集资金净额), 万元.';
COMMENT ON COLUMN raises_actual.fees_wan IS 'gross_wan - net_wan: the issuance costs, 万元.';
COMMENT ON COLUMN raises_actual.received_date IS 'Date the money arrived in the company''s account (到账).';
COMMENT ON COLUMN raises_actual.shares IS 'Shares issued, where stated.';
COMMENT ON COLUMN raises_actual.price_yuan IS 'Issue price per share, 元, where stated.';
COMMENT ON COLUMN raises_actual.raised_share_of_cap IS 'gross_wan ÷ cap_wan.';
COMMENT ON COLUMN raises_actual.shortfall_wan IS 'cap_wan - gross_wan: how far the raise fell short of its cap, 万元 (negative above it).';
COMMENT ON COLUMN raises_actual.stated_by IS 'Every document linked to the raise that states its money, in date order.';
COMMENT ON COLUMN raises_actual.figures_agree IS 'True when every document stating the gross amount states the same.';
COMMENT ON COLUMN raises_actual.evidence_page IS 'Page the figures were read from.';
COMMENT ON COLUMN raises_actual.evidence_text IS 'The sentence the figures were read from.';
COMMENT ON COLUMN raises_actual.dq_status IS 'Data quality: ok, or warn when a warning expectation failed on this row (expectations/raises_actual.json); the row is kept either way.';
COMMENT ON COLUMN raises_actual.dq_reason IS 'Why it is flagged: <check> (column=value, ...) per failed expectation, joined by ''; ''; NULL when dq_status = ''ok''. Details in dq_results.';

CREATE TABLE project_progress (
    document_id            VARCHAR NOT NULL,
    row_no                 INTEGER NOT NULL,
    code                   VARCHAR,
    short_name             VARCHAR,
    report_date            DATE,
    period_end             DATE,
    offering_hint          VARCHAR,
    raise_kind             VARCHAR NOT NULL,
    offering_id            VARCHAR,
    link_rule              VARCHAR,
    seq                    INTEGER,
    project                VARCHAR,
    project_key            VARCHAR NOT NULL,
    planned_document_id    VARCHAR,
    planned_seq            INTEGER,
    planned_project        VARCHAR,
    name_similarity        DOUBLE,
    project_type           VARCHAR NOT NULL,
    is_working_capital     BOOLEAN NOT NULL,
    committed_wan          DECIMAL(18,2),
    adjusted_wan           DECIMAL(18,2),
    commitment_wan         DECIMAL(18,2),
    invested_period_wan    DECIMAL(18,2),
    invested_to_date_wan   DECIMAL(18,2),
    progress_pct           DOUBLE,
    ready_date             DATE,
    ready_date_text        VARCHAR,
    changed                BOOLEAN,
    received_date          DATE,
    construction_months    INTEGER,
    months_since_received  DOUBLE,
    spend_share            DOUBLE,
    elapsed_share          DOUBLE,
    spend_gap              DOUBLE,
    first_ready_date       DATE,
    delayed                BOOLEAN NOT NULL,
    completed              BOOLEAN NOT NULL,
    ready_date_passed      BOOLEAN NOT NULL,
    is_latest_report       BOOLEAN NOT NULL,
    evidence_page          INTEGER,
    evidence_text          VARCHAR,
    dq_status              VARCHAR NOT NULL,
    dq_reason              VARCHAR,
    PRIMARY KEY (document_id, row_no)
);
COMMENT ON TABLE project_progress IS 'Each project''s spending as each use report states it (one row per row of its 募集资金使用情况对照表, 小计/合计 excluded), linked to the raise its table names and the planned project it reports on. IPO money is kept apart (raise_kind = ipo, no offering).';
COMMENT ON COLUMN project_progress.document_id IS 'The use report (documents.document_id).';
COMMENT ON COLUMN project_progress.row_no IS 'Position of the row among the report''s progress rows, from 1 (over all its tables).';
COMMENT ON COLUMN project_progress.code IS 'Security code.';
COMMENT ON COLUMN project_progress.short_name IS 'Short name.';
COMMENT ON COLUMN project_progress.report_date IS 'Publication date of the report.';
COMMENT ON COLUMN project_progress.period_end IS 'Date the report is made up to (documents.period_end).';
COMMENT ON COLUMN project_progress.offering_hint IS 'The raise the row''s table names (首次公开发行股票, 2022年度向特定对象发行A股股票 ...).';
COMMENT ON COLUMN project_progress.raise_kind IS 'refinancing | ipo (首次公开发行 money: kept here, linked to no offering, left out of the views and peer metrics).';
COMMENT ON COLUMN project_progress.offering_id IS 'The raise the row reports on (offerings.offering_id); NULL for IPO money or a raise whose plan is not in the warehouse.';
COMMENT ON COLUMN project_progress.link_rule IS 'How the row''s table was linked to the raise (as documents.link_rule).';
COMMENT ON COLUMN project_progress.seq IS 'Row number as printed (序号).';
COMMENT ON COLUMN project_progress.project IS 'Project name as printed.';
COMMENT ON COLUMN project_progress.project_key IS 'Which project of the raise this is, across reports and notices: the planned project''s name (no spaces, punctuation or trailing 项目), else the printed name.';
COMMENT ON COLUMN project_progress.planned_document_id IS 'Plan document of the planned project it was matched to (its latest plan where the name is there).';
COMMENT ON COLUMN project_progress.planned_seq IS 'That project''s seq (projects.seq).';
COMMENT ON COLUMN project_progress.planned_project IS 'That project''s name in the plan.';
COMMENT ON COLUMN project_progress.name_similarity IS 'How alike the printed and planned names are (1 - edit distance / longer length; 0.9 when one holds the other); matches need at least 0.6.';
COMMENT ON COLUMN project_progress.project_type IS 'Project type of the planned project, else of the printed name (pipeline/taxonomy/project_types.csv).';
COMMENT ON COLUMN project_progress.is_working_capital IS 'True for working-capital lines (补充流动资金 and the like): spent at once, left out of spend rates and schedules.';
COMMENT ON COLUMN project_progress.committed_wan IS 'Committed amount (募集资金承诺投资总额), 万元.';
COMMENT ON COLUMN project_progress.adjusted_wan IS 'Adjusted amount (调整后投资总额), 万元; NULL when not printed.';
COMMENT ON COLUMN project_progress.commitment_wan IS 'adjusted_wan, else committed_wan: the commitment spending is measured against, 万元.';
COMMENT ON COLUMN project_progress.invested_period_wan IS 'Invested in the report''s period (本年度/本期投入金额), 万元.';
COMMENT ON COLUMN project_progress.invested_to_date_wan IS 'Cumulative investment to the period end (截至期末累计投入金额), 万元; interest earned on the proceeds is invested too, so it may exceed the commitment a little.';
COMMENT ON COLUMN project_progress.progress_pct IS 'Progress as printed (投入进度, %); reports measure it against the commitment due to date, which can differ from spend_share.';
COMMENT ON COLUMN project_progress.ready_date IS 'Date it is to be ready (达到预定可使用状态日期); a printed month is its last day; NULL for 不适用 and working-capital lines.';
COMMENT ON COLUMN project_progress.ready_date_text IS 'The ready date as printed.';
COMMENT ON COLUMN project_progress.changed IS 'Whether the report says the project changed or its feasibility changed materially; NULL when not printed.';
COMMENT ON COLUMN project_progress.received_date IS 'Date the raise''s money arrived (raises_actual.received_date).';
COMMENT ON COLUMN project_progress.construction_months IS 'Construction months of the planned project (from another version of the plan when its own does not state them).';
COMMENT ON COLUMN project_progress.months_since_received IS 'Calendar months from received_date to period_end (leftover days as a share of 30.4375).';
COMMENT ON COLUMN project_progress.spend_share IS 'invested_to_date_wan ÷ commitment_wan.';
COMMENT ON COLUMN project_progress.elapsed_share IS 'months_since_received ÷ construction_months: how much of the planned construction time has passed (above 1 when it is over).';
COMMENT ON COLUMN project_progress.spend_gap IS 'min(elapsed_share, 1) - spend_share for built projects: how far spending lags the calendar (negative: ahead). Behind when above analysis_thresholds.spend_gap_behind.';
COMMENT ON COLUMN project_progress.first_ready_date IS 'The ready date the earliest report on this project printed.';
COMMENT ON COLUMN project_progress.delayed IS 'Pushed back: its ready date is later than first_ready_date, or a delay notice for it came out by this report''s publication.';
COMMENT ON COLUMN project_progress.completed IS 'Fully spent (spend_share >= 1), or a completion notice for it came out by this report''s publication.';
COMMENT ON COLUMN project_progress.ready_date_passed IS 'Its ready date is before the period end and it is not completed.';
COMMENT ON COLUMN project_progress.is_latest_report IS 'True on the latest report (period end, then publication) on this project of this raise.';
COMMENT ON COLUMN project_progress.evidence_page IS 'Page of the report the row was read from.';
COMMENT ON COLUMN project_progress.evidence_text IS 'The line the row was read from.';
COMMENT ON COLUMN project_progress.dq_status IS 'Data quality: ok, or warn when a warning expectation failed on this row (expectations/project_progress.json); the row is kept either way.';
COMMENT ON COLUMN project_progress.dq_reason IS 'Why it is flagged: <check> (column=value, ...) per failed expectation, joined by ''; ''; NULL when dq_status = ''ok''. Details in dq_results.';

CREATE TABLE project_changes (
    document_id             VARCHAR NOT NULL,
    change_no               INTEGER NOT NULL,
    code                    VARCHAR,
    short_name              VARCHAR,
    notice_date             DATE,
    kind                    VARCHAR,
    offering_id             VARCHAR,
    link_rule               VARCHAR,
    project                 VARCHAR,
    project_key             VARCHAR NOT NULL,
    planned_document_id     VARCHAR,
    planned_seq             INTEGER,
    planned_project         VARCHAR,
    name_similarity         DOUBLE,
    new_project             VARCHAR,
    committed_before_wan    DECIMAL(18,2),
    committed_after_wan     DECIMAL(18,2),
    delta_wan               DECIMAL(18,2),
    amount_wan              DECIMAL(18,2),
    to_working_capital      BOOLEAN NOT NULL,
    to_working_capital_wan  DECIMAL(18,2),
    old_ready_date          DATE,
    new_ready_date          DATE,
    delay_months            DOUBLE,
    evidence_page           INTEGER,
    evidence_text           VARCHAR,
    dq_status               VARCHAR NOT NULL,
    dq_reason               VARCHAR,
    PRIMARY KEY (document_id, change_no)
);
COMMENT ON TABLE project_changes IS 'What notices after the raise did to its projects: commitments re-allocated (after a raise smaller than the cap), money moved to another use or to working capital, ready dates pushed back, projects completed with a surplus; one row per change, with the notice that made it.';
COMMENT ON COLUMN project_changes.document_id IS 'The notice (documents.document_id).';
COMMENT ON COLUMN project_changes.change_no IS 'Position of the change in the notice, from 1.';
COMMENT ON COLUMN project_changes.code IS 'Security code.';
COMMENT ON COLUMN project_changes.short_name IS 'Short name.';
COMMENT ON COLUMN project_changes.notice_date IS 'Publication date of the notice.';
COMMENT ON COLUMN project_changes.kind IS 'reallocation (commitment before → after) | delay (ready date moved) | change_of_use (money moved to new_project) | completion (结项; amount_wan the surplus).';
COMMENT ON COLUMN project_changes.offering_id IS 'The raise the notice belongs to (documents.offering_id).';
COMMENT ON COLUMN project_changes.link_rule IS 'How the notice was linked to the raise (documents.link_rule).';
COMMENT ON COLUMN project_changes.project IS 'Project the change is about, as printed.';
COMMENT ON COLUMN project_changes.project_key IS 'Which project of the raise this is (as project_progress.project_key).';
COMMENT ON COLUMN project_changes.planned_document_id IS 'Plan document of the planned project it was matched to.';
COMMENT ON COLUMN project_changes.planned_seq IS 'That project''s seq (projects.seq).';
COMMENT ON COLUMN project_changes.planned_project IS 'That project''s name in the plan.';
COMMENT ON COLUMN project_changes.name_similarity IS 'How alike the printed and planned names are (as project_progress.name_similarity).';
COMMENT ON COLUMN project_changes.new_project IS 'Where the money goes in a change of use (a new project, or 永久补充流动资金).';
COMMENT ON COLUMN project_changes.committed_before_wan IS 'Commitment before the change (拟投入募集资金, 调整前), 万元.';
COMMENT ON COLUMN project_changes.committed_after_wan IS 'Commitment after it (调整后), 万元.';
COMMENT ON COLUMN project_changes.delta_wan IS 'committed_after_wan - committed_before_wan, 万元 (negative: the project gets less).';
COMMENT ON COLUMN project_changes.amount_wan IS 'Money moved by a change of use, or the surplus (节余) of a completion, 万元.';
COMMENT ON COLUMN project_changes.to_working_capital IS 'True when the money goes to working capital (永久补充流动资金): the notice says so, or new_project is working capital by the taxonomy.';
COMMENT ON COLUMN project_changes.to_working_capital_wan IS 'amount_wan when it goes to working capital, 万元.';
COMMENT ON COLUMN project_changes.old_ready_date IS 'Ready date before a delay (a printed month is its last day).';
COMMENT ON COLUMN project_changes.new_ready_date IS 'Ready date after it.';
COMMENT ON COLUMN project_changes.delay_months IS 'Calendar months the ready date moved (leftover days as a share of 30.4375).';
COMMENT ON COLUMN project_changes.evidence_page IS 'Page of the notice the change was read from.';
COMMENT ON COLUMN project_changes.evidence_text IS 'The line it was read from.';
COMMENT ON COLUMN project_changes.dq_status IS 'Data quality: ok, or warn when a warning expectation failed on this row (expectations/project_changes.json); the row is kept either way.';
COMMENT ON COLUMN project_changes.dq_reason IS 'Why it is flagged: <check> (column=value, ...) per failed expectation, joined by ''; ''; NULL when dq_status = ''ok''. Details in dq_results.';

CREATE TABLE analysis_thresholds (
    name   VARCHAR PRIMARY KEY,
    value  DOUBLE NOT NULL,
    note   VARCHAR
);
COMMENT ON TABLE analysis_thresholds IS 'Thresholds the views and checks after the raise apply, from pipeline/normalise/actuals/thresholds.csv: edit the file, not the views.';
COMMENT ON COLUMN analysis_thresholds.name IS 'spend_gap_behind | overspend_allowance.';
COMMENT ON COLUMN analysis_thresholds.value IS 'Its value (a share: 0.25 is a quarter).';
COMMENT ON COLUMN analysis_thresholds.note IS 'What it decides and why it is set so.';

CREATE TABLE coverage (
    field       VARCHAR NOT NULL,
    measure     VARCHAR NOT NULL,
    classified  DOUBLE NOT NULL,
    total       DOUBLE NOT NULL,
    share       DOUBLE,
    PRIMARY KEY (field, measure)
);
COMMENT ON TABLE coverage IS 'Taxonomy coverage of this build: how much a rule of the mapping files classified (a rule may say other on purpose; the fallback does not count).';
COMMENT ON COLUMN coverage.field IS 'budget_category | project_type | theme (theme: projects with at least one tag).';
COMMENT ON COLUMN coverage.measure IS 'items (rows counted) | amount_wan (budget amount, or project proceeds, summed).';
COMMENT ON COLUMN coverage.classified IS 'Items or 万元 that a rule classified.';
COMMENT ON COLUMN coverage.total IS 'All items or 万元.';
COMMENT ON COLUMN coverage.share IS 'classified ÷ total; NULL when total is 0.';

CREATE TABLE unmapped_items (
    field                VARCHAR NOT NULL,
    text                 VARCHAR NOT NULL,
    occurrences          INTEGER NOT NULL,
    documents            INTEGER NOT NULL,
    amount_wan           DECIMAL(18,2),
    example_document_id  VARCHAR,
    example_page         INTEGER,
    PRIMARY KEY (field, text)
);
COMMENT ON TABLE unmapped_items IS 'Every budget item and project name no rule classified, with how often and how much: the work list for the next taxonomy edit.';
COMMENT ON COLUMN unmapped_items.field IS 'budget_category | project_type.';
COMMENT ON COLUMN unmapped_items.text IS 'The item or project name as printed.';
COMMENT ON COLUMN unmapped_items.occurrences IS 'Rows carrying it.';
COMMENT ON COLUMN unmapped_items.documents IS 'Documents it appears in.';
COMMENT ON COLUMN unmapped_items.amount_wan IS 'Budget amount (items) or proceeds (projects) it carries in total, 万元.';
COMMENT ON COLUMN unmapped_items.example_document_id IS 'One document it appears in.';
COMMENT ON COLUMN unmapped_items.example_page IS 'Page of that document.';

CREATE TABLE taxonomy_project_types (
    position          INTEGER PRIMARY KEY,
    value             VARCHAR NOT NULL,
    pattern           VARCHAR NOT NULL,
    note              VARCHAR,
    taxonomy_version  VARCHAR NOT NULL
);
COMMENT ON TABLE taxonomy_project_types IS 'pipeline/taxonomy/project_types.csv as loaded: the first rule whose pattern matches a project name decides its type.';
COMMENT ON COLUMN taxonomy_project_types.position IS 'Row of the rule in the file, from 1 (projects.type_rule).';
COMMENT ON COLUMN taxonomy_project_types.value IS 'Project type the rule assigns.';
COMMENT ON COLUMN taxonomy_project_types.pattern IS 'Regular expression matched against the NFKC-normalised name without white space.';
COMMENT ON COLUMN taxonomy_project_types.note IS 'Why the rule exists.';
COMMENT ON COLUMN taxonomy_project_types.taxonomy_version IS 'Version of the mapping files (manifest.json).';

CREATE TABLE taxonomy_budget_categories (
    position          INTEGER PRIMARY KEY,
    value             VARCHAR NOT NULL,
    pattern           VARCHAR NOT NULL,
    note              VARCHAR,
    taxonomy_version  VARCHAR NOT NULL
);
COMMENT ON TABLE taxonomy_budget_categories IS 'pipeline/taxonomy/budget_categories.csv as loaded: the first rule whose pattern matches a budget item decides its category.';
COMMENT ON COLUMN taxonomy_budget_categories.position IS 'Row of the rule in the file, from 1 (budget_lines.category_rule).';
COMMENT ON COLUMN taxonomy_budget_categories.value IS 'Budget category the rule assigns.';
COMMENT ON COLUMN taxonomy_budget_categories.pattern IS 'Regular expression matched against the NFKC-normalised item without white space.';
COMMENT ON COLUMN taxonomy_budget_categories.note IS 'Why the rule exists.';
COMMENT ON COLUMN taxonomy_budget_categories.taxonomy_version IS 'Version of the mapping files (manifest.json).';

CREATE TABLE taxonomy_themes (
    position          INTEGER PRIMARY KEY,
    value             VARCHAR NOT NULL,
    pattern           VARCHAR NOT NULL,
    note              VARCHAR,
    taxonomy_version  VARCHAR NOT NULL
);
COMMENT ON TABLE taxonomy_themes IS 'pipeline/taxonomy/themes.csv as loaded: every rule whose pattern matches a project name tags it.';
COMMENT ON COLUMN taxonomy_themes.position IS 'Row of the rule in the file, from 1.';
COMMENT ON COLUMN taxonomy_themes.value IS 'Theme tag the rule adds.';
COMMENT ON COLUMN taxonomy_themes.pattern IS 'Regular expression matched against the NFKC-normalised name without white space.';
COMMENT ON COLUMN taxonomy_themes.note IS 'What the theme covers.';
COMMENT ON COLUMN taxonomy_themes.taxonomy_version IS 'Version of the mapping files (manifest.json).';

CREATE TABLE taxonomy_values (
    field             VARCHAR NOT NULL,
    value             VARCHAR NOT NULL,
    label_zh          VARCHAR,
    label_en          VARCHAR,
    note              VARCHAR,
    taxonomy_version  VARCHAR NOT NULL,
    PRIMARY KEY (field, value)
);
COMMENT ON TABLE taxonomy_values IS 'pipeline/taxonomy/values.csv: every value a taxonomy may assign, with labels for display.';
COMMENT ON COLUMN taxonomy_values.field IS 'project_type | budget_category | theme.';
COMMENT ON COLUMN taxonomy_values.value IS 'The value as stored in the tables.';
COMMENT ON COLUMN taxonomy_values.label_zh IS 'Chinese label.';
COMMENT ON COLUMN taxonomy_values.label_en IS 'English label.';
COMMENT ON COLUMN taxonomy_values.note IS 'What the value covers.';
COMMENT ON COLUMN taxonomy_values.taxonomy_version IS 'Version of the mapping files (manifest.json).';

CREATE TABLE dq_runs (
    run_id           VARCHAR PRIMARY KEY,
    run_kind         VARCHAR NOT NULL,
    build_id         VARCHAR,
    started_at       TIMESTAMP NOT NULL,
    seconds          DOUBLE NOT NULL,
    outcome          VARCHAR NOT NULL,
    expectations     INTEGER NOT NULL,
    passed           INTEGER NOT NULL,
    failed_blocking  INTEGER NOT NULL,
    failed_warning   INTEGER NOT NULL,
    failing_rows     BIGINT NOT NULL,
    flagged_rows     BIGINT,
    failed_checks    VARCHAR[] NOT NULL,
    report_path      VARCHAR NOT NULL,
    gx_version       VARCHAR NOT NULL,
    suites_digest    VARCHAR NOT NULL
);
COMMENT ON TABLE dq_runs IS 'Data-quality runs (Great Expectations suites of expectations/): this build''s own run and the runs before it (blocked builds and starboard check included), the last 30 found under reports/dq/. About the build, not the data: not part of build_tables.';
COMMENT ON COLUMN dq_runs.run_id IS 'Run id (start time and process id); its report is reports/dq/<run_id>/index.html under the data home.';
COMMENT ON COLUMN dq_runs.run_kind IS 'build (the gate every starboard build passes before it publishes) | check (starboard check on a published build).';
COMMENT ON COLUMN dq_runs.build_id IS 'The build checked (build_info.build_id): for a build run the build being made, for a check run the build that was published.';
COMMENT ON COLUMN dq_runs.started_at IS 'When the run started (local time).';
COMMENT ON COLUMN dq_runs.seconds IS 'How long it took, seconds.';
COMMENT ON COLUMN dq_runs.outcome IS 'passed | warned (only warnings failed: rows flagged, build published) | blocked (a blocking expectation failed: the build was not published).';
COMMENT ON COLUMN dq_runs.expectations IS 'Expectations evaluated.';
COMMENT ON COLUMN dq_runs.passed IS 'Expectations that passed.';
COMMENT ON COLUMN dq_runs.failed_blocking IS 'Blocking expectations that failed (or could not be evaluated).';
COMMENT ON COLUMN dq_runs.failed_warning IS 'Warning expectations that failed.';
COMMENT ON COLUMN dq_runs.failing_rows IS 'Failing rows summed over the failed expectations (a row failing two counts twice).';
COMMENT ON COLUMN dq_runs.flagged_rows IS 'Rows set to dq_status = ''warn'' over all tables by this build; NULL for check runs and blocked builds, which flag nothing.';
COMMENT ON COLUMN dq_runs.failed_checks IS 'check_id of every failed expectation.';
COMMENT ON COLUMN dq_runs.report_path IS 'The run''s HTML report, relative to the data home (self-contained, readable offline).';
COMMENT ON COLUMN dq_runs.gx_version IS 'Great Expectations version that evaluated the suites.';
COMMENT ON COLUMN dq_runs.suites_digest IS 'SHA-256 over the suite files: runs with equal digests ran the same expectations.';

CREATE TABLE dq_results (
    run_id            VARCHAR NOT NULL,
    check_id          VARCHAR NOT NULL,
    suite             VARCHAR NOT NULL,
    expectation_type  VARCHAR NOT NULL,
    severity          VARCHAR NOT NULL,
    description       VARCHAR NOT NULL,
    columns           VARCHAR[] NOT NULL,
    kwargs            VARCHAR NOT NULL,
    success           BOOLEAN NOT NULL,
    checked_rows      BIGINT NOT NULL,
    failing_rows      BIGINT NOT NULL,
    failing_percent   DOUBLE,
    key_columns       VARCHAR[] NOT NULL,
    failing_keys      VARCHAR[] NOT NULL,
    failing_values    VARCHAR[] NOT NULL,
    flags             VARCHAR[] NOT NULL,
    error             VARCHAR,
    PRIMARY KEY (run_id, check_id)
);
COMMENT ON TABLE dq_results IS 'One row per run and expectation: what it checked, whether it passed, and the key and values of every failing row. Failing rows pair up by position: failing_keys[i] and failing_values[i] are one row.';
COMMENT ON COLUMN dq_results.run_id IS 'The run (dq_runs.run_id).';
COMMENT ON COLUMN dq_results.check_id IS 'Stable id of the expectation, <suite>.<name> (meta.check in expectations/<suite>.json).';
COMMENT ON COLUMN dq_results.suite IS 'Suite, named for the frame it checks: catalog | documents | projects | budget_lines | offerings | peer_metrics.';
COMMENT ON COLUMN dq_results.expectation_type IS 'Great Expectations expectation (expect_column_values_to_be_between, ...).';
COMMENT ON COLUMN dq_results.severity IS 'blocking (GX severity critical: a failure stops the build from being published) | warning (a failure flags the rows and the build is published).';
COMMENT ON COLUMN dq_results.description IS 'What the expectation asks, in words.';
COMMENT ON COLUMN dq_results.columns IS 'Columns of the checked frame it reads.';
COMMENT ON COLUMN dq_results.kwargs IS 'Its arguments as evaluated (suite parameters such as taxonomy value sets filled in), JSON.';
COMMENT ON COLUMN dq_results.success IS 'True when it passed; false when it failed or could not be evaluated (see error).';
COMMENT ON COLUMN dq_results.checked_rows IS 'Rows of the frame it was evaluated on.';
COMMENT ON COLUMN dq_results.failing_rows IS 'Rows that failed it (rows where it does not apply, such as unstated amounts, are not counted).';
COMMENT ON COLUMN dq_results.failing_percent IS 'failing_rows / checked_rows x 100; NULL when no rows were checked.';
COMMENT ON COLUMN dq_results.key_columns IS 'Columns that name a row of the checked frame (the keys of failing_keys).';
COMMENT ON COLUMN dq_results.failing_keys IS 'Key of each failing row as a JSON object, e.g. {"document_id": "cninfo:123", "seq": 2}.';
COMMENT ON COLUMN dq_results.failing_values IS 'Values the expectation read on each failing row (and the columns it shows beside them), JSON objects in the order of failing_keys.';
COMMENT ON COLUMN dq_results.flags IS 'Tables whose rows a failure flags dq_status = ''warn'' (empty for blocking expectations).';
COMMENT ON COLUMN dq_results.error IS 'Why it could not be evaluated (an exception inside GX, a missing column); NULL when it was.';

CREATE TABLE build_info (
    key    VARCHAR PRIMARY KEY,
    value  VARCHAR
);
COMMENT ON TABLE build_info IS 'When and from what this warehouse was built. The only table that differs between two builds of the same raw store (built_at, cache counts).';
COMMENT ON COLUMN build_info.key IS 'Name of the fact (built_at, build_id, parser_version, taxonomy_version, documents, parsed_now, from_cache, ...).';
COMMENT ON COLUMN build_info.value IS 'Its value.';

CREATE TABLE build_tables (
    table_name  VARCHAR PRIMARY KEY,
    row_count   BIGINT NOT NULL,
    checksum    VARCHAR NOT NULL
);
COMMENT ON TABLE build_tables IS 'Row count and content checksum of every other table of this build: equal checksums mean equal contents, so two builds can be compared (and a nightly report can say what changed) without reading them.';
COMMENT ON COLUMN build_tables.table_name IS 'Table the figures are of.';
COMMENT ON COLUMN build_tables.row_count IS 'Its number of rows.';
COMMENT ON COLUMN build_tables.checksum IS 'MD5 of the count, XOR and sum of its rows'' hashes: independent of row order, changed by any value (compare builds of one DuckDB version).';
