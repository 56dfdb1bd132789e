#include "intent.hpp"

#include <array>

namespace careerbot {
namespace {
constexpr std::array<std::string_view, kIntentCount> kNames = {
    "overview", "salary",      "education", "outlook", "duties",    "steps",  "openings",
    "related",  "progression", "courses",   "skills",  "compare",   "list",   "greeting",
    "help",     "thanks",      "handoff",   "assess",  "recommend", "unknown"};
}

std::string_view intent_name(Intent intent) {
  return kNames[static_cast<std::size_t>(intent)];
}

std::optional<Intent> intent_from_name(std::string_view name) {
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == name) return static_cast<Intent>(i);
  }
  return std::nullopt;
}

}  // namespace careerbot
