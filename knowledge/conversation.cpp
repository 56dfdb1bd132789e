#include "conversation.hpp"

namespace careerbot {

ConversationStore::ConversationStore(std::size_t capacity, std::chrono::seconds ttl,
                                     std::function<Clock::time_point()> now)
    : ttl_(ttl), now_(std::move(now)) {
  capacity = capacity == 0 ? 1 : capacity;
  const std::size_t count = capacity < kStripedFrom ? 1 : kStripes;
  for (std::size_t i = 0; i < count; ++i) {
    auto stripe = std::make_unique<Stripe>();
    // The capacity split evenly, the remainder to the first stripes.
    stripe->capacity = capacity / count + (i < capacity % count ? 1 : 0);
    stripes_.push_back(std::move(stripe));
  }
}

ConversationStore::Stripe& ConversationStore::stripe_of(const std::string& id) {
  if (stripes_.size() == 1) return *stripes_.front();
  return *stripes_[std::hash<std::string>{}(id) % stripes_.size()];
}

ConversationState ConversationStore::load(const std::string& id) {
  Stripe& s = stripe_of(id);
  std::lock_guard lock(s.mutex);
  auto it = s.entries.find(id);
  if (it == s.entries.end()) return {};
  if (now_() - it->second.touched > ttl_) {
    s.by_age.erase(it->second.age);
    s.entries.erase(it);
    return {};
  }
  s.by_age.splice(s.by_age.begin(), s.by_age, it->second.age);
  return it->second.state;
}

void ConversationStore::save(const std::string& id, ConversationState state) {
  Stripe& s = stripe_of(id);
  std::lock_guard lock(s.mutex);
  auto now = now_();
  auto it = s.entries.find(id);
  if (it != s.entries.end()) {
    s.by_age.splice(s.by_age.begin(), s.by_age, it->second.age);
    it->second.state = std::move(state);
    it->second.touched = now;
    return;
  }
  // Drop the expired and, when still full, the least recently used.
  while (!s.by_age.empty() &&
         (s.entries.size() >= s.capacity || now - s.entries.at(s.by_age.back()).touched > ttl_)) {
    s.entries.erase(s.by_age.back());
    s.by_age.pop_back();
  }
  s.by_age.push_front(id);
  s.entries.emplace(id, Entry{std::move(state), now, s.by_age.begin()});
}

std::size_t ConversationStore::size() const {
  std::size_t total = 0;
  for (const auto& s : stripes_) {
    std::lock_guard lock(s->mutex);
    total += s->entries.size();
  }
  return total;
}

}  // namespace careerbot
