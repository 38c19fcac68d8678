-- wrk script: each request goes to a path picked at random from the list (one path: always it).
-- Arguments (after --): GET or POST, then the paths, e.g. `-- POST /` or `-- GET /b/one /b/two`.
-- A POST sends the board's form with a short message.
-- At the end it prints one line, "wrk-result {json}", for ActorBoard.Bench to read.

local method = "GET"
local paths = {}
local post_body = "message=A+benchmark+post+of+modest+length."
local post_headers = { ["Content-Type"] = "application/x-www-form-urlencoded" }

function init(args)
  method = args[1]
  for i = 2, #args do
    paths[#paths + 1] = args[i]
  end
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) % 100000)
end

function request()
  local path = paths[math.random(#paths)]
  if method == "POST" then
    return wrk.format("POST", path, post_headers, post_body)
  end
  return wrk.format("GET", path)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'wrk-result {"requests":%d,"durationMicroseconds":%d,"status":%d,"connect":%d,"read":%d,"write":%d,"timeout":%d,"mean":%d,"p50":%d,"p99":%d}\n',
    summary.requests, summary.duration, e.status, e.connect, e.read, e.write, e.timeout,
    latency.mean, latency:percentile(50), latency:percentile(99)))
end
