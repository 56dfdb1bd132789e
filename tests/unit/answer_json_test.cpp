// The answer's JSON is written straight into the response (answer_json.cpp).
// These tests hold it against the tree-of-maps serialisation it replaced,
// kept here as the reference: the bytes must be equal for every kind of
// answer, every intent, any text, and must parse.
#include <array>
#include <fstream>
#include <limits>
#include <memory>
#include <set>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "assistant.hpp"
#include "json_writer.hpp"
#include "shipped_knowledge.hpp"

using namespace careerbot;
using nlohmann::json;

namespace {

// The serialisation of the API's answers before the writer (the reference).
nlohmann::json reference_match(const CareerMatchView& m) {
  using nlohmann::json;
  json career = {{"id", m.career.id}, {"title", m.career.title}};
  career["soc_code"] = m.career.soc_code.empty() ? json(nullptr) : json(m.career.soc_code);
  json j = {{"career", career}, {"match", m.match}};
  j["median_salary"] = m.median_salary ? json(*m.median_salary) : json(nullptr);
  j["salary_period"] = m.salary_period.empty() ? json(nullptr) : json(m.salary_period);
  j["growth"] = m.growth ? json(*m.growth) : json(nullptr);
  j["job_zone"] = m.job_zone ? json(*m.job_zone) : json(nullptr);
  j["education"] = m.education.empty() ? json(nullptr) : json(m.education);
  j["why"] = m.why;
  return j;
}

nlohmann::json reference_answer(const Answer& answer) {
  using nlohmann::json;
  auto ref = [](const CareerRef& c) {
    json j = {{"id", c.id}, {"title", c.title}};
    j["soc_code"] = c.soc_code.empty() ? json(nullptr) : json(c.soc_code);
    return j;
  };
  auto refs = [&](const std::vector<CareerRef>& list) {
    json array = json::array();
    for (const auto& c : list) array.push_back(ref(c));
    return array;
  };
  auto reply_json = [&](const Reply& r) {
    json facts = json::array();
    for (const auto& f : r.facts) {
      facts.push_back(
          {{"label", f.label}, {"value", f.value}, {"source", f.source}, {"as_of", f.as_of}});
    }
    json j{{"status", status_name(r.status)},
           {"intent", intent_name(r.intent)},
           {"career", r.career ? ref(*r.career) : json(nullptr)},
           {"careers", refs(r.careers)},
           {"candidates", refs(r.candidates)},
           {"confidence", r.confidence},
           {"text", r.text},
           {"facts", facts},
           {"next_steps", r.next_steps},
           {"suggestions", r.suggestions},
           {"why", r.why}};
    if (r.assessment) {
      const auto& a = *r.assessment;
      j["assessment"] = {{"item", a.item},
                         {"of", a.of},
                         {"id", a.id},
                         {"question", a.question},
                         {"choices", a.choices}};
    }
    if (!r.matches.empty()) {
      json matches = json::array();
      for (const auto& m : r.matches) matches.push_back(reference_match(m));
      j["matches"] = std::move(matches);
    }
    return j;
  };
  json doc = reply_json(answer.first());
  doc["conversation_id"] = answer.conversation_id;
  doc["text"] = answer.text();
  json all = json::array();
  for (const auto& r : answer.replies) all.push_back(reply_json(r));
  doc["answers"] = all;
  return doc;
}

std::string reference_bytes(const Answer& answer) {
  return reference_answer(answer).dump(-1, ' ', false, json::error_handler_t::replace);
}

// Every kind of text a reply can carry: escapes, control characters, every
// UTF-8 length, and bytes that are not UTF-8 at all.
const std::vector<std::string>& awkward_texts() {
  static const std::vector<std::string> texts = {
      "",
      "plain",
      "quote \" backslash \\ slash /",
      "tab\tnewline\ncarriage\rform\fbackspace\b",
      std::string("nul \0 and \x01 \x1f \x7f", 15),
      "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb "
      "\xe4\xb8\xad\xe6\x96\x87 \xd8\xb9\xd8\xb1\xd8\xa8\xd9\x8a",
      "\xef\xbb\xbf BOM and U+2028 \xe2\x80\xa8 U+FFFF \xef\xbf\xbf U+10FFFF \xf4\x8f\xbf\xbf",
      "lone continuation \x80",
      "overlong \xc0\xaf and \xe0\x80\xaf",
      "surrogate \xed\xa0\x80",
      "above U+10FFFF \xf4\x90\x80\x80",
      "cut short \xe2\x82",
      "ends in a lead byte \xf0",
      "<script>alert('x')</script> & \\u0000",
  };
  return texts;
}

Reply reply_with_every_field(const std::string& text, double confidence) {
  Reply r;
  r.status = Status::answered;
  r.intent = Intent::salary;
  r.career = CareerRef{"id-" + text, text, text.empty() ? "" : "15-1252"};
  r.careers = {CareerRef{"a", "A", ""}, CareerRef{text, text, text}};
  r.candidates = {CareerRef{text, "B", "29-1141"}};
  r.confidence = confidence;
  r.text = text + " reply";
  r.facts = {Fact{text, "$1,000", "Bureau of Labor Statistics", "2024"},
             Fact{"Growth", text, text, ""}};
  r.next_steps = {text, "", "step"};
  r.suggestions = {};
  r.why = "why " + text;
  r.assessment = AssessmentPrompt{3, 60, "r1", text, {"like", text, "dislike"}};
  r.matches = {CareerMatchView{CareerRef{"m", text, ""}, 87, 121668.0, "year", 7.42, 4, text, text},
               CareerMatchView{CareerRef{"n", "N", "1"}, 0, std::nullopt, "", std::nullopt,
                               std::nullopt, "", ""}};
  return r;
}

SnapshotPtr shipped() {
  // Aliases the test binary's one copy; nothing to free.
  return SnapshotPtr(std::shared_ptr<void>(), &test::shipped_snapshot());
}

std::vector<json> dev_conversations() {
  std::ifstream in(std::string(CAREERBOT_TEST_SHARED_DIR) + "/eval/dev.jsonl");
  std::vector<json> out;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) out.push_back(json::parse(line));
  }
  return out;
}

}  // namespace

