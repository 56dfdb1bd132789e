// Conversation memory kept in the store, shared by every instance on one
// PostgreSQL database: a follow-up answered by another instance knows what
// was asked before, and two messages of one conversation are answered one
// after the other. Each message costs two statements (hold and load, then
// save); a message whose conversation is held waits, polling, until the
// other's answer is saved or its hold runs out. A conversation a message
// begins (a question without a conversation id) costs the question nothing:
// its first state is written behind, in batches, by a thread of its own.
#pragma once

#include <array>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "conversation.hpp"
#include "store.hpp"

namespace careerbot {

class SharedConversations final : public ConversationMemory {
 public:
  // `holder` names this instance; `ttl` is how long a silent conversation
  // is remembered.
  SharedConversations(Store& store, std::string holder, std::chrono::seconds ttl);
  // Writes what is still waiting to be written.
  ~SharedConversations() override;
  SharedConversations(const SharedConversations&) = delete;
  SharedConversations& operator=(const SharedConversations&) = delete;

  // Throws StoreError when the store cannot be reached. Messages of one
  // conversation on this instance queue for it here, on a lock, rather than
  // polling the database; a caller saves or releases on the same thread.
  ConversationState load(const std::string& id) override;
  void save(const std::string& id, ConversationState state) override;
  // Queued for the writer; beyond kMaxWaiting waiting, dropped (counted).
  void begin(const std::string& id, ConversationState state) override;
  // Conversations begun but dropped, their writer too far behind.
  std::size_t dropped() const;
  // Never throws: the hold runs out by itself.
  void release(const std::string& id) override;

  // How long a hold lasts: far longer than answering takes.
  static constexpr std::chrono::milliseconds kHold{5000};
  static constexpr std::size_t kMaxWaiting = 100000;

 private:
  void write_behind();
  long long expiry() const;
  std::mutex& turn_lock(const std::string& id);

  Store& store_;
  const std::string holder_;
  const std::chrono::seconds ttl_;
  std::array<std::mutex, 64> turns_;  // by conversation, striped

  mutable std::mutex mutex_;
  std::condition_variable waiting_changed_;
  std::vector<std::pair<std::string, std::string>> waiting_;  // id, state JSON
  std::size_t dropped_ = 0;
  bool stopping_ = false;
  std::thread writer_;
};

}  // namespace careerbot
