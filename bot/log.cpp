#include "log.hpp"

#include <atomic>

#include <spdlog/async.h>
#include <spdlog/async_logger.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "json_writer.hpp"

namespace careerbot::log {
namespace {

std::atomic<Level> g_level{Level::info};

spdlog::logger& logger() {
  // Built on first use; spdlog adds the time and level, we add the rest.
  static std::shared_ptr<spdlog::logger> instance = [] {
    auto created = spdlog::stderr_logger_mt("careerbot");
    created->set_pattern(R"({"time":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l",%v)",
                         spdlog::pattern_time_type::utc);
    created->set_level(spdlog::level::trace);
    created->flush_on(spdlog::level::trace);
    return created;
  }();
  return *instance;
}

constexpr std::size_t kRequestQueue = 8192;

// The access log's own logger: the same sink (so lines never interleave),
// written by one background thread from a bounded queue.
struct RequestLog {
  std::shared_ptr<spdlog::details::thread_pool> pool =
      std::make_shared<spdlog::details::thread_pool>(kRequestQueue, 1);
  std::shared_ptr<spdlog::async_logger> writer = std::make_shared<spdlog::async_logger>(
      "careerbot-requests", logger().sinks().begin(), logger().sinks().end(), pool,
      spdlog::async_overflow_policy::overrun_oldest);
  RequestLog() {
    writer->set_level(spdlog::level::trace);
    writer->flush_on(spdlog::level::trace);
  }
  ~RequestLog() { writer->flush(); }
};

RequestLog& request_log() {
  static RequestLog instance;
  return instance;
}

spdlog::level::level_enum to_spdlog(Level level) {
  switch (level) {
    case Level::debug:
      return spdlog::level::debug;
    case Level::info:
      return spdlog::level::info;
    case Level::warn:
      return spdlog::level::warn;
    case Level::error:
      return spdlog::level::err;
    case Level::off:
      return spdlog::level::off;
  }
  return spdlog::level::info;
}

}  // namespace

bool parse_level(std::string_view name, Level& level) {
  if (name == "debug")
    level = Level::debug;
  else if (name == "info")
    level = Level::info;
  else if (name == "warn")
    level = Level::warn;
  else if (name == "error")
    level = Level::error;
  else if (name == "off")
    level = Level::off;
  else
    return false;
  return true;
}

void set_level(Level level) {
  g_level = level;
}

bool enabled(Level level) {
  return level != Level::off && level >= g_level.load();
}

void write(Level level, std::string_view event, const nlohmann::json& fields) {
  if (!enabled(level)) return;
  nlohmann::json line = {{"event", event}};
  if (fields.is_object()) line.update(fields);
  std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  // Drop the opening brace: the pattern supplies it, with the time and level.
  logger().log(to_spdlog(level), "{}", std::string_view(text).substr(1));
}

void write(Level level, std::string_view event) {
  write(level, event, nlohmann::json::object());
}

void request(const RequestLine& line) {
  if (!enabled(Level::info)) return;
  // Written into a buffer this thread reuses; the pattern supplies the
  // opening brace, the time and the level, so the line goes without its own.
  thread_local std::string text;
  text.clear();
  JsonWriter w(text);
  w.begin_object().key("event").string("http_request");
  w.key("method").string(line.method);
  w.key("path").string(line.path.substr(0, 256));
  w.key("route").string(line.route);
  w.key("status").number(line.status);
  w.key("bytes").number(line.bytes);
  w.key("duration_ms").number(line.duration_ms);
  w.key("remote").string(line.remote).end_object();
  request_log().writer->info("{}", std::string_view(text).substr(1));
}

std::size_t dropped_request_lines() {
  return request_log().pool->overrun_counter();
}

}  // namespace careerbot::log
