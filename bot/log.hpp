// Structured logging: one JSON object per line on standard error, written
// through spdlog, except the access log (request below), which a background
// thread writes in batches. Never pass secrets or message bodies as fields.
#pragma once

#include <cstddef>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

namespace careerbot::log {

enum class Level { debug, info, warn, error, off };

// Parses "debug", "info", "warn", "error" or "off".
bool parse_level(std::string_view name, Level& level);

void set_level(Level level);
bool enabled(Level level);

// {"time":...,"level":...,"event":<event>, ...fields}
void write(Level level, std::string_view event, const nlohmann::json& fields);
void write(Level level, std::string_view event);

// The access log: one "http_request" line per request, at info level.
struct RequestLine {
  std::string_view method;
  std::string_view path;  // cut to 256 bytes; never the query
  std::string_view route;
  int status = 0;
  std::size_t bytes = 0;
  double duration_ms = 0;
  std::string_view remote;
};

// Queues the line for a background writer, which writes what has gathered
// every 50 ms (sooner when 64 KB wait): a request never waits for standard
// error or wakes another thread. When more than 4 MB are waiting, new lines
// are dropped and counted; errors and warnings (write above) are never queued
// or dropped.
void request(const RequestLine& line);
// Access-log lines dropped so far because the queue was full.
std::size_t dropped_request_lines();

}  // namespace careerbot::log
