-- Receipts chained off the acknowledgement path (docs/inbound.md, "Acknowledgement"): a webhook's inbox row is
-- committed (and the webhook acknowledged) by one of several parallel writers, without the audit chain's head lock,
-- together with a row here; the receipt chainer then appends its RECEIVED audit row and deletes the row here, in one
-- transaction. A row stored but not chained yet (the process died in between) is chained at the next start. Workers
-- take only events without a row here, so an event's trail always begins with its receipt.
-- A table of its own rather than a flag on inbox_event: marking the event would rewrite its whole row, body
-- included (H2's MVStore and PostgreSQL's MVCC both write a new row version), doubling what each webhook writes.
CREATE TABLE inbox_receipt_pending (
    inbox_id BIGINT PRIMARY KEY
);
