-- Territory tags as data: each tag with its value, where it comes from, how it was made and
-- when it holds. Shipped tags have no batch; imported ones carry their import batch.
ALTER TABLE territory_tag ADD COLUMN value VARCHAR;        -- e.g. the neighbouring state(s)
ALTER TABLE territory_tag ADD COLUMN source VARCHAR;       -- the document or dataset
ALTER TABLE territory_tag ADD COLUMN method VARCHAR;       -- official list, derived: ..., synthetic, imported
ALTER TABLE territory_tag ADD COLUMN valid_from DATE;      -- NULL: since before the data begin
ALTER TABLE territory_tag ADD COLUMN valid_to DATE;        -- first day it no longer holds; NULL: holds
ALTER TABLE territory_tag ADD COLUMN batch_id INTEGER;     -- import_batch of an imported tag
