-- Core data model: territories, indicators, observations and their lineage.
CREATE TABLE territory (
    kato        VARCHAR PRIMARY KEY,   -- 9-digit KATO code; '000000000' is the Republic
    parent_kato VARCHAR,
    level       VARCHAR NOT NULL,      -- country, region, district, okrug, settlement
    unit_type   VARCHAR,               -- the classifier's own type (village, rural_okrug, ...)
    name_kk     VARCHAR,
    name_ru     VARCHAR,
    name_en     VARCHAR,
    urban       BOOLEAN,               -- KATO urban/rural sign for settlements; NULL above
    valid_from  DATE,                  -- NULL: since before the data begin
    valid_to    DATE                   -- NULL: current
);

CREATE TABLE territory_change (
    old_kato VARCHAR NOT NULL,
    new_kato VARCHAR NOT NULL,
    date     DATE NOT NULL,
    kind     VARCHAR NOT NULL,         -- split, rename, merge, transfer
    note     VARCHAR
);

CREATE TABLE territory_alias (
    alias      VARCHAR NOT NULL,       -- a name or code as a source prints it
    normalised VARCHAR NOT NULL,       -- the lookup key (see aimaq.territory.names.normalise)
    kato       VARCHAR NOT NULL,
    source     VARCHAR NOT NULL        -- kato_kk, kato_ru, bns_2023, taldau, iso, en, ...
);

CREATE TABLE territory_tag (
    kato VARCHAR NOT NULL,
    tag  VARCHAR NOT NULL,             -- agglomeration_1, monotown, support_village, ...
    note VARCHAR
);

CREATE TABLE indicator (
    id           VARCHAR PRIMARY KEY,
    name_kk      VARCHAR,
    name_ru      VARCHAR,
    name_en      VARCHAR NOT NULL,
    unit         VARCHAR NOT NULL,
    polarity     SMALLINT NOT NULL,    -- +1 higher is better, -1 higher is worse, 0 neutral
    domain       VARCHAR NOT NULL,
    source       VARCHAR,
    taldau_index VARCHAR
);

CREATE SEQUENCE import_batch_seq START 1;

CREATE TABLE import_batch (
    batch_id    INTEGER PRIMARY KEY DEFAULT nextval('import_batch_seq'),
    source      VARCHAR NOT NULL,      -- file path, URL or dataset name
    sha256      VARCHAR NOT NULL,
    rows        INTEGER NOT NULL,
    imported_at TIMESTAMP NOT NULL,
    importer    VARCHAR NOT NULL,
    attribution VARCHAR                -- the publisher and table, as cited
);

CREATE TABLE observation (
    kato         VARCHAR NOT NULL,
    indicator_id VARCHAR NOT NULL,
    period       VARCHAR NOT NULL,     -- 'YYYY', 'YYYYQn', 'YYYY-MM' or 'YYYY-MM-DD'
    value        DOUBLE,               -- NULL only where the source says 'no data'
    dims         VARCHAR NOT NULL DEFAULT '{}',  -- canonical JSON of extra dimensions
    batch_id     INTEGER NOT NULL,
    PRIMARY KEY (kato, indicator_id, period, dims)
);
