-- Finished runs older than store.keepHistory are removed in batches, oldest first. The index is
-- built in the migration's transaction: writes to runs wait while it is built (0.3 s for a million
-- runs on a 2-core machine).
CREATE INDEX runs_by_created ON runs (created_at);

-- Replies given up on go with the history of their time.
CREATE INDEX outbox_dead ON outbox (created_at) WHERE state = 'dead';
