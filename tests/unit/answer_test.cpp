#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "assistant.hpp"

using namespace careerbot;

TEST_CASE("figures are formatted the way people read them", "[answer]") {
  CHECK(format_money(121668) == "$121,668");
  CHECK(format_money(999) == "$999");
  CHECK(format_money(23.456) == "$23.46");
  CHECK(format_count(1267) == "1,267");
  CHECK(format_count(1693800) == "1,693,800");
  CHECK(format_count(0) == "0");
  CHECK(format_percent(7.42, true) == "+7.42%");
  CHECK(format_percent(4.9, false) == "4.9%");
  CHECK(format_percent(-6.0, true) == "-6.0%");
  CHECK(format_percent(51, false) == "51.0%");
}

TEST_CASE("the assistant's JSON has every field of the API", "[answer]") {
  KnowledgeError error;
  auto kb = load_knowledge_dir(CAREERBOT_TEST_KNOWLEDGE_DIR, error);
  REQUIRE(kb);
  ConversationStore conversations(10, std::chrono::seconds(60));
  Assistant assistant(std::make_shared<const Snapshot>(std::move(*kb)), MatcherSettings{},
                      conversations);
  auto doc = answer_to_json(assistant.ask("registered nurse salary", ""));
  for (const char* key :
       {"conversation_id", "status", "intent", "career", "careers", "candidates", "confidence",
        "text", "facts", "next_steps", "suggestions", "why", "answers"}) {
    INFO(key);
    CHECK(doc.contains(key));
  }
  CHECK(doc["text"].get<std::string>().find("$93,600") != std::string::npos);
  CHECK(doc["facts"][0]["label"] == "Median salary");
  CHECK(doc["facts"][0]["source"].get<std::string>().find("Bureau of Labor Statistics") !=
        std::string::npos);
  CHECK(doc["answers"].size() == 1);
  CHECK(doc["conversation_id"].get<std::string>().rfind("c-", 0) == 0);
}
