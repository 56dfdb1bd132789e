// Career guidance over a real socket, as a person or a web front end uses it:
// the interest quiz to the end (typed answers in every style, interruptions,
// bad answers, skip, stop, start over), filters and picks on the careers it
// shows, recommendations from free text, progression, courses, and the
// assessment API.
#include <set>
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "http_client.hpp"
#include "server_process.hpp"

using careerbot::test::get;
using careerbot::test::post;
using careerbot::test::ServerProcess;
using nlohmann::json;

namespace {

ServerProcess& server() {
  static ServerProcess instance;  // one server for this file's tests
  return instance;
}

json ask(const std::string& text, const std::string& conversation) {
  auto reply = post(server().port(), "/v1/ask",
                    json{{"text", text}, {"conversation_id", conversation}}.dump());
  REQUIRE(reply.status == 200);
  return json::parse(reply.body);
}

std::string text_of(const json& answer) {
  return answer["text"].get<std::string>();
}

bool says(const json& answer, const std::string& part) {
  return text_of(answer).find(part) != std::string::npos;
}

int item_of(const json& answer) {
  return answer.contains("assessment") ? answer["assessment"]["item"].get<int>() : 0;
}

}  // namespace

TEST_CASE("the career quiz runs to the end over /v1/ask, however people type",
          "[integration][guidance]") {
  const std::string c = "quiz-1";
  auto start = ask("take the career quiz", c);
  CHECK(start["status"] == "answered");
  CHECK(start["intent"] == "assess");
  REQUIRE(item_of(start) == 1);
  CHECK(start["assessment"]["of"] == 30);
  CHECK(start["assessment"]["choices"] == json::array({"like", "not sure", "dislike"}));
  CHECK(says(start, "1 of 30"));

  CHECK(item_of(ask("yes", c)) == 2);
  CHECK(item_of(ask("2 3 1 1", c)) == 6);           // several at once
  CHECK(item_of(ask("\xF0\x9F\x91\x8D", c)) == 7);  // thumbs up
  CHECK(item_of(ask("nah", c)) == 8);
  CHECK(item_of(ask("maybe", c)) == 9);

  // A career question in the middle is answered, and the quiz resumes.
  auto aside = ask("how much do registered nurses make?", c);
  CHECK(aside["intent"] == "salary");
  CHECK(says(aside, "$93,600"));
  CHECK(item_of(aside) == 9);
  CHECK(says(aside, "Back to the career quiz, 9 of 30"));

  // Something that is neither: said so, and the same item again.
  auto unclear = ask("banana bread", c);
  CHECK(says(unclear, "didn't catch"));
  CHECK(item_of(unclear) == 9);

  CHECK(item_of(ask("skip", c)) == 10);
  auto last = ask("1 2 3 1 2 3 1 2 3 1 2 3 1 2 3 1 2 3 1 2", c);  // items 10-29
  CHECK(item_of(last) == 30);
  auto result = ask("like", c);
  CHECK(result["intent"] == "assess");
  CHECK(!result.contains("assessment"));
  CHECK(says(result, "Your interest profile"));
  CHECK(says(result, "Your interest code is "));
  REQUIRE(result["matches"].size() == 10);
  int previous = 101;
  for (const auto& m : result["matches"]) {
    CHECK(m["match"].get<int>() <= previous);
    previous = m["match"].get<int>();
    CHECK(!m["career"]["id"].get<std::string>().empty());
  }
  // The skipped item stays unanswered: the quiz is over, answers are quiz answers no more.
  CHECK(ask("yes", c)["intent"] != "assess");
}

