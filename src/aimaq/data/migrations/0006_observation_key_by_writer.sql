-- The observation key (kato, indicator_id, period, dims) is kept unique by the one writer,
-- Store.write_observations (a repeat with the same value is kept once, a different value
-- is refused naming the row), not by a primary-key index: DuckDB holds such an index in
-- memory while a batch is written and folds it in on commit, about 150 MB for an import
-- of a million rows. Same columns, same order, same defaults.
CREATE TABLE observation_keyed_by_writer (
    kato         VARCHAR NOT NULL,
    indicator_id VARCHAR NOT NULL,
    period       VARCHAR NOT NULL,
    value        DOUBLE,
    dims         VARCHAR NOT NULL DEFAULT '{}',
    batch_id     INTEGER NOT NULL,
    flag         VARCHAR,
    border_basis VARCHAR DEFAULT 'as_published'
);
INSERT INTO observation_keyed_by_writer
SELECT kato, indicator_id, period, value, dims, batch_id, flag, border_basis
FROM observation ORDER BY kato, indicator_id, period, dims;
DROP TABLE observation;
ALTER TABLE observation_keyed_by_writer RENAME TO observation;
