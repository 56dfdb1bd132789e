// The store's contract for inbound messages and the outbox, on SQLite and on
// PostgreSQL alike: a message recorded once with its replies, group commit,
// claims, heads of rate keys, answers queued once, pace across instances.
#include <algorithm>
#include <atomic>
#include <filesystem>
#include <mutex>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include "conversation_json.hpp"
#include "guidance/answer_parser.hpp"
#include "knowledge_service.hpp"
#include "shared_conversations.hpp"
#include "store_engines.hpp"
#include "test_database.hpp"

using namespace careerbot;
using careerbot::testing::engine;

TEST_CASE("an inbound message is recorded once, with its replies queued in the outbox", "[store]") {
  const auto engine_name = engine();
  INFO("engine: " << engine_name);
  testing::TestDatabase db(engine_name, "inbound");
  {
    Store store(db.options());
    CHECK(!store.find_inbound("slack", "Ev1"));
    OutboxEntry part{0, "", "", "slack:C1", R"({"text":"one"})", 0, 0, "", ""};
    OutboxEntry part2{0, "", "", "slack:C1", R"({"text":"two"})", 0, 0, "", ""};
    auto first = store.accept_inbound({"slack", "Ev1", "slack:C1"}, {part, part2}, std::nullopt);
    CHECK(first.accepted);
    auto retry = store.accept_inbound({"slack", "Ev1", "slack:C1"}, {part}, std::nullopt);
    CHECK(!retry.accepted);  // nothing written: still two entries
    CHECK(store.outbox_depth() == 2);
    CHECK(store.accept_inbound({"webhook", "Ev1", "c"}, {}, std::string(R"({"text":"hi"})"))
              .accepted);  // ids are per channel
  }
  Store reopened(db.options());
  auto later = reopened.find_inbound("webhook", "Ev1");
  REQUIRE(later);
  CHECK(later->reply == std::optional<std::string>("{\"text\":\"hi\"}"));
  // One head per rate key: "two" waits until "one" is done.
  auto pending = reopened.pending_outbox(10);
  REQUIRE(pending.size() == 1);
  CHECK(pending[0].payload == R"({"text":"one"})");
  CHECK(pending[0].channel == "slack");
  CHECK(pending[0].message_id == "Ev1");
  reopened.outbox_retry(pending[0].id, 1, 12345, "HTTP 500");
  auto retried = reopened.pending_outbox(10);
  REQUIRE(retried.size() == 1);
  CHECK(retried[0].id == pending[0].id);  // still first in line
  CHECK(retried[0].attempts == 1);
  CHECK(retried[0].next_attempt_ms == 12345);
  CHECK(retried[0].last_error == "HTTP 500");
  reopened.outbox_sent(pending[0].id);
  auto after = reopened.pending_outbox(10);
  REQUIRE(after.size() == 1);
  CHECK(after[0].payload == R"({"text":"two"})");
  reopened.outbox_dead(after[0].id, 8, "HTTP 404");
  CHECK(reopened.outbox_depth() == 0);
  auto dead = reopened.dead_letters(5);
  REQUIRE(dead.size() == 1);
  CHECK(dead[0].state == "dead");
  CHECK(dead[0].last_error == "HTTP 404");
}

