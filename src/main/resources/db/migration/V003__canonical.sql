-- Canonical model: ownership watermarks and customer match keys.

-- The newest change applied to each field of each governed object: an owner's change older than the one recorded
-- here arrived late and is refused as stale (mappings/reference/ownership.yaml).
CREATE TABLE ownership_watermark (
    object_type    VARCHAR(50)  NOT NULL,
    object_key     VARCHAR(200) NOT NULL,
    field_name     VARCHAR(100) NOT NULL,
    source_system  VARCHAR(50)  NOT NULL,
    source_id      VARCHAR(200) NOT NULL,
    source_time    TIMESTAMP WITH TIME ZONE NOT NULL,
    recorded_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (object_type, object_key, field_name)
);

-- One row per normalized email or VAT number customer matching has seen. Odoo does not make partner emails unique,
-- so matchers of one key, on any instance, take this row's lock in turn; the partner found or created is noted.
CREATE TABLE customer_match_key (
    match_key    VARCHAR(320) PRIMARY KEY,
    partner_id   INTEGER,
    matched_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
