-- Retention (docs/operations.md, "Retention"): an event's payload (headers, body, corrected body) is removed from the
-- inbox once the event is in a final state (done, ignored, discarded) for longer than finbridge.retention.payloads.
-- The row stays, with the SHA-256 of the body as received (also in the event's RECEIVED audit row), so the event, its
-- trail and the audit chain remain, and an archived payload can be proven to be the one received.
ALTER TABLE inbox_event ADD COLUMN payload_sha256 VARCHAR(64);
ALTER TABLE inbox_event ADD COLUMN payload_purged_at TIMESTAMP WITH TIME ZONE;
-- what the purge looks for: final events by the time they finished
CREATE INDEX ix_inbox_finished ON inbox_event (status, finished_at);
