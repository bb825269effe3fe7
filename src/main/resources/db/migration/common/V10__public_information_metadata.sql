-- Metadata of public government information (政府信息), entered by the editor with each version:
-- 成文日期 (the day the document was signed; distinct from the server-recorded first publication,
-- which can never be backdated), 有效性 (VALID / REPEALED / LAPSED, with the day it was repealed or
-- lapsed) and 主题分类 (a topic from tongfa.topics). NULL on every version stored before, and on items
-- that are not documents (news). Plain SQL that H2 2.x and PostgreSQL both accept.
ALTER TABLE item_version ADD COLUMN signed_on DATE;
ALTER TABLE item_version ADD COLUMN validity VARCHAR(16);
ALTER TABLE item_version ADD COLUMN validity_date DATE;
ALTER TABLE item_version ADD COLUMN topic VARCHAR(64);
