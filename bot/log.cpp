#include "log.hpp"

#include <atomic>

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

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

}  // namespace careerbot::log
