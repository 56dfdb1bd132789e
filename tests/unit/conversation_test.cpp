#include <string>
#include <thread>
#include <vector>

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

TEST_CASE("a large store is striped: bounded, and the recent conversations are kept",
          "[conversation]") {
  auto now = ConversationStore::Clock::time_point{};
  ConversationStore store(4096, 60s, [&] { return now; });
  ConversationState state;
  state.careers = {"electrician"};
  for (int i = 0; i < 20000; ++i) store.save("c-" + std::to_string(i), state);
  // Each stripe is full with its share: the capacity in all, never more.
  CHECK(store.size() == 4096);
  // The most recent conversations are all still known.
  for (int i = 20000 - 100; i < 20000; ++i) {
    INFO(i);
    CHECK(store.load("c-" + std::to_string(i)).careers.size() == 1);
  }
}

TEST_CASE("conversations are saved and loaded from many threads at once", "[conversation]") {
  ConversationStore store(100000, 60s);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&store, t] {
      for (int i = 0; i < 2000; ++i) {
        std::string id = "t" + std::to_string(t) + "-" + std::to_string(i % 50);
        ConversationState state = store.load(id);
        state.careers.push_back("x");
        store.save(id, std::move(state));
      }
    });
  }
  for (auto& thread : threads) thread.join();
  CHECK(store.size() == 200);
  // Every thread's conversations saw each of their turns: 2000 / 50 each.
  CHECK(store.load("t0-0").careers.size() == 40);
  CHECK(store.load("t3-49").careers.size() == 40);
}
