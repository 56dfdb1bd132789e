#include "evaluation.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include <nlohmann/json.hpp>

namespace careerbot {
namespace {

using nlohmann::json;

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// Compares one reply with the expectations of one turn.
std::vector<std::string> check_turn(const json& expect, const json& got) {
  std::vector<std::string> problems;
  auto mismatch = [&](const std::string& key, const std::string& want, const std::string& have) {
    problems.push_back(key + ": expected " + want + ", got " + have);
  };
  if (expect.contains("status") && expect["status"] != got["status"]) {
    mismatch("status", expect["status"].dump(), got["status"].dump());
  }
  if (expect.contains("intent") && expect["intent"] != got["intent"]) {
    mismatch("intent", expect["intent"].dump(), got["intent"].dump());
  }
  const json& career = got["career"];
  if (expect.contains("career") && expect["career"].is_null() && !career.is_null()) {
    mismatch("career", "null", career["title"].dump());
  }
  if (expect.contains("soc")) {
    std::string want = expect["soc"].get<std::string>();
    std::string have = career.is_null() || career["soc_code"].is_null()
                           ? ""
                           : career["soc_code"].get<std::string>();
    if (have.rfind(want, 0) != 0) mismatch("soc", want, have.empty() ? "none" : have);
  }
  if (expect.contains("title")) {
    std::string want = lower(expect["title"].get<std::string>());
    std::string have = career.is_null() ? "" : lower(career["title"].get<std::string>());
    if (have.find(want) == std::string::npos) mismatch("title", want, have.empty() ? "none" : have);
  }
  if (expect.contains("contains")) {
    const std::string& text = got["text"].get_ref<const std::string&>();
    for (const auto& part : expect["contains"]) {
      if (text.find(part.get<std::string>()) == std::string::npos) {
        problems.push_back("text: does not contain " + part.dump());
      }
    }
  }
  return problems;
}

std::string confidence_bin(double confidence) {
  if (confidence < 0.6) return "0.00-0.60";
  if (confidence < 0.75) return "0.60-0.75";
  if (confidence < 0.9) return "0.75-0.90";
  return "0.90-1.00";
}

}  // namespace

EvalReport run_evaluation(std::istream& cases, const std::string& kb, Assistant& assistant) {
  EvalReport report;
  report.kb = kb;
  std::string line;
  int line_number = 0;
  while (std::getline(cases, line)) {
    ++line_number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    json doc = json::parse(line, nullptr, false);
    if (doc.is_discarded() || !doc.is_object() || !doc.contains("turns") ||
        !doc["turns"].is_array() || doc["turns"].empty()) {
      report.input_errors.push_back("line " + std::to_string(line_number) +
                                    ": not a case with turns");
      continue;
    }
    if (doc.value("kb", "default") != kb) continue;
    std::string id = doc.value("id", "line-" + std::to_string(line_number));
    const json& turns = doc["turns"];
    std::string conversation = "eval-" + id;
    bool passed = true;
    std::string intent = "(none)";
    for (std::size_t t = 0; t < turns.size(); ++t) {
      const json& turn = turns[t];
      std::string text = turn.value("text", "");
      json expect = turn.value("expect", json::object());
      if (expect.contains("intent") && expect["intent"].is_string())
        intent = expect["intent"].get<std::string>();
      json got = answer_to_json(assistant.ask(text, conversation));
      auto problems = check_turn(expect, got);
      if (got["status"] == "answered" && got.contains("confidence")) {
        EvalTally& bin = report.by_confidence[confidence_bin(got["confidence"].get<double>())];
        ++bin.total;
        bin.passed += problems.empty() ? 1 : 0;
      }
      if (!problems.empty()) {
        passed = false;
        report.failures.push_back({id, static_cast<int>(t + 1), text, problems});
      }
    }
    auto count = [&](EvalTally& tally) {
      ++tally.total;
      tally.passed += passed ? 1 : 0;
    };
    count(report.overall);
    count(report.by_intent[intent]);
    count(report.by_kind[turns.size() > 1 ? "multi-turn" : "single"]);
  }
  return report;
}

std::string format_report(const EvalReport& report) {
  std::string out;
  char row[256];
  auto add_row = [&](const std::string& name, const EvalTally& t) {
    std::snprintf(row, sizeof row, "  %-14s %4d / %-4d %6.1f%%\n", name.c_str(), t.passed, t.total,
                  100 * t.accuracy());
    out += row;
  };
  out += "knowledge base: " + report.kb + "\n";
  add_row("overall", report.overall);
  out += "by intent:\n";
  for (const auto& [name, tally] : report.by_intent) add_row(name, tally);
  out += "by kind:\n";
  for (const auto& [name, tally] : report.by_kind) add_row(name, tally);
  if (!report.by_confidence.empty()) out += "answered turns right, by confidence:\n";
  for (const auto& [name, tally] : report.by_confidence) add_row(name, tally);
  if (!report.failures.empty()) out += "failures:\n";
  for (const auto& f : report.failures) {
    std::string question = f.question;
    std::replace(question.begin(), question.end(), '\n', ' ');
    out += "  " + f.case_id + " turn " + std::to_string(f.turn) + ": \"" + question + "\"\n";
    for (const auto& p : f.problems) out += "      " + p + "\n";
  }
  for (const auto& e : report.input_errors) out += "input error: " + e + "\n";
  return out;
}

}  // namespace careerbot
