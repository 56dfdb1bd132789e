// Runs a labelled question set (SPEC section 6) against the assistant and
// reports accuracy by intent and kind, and every failing case.
#pragma once

#include <istream>
#include <map>
#include <string>
#include <vector>

#include "assistant.hpp"

namespace careerbot {

struct EvalTally {
  int passed = 0;
  int total = 0;
  double accuracy() const { return total == 0 ? 0.0 : static_cast<double>(passed) / total; }
};

struct EvalFailure {
  std::string case_id;
  int turn = 0;
  std::string question;
  std::vector<std::string> problems;  // "intent: expected salary, got duties"
};

struct EvalReport {
  std::string kb;
  EvalTally overall;
  std::map<std::string, EvalTally> by_intent;  // expected intent of the case's last turn
  std::map<std::string, EvalTally> by_kind;    // "single" or "multi-turn"
  // Answered turns by the confidence the reply gave ("0.60-0.75"): how often
  // an answer given with that confidence was right (calibration).
  std::map<std::string, EvalTally> by_confidence;
  std::vector<EvalFailure> failures;
  std::vector<std::string> input_errors;  // lines that could not be read
};

// Runs every case whose "kb" equals `kb`. A case passes when all its turns do.
EvalReport run_evaluation(std::istream& cases, const std::string& kb, Assistant& assistant);

std::string format_report(const EvalReport& report);

}  // namespace careerbot
