-- the chainer's queue: only the few rows not chained yet are in this index
CREATE INDEX ix_inbox_unchained ON inbox_event (id) WHERE NOT receipt_chained;
