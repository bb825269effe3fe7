-- 文件类型 of public government information: REGULATION (规章), NORMATIVE (行政规范性文件) or OTHER;
-- what table 2a of the annual report (年报) counts with 成文日期 and 有效性 (V10). NULL on every version
-- stored before and on news. Plain SQL that H2 2.x and PostgreSQL both accept.
ALTER TABLE item_version ADD COLUMN document_type VARCHAR(16);
