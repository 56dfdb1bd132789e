// What a learned model thinks a question asks. The matcher sees only this
// interface; the fastText model behind it lives in knowledge/intent/ and is
// plugged in by the application, so the knowledge library knows no fastText.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "intent.hpp"
#include "text.hpp"

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
  // The same for words already read (split_words's, as a Reading holds them):
  // predict(text) reads split_words(text) exactly so.
  virtual IntentPrediction predict_words(const std::vector<Word>& words) const {
    std::string text;
    for (const auto& w : words) text += (text.empty() ? "" : " ") + w.text;
    return predict(text);
  }
  // Whether the model learnt this (normalised) word: an everyday word such as
  // "bring" is then no misspelling of a job word such as "boring".
  virtual bool knows_word(std::string_view word) const = 0;
};

}  // namespace careerbot
