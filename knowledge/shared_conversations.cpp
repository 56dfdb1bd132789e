#include "shared_conversations.hpp"

#include <algorithm>
#include <thread>

#include "conversation_json.hpp"
#include "thread_role.hpp"

namespace careerbot {
namespace {

long long now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

SharedConversations::SharedConversations(Store& store, std::string holder, std::chrono::seconds ttl)
    : store_(store), holder_(std::move(holder)), ttl_(ttl) {
  writer_ = std::thread([this] {
    name_this_thread("cb-conversation");
    write_behind();
  });
}

SharedConversations::~SharedConversations() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  waiting_changed_.notify_all();
  writer_.join();
}

long long SharedConversations::expiry() const {
  return now_ms() + std::chrono::duration_cast<std::chrono::milliseconds>(ttl_).count();
}

void SharedConversations::begin(const std::string& id, ConversationState state) {
  std::string text = conversation_to_json(state).dump();
  {
    std::lock_guard lock(mutex_);
    if (waiting_.size() >= kMaxWaiting) {
      ++dropped_;
      return;
    }
    waiting_.emplace_back(id, std::move(text));
  }
  waiting_changed_.notify_one();
}

std::size_t SharedConversations::dropped() const {
  std::lock_guard lock(mutex_);
  return dropped_;
}

void SharedConversations::write_behind() {
  std::unique_lock lock(mutex_);
  for (;;) {
    waiting_changed_.wait(lock, [this] { return stopping_ || !waiting_.empty(); });
    if (waiting_.empty()) return;  // stopping, nothing left
    std::vector<std::pair<std::string, std::string>> batch;
    batch.swap(waiting_);
    lock.unlock();
    try {
      store_.begin_conversations(batch, expiry());
    } catch (const std::exception&) {
      // The database is away: these conversations go on without memory of
      // their first question, as after their expiry.
      std::lock_guard count(mutex_);
      dropped_ += batch.size();
    }
    lock.lock();
  }
}

std::mutex& SharedConversations::turn_lock(const std::string& id) {
  return turns_[std::hash<std::string>{}(id) % turns_.size()];
}

ConversationState SharedConversations::load(const std::string& id) {
  std::unique_lock turn(turn_lock(id));
  std::chrono::milliseconds pause{1};
  for (;;) {
    // Held by another instance: once its hold runs out (it crashed), this
    // succeeds.
    if (auto state = store_.hold_conversation(id, holder_, now_ms(), kHold.count())) {
      turn.release();  // kept until save() or release()
      if (state->empty()) return {};
      return conversation_from_json(nlohmann::json::parse(*state, nullptr, false));
    }
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::milliseconds(20));
  }
}

void SharedConversations::save(const std::string& id, ConversationState state) {
  // On failure the lock stays taken, for the caller's release().
  store_.save_conversation(id, holder_, conversation_to_json(state).dump(), expiry());
  turn_lock(id).unlock();
}

void SharedConversations::release(const std::string& id) {
  try {
    store_.release_conversation(id, holder_);
  } catch (...) {  // the hold runs out by itself
  }
  turn_lock(id).unlock();
}

}  // namespace careerbot
