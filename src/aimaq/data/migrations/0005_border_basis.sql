-- The borders a value is on: 'as_published' (the unit as it was in the period) or
-- 'recalculated_to_current' (the publisher recalculated it to today's unit, e.g. Turkestan
-- Region in 2016, before it existed). The two are never mixed in one comparison.
ALTER TABLE observation ADD COLUMN border_basis VARCHAR DEFAULT 'as_published';
UPDATE observation SET border_basis = 'as_published' WHERE border_basis IS NULL;

-- Names of the codes of a dimension, as a source's code list gives them (Open SDG
-- translations/{kk,ru,en}): dimension 'age', code 'Y15T24', name 'age: 15-24 years old'.
CREATE TABLE dimension_code (
    dimension VARCHAR NOT NULL,
    code      VARCHAR NOT NULL,
    name_kk   VARCHAR,
    name_ru   VARCHAR,
    name_en   VARCHAR,
    source    VARCHAR,
    PRIMARY KEY (dimension, code)
);
