// What a person wants to know (SPEC section 3).
#pragma once

#include <optional>
#include <string_view>

namespace careerbot {

enum class Intent {
  overview,
  salary,
  education,
  outlook,
  duties,
  steps,
  openings,
  related,
  skills,
  compare,
  list,
  greeting,
  help,
  thanks,
  handoff,
  unknown,
};
inline constexpr int kIntentCount = static_cast<int>(Intent::unknown) + 1;

std::string_view intent_name(Intent intent);
std::optional<Intent> intent_from_name(std::string_view name);

// Intents that are about one career's facts (salary ... skills).
inline bool is_fact_intent(Intent intent) {
  return intent >= Intent::salary && intent <= Intent::skills;
}
// Intents that are answered without a career.
inline bool is_conversational_intent(Intent intent) {
  return intent >= Intent::list && intent <= Intent::handoff;
}

}  // namespace careerbot
