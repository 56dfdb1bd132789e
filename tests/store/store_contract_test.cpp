// The store's contract: every case runs on SQLite and on PostgreSQL (a
// fresh database in the test cluster), and both engines must behave alike:
// profiles and their history, unanswered questions, inbound messages and the
// outbox with its claims, web chat, handoffs, privacy, conversation memory.
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
#include "test_database.hpp"

using namespace careerbot;

namespace {

// Each test runs once per engine: both keep the same contract.
std::string engine() {
  return GENERATE(as<std::string>{}, "sqlite", "postgresql");
}

CareerProfile profile(const std::string& id, double salary) {
  CareerProfile p;
  p.id = id;
  p.title = "Title " + id;
  p.summary = "Summary.";
  p.tasks = {"A task."};
  p.steps = {"A step."};
  p.median_salary = MedianSalary{salary, "USD", "year", "United States", false, "test", "2024"};
  return p;
}

}  // namespace

TEST_CASE("the store migrates once and keeps revisions, history and audit", "[store]") {
  const auto engine_name = engine();
  INFO("engine: " << engine_name);
  testing::TestDatabase db(engine_name, "revisions");
  {
    Store store(db.options());
    CHECK(store.schema_version() == 9);
    CHECK(!store.has_profiles());
    store.seed({profile("a", 1), profile("b", 2)}, "seed");
    auto replaced = store.replace(profile("a", 10), 1, "alice", "replace");
    REQUIRE(replaced.status == WriteStatus::ok);
    CHECK(replaced.profile.revision == 2);
    CHECK(store.replace(profile("a", 11), 1, "bob", "replace").status == WriteStatus::conflict);
    CHECK(store.replace(profile("zzz", 11), 1, "bob", "replace").status == WriteStatus::not_found);
    CHECK(store.create(profile("a", 5), "bob").status == WriteStatus::exists);
    CHECK(store.remove("b", 1, "alice").status == WriteStatus::ok);
    auto recreated = store.create(profile("b", 3), "alice");
    CHECK(recreated.profile.revision == 3);  // continues after the deletion (2)
  }
  Store reopened(db.options());  // a second open applies no migration twice
  CHECK(reopened.schema_version() == 9);
  auto all = reopened.load_all();
  REQUIRE(all.size() == 2);
  CHECK(all[0].median_salary->amount == 10);
  CHECK(all[0].revision == 2);
  auto history = reopened.history("b");
  REQUIRE(history.size() == 3);
  CHECK(history[1].action == "delete");
  CHECK(!reopened.revision("b", 2)->document);
  CHECK(reopened.revision("a", 1)->document->at("median_salary").at("amount") == 1);
  auto audit = reopened.audit(10, 0);
  REQUIRE(audit.size() == 5);
  CHECK(audit[0].actor == "alice");
  CHECK(audit[0].action == "create");
  CHECK(audit[2].detail["changed"] == nlohmann::json::array({"median_salary"}));
}

TEST_CASE("import adds, changes and leaves alone", "[store]") {
  const auto engine_name = engine();
  INFO("engine: " << engine_name);
  testing::TestDatabase db(engine_name, "import");
  Store store(db.options());
  store.seed({profile("a", 1)}, "seed");
  auto counts = store.import({profile("a", 1), profile("b", 2)}, "cli");
  CHECK(counts.unchanged == std::vector<std::string>{"a"});
  CHECK(counts.added == std::vector<std::string>{"b"});
  counts = store.import({profile("a", 7), profile("b", 2)}, "cli");
  CHECK(counts.changed == std::vector<std::string>{"a"});
  CHECK(counts.unchanged == std::vector<std::string>{"b"});
}

TEST_CASE("unanswered questions are counted", "[store]") {
  const auto engine_name = engine();
  INFO("engine: " << engine_name);
  testing::TestDatabase db(engine_name, "unanswered");
  Store store(db.options());
  store.record_unanswered({{"fix my bike", 2, "2026-01-01T00:00:00Z", "api"}});
  store.record_unanswered(
      {{"fix my bike", 1, "2026-01-02T00:00:00Z", "slack"}, {"weather", 1, "x", "api"}});
  auto list = store.unanswered(10);
  REQUIRE(list.size() == 2);
  CHECK(list[0].text == "fix my bike");
  CHECK(list[0].count == 3);
  CHECK(list[0].channel == "slack");
}

