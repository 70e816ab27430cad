-- wrk script: POST /v1/query (hybrid, top_k 10, retrieval only) cycling through the SciFact test queries.
-- Reads the session written by scripts/eval/scifact.py: wrk -s query.lua ... -- /tmp/ragd-eval-scifact/session.json
-- A second argument "generate" asks for the extractive answer too.
local queries, kb, token = {}, nil, nil
local counter = 0
local generate = "false"

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
  if args[2] == "generate" then generate = "true" end
end

function request()
  counter = counter % #queries + 1
  local body = '{"kb_id":"' .. kb .. '","query":"' .. queries[counter] ..
    '","top_k":10,"generate":' .. generate .. ',"retrieval":{"mode":"hybrid"}}'
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
