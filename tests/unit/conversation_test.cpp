#include <catch2/catch.hpp>

#include "conversation.hpp"

using namespace careerbot;
using namespace std::chrono_literals;

TEST_CASE("conversations expire and the least recently used are forgotten", "[conversation]") {
  auto now = ConversationStore::Clock::time_point{};
  ConversationStore store(2, 60s, [&] { return now; });
  ConversationState state;
  state.careers = {"registered-nurse"};
  store.save("a", state);
  store.save("b", state);
  CHECK(store.load("a").careers.size() == 1);  // "a" is now the most recent
  store.save("c", state);                      // evicts "b"
  CHECK(store.load("b").careers.empty());
  CHECK(store.load("a").careers.size() == 1);
  CHECK(store.size() == 2);
  now += 61s;
  CHECK(store.load("a").careers.empty());
  CHECK(store.load("unknown").careers.empty());
}
