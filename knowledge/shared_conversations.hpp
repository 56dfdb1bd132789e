// Conversation memory kept in the store, shared by every instance on one
// PostgreSQL database: a follow-up answered by another instance knows what
// was asked before, and two messages of one conversation are answered one
// after the other. Each message costs two statements (hold and load, then
// save); a message whose conversation is held waits, polling, until the
// other's answer is saved or its hold runs out.
#pragma once

#include <chrono>

#include "conversation.hpp"
#include "store.hpp"

namespace careerbot {

class SharedConversations final : public ConversationMemory {
 public:
  // `holder` names this instance; `ttl` is how long a silent conversation
  // is remembered.
  SharedConversations(Store& store, std::string holder, std::chrono::seconds ttl);

  // Throws StoreError when the store cannot be reached.
  ConversationState load(const std::string& id) override;
  void save(const std::string& id, ConversationState state) override;
  // Never throws: the hold runs out by itself.
  void release(const std::string& id) override;

  // How long a hold lasts: far longer than answering takes.
  static constexpr std::chrono::milliseconds kHold{5000};

 private:
  Store& store_;
  const std::string holder_;
  const std::chrono::seconds ttl_;
};

}  // namespace careerbot
