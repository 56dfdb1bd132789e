// Stage 5: the reply kind (answer, clarification or fallback), the intent
// and the confidence, from the careers chosen and the intent evidence.
#pragma once

#include <optional>

#include "career_choice.hpp"

namespace careerbot {

// Guidance asked for plainly ("take the career quiz", "I like working with
// animals"), unless a career is named outright.
std::optional<Understanding> decide_guidance(const IntentEvidence& evidence,
                                             const NamedCareers& names,
                                             const ConversationState& state);

Understanding decide(const Reading& r, const IntentEvidence& evidence, const CareerChoice& choice,
                     const ConversationState& state, const MatcherSettings& settings);

}  // namespace careerbot
