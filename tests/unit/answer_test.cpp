#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "assistant.hpp"

using namespace careerbot;

namespace {

// The curated careers (knowledge/data), loaded once per test.
SnapshotPtr curated_snapshot() {
  KnowledgeError error;
  auto kb = load_knowledge_dir(CAREERBOT_TEST_KNOWLEDGE_DIR, error);
  REQUIRE(kb);
  return std::make_shared<const Snapshot>(std::move(*kb));
}

// An assistant over them with conversations of its own.
struct CuratedAssistant {
  ConversationStore conversations{100, std::chrono::seconds(60)};
  Assistant assistant{curated_snapshot(), MatcherSettings{}, conversations};
};

}  // namespace

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
  CuratedAssistant curated;
  Assistant& assistant = curated.assistant;
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

TEST_CASE("the steps are headed in a form that fits any title", "[answer]") {
  CuratedAssistant curated;
  auto steps = curated.assistant.ask("how do i become an elementary school teacher", "");
  CHECK(steps.text().rfind("How people become Elementary School Teachers:", 0) == 0);
}

TEST_CASE("every bundled career is answered with its exact figures and sources", "[answer]") {
  auto snapshot = curated_snapshot();
  REQUIRE(snapshot->kb.size() == 38);
  ConversationStore conversations(100, std::chrono::seconds(60));
  Assistant assistant(snapshot, MatcherSettings{}, conversations);
  for (const auto& p : snapshot->kb.profiles()) {
    INFO(p.id);
    auto salary =
        answer_to_json(assistant.ask("What is the median salary of a " + p.title + "?", ""));
    REQUIRE(salary["career"]["id"] == p.id);
    CHECK(salary["intent"] == "salary");
    std::string text = salary["text"];
    CHECK(text.find(format_money(p.median_salary->amount)) != std::string::npos);
    CHECK(text.find(p.median_salary->source) != std::string::npos);
    auto outlook =
        answer_to_json(assistant.ask("What is the job outlook for " + p.plural() + "?", ""));
    REQUIRE(outlook["career"]["id"] == p.id);
    CHECK(outlook["text"].get<std::string>().find(format_percent(p.growth->percent, true)) !=
          std::string::npos);
    auto openings =
        answer_to_json(assistant.ask("How many openings are there for " + p.plural() + "?", ""));
    REQUIRE(openings["career"]["id"] == p.id);
    CHECK(openings["text"].get<std::string>().find(format_count(p.openings->count)) !=
          std::string::npos);
    auto education =
        answer_to_json(assistant.ask("What education do " + p.plural() + " need?", ""));
    REQUIRE(education["career"]["id"] == p.id);
    CHECK(education["text"].get<std::string>().find(p.education->level) != std::string::npos);
  }
}

TEST_CASE("a question that asks whether a statement holds answers the statement, once",
          "[answer]") {
  CuratedAssistant curated;
  Assistant& assistant = curated.assistant;
  // The statement is what "is that true?" asks; the pay question after it
  // asks the same thing again and is not answered twice.
  auto doc = answer_to_json(assistant.ask(
      "My uncle says registered nurses make bank. Is that true?? What's the median pay?", ""));
  CHECK(doc["intent"] == "salary");
  CHECK(doc["career"]["title"] == "Registered Nurse");
  CHECK(doc["answers"].size() == 1);
  // A different question after it is answered as well, in order.
  doc = answer_to_json(assistant.ask(
      "I heard electricians are in high demand. Is that right? And what do they earn?", ""));
  REQUIRE(doc["answers"].size() == 2);
  CHECK(doc["answers"][0]["intent"] == "outlook");
  CHECK(doc["answers"][1]["intent"] == "salary");
  // Without a statement before it, "really?" adds nothing to answer.
  doc = answer_to_json(assistant.ask("What do electricians earn? Really?", ""));
  CHECK(doc["intent"] == "salary");
  CHECK(doc["answers"].size() == 1);
}