TEST_CASE("a change is answered from by the next question, without a restart",
          "[store][knowledge]") {
  const auto engine_name = engine();
  INFO("engine: " << engine_name);
  testing::TestDatabase db(engine_name, "service");
  Store store(db.options());
  KnowledgeService service(store, CAREERBOT_TEST_KNOWLEDGE_DIR);
  CHECK(service.snapshot()->kb.size() == 38);
  ConversationStore conversations(10, std::chrono::seconds(60));
  Assistant assistant(service.snapshot(), MatcherSettings{}, conversations);
  service.subscribe(assistant);
  auto before = service.snapshot();

  auto nurse = *service.snapshot()->kb.find("registered-nurse");
  nurse.median_salary->amount = 95000;
  auto result = service.replace(nurse, 1, "test");
  REQUIRE(result.status == WriteStatus::ok);
  CHECK(assistant.ask("registered nurse salary", "").text().find("$95,000") != std::string::npos);
  // A reader holding the old snapshot still sees the old, whole state.
  CHECK(before->kb.find("registered-nurse")->median_salary->amount == 93600);

  nurse.related = {"nobody"};
  auto invalid = service.replace(nurse, 2, "test");
  CHECK(invalid.status == WriteStatus::invalid);
  CHECK(invalid.error.field == "related[0]");

  auto rolled = service.rollback("registered-nurse", 1, 2, "test");
  REQUIRE(rolled.status == WriteStatus::ok);
  CHECK(rolled.profile.revision == 3);
  CHECK(assistant.ask("registered nurse salary", "").text().find("$93,600") != std::string::npos);
}

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

