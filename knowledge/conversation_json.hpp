// A conversation's state as JSON, for memory shared through the store.
#pragma once

#include <nlohmann/json.hpp>

#include "matcher.hpp"

namespace careerbot {

nlohmann::json conversation_to_json(const ConversationState& state);
// Whatever of `doc` makes sense; anything unknown or malformed is left out.
ConversationState conversation_from_json(const nlohmann::json& doc);

}  // namespace careerbot
