-- wrk script for bench/viewing.py: player beats from many signed-in people.
--
-- Environment: BENCH_PEOPLE (a file, one "sessionid csrftoken" line a person), BENCH_LESSON,
-- BENCH_SECONDS (how long to send), BENCH_THREADS (wrk -t).
-- Each wrk thread speaks for its own share of the people, in turn; each person's beats are the
-- next second of one viewing session, joined somewhere in its first 20 beats, one in 20 a pause. When BENCH_SECONDS are up no more requests are sent, but
-- the answers still on their way are waited for, so what was sent is exactly what was answered.
-- done() prints one JSON line: sent, answers by status, seconds from first send to last answer,
-- and latency percentiles in milliseconds.

local ffi = require("ffi")
ffi.cdef([[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clock_id, bench_timespec *tp);
]])
local MONOTONIC = 1
local clock = ffi.new("bench_timespec")
local function now()
  ffi.C.clock_gettime(MONOTONIC, clock)
  return tonumber(clock.tv_sec) + tonumber(clock.tv_nsec) / 1e9
end

local threads = {}
local thread_count = 0

function setup(thread)
  thread:set("number", thread_count)
  thread_count = thread_count + 1
  table.insert(threads, thread)
end

local people = {}
local sessions = {}
local seqs = {}
local turn = 0
local threads_total = tonumber(os.getenv("BENCH_THREADS") or "1")
local lesson = os.getenv("BENCH_LESSON") or "0"
local seconds = tonumber(os.getenv("BENCH_SECONDS") or "10")
local deadline = nil
-- One beat in PAUSE_EVERY is a pause: it carries statements (paused, the played segments).
local PAUSE_EVERY = 20
-- wrk asks for one request before the connections open, to check it: that one is never sent.
local checked = false
sent = 0
statuses = {}
first_sent = 0
last_answer = 0

local function uuid4()
  local hex = string.format(
    "%08x%08x%08x%08x",
    math.random(0, 0x7fffffff), math.random(0, 0x7fffffff),
    math.random(0, 0x7fffffff), math.random(0, 0x7fffffff)
  )
  return hex:sub(1, 8) .. "-" .. hex:sub(9, 12) .. "-4" .. hex:sub(14, 16) .. "-a"
    .. hex:sub(18, 20) .. "-" .. hex:sub(21, 32)
end

function init(args)
  local index = 0
  math.randomseed(os.time() * 1000 + number)
  for line in io.lines(os.getenv("BENCH_PEOPLE")) do
    if index % threads_total == number then
      local session, csrf = line:match("(%S+) (%S+)")
      table.insert(people, {
        headers = {
          ["Cookie"] = "sessionid=" .. session .. "; csrftoken=" .. csrf,
          ["X-CSRFToken"] = csrf,
          ["Content-Type"] = "application/json",
        },
      })
      table.insert(sessions, uuid4())
      -- People are somewhere in their viewing already: few beats open a session.
      table.insert(seqs, math.random(0, PAUSE_EVERY - 1))
    end
    index = index + 1
  end
end

function delay()
  checked = true
  if deadline and now() > deadline then
    return 3600 * 1000
  end
  return 0
end

function request()
  if checked and not deadline then
    first_sent = now()
    deadline = first_sent + seconds
  end
  turn = turn % #people + 1
  local person = people[turn]
  if checked then
    sent = sent + 1
  end
  local seq = seqs[turn] + 1
  seqs[turn] = seq
  local body = string.format(
    '{"lesson": %s, "session": "%s", "seq": %d, "segments": [[%d, %d]], "position": %d, '
      .. '"duration": 36000, "event": "%s", "rate": 1}',
    lesson, sessions[turn], seq, seq - 1, seq, seq,
    seq % PAUSE_EVERY == 0 and "pause" or "heartbeat"
  )
  return wrk.format("POST", "/api/v1/progress/", person.headers, body)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  last_answer = now()
end

function done(summary, latency, requests)
  local total_sent, started, ended = 0, math.huge, 0
  local by_status = {}
  for _, thread in ipairs(threads) do
    total_sent = total_sent + thread:get("sent")
    started = math.min(started, thread:get("first_sent"))
    ended = math.max(ended, thread:get("last_answer"))
    for status, count in pairs(thread:get("statuses")) do
      by_status[status] = (by_status[status] or 0) + count
    end
  end
  local parts = {}
  for status, count in pairs(by_status) do
    table.insert(parts, string.format('"%d": %d', status, count))
  end
  io.write(string.format(
    '{"sent": %d, "statuses": {%s}, "seconds": %.4f, "errors": %d, '
      .. '"p50": %.3f, "p95": %.3f, "p99": %.3f}\n',
    total_sent, table.concat(parts, ", "), ended - started,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000
  ))
end
