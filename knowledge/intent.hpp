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
  progression,  // what comes next: the ladder and the careers one moves on to
  courses,      // what to study: fields, courses, certifications, technologies
  skills,
  compare,
  list,
  greeting,
  help,
  thanks,
  handoff,
  assess,     // the interest assessment: starting it, each answer, the result
  recommend,  // careers that fit what the person says about themselves
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
// Guidance for people who do not know yet what they want.
inline bool is_guidance_intent(Intent intent) {
  return intent == Intent::assess || intent == Intent::recommend;
}

}  // namespace careerbot
