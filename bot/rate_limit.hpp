// Token buckets per client (an address or a session) for abuse limits. A
// client may make `burst` requests at once, then `per_minute` a minute. The
// buckets are spread over striped locks, so one flooding client does not hold
// up the others, and their number is capped: when a stripe is full, buckets
// that have refilled completely (clients at rest) are forgotten first.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace careerbot {

struct Rate {
  double per_minute = 0;  // 0: no limit
  double burst = 1;
};

class TokenBuckets {
 public:
  using Clock = std::chrono::steady_clock;

  explicit TokenBuckets(Rate rate, std::size_t max_clients = 100000);

  struct Verdict {
    bool allowed = true;
    int retry_after = 0;         // seconds until a token is free, when refused
    bool first_refusal = false;  // the first refusal since this client was last allowed
  };

  // Takes a token for `client`.
  Verdict take(std::string_view client, Clock::time_point now = Clock::now());

  // Whether `client` has a token left, without taking one.
  Verdict peek(std::string_view client, Clock::time_point now = Clock::now());

  bool unlimited() const { return rate_.per_minute <= 0; }

 private:
  struct Bucket {
    double tokens = 0;
    Clock::time_point at;
    bool refusing = false;
  };
  struct Stripe {
    std::mutex mutex;
    std::unordered_map<std::string, Bucket> buckets;
  };
  Verdict use(std::string_view client, Clock::time_point now, bool take);
  Bucket& bucket_for(Stripe& stripe, std::string_view client, Clock::time_point now);
  void refill(Bucket& bucket, Clock::time_point now) const;

  const Rate rate_;
  const std::size_t max_per_stripe_;
  std::array<Stripe, 16> stripes_;
};

// The address a request came from: the peer's address, or, when the peer is
// one of `trusted_proxies`, the nearest address in X-Forwarded-For that is
// not itself a trusted proxy. Anyone can write X-Forwarded-For, so it is
// believed only from a proxy the operator named.
std::string client_address(std::string_view peer_address, std::string_view forwarded_for,
                           const std::vector<std::string>& trusted_proxies);

// "203.0.113.7:5121" -> "203.0.113.7", "[2001:db8::1]:443" -> "2001:db8::1".
std::string_view address_of(std::string_view remote);

}  // namespace careerbot
