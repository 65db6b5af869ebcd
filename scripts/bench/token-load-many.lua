-- token-load-many.lua — wrk script: client-credentials token requests spread uniformly over many
-- clients (npm run bench -- --apps N). Each request picks a client at random; the credentials
-- come from a file written by scripts/seed-apps.ts, one base64 "client_id:client_secret" per line.
--
-- usage: wrk ... -s token-load-many.lua URL -- <path> <credentials-file> <form-body>
-- Prints in done() the same summary line as ../shared/bench/token-load.lua:
--   LUA non200=<n> total=<n> ... rps=<r> p50_ms=<x> p90_ms=<> p99_ms=<y> ...

local threads = {}

function setup(thread)
   table.insert(threads, thread)
end

function init(args)
   local path, file, body = args[1], args[2], args[3]
   if not path or not file or not body then
      error("token-load-many.lua needs args: <path> <credentials-file> <form-body>")
   end
   -- Every request pre-built once: request() then costs one random index.
   requests = {}
   for line in io.lines(file) do
      if #line > 0 then
         requests[#requests + 1] = wrk.format("POST", path, {
            ["Content-Type"] = "application/x-www-form-urlencoded",
            ["Authorization"] = "Basic " .. line,
            ["Accept"] = "application/json",
         }, body)
      end
   end
   count = #requests
   if count == 0 then error("no credentials in " .. file) end
   math.randomseed(os.time())
   non200 = 0
   responses = 0
end

function request()
   return requests[math.random(count)]
end

function response(status, headers, body)
   responses = responses + 1
   if status ~= 200 then
      non200 = non200 + 1
   end
end

function done(summary, latency, requests)
   local bad, seen = 0, 0
   for _, t in ipairs(threads) do
      bad = bad + (t:get("non200") or 0)
      seen = seen + (t:get("responses") or 0)
   end
   local secs = summary.duration / 1e6
   local e = summary.errors
   io.write(string.format(
      "LUA non200=%d total=%d responses_seen=%d rps=%.2f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f duration_s=%.3f\n",
      bad, summary.requests, seen, summary.requests / secs,
      latency:percentile(50) / 1000, latency:percentile(90) / 1000,
      latency:percentile(99) / 1000, latency.max / 1000, secs))
   io.write(string.format(
      "LUA socket_errors connect=%d read=%d write=%d timeout=%d status_ge400=%d\n",
      e.connect, e.read, e.write, e.timeout, e.status))
end