TEST_CASE("answer JSON: the same bytes as before for every labelled conversation",
          "[answer][json]") {
  auto conversations = dev_conversations();
  REQUIRE(conversations.size() > 100);
  ConversationStore memory(10000, std::chrono::seconds(600));
  Assistant assistant(shipped(), MatcherSettings{}, memory);
  std::set<std::string> intents, statuses;
  std::size_t compared = 0;
  for (const auto& c : conversations) {
    std::string id = "golden-" + c["id"].get<std::string>();
    for (const auto& turn : c["turns"]) {
      Answer answer = assistant.ask(turn["text"].get<std::string>(), id);
      std::string written = answer_json(answer);
      INFO(turn["text"]);
      REQUIRE(written == reference_bytes(answer));
      CHECK_NOTHROW(json::parse(written));
      for (const auto& r : answer.replies) {
        intents.insert(std::string(intent_name(r.intent)));
        statuses.insert(std::string(status_name(r.status)));
      }
      ++compared;
    }
  }
  // The set reaches every kind of answer: facts, clarifications, fallbacks,
  // the quiz with its matches, several questions in one message.
  CHECK(compared > 150);
  CHECK(statuses.size() >= 3);
  CHECK(intents.size() >= 12);
}

TEST_CASE("answer JSON: the same bytes for the quiz, matches and several questions at once",
          "[answer][json]") {
  ConversationStore memory(100, std::chrono::seconds(600));
  Assistant assistant(shipped(), MatcherSettings{}, memory);
  bool saw_assessment = false, saw_matches = false, saw_several = false;
  std::vector<std::string> turns = {"what careers would suit me"};
  for (int i = 0; i < 70; ++i)
    turns.push_back(i % 3 == 0 ? "like" : i % 3 == 1 ? "dislike" : "not sure");
  turns.push_back("how much do nurses make? and what do electricians do?");
  turns.push_back("what does a \"data scientist\" earn \xf0\x9f\x92\xb0\t?");
  turns.push_back("salary of \xff\xfe bad bytes");
  for (const auto& text : turns) {
    Answer answer = assistant.ask(text, "golden-quiz");
    INFO(text);
    REQUIRE(answer_json(answer) == reference_bytes(answer));
    saw_assessment |= answer.first().assessment.has_value();
    saw_matches |= !answer.first().matches.empty();
    saw_several |= answer.replies.size() > 1;
  }
  CHECK(saw_assessment);
  CHECK(saw_matches);
  CHECK(saw_several);
}

