// What a learned model thinks a question asks. The matcher sees only this
// interface; the fastText model behind it lives in knowledge/intent/ and is
// plugged in by the application, so the knowledge library knows no fastText.
#pragma once

#include <array>
#include <string_view>

#include "intent.hpp"

namespace careerbot {

struct IntentPrediction {
  std::array<float, kIntentCount> probability{};  // sums to 1; 0 for intents the model lacks
  Intent best = Intent::unknown;
  float confidence = 0;  // probability[best]
};

class IntentClassifier {
 public:
  virtual ~IntentClassifier() = default;
  // Calibrated probabilities over every intent. Safe from any thread.
  virtual IntentPrediction predict(std::string_view text) const = 0;
  // Whether the model learnt this (normalised) word: an everyday word such as
  // "bring" is then no misspelling of a job word such as "boring".
  virtual bool knows_word(std::string_view word) const = 0;
};

}  // namespace careerbot