TEST_CASE("dismissed questions leave the list, and ignored ones stay out", "[store]") {
  const auto engine_name = engine();
  INFO("engine: " << engine_name);
  testing::TestDatabase db(engine_name, "dismiss");
  Store store(db.options());
  store.record_unanswered({{"fix my bike", 2, "2026-01-01T00:00:00Z", "api"},
                           {"weather", 1, "2026-01-01T00:00:00Z", "api"}});
  CHECK(store.dismiss_unanswered({"fix my bike", "never asked"}, true) == 1);
  CHECK(store.dismiss_unanswered({"weather"}, false) == 1);
  store.record_unanswered({{"fix my bike", 1, "2026-01-03T00:00:00Z", "api"},
                           {"weather", 1, "2026-01-03T00:00:00Z", "api"}});
  auto list = store.unanswered(10);
  REQUIRE(list.size() == 1);
  CHECK(list[0].text == "weather");
  CHECK(list[0].count == 1);
  // Ignoring twice is no error.
  CHECK(store.dismiss_unanswered({"fix my bike"}, true) == 0);
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

TEST_CASE("web chat sessions keep their messages in order, found by the page's id", "[store]") {
  const auto engine_name = engine();
  INFO("engine: " << engine_name);
  testing::TestDatabase db(engine_name, "web");
  Store store(db.options());
  CHECK(!store.touch_web_session("s1"));
  store.add_web_session("s1");
  CHECK(store.touch_web_session("s1"));
  WebMessage question{0, "s1", "user", "", "nurse salary?", "c-1", "", false};
  WebMessage answer{0, "s1", "bot", "", "About $93,600.", "c-1", R"({"text":"About"})", false};
  auto stored = store.add_web_messages({question, answer});
  REQUIRE(stored.size() == 2);
  CHECK(stored[0].id > 0);
  CHECK(stored[1].id > stored[0].id);
  CHECK(!stored[0].at.empty());
  WebMessage held{0, "s1", "user", "", "can I talk to someone?", "c-2", "", true};
  store.add_web_messages({held});

  auto all = store.web_messages("s1", 0, 10);
  REQUIRE(all.size() == 3);
  CHECK(all[0].text == "nurse salary?");
  CHECK(all[1].reply == R"({"text":"About"})");
  CHECK(all[2].held);
  CHECK(!all[0].held);
  auto after_first = store.web_messages("s1", all[0].id, 1);
  REQUIRE(after_first.size() == 1);
  CHECK(after_first[0].id == all[1].id);
  auto resent = store.web_messages_for("s1", "c-1");
  REQUIRE(resent.size() == 2);
  CHECK(resent[1].role == "bot");
  CHECK(store.web_messages("nobody", 0, 10).empty());

  CHECK(store.purge_web_history("2000-01-01T00:00:00Z") == 0);
  CHECK(store.purge_web_history("2999-01-01T00:00:00Z") == 1);
  CHECK(store.web_messages("s1", 0, 10).empty());
  CHECK(!store.touch_web_session("s1"));
}

TEST_CASE("a handoff opens, gathers its transcript and closes once", "[store]") {
  const auto engine_name = engine();
  INFO("engine: " << engine_name);
  testing::TestDatabase db(engine_name, "handoff");
  Store store(db.options());
  Handoff h;
  h.conversation = "telegram:42";
  h.channel = "telegram";
  h.reason = "asked for a person";
  h.opened_at = "2026-11-30T10:00:00Z";
  h.expires_at = "2026-12-03T10:00:00Z";
  h.route = {{"chat_id", 42}};
  h.transcript = nlohmann::json::array({{{"role", "user"}, {"text", "help"}, {"at", "t"}}});
  const long long id = store.open_handoff(h);
  CHECK(id > 0);
  CHECK(store.open_handoff_for("telegram:42")->id == id);
  CHECK(!store.open_handoff_for("telegram:43"));
  store.append_to_handoff(id, nlohmann::json::array({{{"role", "user"}, {"text", "more"}}}));
  auto stored = store.handoff(id);
  REQUIRE(stored);
  CHECK(stored->state == "open");
  CHECK(stored->route["chat_id"] == 42);
  REQUIRE(stored->transcript.size() == 2);
  CHECK(stored->transcript[1]["text"] == "more");
  CHECK(store.handoffs(true, 10).size() == 1);

  CHECK(store.close_handoff(id, "answered"));
  CHECK(!store.close_handoff(id, "released"));  // closed already
  CHECK(store.handoff(id)->state == "answered");
  CHECK(!store.handoff(id)->closed_at.empty());
  CHECK(store.handoffs(true, 10).empty());
  CHECK(store.handoffs(false, 10).size() == 1);
  CHECK(!store.open_handoff_for("telegram:42"));
}

TEST_CASE("erasure removes one person's messages, replies and handoffs, and no one else's",
          "[store][privacy]") {
  const auto engine_name = engine();
  INFO("engine: " << engine_name);
  testing::TestDatabase db(engine_name, "erase");
  Store store(db.options());
  OutboxEntry reply{0, "", "", "k", "p", 0, 0, "", ""};
  store.accept_inbound({"slack", "e1", "slack:T1:C9:U7"}, {reply}, std::nullopt);
  store.accept_inbound({"slack", "e2", "slack:T1:C9:U70"}, {reply}, std::nullopt);
  store.accept_inbound({"telegram", "t1", "telegram:7"}, {reply}, std::nullopt);
  Handoff h;
  h.conversation = "slack:T1:C9:U7";
  h.channel = "slack";
  h.route = nlohmann::json::object();
  h.transcript = nlohmann::json::array();
  store.open_handoff(h);

  auto counts = store.erase_person("slack", "U7");
  CHECK(counts.inbound == 1);
  CHECK(counts.outbox == 1);
  CHECK(counts.handoffs == 1);
  CHECK(!store.find_inbound("slack", "e1"));
  CHECK(store.find_inbound("slack", "e2"));  // U70 is someone else
  CHECK(store.find_inbound("telegram", "t1"));
  CHECK(store.outbox_depth() == 2);

  store.add_web_session("w1");
  store.add_web_messages({{0, "w1", "user", "", "hi", "c", "", false}});
  auto web = store.erase_person("web", "w1");
  CHECK(web.web_sessions == 1);
  CHECK(web.web_messages == 1);
}

TEST_CASE("retention deletes what is older than its cutoff and keeps what is waiting",
          "[store][privacy]") {
  const auto engine_name = engine();
  INFO("engine: " << engine_name);
  testing::TestDatabase db(engine_name, "retention");
  Store store(db.options());
  OutboxEntry reply{0, "", "", "k", "p", 0, 0, "", ""};
  store.accept_inbound({"telegram", "t1", "telegram:7"}, {reply}, std::nullopt);
  store.record_unanswered({{"weather", 1, "2020-01-01T00:00:00Z", "api"}});
  RetentionCutoffs keep_all{"2000-01-01T00:00:00Z", "2000-01-01T00:00:00Z", "2000-01-01T00:00:00Z"};
  CHECK(store.purge_personal_data(keep_all).total() == 0);
  RetentionCutoffs all_old{"2999-01-01T00:00:00Z", "2999-01-01T00:00:00Z", "2999-01-01T00:00:00Z"};
  auto counts = store.purge_personal_data(all_old);
  CHECK(counts.inbound == 1);
  CHECK(counts.outbox == 0);  // still waiting to be sent
  CHECK(counts.unanswered == 1);
  CHECK(store.outbox_depth() == 1);
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

TEST_CASE("a conversation is held by one message at a time, and a hold runs out",
          "[store][conversations]") {
  const auto engine_name = engine();
  INFO("engine: " << engine_name);
  testing::TestDatabase db(engine_name, "conversation_hold");
  Store store(db.options());
  CHECK(store.hold_conversation("slack:T:C:U", "a", 1000, 5000) == std::string());  // new
  CHECK(!store.hold_conversation("slack:T:C:U", "b", 2000, 5000));                  // a holds it
  store.save_conversation("slack:T:C:U", "a", R"({"careers":["registered-nurse"]})", 100000);
  CHECK(store.hold_conversation("slack:T:C:U", "b", 3000, 5000) ==
        std::string(R"({"careers":["registered-nurse"]})"));
  // b crashed without saving: its hold runs out at 8000.
  CHECK(!store.hold_conversation("slack:T:C:U", "a", 7999, 5000));
  CHECK(store.hold_conversation("slack:T:C:U", "a", 8000, 5000).has_value());
  store.release_conversation("slack:T:C:U", "a");
  // Past its expiry, the memory is gone.
  CHECK(store.hold_conversation("slack:T:C:U", "b", 100001, 5000) == std::string());
}

TEST_CASE("instances answering one conversation take turns and lose no turn",
          "[store][conversations]") {
  const auto engine_name = engine();
  INFO("engine: " << engine_name);
  testing::TestDatabase db(engine_name, "conversation_turns");
  Store first(db.options());
  Store second(db.options());
  SharedConversations a(first, "a", std::chrono::seconds(600));
  SharedConversations b(second, "b", std::chrono::seconds(600));
  constexpr int kTurns = 40;
  auto take_turns = [&](SharedConversations& memory, const std::string& who) {
    for (int i = 0; i < kTurns; ++i) {
      ConversationState state = memory.load("web:s1");
      state.careers.push_back(who + std::to_string(i));
      memory.save("web:s1", std::move(state));
    }
  };
  std::thread one(take_turns, std::ref(a), "a");
  std::thread two(take_turns, std::ref(b), "b");
  one.join();
  two.join();
  auto final_state = a.load("web:s1");
  a.release("web:s1");
  // Every turn saw the one before it: none was lost.
  CHECK(final_state.careers.size() == 2 * kTurns);
}

TEST_CASE("a conversation's state survives the trip through the store", "[conversations]") {
  ConversationState state;
  state.careers = {"registered-nurse", "nurse-practitioner"};
  state.intent = Intent::salary;
  state.candidates = {"a", "b"};
  state.pending_intent = Intent::education;
  state.quiz.active = true;
  state.quiz.next = 7;
  state.quiz.answers = {{0, Choice::like}, {3, Choice::unsure}, {6, Choice::dislike}};
  ShownMatches shown;
  shown.ids = {"x", "y"};
  shown.percents = {91, 80};
  shown.shown = 1;
  shown.person = {1, 2, 3, 4, 5, 6.5};
  shown.topics = {"cars"};
  shown.filters.growing = true;
  shown.filters.max_job_zone = 3;
  shown.filters.min_median_salary = 50000;
  state.matches = shown;

  auto back = conversation_from_json(nlohmann::json::parse(conversation_to_json(state).dump()));
  CHECK(back.careers == state.careers);
  CHECK(back.intent == Intent::salary);
  CHECK(back.candidates == state.candidates);
  CHECK(back.pending_intent == Intent::education);
  CHECK(back.quiz.active);
  CHECK(back.quiz.next == 7);
  CHECK(back.quiz.answers == state.quiz.answers);
  REQUIRE(back.matches);
  CHECK(back.matches->ids == shown.ids);
  CHECK(back.matches->percents == shown.percents);
  CHECK(back.matches->shown == 1);
  CHECK(back.matches->person == shown.person);
  CHECK(back.matches->topics == shown.topics);
  CHECK(back.matches->filters.growing);
  CHECK(back.matches->filters.max_job_zone == 3);
  CHECK(back.matches->filters.min_median_salary == 50000);
  // Damaged or foreign JSON gives an empty conversation, never an error.
  CHECK(conversation_from_json(nlohmann::json::parse(R"({"careers": 5, "quiz": []})"))
            .careers.empty());
  CHECK(conversation_from_json(nlohmann::json()).careers.empty());
}

TEST_CASE("a conversation begun without an id is written behind, and a follow-up finds it",
          "[store][conversations]") {
  const auto engine_name = engine();
  INFO("engine: " << engine_name);
  testing::TestDatabase db(engine_name, "conversation_begin");
  Store store(db.options());
  {
    SharedConversations memory(store, "a", std::chrono::seconds(600));
    ConversationState first;
    first.careers = {"electrician"};
    memory.begin("c-new", first);
    // Its follow-up came first somewhere else: that state wins.
    ConversationState other;
    other.careers = {"plumber"};
    memory.load("c-raced");
    memory.save("c-raced", other);
    memory.begin("c-raced", first);
  }  // the writer finishes what waits
  SharedConversations later(store, "b", std::chrono::seconds(600));
  auto found = later.load("c-new");
  later.release("c-new");
  CHECK(found.careers == std::vector<std::string>{"electrician"});
  auto raced = later.load("c-raced");
  later.release("c-raced");
  CHECK(raced.careers == std::vector<std::string>{"plumber"});
  CHECK(later.dropped() == 0);
}
