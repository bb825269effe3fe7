-- The annual disclosure reports (政府信息公开工作年度报告), one row per (year, format version): what
-- was entered (JSON of ReportEntries) and, once published, the figures Tongfa counted (JSON of
-- KnownFigures), frozen so that a past year keeps its numbers whatever is edited later. Plain SQL that
-- H2 2.x and PostgreSQL both accept.
CREATE TABLE annual_report (
    report_year         INT           NOT NULL,
    format_version      VARCHAR(16)   NOT NULL,
    entries_json        TEXT          NOT NULL,
    -- NULL until published; then the figures as they stood at publication
    figures_json        TEXT,
    published_at        TIMESTAMP WITH TIME ZONE,
    published_by        VARCHAR(64),
    updated_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_by          VARCHAR(64)   NOT NULL,
    PRIMARY KEY (report_year, format_version)
);
