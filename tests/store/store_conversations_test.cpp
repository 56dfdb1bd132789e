// The store's contract for conversation memory, on SQLite and on PostgreSQL
// alike: a conversation held by one message at a time, turns across
// instances, the state's round trip, a conversation written behind.
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
  state.also_asked = {Intent::outlook, Intent::openings};
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
  CHECK(back.also_asked == state.also_asked);
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
  // Only facts are carried, each once: an unknown name, another kind of intent
  // or a repeat is dropped.
  CHECK(conversation_from_json(
            nlohmann::json::parse(
                R"({"also_asked": ["outlook", "nonsense", "compare", 3, "outlook"]})"))
            .also_asked == std::vector<Intent>{Intent::outlook});
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
