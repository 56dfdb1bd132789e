// Structured logging: one JSON object per line on standard error, written
// through spdlog. Never pass secrets or message bodies as fields.
#pragma once

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

}  // namespace careerbot::log
