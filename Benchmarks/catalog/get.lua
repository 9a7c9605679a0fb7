-- wrk script: GET /api/v1/catalogs/bench/namespaces/{ns}/assets/{name} over random existing
-- assets, read from the names file register.lua wrote (namespace TAB name per line).
--
--   wrk -t T -c C -d D -s get.lua URL -- <names.tsv>
--
-- Every non-2xx is counted by status, with example bodies; a 2xx whose body names no asset of
-- the names file is counted as "mismatched" (wrk's response hook does not say which request it
-- answers, so this is a check of the set, not of the pair).

local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local common = dofile(here .. "common.lua")

function setup(thread) common.setup(thread) end

function init(args)
  common.init_thread(7000 + tid)
  paths, names = {}, {}
  local file = assert(io.open(args[1], "r"))
  for line in file:lines() do
    local ns, name = line:match("^([^\t]+)\t(.+)$")
    if ns then
      table.insert(paths, "/api/v1/catalogs/bench/namespaces/" .. ns .. "/assets/" .. name)
      table.insert(names, name)
    end
  end
  file:close()
  assert(#paths > 0, "no asset names in " .. args[1])
  mismatched = 0
  known = {}
  for _, n in ipairs(names) do known[n] = true end
end

function request()
  common.sent()
  return wrk.format("GET", paths[math.random(#paths)], nil, nil)
end

function response(status, headers, body)
  if common.track(status, body, "GET asset") then
    local name = body:match('"name"%s*:%s*"([^"]*)"')
    if not (name and known[name]) then mismatched = mismatched + 1 end
  end
end

function done(summary, latency, requests)
  common.report("get", summary, latency, common.open_requests(), { "mismatched=" .. common.sum("mismatched") })
end