TEST_CASE("the quiz can be stopped, restarted and resumed in its conversation",
          "[integration][guidance]") {
  const std::string c = "quiz-2";
  ask("help me choose a career", c);
  CHECK(item_of(ask("1 1 1", c)) == 4);
  CHECK(item_of(ask("start over", c)) == 1);
  CHECK(item_of(ask("dislike", c)) == 2);
  // Another conversation knows nothing of it.
  CHECK(item_of(ask("like", "quiz-2-other")) == 0);
  // Resumed after a pause (within the conversation's memory).
  CHECK(item_of(ask("not sure", c)) == 3);
  auto stopped = ask("stop", c);
  CHECK(says(stopped, "Quiz stopped"));
  CHECK(!stopped.contains("assessment"));
  CHECK(item_of(ask("like", c)) == 0);
}

TEST_CASE("shown careers can be filtered, paged and picked", "[integration][guidance]") {
  const std::string c = "quiz-3";
  auto recommended = ask("I like working outdoors with my hands, what jobs would suit me?", c);
  CHECK(recommended["intent"] == "recommend");
  REQUIRE(recommended["matches"].size() == 10);

  auto no_degree = ask("only ones without a degree", c);
  REQUIRE(!no_degree["matches"].empty());
  for (const auto& m : no_degree["matches"]) {
    INFO(m.dump());
    if (!m["job_zone"].is_null()) CHECK(m["job_zone"].get<int>() <= 2);
  }
  auto paid = ask("that pay over $45k", c);
  REQUIRE(!paid["matches"].empty());
  for (const auto& m : paid["matches"]) {
    INFO(m.dump());
    CHECK(m["salary_period"] == "year");
    CHECK(m["median_salary"].get<double>() >= 45000);
    if (!m["job_zone"].is_null()) CHECK(m["job_zone"].get<int>() <= 2);  // filters add up
  }
  auto growing = ask("that are growing", c);
  for (const auto& m : growing["matches"]) CHECK(m["growth"].get<double>() > 0);

  auto more = ask("any", c);
  REQUIRE(more["matches"].size() == 10);
  auto next = ask("more", c);
  CHECK(says(next, "\n11. "));
  std::set<std::string> first_page;
  for (const auto& m : more["matches"]) first_page.insert(m["career"]["id"]);
  for (const auto& m : next["matches"]) CHECK(!first_page.contains(m["career"]["id"]));

  auto third = ask("tell me about the third one", c);
  CHECK(third["status"] == "answered");
  CHECK(third["career"]["id"] == more["matches"][2]["career"]["id"]);
  // Every question works on it from there.
  auto pay = ask("how much do they make?", c);
  CHECK(pay["intent"] == "salary");
  CHECK(pay["career"]["id"] == more["matches"][2]["career"]["id"]);
}

TEST_CASE("recommendations from what people say, never for out-of-scope talk",
          "[integration][guidance]") {
  auto animals = ask("jobs for someone who loves animals", "rec-1");
  CHECK(animals["intent"] == "recommend");
  REQUIRE(!animals["matches"].empty());
  int with_animals = 0;
  for (const auto& m : animals["matches"])
    with_animals += m["career"]["title"].get<std::string>().find("Animal") != std::string::npos;
  CHECK(with_animals >= 3);

  auto math = ask("I'm good at math and like puzzles, what job suits me?", "rec-2");
  CHECK(math["intent"] == "recommend");
  REQUIRE(!math["matches"].empty());
  CHECK(says(math, "career quiz"));  // offered for a better match
  // A question that names a career is that question, not a filter on the list.
  auto nursing = ask("is nursing a growing field?", "rec-2");
  CHECK(nursing["intent"] == "outlook");
  CHECK(nursing["career"]["soc_code"].get<std::string>().starts_with("29-1141"));
  CHECK(!nursing.contains("matches"));

  auto helping = ask("careers that help people without a degree", "rec-3");
  REQUIRE(!helping["matches"].empty());
  for (const auto& m : helping["matches"]) {
    if (!m["job_zone"].is_null()) CHECK(m["job_zone"].get<int>() <= 2);
  }

  for (const char* text : {"I like pizza", "what's the weather like today", "I love my dog"}) {
    INFO(text);
    auto answer = ask(text, "rec-oos");
    CHECK(!answer.contains("matches"));
    CHECK(answer["status"] == "fallback");
  }
  // Nothing to go on: the quiz finds it out.
  CHECK(item_of(ask("what careers would suit me?", "rec-4")) == 1);
}