TEST_CASE("facts named one after the other about a career are each answered", "[answer]") {
  CuratedAssistant curated;
  Assistant& assistant = curated.assistant;
  struct Case {
    const char* text;
    const char* first;
    const char* second;
  };
  for (const auto& c :
       {Case{"registered nurse salary and job outlook", "salary", "outlook"},
        Case{"database administrator pay + approx # of openings per yr?", "salary", "openings"},
        Case{"electrician duties & skills", "duties", "skills"},
        Case{"what are the skills and education needed for accountants", "skills", "education"}}) {
    INFO(c.text);
    auto doc = answer_to_json(assistant.ask(c.text, ""));
    CHECK(doc["intent"] == c.first);  // the top level describes the first
    REQUIRE(doc["answers"].size() == 2);
    CHECK(doc["answers"][0]["intent"] == c.first);
    CHECK(doc["answers"][1]["intent"] == c.second);
    CHECK(doc["answers"][1]["career"] == doc["career"]);
    const std::string second_text = doc["answers"][1]["text"];
    CHECK(std::string(doc["text"]).find(second_text) != std::string::npos);
  }
  // One fact in several words, or a fact and a purpose, is one question.
  for (const char* text :
       {"what education and training do electricians need",
        "how many years of school to become a nurse", "R&D salary for chemists"}) {
    INFO(text);
    CHECK(answer_to_json(assistant.ask(text, ""))["answers"].size() == 1);
  }
}

TEST_CASE("a query without its question mark asks, and so does one opened by also", "[answer]") {
  CuratedAssistant curated;
  Assistant& assistant = curated.assistant;
  for (const char* text :
       {"NP salary. also, is it growing?", "NP salary?? also is it a growing field",
        "nurse practitioner pay. and is it growing"}) {
    INFO(text);
    auto doc = answer_to_json(assistant.ask(text, ""));
    REQUIRE(doc["answers"].size() == 2);
    CHECK(doc["answers"][0]["intent"] == "salary");
    CHECK(doc["answers"][1]["intent"] == "outlook");
    CHECK(doc["answers"][1]["career"]["title"] == "Nurse Practitioner");
  }
  // A story is still context: only the question after it is answered.
  auto doc = answer_to_json(
      assistant.ask("I want to be a data scientist. What kind of money would I make?", ""));
  CHECK(doc["intent"] == "salary");
  CHECK(doc["answers"].size() == 1);
}

TEST_CASE("everyday ways of asking: jobs per year, the deal with, cheers", "[answer]") {
  CuratedAssistant curated;
  Assistant& assistant = curated.assistant;
  auto doc = answer_to_json(assistant.ask("actuary: jobs per year + median pay pls", ""));
  REQUIRE(doc["answers"].size() == 2);
  CHECK(doc["answers"][0]["intent"] == "openings");
  CHECK(doc["answers"][1]["intent"] == "salary");
  doc = answer_to_json(assistant.ask("how many positions a year for accountants", ""));
  CHECK(doc["intent"] == "openings");
  doc = answer_to_json(assistant.ask("whats the deal with actuaries", ""));
  CHECK(doc["intent"] == "overview");
  CHECK(doc["career"]["title"] == "Actuary");
  doc = answer_to_json(assistant.ask("is accountancy a growing field", ""));
  CHECK(doc["intent"] == "outlook");
  CHECK(doc["career"]["title"] == "Accountant / Auditor");
  doc = answer_to_json(assistant.ask("what does an electrician do on a building site", ""));
  CHECK(doc["intent"] == "duties");
  doc = answer_to_json(assistant.ask("electrician salary", ""));
  doc = answer_to_json(assistant.ask("what does one actually do all day", doc["conversation_id"]));
  CHECK(doc["intent"] == "duties");
  CHECK(doc["career"]["title"] == "Electrician");
}

