#include "shared_conversations.hpp"

#include <algorithm>
#include <thread>

#include "conversation_json.hpp"

namespace careerbot {
namespace {

long long now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

SharedConversations::SharedConversations(Store& store, std::string holder, std::chrono::seconds ttl)
    : store_(store), holder_(std::move(holder)), ttl_(ttl) {}

ConversationState SharedConversations::load(const std::string& id) {
  std::chrono::milliseconds pause{1};
  for (;;) {
    // Once the other holder's hold runs out (it crashed), this succeeds.
    if (auto state = store_.hold_conversation(id, holder_, now_ms(), kHold.count())) {
      if (state->empty()) return {};
      return conversation_from_json(nlohmann::json::parse(*state, nullptr, false));
    }
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::milliseconds(50));
  }
}

void SharedConversations::save(const std::string& id, ConversationState state) {
  const long long expires =
      now_ms() + std::chrono::duration_cast<std::chrono::milliseconds>(ttl_).count();
  store_.save_conversation(id, holder_, conversation_to_json(state).dump(), expires);
}

void SharedConversations::release(const std::string& id) {
  try {
    store_.release_conversation(id, holder_);
  } catch (...) {  // the hold runs out by itself
  }
}

}  // namespace careerbot
