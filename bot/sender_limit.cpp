#include "sender_limit.hpp"

namespace careerbot {

SenderLimit::SenderLimit(int limit, std::chrono::seconds window, std::size_t max_senders)
    : limit_(limit), window_(window), max_senders_(max_senders) {}

SenderLimit::Verdict SenderLimit::check(const std::string& sender, Clock::time_point now) {
  if (limit_ <= 0) return Verdict::allow;
  std::lock_guard lock(mutex_);
  if (senders_.size() >= max_senders_ && !senders_.contains(sender)) {
    // Forget senders whose window has passed; memory stays bounded.
    std::erase_if(senders_, [&](const auto& item) {
      return item.second.times.empty() || item.second.times.back() + window_ <= now;
    });
  }
  History& history = senders_[sender];
  while (!history.times.empty() && history.times.front() + window_ <= now) {
    history.times.pop_front();
  }
  if (history.times.empty()) history.warned = false;
  if (static_cast<int>(history.times.size()) < limit_) {
    history.times.push_back(now);
    return Verdict::allow;
  }
  if (history.warned) return Verdict::drop;
  history.warned = true;
  return Verdict::warn;
}

}  // namespace careerbot
