-- Finished runs older than store.keepHistory are removed in batches, oldest first.
CREATE INDEX runs_by_created ON runs (created_at);

-- Replies given up on go with the history of their time.
CREATE INDEX outbox_dead ON outbox (created_at) WHERE state = 'dead';
