#include "assessment_handler.hpp"

#include <nlohmann/json.hpp>

#include "guidance/interest_items.hpp"
#include "guidance/recommendations.hpp"

namespace careerbot {
namespace {

using nlohmann::json;

constexpr std::size_t kDefaultLimit = 10;
constexpr std::size_t kMaxLimit = 50;

WebResponse invalid(const std::string& detail) {
  return problem_response(400, "Invalid assessment", detail);
}

// Reads "filters" into `filters`; an error message naming the field, or "".
std::string read_filters(const json& body, MatchFilters& filters) {
  auto it = body.find("filters");
  if (it == body.end() || it->is_null()) return {};
  if (!it->is_object()) return "Field 'filters' must be an object.";
  for (const auto& [key, value] : it->items()) {
    if (key == "max_job_zone") {
      if (!value.is_number_integer() || value.get<int>() < 1 || value.get<int>() > 5)
        return "Filter 'max_job_zone' must be a whole number from 1 to 5.";
      filters.max_job_zone = value.get<int>();
    } else if (key == "min_median_salary") {
      if (!value.is_number() || value.get<double>() < 0)
        return "Filter 'min_median_salary' must be a number of at least 0 (dollars a year).";
      filters.min_median_salary = value.get<double>();
    } else if (key == "growing" || key == "no_degree") {
      if (!value.is_boolean()) return "Filter '" + key + "' must be true or false.";
      (key == "growing" ? filters.growing : filters.no_degree) = value.get<bool>();
    } else {
      return "Unknown filter '" + key +
             "'; known: max_job_zone, min_median_salary, growing, no_degree.";
    }
  }
  return {};
}

}  // namespace

WebResponse AssessmentHandler::items(const WebRequest&) const {
  json items = json::array();
  for (const auto& item : interest_items()) {
    items.push_back({{"id", item.id}, {"text", item.text}, {"area", area_name(item.area)}});
  }
  return json_response(200, {{"items", items},
                             {"choices", {"like", "not sure", "dislike"}},
                             {"areas", kInterestAreaNames}});
}

WebResponse AssessmentHandler::score(const WebRequest& request) const {
  auto body = json::parse(request.body, nullptr, false);
  if (body.is_discarded()) {
    return problem_response(400, "Malformed JSON", "The request body is not valid JSON (UTF-8).");
  }
  if (!body.is_object() || !body.contains("answers") || !body["answers"].is_object()) {
    return invalid(
        "The body must be {\"answers\": {\"<item id>\": \"like\" | \"not sure\" | "
        "\"dislike\", ...}, \"filters\": {...}}; GET /v1/assessment lists the items.");
  }
  std::map<std::size_t, Choice> answers;
  const auto& items = interest_items();
  for (const auto& [id, value] : body["answers"].items()) {
    const InterestItem* item = find_item(id);
    if (item == nullptr)
      return invalid("Unknown item '" + id + "'; GET /v1/assessment lists them.");
    std::optional<Choice> choice;
    if (value.is_string()) choice = parse_choice_word(value.get_ref<const std::string&>());
    if (!choice) {
      return invalid("Item '" + id + "' has the answer " + value.dump() +
                     "; answer \"like\", \"not sure\" or \"dislike\".");
    }
    answers[static_cast<std::size_t>(item - items.data())] = *choice;
  }
  if (answers.empty()) return invalid("No answers: answer at least one item.");
  MatchFilters filters;
  if (auto error = read_filters(body, filters); !error.empty()) return invalid(error);
  std::size_t limit = kDefaultLimit;
  if (auto it = body.find("limit"); it != body.end()) {
    if (!it->is_number_integer() || it->get<long long>() < 1 ||
        it->get<long long>() > static_cast<long long>(kMaxLimit)) {
      return invalid("Field 'limit' must be a whole number from 1 to " + std::to_string(kMaxLimit) +
                     ".");
    }
    limit = it->get<std::size_t>();
  }

  SnapshotPtr snapshot = assistant_.snapshot();
  AssessmentOutcome outcome = score_assessment(*snapshot, answers, filters, limit);
  json scores = json::object();
  for (std::size_t i = 0; i < kInterestAreaNames.size(); ++i)
    scores[std::string(kInterestAreaNames[i])] = outcome.scores.raw[i];
  json matches = json::array();
  for (const auto& m : outcome.matches) matches.push_back(match_to_json(m));
  json result = {{"scores", scores},
                 {"code", outcome.code},
                 {"answered", answers.size()},
                 {"of", items.size()},
                 {"matches", matches}};
  if (!outcome.informative) {
    result["note"] =
        "The answers are the same for every area, so they point to no careers; answer with more "
        "likes and dislikes.";
  }
  return json_response(200, result);
}

}  // namespace careerbot
