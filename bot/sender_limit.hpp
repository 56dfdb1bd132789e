// Per-sender rate limiting for the channels: at most `limit` messages in any
// `window` from one sender. The first message over the limit is told so once
// (politely); later ones in the same window are dropped without a reply.
#pragma once

#include <chrono>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

namespace careerbot {

class SenderLimit {
 public:
  enum class Verdict { allow, warn, drop };
  using Clock = std::chrono::steady_clock;

  SenderLimit(int limit, std::chrono::seconds window, std::size_t max_senders = 100000);

  // `sender` is channel-qualified ("telegram:42"). A limit of 0 allows everything.
  Verdict check(const std::string& sender, Clock::time_point now = Clock::now());

 private:
  struct History {
    std::deque<Clock::time_point> times;
    bool warned = false;
  };
  const int limit_;
  const std::chrono::seconds window_;
  const std::size_t max_senders_;
  std::mutex mutex_;
  std::unordered_map<std::string, History> senders_;
};

// The one reply a sender gets when they pass the limit.
inline constexpr const char* kSlowDownNotice =
    "You're sending messages faster than I can answer them. Please wait a minute, then ask "
    "again.";

}  // namespace careerbot
