-- wrk script for bench/load.py: the request comes from the environment, so one script
-- serves every scenario, and done() prints the figures as one JSON line to parse.
local function read_file(path)
  local file = assert(io.open(path, "rb"))
  local text = file:read("*a")
  file:close()
  return text
end

local function setting(name)
  local value = os.getenv(name)
  if value == nil or value == "" then return nil end
  return value
end

wrk.method = setting("LOAD_METHOD") or "GET"
if setting("LOAD_BODY_FILE") then wrk.body = read_file(setting("LOAD_BODY_FILE")) end
if setting("LOAD_CONTENT_TYPE") then wrk.headers["Content-Type"] = setting("LOAD_CONTENT_TYPE") end
if setting("LOAD_AUTHORIZATION") then wrk.headers["Authorization"] = setting("LOAD_AUTHORIZATION") end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'LOAD_RESULT {"requests": %d, "duration_us": %d, "non_2xx": %d, "connect": %d, "read": %d, ' ..
    '"write": %d, "timeout": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d}\n',
    summary.requests, summary.duration, errors.status, errors.connect, errors.read, errors.write,
    errors.timeout, latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
