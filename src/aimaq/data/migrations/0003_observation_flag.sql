-- Why a value is what it is, as the source marks it: NULL (a plain figure), 'absent'
-- ('-': the phenomenon does not exist, stored as 0), 'confidential' ('х', stored as NULL),
-- 'no_data' ('...', stored as NULL).
ALTER TABLE observation ADD COLUMN flag VARCHAR;
