-- H2 has no partial index: the flag leads, so the few rows not chained yet are found at the index's start
CREATE INDEX ix_inbox_unchained ON inbox_event (receipt_chained, id);
