-- Why the last scheduled release of an item was refused at its time (a rule or no enabled channel),
-- shown with the item until it is scheduled or published again. The item itself went back to DRAFT.
ALTER TABLE item ADD COLUMN release_refused_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE item ADD COLUMN release_refused_reason VARCHAR(2000);
