-- Posting foundation: the binder (source record -> Odoo record) and the leases that serialize posting per key.

-- One row per source record Finbridge has written to Odoo: which record it became, the natural key that record
-- carries in Odoo (found again by it after a crash), its state there, and the values last written (what an update
-- compares with, so that an unchanged record writes nothing).
CREATE TABLE odoo_binding (
    source          VARCHAR(50)  NOT NULL,
    object_type     VARCHAR(50)  NOT NULL,
    source_id       VARCHAR(300) NOT NULL,
    entity          VARCHAR(50)  NOT NULL,
    odoo_model      VARCHAR(100) NOT NULL,
    odoo_id         INTEGER      NOT NULL,
    natural_key     VARCHAR(400),
    odoo_state      VARCHAR(30),
    source_version  VARCHAR(40),
    written_values  TEXT,
    bound_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (source, object_type, source_id, entity)
);
CREATE INDEX ix_binding_record ON odoo_binding (odoo_model, odoo_id);

-- A lease per key being posted (a binding key, a customer's email or VAT number): one holder at a time, on any
-- instance. Odoo does not deduplicate (ten parallel search-then-create calls gave ten partners), so Finbridge does.
-- The row outlives its lease: a key whose row exists but has no binding was tried before (and maybe created in Odoo
-- before a crash), so its natural key is searched in Odoo before anything is created.
CREATE TABLE posting_lock (
    lock_key          VARCHAR(500) PRIMARY KEY,
    holder_instance   VARCHAR(100),
    holder_token      VARCHAR(40),
    held_until        TIMESTAMP WITH TIME ZONE,
    first_claimed_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Events stored while no flow handled their type were marked DONE with an IGNORED audit entry; they get a status of
-- their own so that they can be re-driven once their flow exists.
UPDATE inbox_event SET status = 'IGNORED'
 WHERE status = 'DONE'
   AND (SELECT a.kind FROM audit_log a WHERE a.event_ref = inbox_event.id AND a.kind IN ('DONE', 'IGNORED')
         ORDER BY a.seq DESC LIMIT 1) = 'IGNORED';