TEST_CASE("facts asked together are asked again together of the next career", "[answer]") {
  CuratedAssistant curated;
  Assistant& assistant = curated.assistant;
  auto doc = answer_to_json(assistant.ask("registered nurse salary and job outlook", ""));
  const std::string id = doc["conversation_id"];
  REQUIRE(doc["answers"].size() == 2);
  for (const char* follow_up :
       {"and for web developers?", "what about electricians", "accountants?"}) {
    INFO(follow_up);
    doc = answer_to_json(assistant.ask(follow_up, id));
    CHECK(doc["intent"] == "salary");
    REQUIRE(doc["answers"].size() == 2);
    CHECK(doc["answers"][1]["intent"] == "outlook");
    CHECK(doc["answers"][1]["career"] == doc["career"]);
  }
  // A fact asked in words is that fact alone; the pair is not asked again after it.
  doc = answer_to_json(assistant.ask("what do electricians do all day", id));
  CHECK(doc["intent"] == "duties");
  CHECK(doc["answers"].size() == 1);
  doc = answer_to_json(assistant.ask("and accountants?", id));
  CHECK(doc["intent"] == "duties");
  CHECK(doc["answers"].size() == 1);
}

TEST_CASE("of careers just compared, the one a statement names is asked about next", "[answer]") {
  CuratedAssistant curated;
  Assistant& assistant = curated.assistant;
  auto doc = answer_to_json(assistant.ask(
      "web developer or software developer? i'm going with software developer. what does it pay",
      ""));
  REQUIRE(doc["answers"].size() == 2);
  CHECK(doc["answers"][0]["intent"] == "compare");
  CHECK(doc["answers"][1]["intent"] == "salary");
  CHECK(doc["answers"][1]["career"]["title"] == "Software Developer");
  // A career told that was not compared changes nothing.
  doc = answer_to_json(assistant.ask(
      "web developer or software developer? my brother is an accountant. what does it pay", ""));
  REQUIRE(doc["answers"].size() == 2);
  CHECK(doc["answers"][1]["career"]["title"] == "Web Developer");
}

TEST_CASE("follow-ups: the same question for another career, and which of two", "[answer]") {
  CuratedAssistant curated;
  Assistant& assistant = curated.assistant;
  auto first = answer_to_json(assistant.ask("electrician salary", ""));
  const std::string id = first["conversation_id"];
  auto doc = answer_to_json(assistant.ask("same for accountants", id));
  CHECK(doc["intent"] == "salary");
  CHECK(doc["career"]["title"] == "Accountant / Auditor");
  doc = answer_to_json(assistant.ask("electricians vs accountants", id));
  CHECK(doc["intent"] == "compare");
  // "which pays more" chooses between the two just compared.
  doc = answer_to_json(assistant.ask("which pays more", id));
  CHECK(doc["intent"] == "compare");
  CHECK(doc["careers"].size() == 2);
  // A correction keeps the question and changes the career.
  doc = answer_to_json(assistant.ask("what do registered nurses make", id));
  doc = answer_to_json(assistant.ask("no wait, not nurses, I mean nurse practitioners", id));
  CHECK(doc["status"] == "answered");
  CHECK(doc["intent"] == "salary");
  CHECK(doc["career"]["title"] == "Nurse Practitioner");
}

