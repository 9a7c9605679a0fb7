-- wrk script: registers assets, exactly a given number over all threads, then stops.
--
--   wrk -t T -c C -d <cap> -s register.lua URL -- <round> <count> <threads> <namespaces> <out-dir>
--
-- Each thread registers its share of <count> assets with unique names (round, thread and
-- sequence number in the name) spread at random over namespaces ns01..nsNN of catalog "bench",
-- with realistic words in names and properties so that search has something to find.
--
-- Once a thread has sent its share it sends GET /health/live instead (wrk cannot hold a
-- connection idle) until every registration it sent has been answered; then it stops itself and
-- leaves <out-dir>/done-<round>-<tid> for run.sh, which interrupts wrk when all threads are done.
-- Every registration response is observed: 2xx are counted and their asset written to
-- <out-dir>/names-<round>-<tid>.tsv (namespace TAB name, for get.lua), anything else is counted
-- by status with example bodies.

local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local common = dofile(here .. "common.lua")

function setup(thread) common.setup(thread) end

function init(args)
  round = tonumber(args[1])
  local count, threads = tonumber(args[2]), tonumber(args[3])
  namespaces = tonumber(args[4])
  out_dir = args[5]
  quota = math.floor(count / threads) + ((tid <= count % threads) and 1 or 0)
  sent, answered, fillers, calls = 0, 0, 0, 0
  stopped = false
  first_sent, last_answer = nil, nil
  common.init_thread(1000 * round + tid)
  names_file = assert(io.open(string.format("%s/names-%d-%d.tsv", out_dir, round, tid), "w"))
  names_file:setvbuf("full")
  -- A thread with nothing to register sends only fillers and stops at the first answer.
end

local function asset_body(n)
  local qualifier, subject = common.pick(common.qualifiers), common.pick(common.subjects)
  local metric, region = common.pick(common.metrics), common.pick(common.regions)
  local team, source = common.pick(common.teams), common.pick(common.sources)
  local kind = common.pick_kind()
  local name = string.format("%s_%s_%s_%s_%d_%d_%06d", qualifier, subject, metric, region, round, tid, n)
  local ns = string.format("ns%02d", math.random(namespaces))
  local location
  if kind == "ML_MODEL" then
    location = string.format("s3://bench-models/%s/%s/model.onnx", team, name)
  elseif kind == "IMAGE_FILE" then
    location = string.format("s3://bench-media/%s/%s.png", ns, name)
  else
    location = string.format("s3://bench-lake/%s/%s/", ns, name)
  end
  local properties = {
    { "team", team },
    { "owner", common.pick(common.owners) },
    { "source", source },
    { "tier", common.pick(common.tiers) },
    { "pii", math.random(4) == 1 and "true" or "false" },
    { "summary", string.format("%s %s %s from %s for %s", qualifier, subject, metric, source, region) },
  }
  local props = {}
  for _, p in ipairs(properties) do
    table.insert(props, common.json_string(p[1]) .. ":" .. common.json_string(p[2]))
  end
  local body = string.format('{"name":%s,"kind":%s,"location":%s,"properties":{%s}}',
    common.json_string(name), common.json_string(kind), common.json_string(location), table.concat(props, ","))
  return "/api/v1/catalogs/bench/namespaces/" .. ns .. "/assets", body
end

function request()
  calls = calls + 1
  -- wrk calls request() once before the run, in the first thread, to check the request (and
  -- throws the result away); so every thread's first request is a filler rather than a
  -- registration that would never be sent.
  if calls == 1 or sent >= quota then
    fillers = fillers + 1
    return wrk.format("GET", "/health/live", nil, nil)
  end
  sent = sent + 1
  if not first_sent then first_sent = common.now() end
  local path, body = asset_body(sent)
  return wrk.format("POST", path, nil, body)
end

function finish()
  if stopped then return end
  stopped = true
  names_file:flush()
  local marker = io.open(string.format("%s/done-%d-%d", out_dir, round, tid), "w")
  if marker then marker:write(answered, "\n"); marker:close() end
  wrk.thread:stop()
end

function response(status, headers, body)
  -- The filler's answer is {"status":"ok"}; anything else answers a registration.
  if status == 200 and body:find('^%s*{%s*"status"%s*:%s*"ok"') then
    if answered >= quota then finish() end
    return
  end
  answered = answered + 1
  last_answer = common.now()
  if common.track(status, body, "POST register") then
    local ns = body:match('"namespace"%s*:%s*"([^"]*)"')
    local name = body:match('"name"%s*:%s*"([^"]*)"')
    if ns and name then names_file:write(ns, "\t", name, "\n") end
  end
  if answered >= quota then finish() end
end

function done(summary, latency, requests)
  local first, last = math.huge, 0
  for _, t in ipairs(common.threads()) do
    local f, l = t:get("first_sent"), t:get("last_answer")
    if f and f < first then first = f end
    if l and l > last then last = l end
  end
  local window = (common.precise_clock and last > first) and (last - first) or (summary.duration / 1e6)
  local registered = common.sum("bench_ok")
  -- Registrations sent but not answered (0 unless a connection failed, since each thread stops
  -- only when all of its registrations are answered); fillers still open do not matter.
  common.report("register", summary, latency, common.sum("sent") - common.sum("answered"), {
    "registered=" .. registered,
    "answered=" .. common.sum("answered"),
    "sent=" .. common.sum("sent"),
    "fillers=" .. common.sum("fillers"),
    "window_s=" .. string.format("%.3f", window),
    "register_rps=" .. string.format("%.1f", registered / window),
  })
end
