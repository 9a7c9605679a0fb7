-- Shared by the wrk scripts of the catalog benchmark (register.lua, get.lua, search.lua):
-- the vocabulary that registration writes and search reads, a monotonic clock, the bookkeeping
-- of every response status, and the one-line report that run.sh parses.
--
-- Bookkeeping lives in globals of each wrk thread's Lua state, because that is what the
-- main state can read back with thread:get() in done().

local common = {}

-- Vocabulary -----------------------------------------------------------------------------------

common.qualifiers = {
  "daily", "hourly", "weekly", "monthly", "raw", "clean", "curated", "aggregated",
  "snapshot", "incremental", "historical", "realtime",
}
common.subjects = {
  "customer", "order", "invoice", "payment", "shipment", "product", "inventory", "session",
  "click", "campaign", "subscription", "refund", "review", "supplier", "warehouse", "ticket",
  "account", "transaction", "device", "user", "merchant", "coupon", "basket", "delivery",
  "employee", "lead", "contract", "claim", "sensor", "store",
}
common.metrics = {
  "events", "features", "embeddings", "forecast", "summary", "metrics", "scores", "churn",
  "revenue", "latency", "funnel", "cohort", "ledger", "attribution", "anomalies",
}
common.regions = { "emea", "apac", "amer", "latam", "nordics", "dach", "iberia", "benelux" }
common.teams = {
  "payments", "growth", "risk", "marketing", "logistics", "finance", "discovery", "platform",
  "security", "research", "sales", "support",
}
common.sources = {
  "postgres", "kafka", "salesforce", "stripe", "segment", "snowflake", "mysql", "zendesk",
  "hubspot", "bigquery",
}
common.owners = {
  "alice", "bruno", "chiara", "dmitri", "elena", "farid", "grace", "hiro", "ines", "jonas",
  "kavya", "lucas", "mei", "nadia", "oscar", "priya", "quentin", "rosa", "sven", "tariq",
  "ursula", "viktor", "wen", "yusuf",
}
common.tiers = { "gold", "silver", "bronze" }

-- Kinds with weights (out of 100): mostly tables, some models, views and files.
common.kinds = {
  { "ICEBERG_TABLE", 35 }, { "DELTA_TABLE", 15 }, { "PARQUET_TABLE", 15 }, { "VIEW", 10 },
  { "ML_MODEL", 10 }, { "CSV_TABLE", 5 }, { "DIRECTORY", 5 }, { "IMAGE_FILE", 5 },
}
common.kind_names = {}
for _, k in ipairs(common.kinds) do table.insert(common.kind_names, k[1]) end

-- Every word a search may ask for: all of them were written at registration.
common.search_words = {}
for _, list in ipairs({ common.qualifiers, common.subjects, common.metrics, common.regions,
                        common.teams, common.sources, common.owners }) do
  for _, w in ipairs(list) do table.insert(common.search_words, w) end
end

