-- Processes that share this database; a run whose owner stops heartbeating is an orphan.
CREATE TABLE instances (
  id        text PRIMARY KEY,
  last_seen timestamptz NOT NULL
);

-- Every execution of a command.
CREATE TABLE runs (
  seq              bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  id               text PRIMARY KEY,
  instance_id      text NOT NULL,
  ingress          text NOT NULL,
  team_id          text NOT NULL DEFAULT '',
  team_name        text NOT NULL DEFAULT '',
  channel_id       text NOT NULL DEFAULT '',
  channel_name     text NOT NULL DEFAULT '',
  user_id          text NOT NULL DEFAULT '',
  user_name        text NOT NULL DEFAULT '',
  post_id          text NOT NULL DEFAULT '',
  root_id          text NOT NULL DEFAULT '',
  command          text NOT NULL,
  arguments        text NOT NULL DEFAULT '',
  status           text NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed',
                                                   'timed_out', 'cancelled', 'interrupted')),
  exit_code        integer,
  created_at       timestamptz NOT NULL,
  started_at       timestamptz,
  finished_at      timestamptz,
  duration_ms      bigint,
  reply_state      text NOT NULL CHECK (reply_state IN ('none', 'inline', 'pending', 'delivered',
                                                        'failed')),
  reply_post_id    text NOT NULL DEFAULT '',
  cancel_requested boolean NOT NULL DEFAULT false
);

CREATE INDEX runs_by_channel ON runs (channel_id, created_at DESC, seq DESC);
CREATE INDEX runs_active_by_instance ON runs (instance_id) WHERE status IN ('queued', 'running');

-- Replies waiting to be delivered; any replica may deliver them.
CREATE TABLE outbox (
  seq             bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  id              text PRIMARY KEY,
  run_id          text NOT NULL,
  kind            text NOT NULL,
  payload         text NOT NULL,
  state           text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'dead')),
  created_at      timestamptz NOT NULL,
  next_attempt_at timestamptz NOT NULL,
  attempts        integer NOT NULL DEFAULT 0,
  last_error      text NOT NULL DEFAULT '',
  claimed_by      text,
  lease_until     timestamptz,
  delivered_at    timestamptz
);

CREATE INDEX outbox_due ON outbox (next_attempt_at, seq) WHERE state = 'pending';

-- Post ids and trigger ids already seen, so a post delivered twice runs once.
CREATE TABLE dedupe_keys (
  key        text PRIMARY KEY,
  run_id     text NOT NULL,
  expires_at timestamptz NOT NULL
);

-- Fixed rate-limit windows, one per key.
CREATE TABLE rate_windows (
  key          text PRIMARY KEY,
  window_start timestamptz NOT NULL,
  hits         integer NOT NULL
);

-- The built-in todo command's lists; numbers are never reused within a channel.
CREATE TABLE todo_counters (
  channel_id  text PRIMARY KEY,
  last_number integer NOT NULL
);

CREATE TABLE todos (
  channel_id text NOT NULL,
  number     integer NOT NULL,
  body       text NOT NULL,
  author     text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL,
  done       boolean NOT NULL DEFAULT false,
  done_at    timestamptz,
  PRIMARY KEY (channel_id, number)
);
