-- wrk script: POST /v1/channels/slack/events with the signed events of the
-- file named after wrk's "--" (see slack_events.py), one per request. Each
-- wrk thread has its own Lua state: with 2 threads, thread k sends events
-- k, k+2, k+4, ... (wrapping around if the file runs out: an event sent
-- twice is a duplicate to careerbot).
local threads = 0
setup = function(thread)
  thread:set("id", threads)
  threads = threads + 1
end

local requests = {}
init = function(args)
  local i = 0
  for line in io.lines(args[1]) do
    if i % 2 == id then
      local ts, sig, body = line:match("^(%S+) (%S+) (.*)$")
      requests[#requests + 1] = wrk.format("POST", "/v1/channels/slack/events", {
        ["Content-Type"] = "application/json",
        ["X-Slack-Request-Timestamp"] = ts,
        ["X-Slack-Signature"] = sig,
      }, body)
    end
    i = i + 1
  end
end

local n = 0
request = function()
  n = n + 1
  return requests[((n - 1) % #requests) + 1]
end