TEST_CASE("an aim told, then a question that points back to it, asks the way there", "[answer]") {
  CuratedAssistant curated;
  Assistant& assistant = curated.assistant;
  for (const auto& [text, title] :
       {std::pair{"I want to be an electrical engineer. What should I do to get there?",
                  "Electrical Engineer"},
        std::pair{"I'm finishing high school next spring and want to be an electrician. What "
                  "should I do to get there?",
                  "Electrician"},
        std::pair{"I want to be a lawyer. What steps should I take?", "Lawyer"}}) {
    INFO(text);
    auto doc = answer_to_json(assistant.ask(text, ""));
    CHECK(doc["answers"].size() == 1);
    CHECK(doc["intent"] == "steps");
    CHECK(doc["career"]["title"] == title);
    CHECK(!doc["next_steps"].empty());
  }
  // Without a career told, "what should I do?" still asks for guidance.
  auto doc = answer_to_json(assistant.ask("I love working with people. What should I do?", ""));
  CHECK(doc["intent"] != "steps");
  CHECK(doc["career"].is_null());
  // A question with a career of its own is about that career.
  doc = answer_to_json(assistant.ask("I want to be an electrician. How much do lawyers make?", ""));
  CHECK(doc["intent"] == "salary");
  CHECK(doc["career"]["title"] == "Lawyer");
  // A worker read from a field of work ("grading") may be a reading gone
  // wrong: the career told before is what the question is about.
  doc = answer_to_json(assistant.ask(
      "My daughter wants to be an elementary school teacher. What are the main duties besides "
      "the teaching itself (grading, parents etc)?",
      ""));
  CHECK(doc["intent"] == "duties");
  CHECK(doc["career"]["title"] == "Elementary School Teacher");
  // A request for other careers is not about the one in the story.
  for (const char* text :
       {"I was an accountant for 20 years and got laid off. Which careers would be a good fit "
        "for someone like me?",
        "I'm a registered nurse. Any jobs that would suit me better?"}) {
    INFO(text);
    doc = answer_to_json(assistant.ask(text, ""));
    CHECK(doc["answers"].size() == 1);
    CHECK((doc["intent"] == "recommend" || doc["intent"] == "assess"));
    CHECK(doc["career"].is_null());
  }
}

TEST_CASE("a request without a question mark is what the message asks; the story is context",
          "[answer]") {
  CuratedAssistant curated;
  auto doc = answer_to_json(curated.assistant.ask(
      "My son won't stop talking about becoming an electrician. I'd like to know roughly what "
      "electricians earn.",
      ""));
  CHECK(doc["answers"].size() == 1);
  CHECK(doc["intent"] == "salary");
  CHECK(doc["career"]["title"] == "Electrician");
}

TEST_CASE("a signature after the message is not read as a question", "[answer]") {
  CuratedAssistant curated;
  Assistant& assistant = curated.assistant;
  for (const char* text :
       {"Your invoice for March is attached, payment due within 30 days. Regards, Accountant",
        "The minutes are attached. Regards, Lawyer",
        "Please find attached the minutes of Tuesday's meeting. Regards, Software Developer "
        "Team"}) {
    INFO(text);
    auto doc = answer_to_json(assistant.ask(text, ""));
    CHECK(doc["status"] == "fallback");
    CHECK(doc["career"].is_null());
  }
  auto doc = answer_to_json(
      assistant.ask("Minutes attached.\nKind regards,\nWeb Developer, Platform Team", ""));
  CHECK(doc["status"] == "fallback");
  // A sign-off before a question, or opening the message, is no signature.
  doc = answer_to_json(assistant.ask("how much do registered nurses make? Thanks, Sam", ""));
  CHECK(doc["intent"] == "salary");
  CHECK(doc["career"]["title"] == "Registered Nurse");
  doc = answer_to_json(assistant.ask("Thanks, what do lawyers do?", ""));
  CHECK(doc["intent"] == "duties");
  CHECK(doc["career"]["title"] == "Lawyer");
}

TEST_CASE("careers asked for by what they must meet are recommended", "[answer]") {
  CuratedAssistant curated;
  for (const char* text : {"which jobs pay 100k+", "what careers pay over $100,000",
                           "what jobs would fit me if i want 100k or more a year"}) {
    INFO(text);
    auto doc = answer_to_json(curated.assistant.ask(text, ""));
    CHECK(doc["intent"] == "recommend");
    REQUIRE(!doc["matches"].empty());
    for (const auto& match : doc["matches"]) {
      INFO(match.dump());
      CHECK(match["median_salary"].get<double>() >= 100000);
    }
  }
  // One career's pay is still that career's.
  auto doc = answer_to_json(curated.assistant.ask("do lawyers make over 100k", ""));
  CHECK(doc["intent"] == "salary");
  CHECK(doc["career"]["title"] == "Lawyer");
}
