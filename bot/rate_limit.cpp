#include "rate_limit.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <iterator>
#include <vector>

namespace careerbot {

TokenBuckets::TokenBuckets(Rate rate, std::size_t max_clients)
    : rate_(rate), max_per_stripe_(std::max<std::size_t>(1, max_clients / 16)) {}

void TokenBuckets::refill(Bucket& bucket, Clock::time_point now) const {
  double seconds = std::chrono::duration<double>(now - bucket.at).count();
  if (seconds > 0) {
    bucket.tokens = std::min(rate_.burst, bucket.tokens + seconds * rate_.per_minute / 60);
    bucket.at = now;
  }
}

TokenBuckets::Bucket& TokenBuckets::bucket_for(Stripe& stripe, std::string_view client,
                                               Clock::time_point now) {
  std::string key(client);
  if (auto found = stripe.buckets.find(key); found != stripe.buckets.end()) {
    refill(found->second, now);
    return found->second;
  }
  if (stripe.buckets.size() >= max_per_stripe_) {
    // Forget clients at rest first (a full bucket is what a new one gets);
    // if every bucket is in use, forget an arbitrary one.
    for (auto it = stripe.buckets.begin(); it != stripe.buckets.end();) {
      refill(it->second, now);
      it = it->second.tokens >= rate_.burst ? stripe.buckets.erase(it) : std::next(it);
    }
    if (stripe.buckets.size() >= max_per_stripe_) stripe.buckets.erase(stripe.buckets.begin());
  }
  return stripe.buckets.emplace(std::move(key), Bucket{rate_.burst, now, false}).first->second;
}

TokenBuckets::Verdict TokenBuckets::use(std::string_view client, Clock::time_point now, bool take) {
  if (unlimited()) return {};
  Stripe& stripe = stripes_[std::hash<std::string_view>{}(client) % stripes_.size()];
  std::lock_guard lock(stripe.mutex);
  Bucket& bucket = bucket_for(stripe, client, now);
  if (bucket.tokens >= 1) {
    if (take) bucket.tokens -= 1;
    bucket.refusing = false;
    return {};
  }
  Verdict verdict;
  verdict.allowed = false;
  verdict.retry_after =
      std::max(1, static_cast<int>(std::ceil((1 - bucket.tokens) * 60 / rate_.per_minute)));
  verdict.first_refusal = !bucket.refusing;
  bucket.refusing = true;
  return verdict;
}

TokenBuckets::Verdict TokenBuckets::take(std::string_view client, Clock::time_point now) {
  return use(client, now, true);
}

TokenBuckets::Verdict TokenBuckets::peek(std::string_view client, Clock::time_point now) {
  return use(client, now, false);
}

std::string_view address_of(std::string_view remote) {
  if (remote.starts_with('[')) {
    auto close = remote.find(']');
    return close == std::string_view::npos ? remote : remote.substr(1, close - 1);
  }
  auto colon = remote.rfind(':');
  // More than one colon without brackets: a bare IPv6 address, no port.
  if (colon == std::string_view::npos || remote.find(':') != colon) return remote;
  return remote.substr(0, colon);
}

std::string client_address(std::string_view peer_address, std::string_view forwarded_for,
                           const std::vector<std::string>& trusted_proxies) {
  auto trusted = [&](std::string_view address) {
    return std::find(trusted_proxies.begin(), trusted_proxies.end(), address) !=
           trusted_proxies.end();
  };
  std::string_view peer = address_of(peer_address);
  if (!trusted(peer) || forwarded_for.empty()) return std::string(peer);
  // Right to left: each trusted proxy appended the address it got the request from.
  std::string_view rest = forwarded_for;
  std::string_view nearest = peer;
  while (!rest.empty()) {
    auto comma = rest.rfind(',');
    std::string_view hop = comma == std::string_view::npos ? rest : rest.substr(comma + 1);
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(0, comma);
    while (!hop.empty() && (hop.front() == ' ' || hop.front() == '\t')) hop.remove_prefix(1);
    while (!hop.empty() && (hop.back() == ' ' || hop.back() == '\t')) hop.remove_suffix(1);
    if (hop.empty()) continue;
    nearest = address_of(hop);
    if (!trusted(nearest)) break;
  }
  return std::string(nearest);
}

}  // namespace careerbot
