#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <map>
#include <mutex>
#include <thread>

#include <catch2/catch.hpp>

#include "outbox.hpp"
#include "sender_limit.hpp"

using namespace careerbot;
using namespace std::chrono_literals;

namespace {

std::filesystem::path fresh_dir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() /
             ("careerbot-outbox-test-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  return dir;
}

// Records what it is asked to send and answers from a script per payload
// (then "sent").
class ScriptedCourier : public Courier {
 public:
  using Script = std::map<std::string, std::vector<DeliveryResult>>;
  explicit ScriptedCourier(Script script) : script_(std::move(script)) {}
  void deliver(const OutboxEntry& entry, DeliveryHandler done) override {
    DeliveryResult result;
    {
      std::lock_guard lock(mutex_);
      sent_.push_back({entry.payload, std::chrono::steady_clock::now()});
      auto& answers = script_[entry.payload];
      if (!answers.empty()) {
        result = answers.front();
        answers.erase(answers.begin());
      }
    }
    done(result);
  }
  std::vector<std::pair<std::string, std::chrono::steady_clock::time_point>> sent() {
    std::lock_guard lock(mutex_);
    return sent_;
  }
  bool wait_for(std::size_t count, std::chrono::milliseconds timeout = 5s) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (sent().size() < count && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(5ms);
    }
    return sent().size() >= count;
  }

 private:
  std::mutex mutex_;
  Script script_;
  std::vector<std::pair<std::string, std::chrono::steady_clock::time_point>> sent_;
};

OutboxEntry entry(const std::string& key, const std::string& payload) {
  OutboxEntry e;
  e.rate_key = key;
  e.payload = payload;
  e.next_attempt_ms = unix_ms_now();
  return e;
}

}  // namespace

TEST_CASE("backoff doubles from the first retry up to the cap, with jitter", "[outbox]") {
  auto dir = fresh_dir("backoff");
  Store store(dir);
  Metrics metrics;
  Outbox outbox(store, {10, 1000ms, 60000ms, 8}, metrics);
  for (int i = 0; i < 50; ++i) {
    auto first = outbox.backoff(1);
    CHECK(first >= 500ms);
    CHECK(first <= 1000ms);
    auto fifth = outbox.backoff(5);
    CHECK(fifth >= 8000ms);
    CHECK(fifth <= 16000ms);
    CHECK(outbox.backoff(30) <= 60000ms);
    CHECK(outbox.backoff(30) >= 30000ms);
  }
  std::filesystem::remove_all(dir);
}

TEST_CASE("entries with one key go out in order, retries wait, failures become dead letters",
          "[outbox]") {
  auto dir = fresh_dir("order");
  Store store(dir);
  Metrics metrics;
  ScriptedCourier courier({{"a1", {DeliveryResult::retry("HTTP 429", 300)}},
                           {"a3", {DeliveryResult::failed("HTTP 404")}}});
  store.accept_inbound({"chat", "m1", "c"},
                       {entry("chat:A", "a1"), entry("chat:A", "a2"), entry("chat:A", "a3")},
                       std::nullopt);
  Outbox outbox(store, {3, 10ms, 100ms, 8}, metrics);
  outbox.add_courier("chat", courier, Pace{});
  outbox.start();
  REQUIRE(courier.wait_for(4));
  auto sent = courier.sent();
  // a1 refused with Retry-After 300 ms, then a1 again, a2, a3: never a2 before a1.
  CHECK(sent[0].first == "a1");
  CHECK(sent[1].first == "a1");
  CHECK(sent[2].first == "a2");
  CHECK(sent[3].first == "a3");
  CHECK(sent[1].second - sent[0].second >= 290ms);
  outbox.stop(1000ms);
  CHECK(store.outbox_depth() == 0);
  auto dead = store.dead_letters(10);
  REQUIRE(dead.size() == 1);
  CHECK(dead[0].payload == "a3");
  CHECK(dead[0].last_error == "HTTP 404");
  CHECK(metrics.value("careerbot_outbox_deliveries_total",
                      {{"channel", "chat"}, {"result", "sent"}}) == 2);
  std::filesystem::remove_all(dir);
}