TEST_CASE("answer JSON: every field, escape, script and broken byte as before", "[answer][json]") {
  const double confidences[] = {0,
                                1,
                                0.95,
                                0.1 + 0.2,
                                -0.0,
                                1e21,
                                1e-7,
                                123456789.125,
                                std::numeric_limits<double>::quiet_NaN(),
                                std::numeric_limits<double>::infinity()};
  for (const auto& text : awkward_texts()) {
    for (double confidence : confidences) {
      Answer answer;
      answer.conversation_id = text;
      answer.replies = {reply_with_every_field(text, confidence), reply_with_every_field("", 0.5),
                        Reply{}};
      INFO(text << " / " << confidence);
      std::string written = answer_json(answer);
      REQUIRE(written == reference_bytes(answer));
      CHECK_NOTHROW(json::parse(written));
      answer.replies.resize(1);
      REQUIRE(answer_json(answer) == reference_bytes(answer));
      CHECK(match_json(answer.first().matches.front()) ==
            reference_match(answer.first().matches.front())
                .dump(-1, ' ', false, json::error_handler_t::replace));
    }
  }
}

TEST_CASE("answer JSON: appended to what the buffer already holds", "[answer][json]") {
  Answer answer;
  answer.conversation_id = "c-1";
  answer.replies = {reply_with_every_field("x", 0.9)};
  std::string out = "prefix:";
  write_answer_json(answer, out);
  CHECK(out == "prefix:" + reference_bytes(answer));
}

TEST_CASE("JSON writer: strings, numbers and nesting", "[json]") {
  std::string out;
  JsonWriter w(out);
  w.begin_object().key("a").begin_array().number(1).number(-2LL).number(std::size_t{3});
  w.number(2.5).null().string("x").boolean(true).boolean(false).raw(R"({"k":[1]})").end_array();
  w.key("b").begin_object().end_object().key("c").begin_array().end_array().end_object();
  CHECK(out == R"({"a":[1,-2,3,2.5,null,"x",true,false,{"k":[1]}],"b":{},"c":[]})");
  std::string nested;
  JsonWriter deep(nested);
  for (int i = 0; i < 32; ++i) deep.begin_array();
  CHECK_THROWS_AS(deep.begin_array(), std::length_error);
}

TEST_CASE("JSON writer: any string escapes as nlohmann's dump does, at every position", "[json]") {
  // Strings are copied eight plain bytes at a time: a byte that needs care
  // (quote, backslash, control, multibyte, broken) is found wherever it sits.
  const std::vector<std::string> specials = {
      "\"", "\\", "\n", std::string(1, '\0'), "\x1f", "\x7f", "é", "€", "😀", "\xff", "\xe2\x82"};
  for (const auto& special : specials) {
    for (std::size_t before = 0; before < 18; ++before) {
      for (std::size_t after : std::array<std::size_t, 5>{0, 1, 7, 8, 9}) {
        const std::string text = std::string(before, 'a') + special + std::string(after, 'z');
        std::string out = "[";
        append_json_string(out, text);
        const std::string expected =
            "[" +
            nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        INFO("special " << nlohmann::json(special).dump(-1, ' ', false,
                                                        nlohmann::json::error_handler_t::replace)
                        << " after " << before << " bytes");
        CHECK(out == expected);
      }
    }
  }
}
