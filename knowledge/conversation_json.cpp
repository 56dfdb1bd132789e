#include "conversation_json.hpp"

#include <algorithm>

#include "guidance/answer_parser.hpp"

namespace careerbot {
namespace {

using nlohmann::json;

Intent intent_of(const json& doc, const char* key) {
  if (!doc.contains(key) || !doc[key].is_string()) return Intent::unknown;
  return intent_from_name(doc[key].get<std::string>()).value_or(Intent::unknown);
}

std::vector<std::string> strings_of(const json& doc, const char* key) {
  std::vector<std::string> out;
  if (!doc.contains(key) || !doc[key].is_array()) return out;
  for (const auto& item : doc[key]) {
    if (item.is_string()) out.push_back(item.get<std::string>());
  }
  return out;
}

json filters_to_json(const MatchFilters& f) {
  json doc = {{"growing", f.growing}, {"no_degree", f.no_degree}};
  if (f.max_job_zone) doc["max_job_zone"] = *f.max_job_zone;
  if (f.min_median_salary) doc["min_median_salary"] = *f.min_median_salary;
  return doc;
}

MatchFilters filters_from_json(const json& doc) {
  MatchFilters f;
  f.growing = doc.value("growing", false);
  f.no_degree = doc.value("no_degree", false);
  if (doc.contains("max_job_zone") && doc["max_job_zone"].is_number_integer())
    f.max_job_zone = doc["max_job_zone"].get<int>();
  if (doc.contains("min_median_salary") && doc["min_median_salary"].is_number())
    f.min_median_salary = doc["min_median_salary"].get<double>();
  return f;
}

}  // namespace

json conversation_to_json(const ConversationState& state) {
  json doc = {{"careers", state.careers},
              {"intent", intent_name(state.intent)},
              {"candidates", state.candidates},
              {"pending_intent", intent_name(state.pending_intent)}};
  if (!state.also_asked.empty()) {
    json also = json::array();
    for (Intent intent : state.also_asked) also.push_back(intent_name(intent));
    doc["also_asked"] = also;
  }
  if (state.quiz.active || !state.quiz.answers.empty()) {
    json answers = json::object();
    for (const auto& [item, choice] : state.quiz.answers)
      answers[std::to_string(item)] = std::string(choice_name(choice));
    doc["quiz"] = {{"active", state.quiz.active},
                   {"whole_set", state.quiz.whole_set},
                   {"next", state.quiz.next},
                   {"answers", answers}};
  }
  if (state.matches) {
    const ShownMatches& m = *state.matches;
    doc["matches"] = {{"ids", m.ids},       {"percents", m.percents},
                      {"shown", m.shown},   {"person", m.person},
                      {"topics", m.topics}, {"filters", filters_to_json(m.filters)}};
  }
  return doc;
}

ConversationState conversation_from_json(const json& doc) {
  ConversationState state;
  if (!doc.is_object()) return state;
  state.careers = strings_of(doc, "careers");
  state.intent = intent_of(doc, "intent");
  state.candidates = strings_of(doc, "candidates");
  state.pending_intent = intent_of(doc, "pending_intent");
  for (const std::string& name : strings_of(doc, "also_asked")) {
    const auto intent = intent_from_name(name);
    // (Each fact once: a damaged record asks for no more replies than there are facts.)
    if (intent && is_fact_intent(*intent) &&
        std::find(state.also_asked.begin(), state.also_asked.end(), *intent) ==
            state.also_asked.end())
      state.also_asked.push_back(*intent);
  }
  if (doc.contains("quiz") && doc["quiz"].is_object()) {
    const json& quiz = doc["quiz"];
    state.quiz.active = quiz.value("active", false);
    state.quiz.whole_set = quiz.value("whole_set", false);
    state.quiz.next = quiz.value("next", std::size_t{0});
    if (quiz.contains("answers") && quiz["answers"].is_object()) {
      for (const auto& [item, choice] : quiz["answers"].items()) {
        if (!choice.is_string()) continue;
        auto parsed = parse_choice_word(choice.get<std::string>());
        if (parsed && !item.empty() && item.size() <= 6 &&
            item.find_first_not_of("0123456789") == std::string::npos)
          state.quiz.answers[std::stoul(item)] = *parsed;
      }
    }
  }
  if (doc.contains("matches") && doc["matches"].is_object()) {
    const json& m = doc["matches"];
    ShownMatches shown;
    shown.ids = strings_of(m, "ids");
    if (m.contains("percents") && m["percents"].is_array()) {
      for (const auto& p : m["percents"]) {
        if (p.is_number_integer()) shown.percents.push_back(p.get<int>());
      }
    }
    shown.shown = m.value("shown", std::size_t{0});
    if (m.contains("person") && m["person"].is_array() &&
        m["person"].size() == shown.person.size()) {
      for (std::size_t i = 0; i < shown.person.size(); ++i) {
        if (m["person"][i].is_number()) shown.person[i] = m["person"][i].get<double>();
      }
    }
    shown.topics = strings_of(m, "topics");
    if (m.contains("filters") && m["filters"].is_object())
      shown.filters = filters_from_json(m["filters"]);
    if (shown.percents.size() == shown.ids.size()) state.matches = std::move(shown);
  }
  return state;
}

}  // namespace careerbot
