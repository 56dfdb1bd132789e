-- wrk script: POST /v1/ask with a realistic mix of questions, one per request,
-- rotating through the list; each carries one of 4 conversation ids so that
-- follow-ups are exercised ("wrk ... -- fresh": none, every question begins
-- a conversation of its own). With ASK_THINK_MS set, each connection waits
-- that long after an answer before its next question (a steady load, for
-- latency at a given rate rather than at saturation; wrk's latency does not
-- include the wait).
local questions = {
  "how much do backend devs make",
  "What degree do I need to become a back end developer?",
  "job outlook for back-end engineers",
  "what does a backend developer do all day",
  "how do i become a server-side developer",
  "how many openings are there for back end developers",
  "registered nurse salary",
  "what about the education?",
  "compare software developers and web developers",
  "engineer salary",
  "hi",
  "what's the weather like today",
  "Hi,\n\nI'm a junior in college studying finance. Could you tell me the median salary for a financial analyst?\n\nBest regards,\nJordan",
  "jobs similar to grafic designer",
  "what skills do data scientists need",
}
local bodies = {}
init = function(args)
  for i, q in ipairs(questions) do
    local escaped = q:gsub("\\", "\\\\"):gsub('"', '\\"'):gsub("\n", "\\n")
    if args[1] == "fresh" then
      bodies[i] = '{"text":"' .. escaped .. '"}'
    else
      bodies[i] = '{"text":"' .. escaped .. '","conversation_id":"bench-' .. (i % 4) .. '"}'
    end
  end
end
local n = 0
request = function()
  n = n + 1
  local body = bodies[(n % #bodies) + 1]
  return wrk.format("POST", "/v1/ask", {["Content-Type"] = "application/json"}, body)
end

local think = tonumber(os.getenv("ASK_THINK_MS") or "")
if think then
  delay = function()
    return think
  end
end
