#include "outbox.hpp"

#include <unistd.h>

#include <algorithm>
#include <iterator>

#include <nlohmann/json.hpp>

#include "log.hpp"
#include "thread_role.hpp"

namespace careerbot {
namespace {

constexpr long long kIdleLookMs = 1000;
constexpr std::chrono::milliseconds kGatherTime{5};
// No send takes longer (an SMTP relay's slowest is some minutes); a claim
// is not renewed beyond it.
constexpr long long kLongestSendMs = 15LL * 60 * 1000;

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

std::string instance_name() {
  char host[256] = {};
  ::gethostname(host, sizeof host - 1);
  std::random_device random;
  return std::string(host) + ":" + std::to_string(::getpid()) + ":" +
         std::to_string(random() % 1000000);
}

long long unix_ms_now() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Outbox::Outbox(Store& store, OutboxConfig config, Metrics& metrics)
    : store_(store),
      config_(config),
      metrics_(metrics),
      random_(std::random_device{}()),
      owner_(instance_name()) {}

Outbox::~Outbox() {
  stop(std::chrono::milliseconds(0));
}

void Outbox::add_courier(const std::string& channel, Courier& courier, Pace pace) {
  routes_[channel] = Route{&courier, pace};
}

void Outbox::start() {
  for (const auto& [channel, route] : routes_)
    channels_.push_back({channel, route.pace.per_second});
  thread_ = std::thread([this] {
    name_background_thread("cb-outbox");
    run();
  });
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

void Outbox::renew_claims(long long now_ms) {
  if (now_ms - renewed_ms_ < config_.lease.count() / 3) return;
  std::vector<long long> ids;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [id, started] : in_flight_) {
      // A send this old is stuck: its claim is left to run out, so that the
      // entry is sent again (by whichever instance claims it).
      if (now_ms - started < kLongestSendMs) ids.push_back(id);
    }
  }
  try {
    const int extended =
        ids.empty() ? 0 : store_.extend_claims(ids, owner_, now_ms + config_.lease.count());
    renewed_ms_ = now_ms;
    if (extended < static_cast<int>(ids.size())) {
      // Recorded meanwhile, or (after a stall longer than the lease) taken
      // by another instance, which may then send it too.
      log::write(log::Level::warn, "outbox_claims_not_extended",
                 {{"in_flight", ids.size()}, {"extended", extended}});
    }
  } catch (const std::exception& e) {
    // Tried again at the next look, well within the lease.
    log::write(log::Level::warn, "outbox_renew_failed", {{"error", e.what()}});
  }
}

long long Outbox::dispatch(long long now_ms) {
  long long next_ms = now_ms + kIdleLookMs;
  renew_claims(now_ms);
  if (now_ms - depth_reported_ms_ >= 1000) {
    depth_reported_ms_ = now_ms;
    metrics_.set("careerbot_outbox_depth", {}, static_cast<double>(store_.outbox_depth()));
  }
  std::size_t room = 0;
  {
    std::lock_guard lock(mutex_);
    const auto most = static_cast<std::size_t>(config_.max_in_flight);
    room = in_flight_.size() < most ? most - in_flight_.size() : 0;
  }
  Store::OutboxClaim claimed;
  if (room > 0) {
    claimed = store_.claim_outbox(static_cast<int>(room), now_ms, config_.lease.count(), owner_,
                                  channels_);
  }
  // What was claimed is sent at once, before anything else can fail. Its
  // start is now, not when this look began: a key's pace counts from the
  // send, however long the claim took.
  send_claimed(claimed.entries, unix_ms_now());
  if (claimed.pace_resets_ms > 0) next_ms = std::min(next_ms, claimed.pace_resets_ms);
  {
    std::lock_guard lock(mutex_);
    if (!in_flight_.empty()) next_ms = std::min(next_ms, renewed_ms_ + config_.lease.count() / 3);
  }
  if (claimed.entries.size() < room) {
    // Nothing more is due now: look again when the next entry is, or a lease
    // (another instance's, perhaps of one that died) runs out. A channel that
    // used up this second's pace waits for the next second.
    std::vector<std::string> waiting;
    for (const auto& c : channels_) {
      if (std::find(claimed.paced.begin(), claimed.paced.end(), c.name) == claimed.paced.end())
        waiting.push_back(c.name);
    }
    if (auto due = store_.next_outbox_due_ms(now_ms, waiting)) {
      next_ms = std::min(next_ms, std::max(*due, now_ms + 1));
    }
  }
  return next_ms;
}

void Outbox::send_claimed(std::vector<OutboxEntry>& entries, long long now_ms) {
  std::vector<std::pair<OutboxEntry, Courier*>> starts;
  {
    std::lock_guard lock(mutex_);
    for (auto& entry : entries) {
      in_flight_[entry.id] = now_ms;
      Courier* courier = routes_.at(entry.channel).courier;
      starts.emplace_back(std::move(entry), courier);
    }
  }
  for (auto& start : starts) {
    const OutboxEntry& entry = start.first;
    try {
      start.second->deliver(
          entry, [this, entry](const DeliveryResult& result) { finished(entry, result); });
    } catch (const std::exception& e) {
      // A courier that cannot even begin (a payload it cannot read): the
      // attempt counts as failed once, and is retried.
      finished(entry, DeliveryResult::retry(std::string("could not send: ") + e.what()));
    }
  }
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
    // The key's next entry starts no sooner than its pace after this one did,
    // whichever instance sends it.
    long long paced_until = 0;
    if (auto per_key = routes_.at(entry.channel).pace.per_key.count(); per_key > 0) {
      std::lock_guard lock(mutex_);
      if (auto started = in_flight_.find(entry.id); started != in_flight_.end())
        paced_until = started->second + per_key;
    }
    if (result.outcome == DeliveryResult::Outcome::sent) {
      if (!result.recorded) {
        updates.push_back(
            {entry.id, "sent", attempts, entry.next_attempt_ms, "", entry.rate_key, paced_until});
      }
      log::write(log::Level::info, "outbox_sent",
                 {{"channel", entry.channel}, {"id", entry.id}, {"attempts", attempts}});
    } else if (result.outcome == DeliveryResult::Outcome::retry &&
               attempts < config_.max_attempts) {
      long long delay = result.retry_after_ms ? *result.retry_after_ms : backoff(attempts).count();
      updates.push_back({entry.id, "pending", attempts, std::max(now + delay, paced_until),
                         result.detail, entry.rate_key, 0});
      log::write(log::Level::warn, "outbox_retry",
                 {{"channel", entry.channel},
                  {"id", entry.id},
                  {"attempts", attempts},
                  {"retry_in_ms", delay},
                  {"detail", result.detail}});
    } else {
      recorded = "dead";
      updates.push_back({entry.id, "dead", attempts, entry.next_attempt_ms, result.detail,
                         entry.rate_key, paced_until});
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
  for (const auto& [entry, result] : outcomes) in_flight_.erase(entry.id);
}

}  // namespace careerbot