TEST_CASE("a key is paced, other keys are not held up, and retries stop at max_attempts",
          "[outbox]") {
  auto dir = fresh_dir("pace");
  Store store(dir);
  Metrics metrics;
  ScriptedCourier courier(
      {{"b1", std::vector<DeliveryResult>(3, DeliveryResult::retry("refused"))}});
  // b1 fails three times (max_attempts 3: dead); a1, a2 share a key paced 200 ms apart.
  store.accept_inbound({"chat", "m1", "c"}, {entry("chat:B", "b1")}, std::nullopt);
  store.accept_inbound({"chat", "m2", "c"}, {entry("chat:A", "a1"), entry("chat:A", "a2")},
                       std::nullopt);
  Outbox outbox(store, {3, 10ms, 20ms, 8}, metrics);
  outbox.add_courier("chat", courier, Pace{200ms, 0});
  outbox.start();
  REQUIRE(courier.wait_for(5));
  outbox.stop(1000ms);
  auto sent = courier.sent();
  std::vector<std::chrono::steady_clock::time_point> a_times;
  int b_attempts = 0;
  for (const auto& [payload, at] : sent) {
    if (payload.starts_with("a")) a_times.push_back(at);
    if (payload == "b1") ++b_attempts;
  }
  REQUIRE(a_times.size() == 2);
  CHECK(a_times[1] - a_times[0] >= 190ms);
  CHECK(b_attempts == 3);
  REQUIRE(store.dead_letters(10).size() == 1);
  CHECK(store.dead_letters(10)[0].attempts == 3);
  std::filesystem::remove_all(dir);
}

TEST_CASE("a channel sends no more than its pace per second, and no slower", "[outbox]") {
  auto dir = fresh_dir("per_second");
  Store store(dir);
  Metrics metrics;
  ScriptedCourier courier({});
  std::vector<OutboxEntry> replies;
  for (int k = 0; k < 12; ++k) replies.push_back(entry("chat:" + std::to_string(k), "x"));
  store.accept_inbound({"chat", "m1", "c"}, replies, std::nullopt);
  Outbox outbox(store, {3, 10ms, 20ms, 64}, metrics);
  outbox.add_courier("chat", courier, Pace{0ms, 5});
  outbox.start();
  REQUIRE(courier.wait_for(12));
  outbox.stop(1000ms);
  auto sent = courier.sent();
  // 5 a second, counted in whole seconds: any 11 sends span three of them.
  for (std::size_t i = 0; i + 10 < sent.size(); ++i)
    CHECK(sent[i + 10].second - sent[i].second >= 900ms);
  // Three seconds at most: the outbox looks again when a second begins.
  CHECK(sent.back().second - sent.front().second < 2500ms);
  CHECK(store.outbox_depth() == 0);
  std::filesystem::remove_all(dir);
}

TEST_CASE("a send slower than the lease keeps its entry: no other sender takes it", "[outbox]") {
  auto dir = fresh_dir("renew");
  Store store(dir);
  Metrics metrics;
  // The first sender's courier answers after 2.7 s, three leases.
  class SlowCourier : public Courier {
   public:
    void deliver(const OutboxEntry& /*entry*/, DeliveryHandler done) override {
      ++calls;
      std::lock_guard lock(mutex);
      waiters.emplace_back([done = std::move(done)] {
        std::this_thread::sleep_for(2700ms);
        done(DeliveryResult::sent());
      });
    }
    ~SlowCourier() override {
      for (auto& waiter : waiters) waiter.join();
    }
    std::atomic<int> calls{0};
    std::mutex mutex;
    std::vector<std::thread> waiters;
  } slow;
  ScriptedCourier other({});
  store.accept_inbound({"chat", "m1", "c"}, {entry("chat:A", "a1")}, std::nullopt);
  Outbox first(store, {3, 10ms, 20ms, 8, 900ms}, metrics);
  first.add_courier("chat", slow, Pace{});
  first.start();
  auto deadline = std::chrono::steady_clock::now() + 2s;
  while (slow.calls == 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(5ms);
  REQUIRE(slow.calls == 1);
  Outbox second(store, {3, 10ms, 20ms, 8, 900ms}, metrics);
  second.add_courier("chat", other, Pace{});
  second.start();
  std::this_thread::sleep_for(3000ms);
  second.stop(100ms);
  first.stop(1000ms);
  CHECK(other.sent().empty());
  CHECK(slow.calls == 1);
  CHECK(store.outbox_depth() == 0);
  std::filesystem::remove_all(dir);
}

TEST_CASE("a sender over the limit is warned once, then dropped until the window passes",
          "[outbox][limits]") {
  SenderLimit limit(2, std::chrono::seconds(60));
  auto t0 = SenderLimit::Clock::now();
  CHECK(limit.check("slack:U1", t0) == SenderLimit::Verdict::allow);
  CHECK(limit.check("slack:U1", t0 + 1s) == SenderLimit::Verdict::allow);
  CHECK(limit.check("slack:U1", t0 + 2s) == SenderLimit::Verdict::warn);
  CHECK(limit.check("slack:U1", t0 + 3s) == SenderLimit::Verdict::drop);
  CHECK(limit.check("slack:U2", t0 + 3s) == SenderLimit::Verdict::allow);  // others unaffected
  CHECK(limit.check("slack:U1", t0 + 62s) == SenderLimit::Verdict::allow);
  SenderLimit off(0, std::chrono::seconds(60));
  for (int i = 0; i < 100; ++i) CHECK(off.check("x", t0) == SenderLimit::Verdict::allow);
}