function common.pick(list) return list[math.random(#list)] end

function common.pick_kind()
  local r = math.random(100)
  for _, k in ipairs(common.kinds) do
    r = r - k[2]
    if r <= 0 then return k[1] end
  end
  return common.kinds[1][1]
end

-- JSON string escaping for the few characters our generated text could hold.
function common.json_string(s)
  return '"' .. s:gsub('[%c"\\]', function(c) return string.format("\\u%04x", c:byte()) end) .. '"'
end

-- Clock ------------------------------------------------------------------------------------------

-- Seconds on CLOCK_MONOTONIC (the same clock in every thread), via LuaJIT's FFI when present,
-- else os.time() (1 s resolution; run.sh then falls back to wrk's own duration).
local ok, ffi = pcall(require, "ffi")
if ok then
  pcall(ffi.cdef, "typedef struct { long tv_sec; long tv_nsec; } bench_timespec; int clock_gettime(int, bench_timespec *);")
  local ts = ffi.new("bench_timespec")
  common.precise_clock = true
  function common.now()
    ffi.C.clock_gettime(1, ts)
    return tonumber(ts.tv_sec) + tonumber(ts.tv_nsec) / 1e9
  end
else
  common.precise_clock = false
  function common.now() return os.time() end
end

-- Per-thread bookkeeping -----------------------------------------------------------------------

local threads = {}
local counter = 0

-- For setup(thread): numbers the threads 1..n and remembers them for done().
function common.setup(thread)
  counter = counter + 1
  thread:set("tid", counter)
  table.insert(threads, thread)
end

-- For init(): the thread's counters (globals, so that done() can read them).
function common.init_thread(seed)
  bench_sent, bench_ok, bench_bad, bench_statuses, bench_examples, bench_example_count = 0, 0, 0, "", "", 0
  bench_status_table = {}
  math.randomseed(seed)
end

local max_examples = 4

-- For request(): counts a request handed to wrk.
function common.sent() bench_sent = bench_sent + 1 end

-- For done(): requests sent but never answered, i.e. still open when wrk stopped (wrk itself
-- does not report them). wrk calls request() once more than it sends, in the first thread, to
-- check the request before the run; that call is not an open request.
function common.open_requests()
  local open = common.sum("bench_sent") - common.sum("bench_ok") - common.sum("bench_bad") - 1
  return open > 0 and open or 0
end

-- Counts one response; non-2xx statuses are tallied and the first few bodies kept as examples.
-- Returns true for a 2xx.
function common.track(status, body, what)
  if status >= 200 and status < 300 then
    bench_ok = bench_ok + 1
    return true
  end
  bench_bad = bench_bad + 1
  bench_status_table[status] = (bench_status_table[status] or 0) + 1
  local parts = {}
  for s, n in pairs(bench_status_table) do table.insert(parts, s .. ":" .. n) end
  table.sort(parts)
  bench_statuses = table.concat(parts, ",")
  if bench_example_count < max_examples then
    bench_example_count = bench_example_count + 1
    local text = (body or ""):sub(1, 400):gsub("[%c]", " ")
    bench_examples = bench_examples .. status .. " " .. (what or "") .. " -> " .. text .. "\n"
  end
  return false
end

-- For done(): sums a numeric global over the threads.
function common.sum(name)
  local total = 0
  for _, t in ipairs(threads) do total = total + (tonumber(t:get(name)) or 0) end
  return total
end

function common.threads() return threads end

-- Prints the report line run.sh reads ("BENCH key=value ...") and any error examples
-- ("BENCH_ERROR ..."). `open` is the number of requests never answered; `extra` holds
-- phase-specific fields.
function common.report(phase, summary, latency, open, extra)
  local statuses = {}
  for _, t in ipairs(threads) do
    for pair in string.gmatch(t:get("bench_statuses") or "", "[^,]+") do
      local s, n = pair:match("(%d+):(%d+)")
      statuses[s] = (statuses[s] or 0) + tonumber(n)
    end
  end
  local parts = {}
  for s, n in pairs(statuses) do table.insert(parts, s .. ":" .. n) end
  table.sort(parts)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  local fields = {
    "phase=" .. phase,
    "requests=" .. summary.requests,
    "duration_s=" .. string.format("%.3f", seconds),
    "rps=" .. string.format("%.1f", summary.requests / seconds),
    "p50_ms=" .. string.format("%.2f", latency:percentile(50) / 1000),
    "p90_ms=" .. string.format("%.2f", latency:percentile(90) / 1000),
    "p99_ms=" .. string.format("%.2f", latency:percentile(99) / 1000),
    "max_ms=" .. string.format("%.2f", latency.max / 1000),
    "ok=" .. common.sum("bench_ok"),
    "non2xx=" .. common.sum("bench_bad"),
    "statuses=" .. (#parts > 0 and table.concat(parts, ",") or "-"),
    "wrk_non2xx3xx=" .. e.status,
    "sock_connect=" .. e.connect, "sock_read=" .. e.read, "sock_write=" .. e.write,
    "sock_timeout=" .. e.timeout,
    "open=" .. open,
  }
  for _, f in ipairs(extra or {}) do table.insert(fields, f) end
  io.write("BENCH " .. table.concat(fields, " ") .. "\n")
  for _, t in ipairs(threads) do
    for line in string.gmatch(t:get("bench_examples") or "", "[^\n]+") do
      io.write("BENCH_ERROR phase=" .. phase .. " " .. line .. "\n")
    end
  end
end

return common
