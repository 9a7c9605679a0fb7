-- wrk script: commits to Iceberg tables of namespace `bench`, each setting a property to a new
-- value (a real commit: a new metadata file and the table asset's next version).
--
--   wrk -t T -c C -d D -s commit.lua URL -- <catalog> <table count>
--
-- Requests spread over tables t01..tNN in turn; with one table every commit contends.
function init(args)
  catalog, tables = args[1], tonumber(args[2])
  n = 0
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  n = n + 1
  local table = string.format("t%02d", (n % tables) + 1)
  local body = string.format('{"requirements":[],"updates":[{"action":"set-properties","updates":{"run":"%d-%d"}}]}',
    n, math.random(1, 1000000000))
  return wrk.format(nil, "/v1/" .. catalog .. "/namespaces/bench/tables/" .. table, nil, body)
end
