-- wrk script: Mattermost outgoing-webhook requests, each with a fresh post_id.
--
-- Environment (all optional):
--   BENCH_TOKEN    token field                      (default bench-token-0001)
--   BENCH_TEXT     text field; {id} becomes the post_id, so a reply can be traced back to its request
--   BENCH_PATH     request path                     (default /hooks/mattermost)
--   BENCH_RATE     total requests per second over all threads; 0 = as fast as answers come
--   BENCH_LIMIT    total webhook requests to send; 0 = until wrk -d ends. Once a thread has sent its
--                  share it sends nothing more and stops when the answers are in
--   BENCH_THREADS  the -t given to wrk (the rate and the limit are split evenly over threads)
--   BENCH_NONCE    8 lowercase letters/digits that make post ids unique across runs
--   BENCH_EXPECT   text every answer must contain (e.g. the program's output); answers without it are
--                  counted as unexpected
--   BENCH_OUT      file that done() writes its figures to, as shell assignments: wrk's own figures, and
--                  hooks_sent (webhooks sent), hooks_ok (answered 200), hooks_later (answered 200 with
--                  "{}" or "⏳ …": the reply comes later), hooks_failed (any other status), unexpected
local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
  int clock_gettime(int clock, bench_timespec *ts);
]]
local ts = ffi.new("bench_timespec")
local function now_ms()
  ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
  return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end

local function env(name, default)
  local v = os.getenv(name)
  if v == nil or v == "" then return default end
  return v
end

local function urlencode(s)
  return (s:gsub("[^%w%-%._~]", function(c)
    if c == " " then return "+" end
    return string.format("%%%02X", string.byte(c))
  end))
end

local token = env("BENCH_TOKEN", "bench-token-0001")
local text = env("BENCH_TEXT", "echo hello")
local path = env("BENCH_PATH", "/hooks/mattermost")
local rate = tonumber(env("BENCH_RATE", "0"))
local limit = tonumber(env("BENCH_LIMIT", "0"))
local nthreads = tonumber(env("BENCH_THREADS", "1"))
local nonce = env("BENCH_NONCE", "r0000000")
local trigger = text:match("^(%S+)") or ""
local expect = env("BENCH_EXPECT", nil)

-- main state: remember the threads so done() can add up their counters
local threads = {}
local next_tid = 0
function setup(thread)
  thread:set("tid", next_tid)
  next_tid = next_tid + 1
  table.insert(threads, thread)
end

-- thread state
local my_limit, interval, next_at
local seq = 0
local verified = false
sent, ok, failed, queued_answers, unexpected = 0, 0, 0, 0, 0
function init(args)
  my_limit = 0
  if limit > 0 then
    my_limit = math.floor(limit / nthreads)
    if tid < limit % nthreads then my_limit = my_limit + 1 end
  end
  if rate > 0 then interval = 1000.0 * nthreads / rate end
  next_at = 0
end

local static_headers = { ["Content-Type"] = "application/x-www-form-urlencoded" }
local filler = nil

function request()
  if my_limit > 0 and sent >= my_limit then
    if filler == nil then filler = wrk.format("GET", "/healthz") end
    return filler
  end
  -- wrk calls request() once on the first thread before the run, only to look at it
  if tid == 0 and not verified then
    verified = true
  else
    sent = sent + 1
  end
  seq = seq + 1
  local post_id = string.format("%s%02d%016d", nonce, tid, seq)
  local body = "token=" .. urlencode(token)
    .. "&team_id=benchteam0000000000000000&team_domain=bench"
    .. "&channel_id=benchchannel00000000000000&channel_name=town-square"
    .. "&timestamp=" .. os.time() -- seconds, as Mattermost sends it in form bodies
    .. "&user_id=benchuser000000000000000000&user_name=bench"
    .. "&post_id=" .. post_id
    .. "&text=" .. urlencode((text:gsub("{id}", post_id)))
    .. "&trigger_word=" .. urlencode(trigger)
    .. "&file_ids="
  return wrk.format("POST", path, static_headers, body)
end

-- wrk waits before each request only when this function exists: define it only when needed
if rate > 0 or limit > 0 then
  function delay()
    -- this thread has sent its share: park the connection until wrk -d ends (or the thread stops)
    if my_limit > 0 and sent >= my_limit then return 3600000 end
    if interval == nil then return 0 end
    local now = now_ms()
    -- fell behind (the server is slower than the rate): do not catch up in a burst
    if next_at < now - 2 * interval then next_at = now end
    next_at = next_at + interval
    local d = next_at - now
    if d < 0 then return 0 end
    return d
  end
end

function response(status, headers, body)
  if expect ~= nil and (body == nil or not body:find(expect, 1, true)) then
    unexpected = unexpected + 1
    if unexpected <= 3 and os.getenv("BENCH_DEBUG") then
      io.stderr:write("unexpected answer: ", tostring(body), "\n")
    end
  end
  if my_limit > 0 and body ~= nil and body:find("status", 1, true) and body:find('"ok"', 1, true) then
    -- an answer to the /healthz filler
  elseif status == 200 then
    ok = ok + 1
    if body ~= nil and (body == "{}" or body:find("\226\143\179", 1, true)) then
      -- answered later: an empty answer (the bot posts instead) or "⏳ …"
      queued_answers = queued_answers + 1
    elseif my_limit > 0 and os.getenv("BENCH_DEBUG") then
      io.stderr:write("answer: ", tostring(body), "\n")
    end
  else
    failed = failed + 1
  end
  if my_limit > 0 and ok + failed >= my_limit then wrk.thread:stop() end
end

function done(summary, latency, requests)
  local s_sent, s_ok, s_failed, s_queued, s_unexpected = 0, 0, 0, 0, 0
  for _, t in ipairs(threads) do
    s_sent = s_sent + (t:get("sent") or 0)
    s_ok = s_ok + (t:get("ok") or 0)
    s_failed = s_failed + (t:get("failed") or 0)
    s_queued = s_queued + (t:get("queued_answers") or 0)
    s_unexpected = s_unexpected + (t:get("unexpected") or 0)
  end
  local e = summary.errors
  local secs = summary.duration / 1e6
  local lines = {
    string.format("requests=%d", summary.requests),
    string.format("seconds=%.3f", secs),
    string.format("rps=%.1f", summary.requests / secs),
    string.format("errors=%d", e.connect + e.read + e.write + e.status + e.timeout),
    string.format("status_errors=%d", e.status),
    string.format("timeouts=%d", e.timeout),
    string.format("p50_ms=%.3f", latency:percentile(50) / 1000),
    string.format("p90_ms=%.3f", latency:percentile(90) / 1000),
    string.format("p99_ms=%.3f", latency:percentile(99) / 1000),
    string.format("p999_ms=%.3f", latency:percentile(99.9) / 1000),
    string.format("max_ms=%.3f", latency.max / 1000),
    string.format("hooks_sent=%d", s_sent),
    string.format("hooks_ok=%d", s_ok),
    string.format("hooks_failed=%d", s_failed),
    string.format("hooks_later=%d", s_queued),
    string.format("unexpected=%d", s_unexpected),
  }
  local out = os.getenv("BENCH_OUT")
  local text = table.concat(lines, "\n") .. "\n"
  if out ~= nil and out ~= "" then
    local f = assert(io.open(out, "w"))
    f:write(text)
    f:close()
  else
    io.write(text)
  end
end
