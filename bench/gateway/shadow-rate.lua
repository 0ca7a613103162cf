-- Fixed offered rate for wrk: each connection waits an exponentially distributed think time
-- (mean = WRK_MEAN_MS = connections * 1000 / rate), so requests arrive as a Poisson stream.
local mean_ms = tonumber(os.getenv("WRK_MEAN_MS") or "32")

function init(args)
  math.randomseed(os.time() + math.floor(os.clock() * 1e6))
end

function delay()
  return math.floor(-math.log(1 - math.random()) * mean_ms)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('RESULT {"p50_us":%d,"p99_us":%d,"requests":%d,"errors":%d,"duration_us":%d}\n',
    latency:percentile(50), latency:percentile(99), summary.requests,
    e.connect + e.read + e.write + e.status + e.timeout, summary.duration))
end