TEST_CASE("concurrent deliveries share commits and each message is accepted exactly once",
          "[store]") {
  const auto engine_name = engine();
  INFO("engine: " << engine_name);
  testing::TestDatabase db(engine_name, "group-commit");
  Store store(db.options());
  constexpr int kThreads = 8;
  constexpr int kMessages = 200;
  std::atomic<int> accepted{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      // Every thread delivers every message (a platform retrying hard).
      for (int i = 0; i < kMessages; ++i) {
        int id = (i + t * 7) % kMessages;
        OutboxEntry reply{0, "", "", "k" + std::to_string(id), "p", 0, 0, "", ""};
        if (store.accept_inbound({"chat", "m" + std::to_string(id), "c"}, {reply}, std::nullopt)
                .accepted) {
          ++accepted;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  CHECK(accepted == kMessages);
  CHECK(store.outbox_depth() == kMessages);
}

TEST_CASE("a dead letter is put back in line once", "[store]") {
  const auto engine_name = engine();
  INFO("engine: " << engine_name);
  testing::TestDatabase db(engine_name, "requeue");
  Store store(db.options());
  OutboxEntry reply{0, "", "", "telegram:1", R"({"text":"x"})", 0, 0, "", ""};
  REQUIRE(store.accept_inbound({"telegram", "u1", "telegram:1"}, {reply}, std::nullopt).accepted);
  auto pending = store.pending_outbox(5);
  REQUIRE(pending.size() == 1);
  CHECK(!store.requeue_dead_letter(pending[0].id));  // not dead
  store.outbox_dead(pending[0].id, 8, "HTTP 403");
  REQUIRE(store.outbox_entry(pending[0].id)->state == "dead");
  CHECK(store.requeue_dead_letter(pending[0].id));
  auto again = store.outbox_entry(pending[0].id);
  CHECK(again->state == "pending");
  CHECK(again->attempts == 0);
  CHECK(store.outbox_depth() == 1);
  CHECK(store.dead_letters(5).empty());
}

TEST_CASE("an outbox entry is claimed by one sender at a time, and its claim runs out",
          "[store][outbox]") {
  const auto engine_name = engine();
  INFO("engine: " << engine_name);
  testing::TestDatabase db(engine_name, "claims");
  Store store(db.options());
  const std::vector<Store::ClaimChannel> chat = {{"chat", 0}};
  const std::vector<std::string> chat_names = {"chat"};
  OutboxEntry first{0, "", "", "chat:A", "a1", 0, 1000, "", ""};
  OutboxEntry second{0, "", "", "chat:A", "a2", 0, 1000, "", ""};
  OutboxEntry later{0, "", "", "chat:B", "b1", 0, 5000, "", ""};
  OutboxEntry elsewhere{0, "mail", "", "mail:x", "m1", 0, 1000, "", ""};
  store.accept_inbound({"chat", "m1", "c"}, {first, second, later, elsewhere}, std::nullopt);

  // Only the head of a due key, only of the channels asked for.
  auto claimed = store.claim_outbox(10, 2000, 30000, "one", chat).entries;
  REQUIRE(claimed.size() == 1);
  CHECK(claimed[0].payload == "a1");
  CHECK(store.claim_outbox(10, 2000, 30000, "two", chat).entries.empty());
  // Next: b1 falls due at 5000 (a1 is claimed until 32000).
  CHECK(store.next_outbox_due_ms(2000, chat_names) == 5000);
  auto b = store.claim_outbox(10, 6000, 30000, "two", chat).entries;
  REQUIRE(b.size() == 1);
  CHECK(b[0].payload == "b1");
  CHECK(store.next_outbox_due_ms(6000, chat_names) == 32000);
  store.update_outbox({{b[0].id, "sent", 1, 0, "", "chat:B", 0}});

  // A claim is extended only by its owner, and only while it runs.
  CHECK(store.extend_claims({claimed[0].id}, "two", 90000) == 0);
  CHECK(store.extend_claims({claimed[0].id}, "one", 20000) == 1);
  CHECK(store.next_outbox_due_ms(6000, chat_names) == 20000);
  CHECK(store.extend_claims({claimed[0].id}, "one", 32000) == 1);
  CHECK(store.extend_claims({b[0].id}, "two", 90000) == 0);  // sent: no claim left
  // The claimer died: after its lease, another takes the entry again.
  auto again = store.claim_outbox(10, 32001, 30000, "two", chat).entries;
  REQUIRE(again.size() == 1);
  CHECK(again[0].payload == "a1");
  // Sent: its claim ends, and the key's next entry waits for the pace.
  store.update_outbox({{again[0].id, "sent", 1, 0, "", "chat:A", 40000}});
  CHECK(store.claim_outbox(10, 35000, 30000, "one", chat).entries.empty());
  auto paced = store.claim_outbox(10, 40000, 30000, "one", chat).entries;
  REQUIRE(paced.size() == 1);
  CHECK(paced[0].payload == "a2");
  // A retry gives the claim back, due later.
  store.update_outbox({{paced[0].id, "pending", 1, 50000, "HTTP 503", "chat:A", 0}});
  CHECK(store.next_outbox_due_ms(41000, chat_names) == 50000);
  REQUIRE(store.claim_outbox(10, 50000, 30000, "two", chat).entries.size() == 1);
}

TEST_CASE("a key's next entry goes first however the one before it leaves the line",
          "[store][outbox]") {
  const auto engine_name = engine();
  INFO("engine: " << engine_name);
  testing::TestDatabase db(engine_name, "heads");
  Store store(db.options());
  const std::vector<Store::ClaimChannel> chat = {{"chat", 0}};
  auto claim = [&](long long now_ms) {
    std::vector<std::string> payloads;
    for (const auto& e : store.claim_outbox(10, now_ms, 1000, "one", chat).entries)
      payloads.push_back(e.payload);
    return payloads;
  };
  // One busy key: a thousand entries behind its head; and a quiet key.
  std::vector<OutboxEntry> busy;
  for (int i = 0; i < 1000; ++i)
    busy.push_back({0, "chat", "", "chat:A", "a" + std::to_string(i), 0, 0, "", ""});
  REQUIRE(store.accept_inbound({"chat", "m1", "chat:A"}, busy, std::nullopt).accepted);
  OutboxEntry quiet{0, "chat", "", "chat:B", "b0", 0, 0, "", ""};
  REQUIRE(store.accept_inbound({"chat", "m2", "chat:B:U1"}, {quiet}, std::nullopt).accepted);
  CHECK(claim(1000) == std::vector<std::string>{"a0", "b0"});
  CHECK(claim(1500).empty());  // both heads are claimed

  // Dead: the next of the key goes.
  auto a0 = store.pending_outbox(1).at(0);
  store.outbox_dead(a0.id, 8, "HTTP 403");
  CHECK(claim(1600) == std::vector<std::string>{"a1"});
  // Put back in line, the dead letter goes before the rest of its key.
  REQUIRE(store.requeue_dead_letter(a0.id));
  CHECK(claim(5000) == std::vector<std::string>{"a0", "b0"});

  // Its head erased with the person who wrote it, a shared key goes on.
  OutboxEntry other{0, "chat", "", "chat:B", "b1", 0, 0, "", ""};
  REQUIRE(store.accept_inbound({"chat", "m3", "chat:B:U2"}, {other}, std::nullopt).accepted);
  CHECK(store.erase_person("chat", "U1").outbox == 1);
  CHECK(claim(9000) == std::vector<std::string>{"a0", "b1"});
  // And a store opened again finds every key's head.
  Store reopened(db.options());
  CHECK(reopened.claim_outbox(10, 20000, 1000, "two", chat).entries.size() == 2);
}

TEST_CASE("a message answered after it was acknowledged queues its replies once",
          "[store][outbox]") {
  const auto engine_name = engine();
  INFO("engine: " << engine_name);
  testing::TestDatabase db(engine_name, "answers");
  Store store(db.options());
  OutboxEntry work{0, "answer", "", "answer:chat:A", R"({"message":{}})", 0, 1000, "", ""};
  REQUIRE(store.accept_inbound({"chat", "m1", "chat:A"}, {work}, std::nullopt).accepted);
  auto claimed = store.claim_outbox(10, 2000, 30000, "one", {{"answer", 0}}).entries;
  REQUIRE(claimed.size() == 1);
  CHECK(claimed[0].message_id == "m1");

  OutboxEntry first{0, "chat", "", "chat:A", "r1", 0, 2000, "", ""};
  OutboxEntry second{0, "chat", "", "chat:A", "r2", 0, 2000, "", ""};
  CHECK(store.finish_answers({{claimed[0].id, "m1", {first, second}}}) == std::vector<bool>{true});
  auto done = store.outbox_entry(claimed[0].id);
  REQUIRE(done);
  CHECK(done->state == "sent");
  CHECK(done->payload.empty());  // the question is not kept
  // Finished again (an instance whose claim ran out): nothing more is queued.
  CHECK(store.finish_answers({{claimed[0].id, "m1", {first}}}) == std::vector<bool>{false});
  CHECK(store.outbox_depth() == 2);
  auto replies = store.claim_outbox(10, 3000, 30000, "one", {{"chat", 0}}).entries;
  REQUIRE(replies.size() == 1);  // in order: r2 waits for r1
  CHECK(replies[0].payload == "r1");
  CHECK(replies[0].message_id == "m1");
  CHECK(store.finish_answers({}).empty());
}

TEST_CASE("senders claiming together never get the same entry", "[store][outbox]") {
  const auto engine_name = engine();
  INFO("engine: " << engine_name);
  testing::TestDatabase db(engine_name, "claim_race");
  constexpr int kKeys = 300;
  {
    Store store(db.options());
    for (int k = 0; k < kKeys; ++k) {
      OutboxEntry reply{0, "", "", "key" + std::to_string(k), "p", 0, 0, "", ""};
      store.accept_inbound({"chat", "m" + std::to_string(k), "c"}, {reply}, std::nullopt);
    }
  }
  // Three instances, each with its own connections, claiming in small bites.
  std::vector<std::unique_ptr<Store>> instances;
  for (int i = 0; i < 3; ++i) instances.push_back(std::make_unique<Store>(db.options()));
  std::mutex mutex;
  std::vector<long long> ids;
  std::vector<std::thread> threads;
  for (int i = 0; i < 3; ++i) {
    threads.emplace_back([&, i] {
      for (;;) {
        auto claimed =
            instances[static_cast<std::size_t>(i)]
                ->claim_outbox(7, 1000, 60000, "instance" + std::to_string(i), {{"chat", 0}})
                .entries;
        if (claimed.empty()) return;
        std::lock_guard lock(mutex);
        for (const auto& e : claimed) ids.push_back(e.id);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  std::sort(ids.begin(), ids.end());
  CHECK(ids.size() == kKeys);
  CHECK(std::adjacent_find(ids.begin(), ids.end()) == ids.end());
}

TEST_CASE("a channel's pace per second holds across instances", "[store][outbox]") {
  const auto engine_name = engine();
  INFO("engine: " << engine_name);
  testing::TestDatabase db(engine_name, "pace");
  std::vector<std::unique_ptr<Store>> instances;
  for (int i = 0; i < 3; ++i) instances.push_back(std::make_unique<Store>(db.options()));
  std::vector<OutboxEntry> replies;
  for (int k = 0; k < 20; ++k) {
    replies.push_back({0, "", "", "chat:" + std::to_string(k), "c", 0, 0, "", ""});
    replies.push_back({0, "mail", "", "mail:" + std::to_string(k), "m", 0, 0, "", ""});
  }
  instances[0]->accept_inbound({"chat", "m1", "c"}, replies, std::nullopt);
  const std::vector<Store::ClaimChannel> channels = {{"chat", 4}, {"mail", 0}};
  auto claim = [&](int instance, long long now_ms) {
    return instances[static_cast<std::size_t>(instance)]->claim_outbox(
        8, now_ms, 60000, "instance" + std::to_string(instance), channels);
  };
  auto count = [](const Store::OutboxClaim& c, const std::string& channel) {
    return std::count_if(c.entries.begin(), c.entries.end(),
                         [&](const OutboxEntry& e) { return e.channel == channel; });
  };

  // In the second from 10,000 ms, the instances get 4 chat entries between
  // them; mail, unpaced, fills the rest of each claim.
  auto a = claim(0, 10100);
  CHECK(count(a, "chat") == 4);
  CHECK(count(a, "mail") == 4);
  auto b = claim(1, 10200);
  CHECK(count(b, "chat") == 0);
  CHECK(count(b, "mail") == 8);
  CHECK(b.paced == std::vector<std::string>{"chat"});
  CHECK(b.pace_resets_ms == 11000);
  // An instance whose clock is a little behind does not open the window again.
  CHECK(count(claim(2, 9950), "chat") == 0);
  // The next second brings 4 more, wherever they are claimed.
  CHECK(count(claim(2, 11000), "chat") == 4);
  auto late = claim(0, 11900);
  CHECK(count(late, "chat") == 0);
  CHECK(late.paced == std::vector<std::string>{"chat"});
  CHECK(late.pace_resets_ms == 12000);
}
