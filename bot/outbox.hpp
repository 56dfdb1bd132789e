// The outbox: replies are queued in the store (with the inbound message they
// answer) and sent from here by each channel's courier. Entries with one rate
// key (a Slack channel, a Telegram chat, an email recipient) go out in order,
// one at a time and no faster than the channel's pace. An instance claims
// the entries it sends for a while (a lease), so that several instances on
// one database never send one entry twice, and a crashed instance's claims
// return to the queue when their lease runs out. A failed attempt is
// retried with exponential backoff and jitter, or after the platform's
// Retry-After; after `max_attempts` it becomes a dead letter. Nothing is
// marked sent before the platform accepted it, so a restart resends whatever
// was pending.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <thread>

#include "metrics.hpp"
#include "store.hpp"

namespace careerbot {

struct DeliveryResult {
  enum class Outcome { sent, retry, failed };
  Outcome outcome = Outcome::sent;
  std::optional<long long> retry_after_ms;  // the platform asked us to wait this long
  std::string detail;                       // for the log and the dead letter; never a secret
  // The courier has already written the entry's end in the store, with its
  // own work (an answer and its replies): the outbox only forgets it.
  bool recorded = false;

  static DeliveryResult sent() { return {}; }
  static DeliveryResult sent_and_recorded() {
    DeliveryResult result;
    result.recorded = true;
    return result;
  }
  static DeliveryResult retry(std::string why, std::optional<long long> after_ms = std::nullopt) {
    return {Outcome::retry, after_ms, std::move(why)};
  }
  static DeliveryResult failed(std::string why) {
    return {Outcome::failed, std::nullopt, std::move(why)};
  }
};

using DeliveryHandler = std::function<void(DeliveryResult)>;

// Sends one queued entry for a channel; `done` runs exactly once, on any thread.
class Courier {
 public:
  virtual ~Courier() = default;
  virtual void deliver(const OutboxEntry& entry, DeliveryHandler done) = 0;
};

// How fast a channel may send: per rate key, and in total. Both hold across
// the instances sharing a database.
struct Pace {
  std::chrono::milliseconds per_key{0};
  int per_second = 0;  // 0 = no overall limit
};

struct OutboxConfig {
  int max_attempts = 10;
  std::chrono::milliseconds first_retry{1000};
  std::chrono::milliseconds max_retry{std::chrono::minutes(10)};
  int max_in_flight = 64;
  // How long a claimed entry is this instance's to send; renewed every third
  // of it while the entry is being sent.
  std::chrono::milliseconds lease{60000};
};

class Outbox {
 public:
  Outbox(Store& store, OutboxConfig config, Metrics& metrics);
  ~Outbox();
  Outbox(const Outbox&) = delete;
  Outbox& operator=(const Outbox&) = delete;

  // Before start(): which courier sends a channel's entries. Entries of a
  // channel without a courier stay pending (the channel may be configured later).
  void add_courier(const std::string& channel, Courier& courier, Pace pace);
  void start();
  // New entries were queued: look now rather than at the next timer.
  void wake();
  // Stops sending new entries and waits up to `grace` for those in flight.
  void stop(std::chrono::milliseconds grace);

  // The delay before attempt `attempts + 1` after `attempts` failures: doubling
  // from first_retry up to max_retry, then a random part of it (half to all).
  std::chrono::milliseconds backoff(int attempts);

 private:
  struct Route {
    Courier* courier = nullptr;
    Pace pace;
  };

  using Outcome = std::pair<OutboxEntry, DeliveryResult>;

  void run();
  // Starts what may go now; returns when to look again (Unix ms).
  long long dispatch(long long now_ms);
  // Hands claimed entries to their couriers.
  void send_claimed(std::vector<OutboxEntry>& entries, long long now_ms);
  // Every third of a lease: the claims of the entries still being sent are
  // extended, so a slow send (an SMTP relay may take minutes) keeps its entry.
  void renew_claims(long long now_ms);
  // Called by couriers: queued for the outbox thread to record.
  void finished(const OutboxEntry& entry, const DeliveryResult& result);
  // Writes a batch of outcomes in one transaction, ending their claims.
  void record(const std::vector<Outcome>& outcomes);

  Store& store_;
  const OutboxConfig config_;
  Metrics& metrics_;
  std::map<std::string, Route> routes_;

  std::mutex mutex_;
  std::condition_variable changed_;
  bool stopping_ = false;
  bool woken_ = false;
  std::chrono::steady_clock::time_point stop_deadline_;
  std::vector<Outcome> outcomes_;
  long long depth_reported_ms_ = 0;
  long long renewed_ms_ = 0;
  std::map<long long, long long> in_flight_;   // entry id -> when it started (Unix ms)
  std::vector<Store::ClaimChannel> channels_;  // those with a courier, and their pace
  std::mt19937_64 random_;
  const std::string owner_;  // this instance, in the claims it makes
  std::thread thread_;
};

long long unix_ms_now();
// This process among the instances sharing a database: "host:pid:random".
std::string instance_name();

}  // namespace careerbot
