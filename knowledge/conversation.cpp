#include "conversation.hpp"

namespace careerbot {

ConversationStore::ConversationStore(std::size_t capacity, std::chrono::seconds ttl,
                                     std::function<Clock::time_point()> now)
    : capacity_(capacity == 0 ? 1 : capacity), ttl_(ttl), now_(std::move(now)) {}

ConversationState ConversationStore::load(const std::string& id) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(id);
  if (it == entries_.end()) return {};
  if (now_() - it->second.touched > ttl_) {
    by_age_.erase(it->second.age);
    entries_.erase(it);
    return {};
  }
  by_age_.splice(by_age_.begin(), by_age_, it->second.age);
  return it->second.state;
}

void ConversationStore::save(const std::string& id, ConversationState state) {
  std::lock_guard lock(mutex_);
  auto now = now_();
  auto it = entries_.find(id);
  if (it != entries_.end()) {
    by_age_.splice(by_age_.begin(), by_age_, it->second.age);
    it->second.state = std::move(state);
    it->second.touched = now;
    return;
  }
  // Drop the expired and, when still full, the least recently used.
  while (!by_age_.empty() &&
         (entries_.size() >= capacity_ || now - entries_.at(by_age_.back()).touched > ttl_)) {
    entries_.erase(by_age_.back());
    by_age_.pop_back();
  }
  by_age_.push_front(id);
  entries_.emplace(id, Entry{std::move(state), now, by_age_.begin()});
}

std::size_t ConversationStore::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

}  // namespace careerbot
