-- H2 persists an identity's high-water mark each time its cache of ids runs out (32 by default), in a commit of its
-- own that also makes every session re-parse its statements; under webhook load that was an extra disk commit every
-- 32 events. A crash skips at most the rest of a block (ids are never reused), which nothing relies on.
ALTER TABLE inbox_event ALTER COLUMN id SET CACHE 10000;
