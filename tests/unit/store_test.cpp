#include <atomic>
#include <filesystem>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include "knowledge_service.hpp"

using namespace careerbot;

namespace {

std::filesystem::path fresh_dir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / ("careerbot-store-test-" + name);
  std::filesystem::remove_all(dir);
  return dir;
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
  auto dir = fresh_dir("revisions");
  {
    Store store(dir);
    CHECK(store.schema_version() == 4);
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
  Store reopened(dir);  // a second open applies no migration twice
  CHECK(reopened.schema_version() == 4);
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
  std::filesystem::remove_all(dir);
}

TEST_CASE("import adds, changes and leaves alone", "[store]") {
  auto dir = fresh_dir("import");
  Store store(dir);
  store.seed({profile("a", 1)}, "seed");
  auto counts = store.import({profile("a", 1), profile("b", 2)}, "cli");
  CHECK(counts.unchanged == std::vector<std::string>{"a"});
  CHECK(counts.added == std::vector<std::string>{"b"});
  counts = store.import({profile("a", 7), profile("b", 2)}, "cli");
  CHECK(counts.changed == std::vector<std::string>{"a"});
  CHECK(counts.unchanged == std::vector<std::string>{"b"});
  std::filesystem::remove_all(dir);
}

TEST_CASE("unanswered questions are counted", "[store]") {
  auto dir = fresh_dir("unanswered");
  Store store(dir);
  store.record_unanswered({{"fix my bike", 2, "2026-01-01T00:00:00Z", "api"}});
  store.record_unanswered(
      {{"fix my bike", 1, "2026-01-02T00:00:00Z", "slack"}, {"weather", 1, "x", "api"}});
  auto list = store.unanswered(10);
  REQUIRE(list.size() == 2);
  CHECK(list[0].text == "fix my bike");
  CHECK(list[0].count == 3);
  CHECK(list[0].channel == "slack");
  std::filesystem::remove_all(dir);
}

TEST_CASE("a change is answered from by the next question, without a restart",
          "[store][knowledge]") {
  auto dir = fresh_dir("service");
  Store store(dir);
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
  std::filesystem::remove_all(dir);
}

TEST_CASE("an inbound message is recorded once, with its replies queued in the outbox", "[store]") {
  auto dir = fresh_dir("inbound");
  {
    Store store(dir);
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
  Store reopened(dir);
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
  std::filesystem::remove_all(dir);
}

TEST_CASE("concurrent deliveries share commits and each message is accepted exactly once",
          "[store]") {
  auto dir = fresh_dir("group-commit");
  Store store(dir);
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
  std::filesystem::remove_all(dir);
}
