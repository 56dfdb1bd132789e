#include "outbox.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "log.hpp"

namespace careerbot {
namespace {

constexpr int kBatch = 500;
constexpr long long kIdleLookMs = 1000;
constexpr std::size_t kMaxPacedKeys = 10000;
constexpr std::chrono::milliseconds kGatherTime{5};

const char* outcome_name(DeliveryResult::Outcome outcome) {
  switch (outcome) {
    case DeliveryResult::Outcome::sent:
      return "sent";
    case DeliveryResult::Outcome::retry:
      return "retry";
    case DeliveryResult::Outcome::failed:
      return "failed";
  }
  return "unknown";
}

}  // namespace

long long unix_ms_now() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Outbox::Outbox(Store& store, OutboxConfig config, Metrics& metrics)
    : store_(store), config_(config), metrics_(metrics), random_(std::random_device{}()) {}

Outbox::~Outbox() {
  stop(std::chrono::milliseconds(0));
}

void Outbox::add_courier(const std::string& channel, Courier& courier, Pace pace) {
  routes_[channel] = Route{&courier, pace, 0, 0};
}

void Outbox::start() {
  thread_ = std::thread([this] { run(); });
}

void Outbox::wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  changed_.notify_all();
}

void Outbox::stop(std::chrono::milliseconds grace) {
  {
    std::lock_guard lock(mutex_);
    if (!stopping_) stop_deadline_ = std::chrono::steady_clock::now() + grace;
    stopping_ = true;
  }
  changed_.notify_all();
  if (thread_.joinable()) thread_.join();
  std::lock_guard lock(mutex_);
  if (!in_flight_.empty()) {
    // Still pending in the store: sent again after the next start.
    log::write(log::Level::warn, "outbox_stopped_with_deliveries_in_flight",
               {{"in_flight", in_flight_.size()}});
  }
}

std::chrono::milliseconds Outbox::backoff(int attempts) {
  long long delay = config_.first_retry.count();
  for (int i = 1; i < attempts && delay < config_.max_retry.count(); ++i) delay *= 2;
  delay = std::min(delay, static_cast<long long>(config_.max_retry.count()));
  std::lock_guard lock(mutex_);
  std::uniform_int_distribution<long long> jitter(delay / 2, delay);
  return std::chrono::milliseconds(jitter(random_));
}

void Outbox::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_ || (!in_flight_.empty() && std::chrono::steady_clock::now() < stop_deadline_)) {
    woken_ = false;
    std::vector<Outcome> outcomes;
    outcomes.swap(outcomes_);
    bool dispatching = !stopping_;
    lock.unlock();
    record(outcomes);
    long long next_ms = unix_ms_now() + kIdleLookMs;
    if (dispatching) {
      try {
        next_ms = dispatch(unix_ms_now());
      } catch (const std::exception& e) {
        log::write(log::Level::error, "outbox_failed", {{"error", e.what()}});
      }
    }
    lock.lock();
    auto wait = std::chrono::milliseconds(std::max(0LL, next_ms - unix_ms_now()));
    if (stopping_) wait = std::min(wait, std::chrono::milliseconds(50));
    changed_.wait_for(lock, wait, [this] { return stopping_ || woken_; });
    if (!in_flight_.empty() && !stopping_) {
      // Busy: gather completions for a moment, so that one transaction
      // records many of them and one scan starts many deliveries.
      changed_.wait_for(lock, kGatherTime, [this] { return stopping_; });
    }
  }
  std::vector<Outcome> outcomes;
  outcomes.swap(outcomes_);
  lock.unlock();
  record(outcomes);
}

