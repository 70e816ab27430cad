-- wrk script: POST /v1/query (hybrid, top_k 10, retrieval only) cycling through the SciFact test queries.
-- Reads the session written by scripts/eval/scifact.py: wrk -s query.lua ... -- /tmp/ragd-eval-scifact/session.json
-- Further arguments: "generate" asks for the extractive answer too; "cached" lets the query cache answer (by default
-- every request sends "cache": false, so the figures are of the uncached path).
local queries, kb, token = {}, nil, nil
local counter = 0
local generate = "false"
local cache = "false"

function init(args)
  local file = assert(io.open(args[1] or "/tmp/ragd-eval-scifact/session.json"))
  local text = file:read("*a")
  file:close()
  kb = text:match('"kb": "([^"]+)"')
  token = text:match('"token": "([^"]+)"')
  local list = text:match('"queries": %[(.*)%]')
  -- Each query is kept JSON-escaped as the session file has it, ready to be put into a JSON body.
  for query in list:gmatch('"(.-[^\\])"') do table.insert(queries, query) end
  counter = math.random(#queries)
  for i = 2, #args do
    if args[i] == "generate" then generate = "true" end
    if args[i] == "cached" then cache = "true" end
  end
end

function request()
  counter = counter % #queries + 1
  local body = '{"kb_id":"' .. kb .. '","query":"' .. queries[counter] ..
    '","top_k":10,"generate":' .. generate .. ',"cache":' .. cache .. ',"retrieval":{"mode":"hybrid"}}'
  return wrk.format("POST", "/v1/query",
    {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token}, body)
end

function done(summary, latency, requests)
  io.write(string.format("queries %d, errors %d (status %d)\n", summary.requests,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status))
  for _, p in ipairs({50, 95, 99}) do
    io.write(string.format("p%d %.2f ms\n", p, latency:percentile(p) / 1000))
  end
  io.write(string.format("QPS %.0f\n", summary.requests / (summary.duration / 1e6)))
end
