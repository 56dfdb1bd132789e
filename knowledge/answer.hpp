// The reply to one message, as the API returns it (SPEC section 3), and the
// composer that turns an understanding into friendly, sourced text.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "matcher.hpp"

namespace careerbot {

struct CareerRef {
  std::string id;
  std::string title;
  std::string soc_code;
};

struct Fact {
  std::string label;
  std::string value;
  std::string source;
  std::string as_of;
};

// The quiz item to answer next, so a front end can draw buttons.
struct AssessmentPrompt {
  int item = 0;  // 1-based
  int of = 0;
  std::string id;  // the item's id ("r1")
  std::string question;
  std::vector<std::string> choices;  // "like", "not sure", "dislike"
};

// One recommended career with how well it fits and the figures that matter
// when choosing.
struct CareerMatchView {
  CareerRef career;
  int match = 0;  // 0-100
  std::optional<double> median_salary;
  std::string salary_period;  // "year" or "hour"
  std::optional<double> growth;
  std::optional<int> job_zone;
  std::string education;
  std::string why;
};

// The answer to one question.
struct Reply {
  Status status = Status::fallback;
  Intent intent = Intent::unknown;
  std::optional<CareerRef> career;
  std::vector<CareerRef> careers;     // for compare
  std::vector<CareerRef> candidates;  // for clarify (and suggestions on fallback)
  double confidence = 0;
  std::string text;
  std::vector<Fact> facts;
  std::vector<std::string> next_steps;
  std::vector<std::string> suggestions;
  std::string why;
  std::optional<AssessmentPrompt> assessment;  // while a quiz runs
  std::vector<CareerMatchView> matches;        // recommendations, best first
};

// The answer to one message, which may hold several questions.
struct Answer {
  std::string conversation_id;
  std::vector<Reply> replies;  // never empty

  const Reply& first() const { return replies.front(); }
  // Every reply's text, in order.
  std::string text() const;
};

Reply compose_reply(const Snapshot& snapshot, const Understanding& understanding);

// Whether admins should see the question among the unanswered: careerbot
// fell back, or asked which career without knowing any it could offer (a
// career it has never heard of: "how much does a zorblatt make").
bool went_unanswered(const Answer& answer);

// The answer as the API's JSON text (answer_json.cpp), written straight into
// `out` (appended) without building a tree.
void write_answer_json(const Answer& answer, std::string& out);
std::string answer_json(const Answer& answer);
std::string match_json(const CareerMatchView& match);
// The same, parsed, for code that reads or extends it (not the hot path).
nlohmann::json answer_to_json(const Answer& answer);
nlohmann::json match_to_json(const CareerMatchView& match);
CareerRef ref_of(const CareerProfile& profile);

// "$121,668", "1,267", "+7.42%".
std::string format_money(double amount);
std::string format_count(long long count);
std::string format_percent(double percent, bool with_sign);

}  // namespace careerbot
