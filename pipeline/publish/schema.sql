-- The published warehouse. Every column is commented: `docs/data-dictionary.md` and the
-- dashboard's SQL page are generated from these comments.
CREATE TABLE filings (
    source            VARCHAR NOT NULL,
    announcement_id   VARCHAR NOT NULL,
    code              VARCHAR,
    short_name        VARCHAR,
    full_name         VARCHAR,
    title             VARCHAR,
    kind              VARCHAR,
    revision          VARCHAR,
    doc_date          VARCHAR,
    offering          VARCHAR,
    published_at      TIMESTAMP,
    raise_total_wan   DECIMAL(18,2),
    project_count     INTEGER,
    parse_status      VARCHAR NOT NULL,
    warnings          VARCHAR[],
    needs_ocr         BOOLEAN,
    url               VARCHAR,
    local_path        VARCHAR,
    sha256            VARCHAR,
    PRIMARY KEY (source, announcement_id)
);
COMMENT ON TABLE filings IS 'One row per downloaded filing (announcement) and what its parse found.';
COMMENT ON COLUMN filings.source IS 'Disclosure site the file came from (cninfo, sse).';
COMMENT ON COLUMN filings.announcement_id IS 'The site''s own id of the announcement; the raw file is raw/<source>/<id>.pdf.';
COMMENT ON COLUMN filings.code IS 'Six-digit STAR-market security code (688xxx/689xxx).';
COMMENT ON COLUMN filings.short_name IS 'Security short name (证券简称) as printed in the filing.';
COMMENT ON COLUMN filings.full_name IS 'Company full legal name as printed in the filing.';
COMMENT ON COLUMN filings.title IS 'Document title as printed.';
COMMENT ON COLUMN filings.kind IS 'sci_tech_statement | plan | feasibility | demonstration | prospectus | adjustment | other.';
COMMENT ON COLUMN filings.revision IS 'Revision named in the title (修订稿, 二次修订稿, 注册稿, ...); NULL for the first version.';
COMMENT ON COLUMN filings.doc_date IS 'Date the document is signed (YYYY-MM-DD), else its cover month (YYYY-MM).';
COMMENT ON COLUMN filings.offering IS 'specific_targets | simplified | convertible_bond | other.';
COMMENT ON COLUMN filings.published_at IS 'When the site published it (Beijing time).';
COMMENT ON COLUMN filings.raise_total_wan IS 'Raise cap stated by this version, in 万元 (10,000 CNY).';
COMMENT ON COLUMN filings.project_count IS 'Number of projects in its project table.';
COMMENT ON COLUMN filings.parse_status IS 'ok | warn (parsed, with warnings) | failed (could not be read; see warnings).';
COMMENT ON COLUMN filings.warnings IS 'What the parser noticed and could not resolve.';
COMMENT ON COLUMN filings.needs_ocr IS 'True when some page has no text layer (a scan).';
COMMENT ON COLUMN filings.url IS 'Original URL of the file on the disclosure site.';
COMMENT ON COLUMN filings.local_path IS 'Path of the raw file, relative to the data home.';
COMMENT ON COLUMN filings.sha256 IS 'SHA-256 of the raw file.';

CREATE TABLE projects (
    source                VARCHAR NOT NULL,
    announcement_id       VARCHAR NOT NULL,
    seq                   INTEGER NOT NULL,
    name                  VARCHAR NOT NULL,
    type                  VARCHAR NOT NULL,
    total_investment_wan  DECIMAL(18,2),
    proceeds_wan          DECIMAL(18,2),
    construction_months   INTEGER,
    location              VARCHAR,
    entity                VARCHAR,
    themes                VARCHAR[],
    evidence_page         INTEGER,
    evidence_text         VARCHAR,
    PRIMARY KEY (source, announcement_id, seq)
);
COMMENT ON TABLE projects IS 'Projects a filing''s raise pays for, in printed order (合计 rows excluded).';
COMMENT ON COLUMN projects.source IS 'Disclosure site of the filing.';
COMMENT ON COLUMN projects.announcement_id IS 'Filing the project is listed in (filings.announcement_id).';
COMMENT ON COLUMN projects.seq IS 'Position in the project table, from 1.';
COMMENT ON COLUMN projects.name IS 'Project name as printed (wrapped cells joined).';
COMMENT ON COLUMN projects.type IS 'Project type from pipeline/taxonomy/project_types.csv.';
COMMENT ON COLUMN projects.total_investment_wan IS 'Total investment of the project, 万元.';
COMMENT ON COLUMN projects.proceeds_wan IS 'Part of the raise to be spent on it, 万元.';
COMMENT ON COLUMN projects.construction_months IS 'Construction or implementation period in months, where stated.';
COMMENT ON COLUMN projects.location IS 'Where it is built or carried out, where stated.';
COMMENT ON COLUMN projects.entity IS 'Implementing entity (实施主体), where stated.';
COMMENT ON COLUMN projects.themes IS 'Theme tags from pipeline/taxonomy/themes.csv.';
COMMENT ON COLUMN projects.evidence_page IS 'Page of the filing the row was read from.';
COMMENT ON COLUMN projects.evidence_text IS 'The line of text the row was read from.';

CREATE TABLE budget_lines (
    source            VARCHAR NOT NULL,
    announcement_id   VARCHAR NOT NULL,
    project_seq       INTEGER NOT NULL,
    line_no           INTEGER NOT NULL,
    item              VARCHAR NOT NULL,
    category          VARCHAR NOT NULL,
    amount_wan        DECIMAL(18,2),
    proceeds_wan      DECIMAL(18,2),
    evidence_page     INTEGER,
    evidence_text     VARCHAR,
    PRIMARY KEY (source, announcement_id, project_seq, line_no)
);
COMMENT ON TABLE budget_lines IS 'Leaf rows of each project''s budget breakdown (sub-totals and 合计 excluded).';
COMMENT ON COLUMN budget_lines.source IS 'Disclosure site of the filing.';
COMMENT ON COLUMN budget_lines.announcement_id IS 'Filing the breakdown is printed in.';
COMMENT ON COLUMN budget_lines.project_seq IS 'Project the line belongs to (projects.seq).';
COMMENT ON COLUMN budget_lines.line_no IS 'Position in the breakdown, from 1.';
COMMENT ON COLUMN budget_lines.item IS 'Budget item as printed.';
COMMENT ON COLUMN budget_lines.category IS 'Budget category from pipeline/taxonomy/budget_categories.csv.';
COMMENT ON COLUMN budget_lines.amount_wan IS 'Amount of the item (investment column), 万元.';
COMMENT ON COLUMN budget_lines.proceeds_wan IS 'Part paid from the raise where the table has that column, 万元.';
COMMENT ON COLUMN budget_lines.evidence_page IS 'Page of the filing the line was read from.';
COMMENT ON COLUMN budget_lines.evidence_text IS 'The line of text it was read from.';

CREATE TABLE build_info (
    key    VARCHAR PRIMARY KEY,
    value  VARCHAR
);
COMMENT ON TABLE build_info IS 'When and from what this warehouse was built.';
COMMENT ON COLUMN build_info.key IS 'Name of the fact (built_at, parser_version, taxonomy_version, filings).';
COMMENT ON COLUMN build_info.value IS 'Its value.';
