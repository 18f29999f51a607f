-- System of Regional Standards: the settlement registry and the norm status of each
-- settlement by year. One registry is current at a time; an import replaces it whole.
CREATE TABLE srs_registry (
    batch_id    INTEGER PRIMARY KEY,   -- the import_batch row this registry came from
    synthetic   BOOLEAN NOT NULL,      -- true for the generated demonstration registry
    seed        INTEGER,               -- generator seed (synthetic only)
    catalogue   VARCHAR NOT NULL,      -- catalogue version the registry was checked against
    note        VARCHAR
);

CREATE TABLE srs_settlement (
    kato                   VARCHAR PRIMARY KEY,
    name_kk                VARCHAR,
    name_ru                VARCHAR,
    okrug_kato             VARCHAR,    -- NULL when the settlement sits outside any okrug
    district_kato          VARCHAR NOT NULL,
    region_kato            VARCHAR NOT NULL,
    urban                  BOOLEAN NOT NULL,
    category               VARCHAR NOT NULL,
    is_support_village     BOOLEAN NOT NULL,
    support_kato           VARCHAR,    -- the support village a satellite belongs to
    distance_to_support_km DOUBLE,
    lat                    DOUBLE,
    lon                    DOUBLE,
    batch_id               INTEGER NOT NULL
);

CREATE TABLE srs_population (
    kato       VARCHAR NOT NULL,
    year       INTEGER NOT NULL,
    population DOUBLE NOT NULL,
    batch_id   INTEGER NOT NULL,
    PRIMARY KEY (kato, year)
);

CREATE TABLE srs_norm_status (
    kato        VARCHAR NOT NULL,
    year        INTEGER NOT NULL,
    norm_id     VARCHAR NOT NULL,
    present     BOOLEAN,              -- the object or service is in the settlement
    capacity    DOUBLE,               -- places, beds ... (capacity norms)
    distance_km DOUBLE,               -- to the nearest object (distance norms)
    minutes     DOUBLE,               -- travel or arrival time (time norms)
    batch_id    INTEGER NOT NULL,
    PRIMARY KEY (kato, year, norm_id)
);