long long Outbox::dispatch(long long now_ms) {
  long long next_ms = now_ms + kIdleLookMs;
  std::vector<OutboxEntry> heads = store_.pending_outbox(kBatch);
  if (now_ms - depth_reported_ms_ >= 1000 || heads.empty()) {
    depth_reported_ms_ = now_ms;
    metrics_.set("careerbot_outbox_depth", {}, static_cast<double>(store_.outbox_depth()));
  }
  std::vector<std::pair<OutboxEntry, Courier*>> starts;
  {
    std::lock_guard lock(mutex_);
    if (last_start_ms_.size() > kMaxPacedKeys) {
      std::erase_if(last_start_ms_, [&](const auto& item) { return item.second < now_ms - 60000; });
    }
    for (auto& entry : heads) {
      if (in_flight_.size() + starts.size() >= static_cast<std::size_t>(config_.max_in_flight))
        break;
      if (busy_keys_.contains(entry.rate_key)) continue;
      auto route = routes_.find(entry.channel);
      if (route == routes_.end()) continue;  // the channel is off: keep it for later
      Route& r = route->second;
      long long due = entry.next_attempt_ms;
      if (auto last = last_start_ms_.find(entry.rate_key); last != last_start_ms_.end()) {
        due = std::max(due, last->second + r.pace.per_key.count());
      }
      if (r.pace.per_second > 0) {
        if (now_ms - r.window_start_ms >= 1000) {
          r.window_start_ms = now_ms;
          r.sent_in_window = 0;
        }
        if (r.sent_in_window >= r.pace.per_second) due = std::max(due, r.window_start_ms + 1000);
      }
      if (due > now_ms) {
        next_ms = std::min(next_ms, due);
        continue;
      }
      ++r.sent_in_window;
      last_start_ms_[entry.rate_key] = now_ms;
      in_flight_.insert(entry.id);
      busy_keys_.insert(entry.rate_key);
      starts.emplace_back(std::move(entry), r.courier);
    }
  }
  for (auto& start : starts) {
    const OutboxEntry& entry = start.first;
    start.second->deliver(entry,
                          [this, entry](const DeliveryResult& result) { finished(entry, result); });
  }
  return next_ms;
}

void Outbox::finished(const OutboxEntry& entry, const DeliveryResult& result) {
  {
    std::lock_guard lock(mutex_);
    outcomes_.emplace_back(entry, result);
    woken_ = true;
  }
  changed_.notify_all();
}

void Outbox::record(const std::vector<Outcome>& outcomes) {
  if (outcomes.empty()) return;
  std::vector<Store::OutboxUpdate> updates;
  long long now = unix_ms_now();
  for (const auto& [entry, result] : outcomes) {
    int attempts = entry.attempts + 1;
    const char* recorded = outcome_name(result.outcome);
    if (result.outcome == DeliveryResult::Outcome::sent) {
      updates.push_back({entry.id, "sent", attempts, entry.next_attempt_ms, ""});
      log::write(log::Level::info, "outbox_sent",
                 {{"channel", entry.channel}, {"id", entry.id}, {"attempts", attempts}});
    } else if (result.outcome == DeliveryResult::Outcome::retry &&
               attempts < config_.max_attempts) {
      long long delay = result.retry_after_ms ? *result.retry_after_ms : backoff(attempts).count();
      updates.push_back({entry.id, "pending", attempts, now + delay, result.detail});
      log::write(log::Level::warn, "outbox_retry",
                 {{"channel", entry.channel},
                  {"id", entry.id},
                  {"attempts", attempts},
                  {"retry_in_ms", delay},
                  {"detail", result.detail}});
    } else {
      recorded = "dead";
      updates.push_back({entry.id, "dead", attempts, entry.next_attempt_ms, result.detail});
      log::write(log::Level::error, "outbox_dead_letter",
                 {{"channel", entry.channel},
                  {"id", entry.id},
                  {"attempts", attempts},
                  {"detail", result.detail}});
    }
    metrics_.add("careerbot_outbox_deliveries_total",
                 {{"channel", entry.channel}, {"result", recorded}});
  }
  try {
    store_.update_outbox(updates);
  } catch (const std::exception& e) {
    // The entries stay as they were in the store and are tried again.
    log::write(log::Level::error, "outbox_store_failed", {{"error", e.what()}});
  }
  std::lock_guard lock(mutex_);
  for (const auto& [entry, result] : outcomes) {
    in_flight_.erase(entry.id);
    busy_keys_.erase(entry.rate_key);
  }
}

}  // namespace careerbot
