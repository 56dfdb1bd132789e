// The store's contract: every case runs on SQLite and on PostgreSQL (a
// fresh database in the test cluster), and both engines must behave alike.
// Here: profiles and their history, unanswered questions, web chat,
// handoffs, privacy; inbound messages and the outbox in
// store_outbox_test.cpp, conversation memory in store_conversations_test.cpp.
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

namespace {

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
    CHECK(store.schema_version() == 10);
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
  CHECK(reopened.schema_version() == 10);
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
