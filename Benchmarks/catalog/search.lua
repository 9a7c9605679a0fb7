-- wrk script: GET /api/v1/search/assets with words from the registration vocabulary.
--
--   wrk -t T -c C -d D -s search.lua URL -- <type>
--
-- Types (one per wrk run, so that each gets its own latency distribution):
--   word         ?query=<word>                          one word of any vocabulary list
--   two_words    ?query=<subject>+<qualifier|region|team>  two words, ANDed by the server
--   prefix       ?query=<first 3-4 letters of a subject or metric>  prefix expansion
--   word_kind    ?query=<word>&kind=<kind>              text plus a kind filter
--   word_team    ?query=<word>&property.team=<team>     text plus a property filter
--   filter_only  ?kind=<kind>&property.team=<team>      filters without text (ordered by name)
-- All with &limit=20. The "total" of each answer is averaged and zero-hit answers counted, to
-- show how selective the queries were.

local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local common = dofile(here .. "common.lua")

function setup(thread) common.setup(thread) end

local types = {
  word = function()
    return "query=" .. common.pick(common.search_words)
  end,
  two_words = function()
    local second = common.pick({ common.qualifiers, common.regions, common.teams })
    return "query=" .. common.pick(common.subjects) .. "+" .. common.pick(second)
  end,
  prefix = function()
    local word = common.pick(math.random(2) == 1 and common.subjects or common.metrics)
    return "query=" .. word:sub(1, math.min(#word, 2 + math.random(2)))
  end,
  word_kind = function()
    return "query=" .. common.pick(common.search_words) .. "&kind=" .. common.pick(common.kind_names)
  end,
  word_team = function()
    return "query=" .. common.pick(common.search_words) .. "&property.team=" .. common.pick(common.teams)
  end,
  filter_only = function()
    return "kind=" .. common.pick(common.kind_names) .. "&property.team=" .. common.pick(common.teams)
  end,
}

function init(args)
  query_type = args[1] or "word"
  make = assert(types[query_type], "unknown search type " .. tostring(query_type))
  common.init_thread(9000 + tid)
  hits_total, answers, zero_hits = 0, 0, 0
end

function request()
  common.sent()
  return wrk.format("GET", "/api/v1/search/assets?" .. make() .. "&limit=20", nil, nil)
end

function response(status, headers, body)
  if common.track(status, body, "GET search") then
    local total = tonumber(body:match('"total"%s*:%s*(%d+)'))
    answers = answers + 1
    if total then hits_total = hits_total + total end
    if not total or total == 0 then zero_hits = zero_hits + 1 end
  end
end

function done(summary, latency, requests)
  local t = common.threads()[1]
  local answered = common.sum("answers")
  common.report("search_" .. (t and t:get("query_type") or "?"), summary, latency, common.open_requests(), {
    "avg_total=" .. string.format("%.0f", answered > 0 and common.sum("hits_total") / answered or 0),
    "zero_hits=" .. common.sum("zero_hits"),
  })
end