TEST_CASE("progression and what to study answer the examples", "[integration][guidance]") {
  auto next = ask("what's the next step after being a back end developer", "path-1");
  CHECK(next["intent"] == "progression");
  CHECK(next["career"]["id"] == "back-end-developer");
  CHECK(says(next, "Starting out (10th percentile)"));
  CHECK(says(next, "Senior or lead back end developer"));
  CHECK(says(next, "Computer and Information Systems Manager"));

  auto nurse = ask("how do I advance as a nurse", "path-2");
  CHECK(nurse["intent"] == "progression");
  CHECK(says(nurse, "Nurse Practitioner"));
  auto accountant = ask("career path for an accountant", "path-3");
  CHECK(accountant["intent"] == "progression");
  CHECK(says(accountant, "Where it can lead"));

  auto courses = ask("what courses should I take to become a data scientist", "study-1");
  CHECK(courses["intent"] == "courses");
  CHECK(courses["career"]["soc_code"] == "15-2051.00");
  CHECK(says(courses, "Machine learning"));
  auto cyber = ask("what should I learn for cybersecurity", "study-2");
  CHECK(cyber["intent"] == "courses");
  CHECK(says(cyber, "CompTIA Security+"));
  auto support = ask("certifications for IT support", "study-3");
  CHECK(support["intent"] == "courses");
  CHECK(says(support, "CompTIA A+"));
  // An imported career: its in-demand technologies.
  auto plumbers = ask("what should I learn to become a plumber", "study-4");
  CHECK(plumbers["intent"] == "courses");
  CHECK(says(plumbers, "Skills and technologies to learn"));
}

TEST_CASE("the assessment API scores answers for web front ends", "[integration][guidance]") {
  auto listed = get(server().port(), "/v1/assessment");
  REQUIRE(listed.status == 200);
  auto items = json::parse(listed.body)["items"];
  REQUIRE(items.size() == 30);
  json answers = json::object();
  for (const auto& item : items) {
    answers[item["id"].get<std::string>()] = item["area"] == "realistic" ? "like" : "dislike";
  }
  auto scored = post(server().port(), "/v1/assessment",
                     json{{"answers", answers}, {"filters", {{"max_job_zone", 2}}}}.dump());
  REQUIRE(scored.status == 200);
  auto result = json::parse(scored.body);
  CHECK(result["code"] == "R");
  CHECK(result["scores"]["realistic"] == 10);
  CHECK(result["scores"]["social"] == 0);
  REQUIRE(result["matches"].size() == 10);
  for (const auto& m : result["matches"]) {
    CHECK(m["job_zone"].get<int>() <= 2);
    CHECK(m["match"].get<int>() >= 50);
    CHECK(m.contains("why"));
  }

  auto bad_item =
      post(server().port(), "/v1/assessment", R"({"answers": {"r1": "like", "zz9": "like"}})");
  CHECK(bad_item.status == 400);
  CHECK(bad_item.headers["content-type"] == "application/problem+json");
  CHECK(json::parse(bad_item.body)["detail"].get<std::string>().find("'zz9'") != std::string::npos);
  auto bad_answer = post(server().port(), "/v1/assessment", R"({"answers": {"r1": "banana"}})");
  CHECK(bad_answer.status == 400);
  CHECK(json::parse(bad_answer.body)["detail"].get<std::string>().find("'r1'") !=
        std::string::npos);
  CHECK(post(server().port(), "/v1/assessment", "{not json").status == 400);
  CHECK(post(server().port(), "/v1/assessment",
             R"({"answers": {"r1": "like"}, "filters": {"colour": "blue"}})")
            .status == 400);
}
