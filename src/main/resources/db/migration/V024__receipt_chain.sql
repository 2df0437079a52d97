-- Receipts chained off the acknowledgement path (docs/inbound.md, "Acknowledgement"): a webhook's inbox row is
-- committed (and the webhook acknowledged) by one of several parallel writers, without the audit chain's head lock;
-- the receipt chainer then appends its RECEIVED audit row and marks the row chained, in one transaction. A row stored
-- but not chained yet (the process died in between) is chained at the next start. Workers take only chained rows, so
-- an event's trail always begins with its receipt. Rows stored before this migration were chained when stored.
ALTER TABLE inbox_event ADD COLUMN receipt_chained BOOLEAN DEFAULT TRUE NOT NULL;
