// What the understanding tests share: the shipped knowledge base's lexicon,
// a stand-in intent model, and each stage run on a question.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "matcher.hpp"
#include "shipped_knowledge.hpp"
#include "understanding/career_names.hpp"
#include "understanding/reading.hpp"

namespace careerbot::test {

inline const IntentLexicon& lexicon() {
  static const IntentLexicon instance;
  return instance;
}

// A model that says one thing with one confidence, whatever it reads.
class FixedModel : public IntentClassifier {
 public:
  FixedModel(Intent intent, float confidence) {
    prediction_.best = intent;
    prediction_.confidence = confidence;
    prediction_.probability[static_cast<std::size_t>(intent)] = confidence;
  }
  IntentPrediction predict(std::string_view text) const override {
    last_text = std::string(text);
    return prediction_;
  }
  // Knows every word but a misspelling.
  bool knows_word(std::string_view word) const override { return word != "electricans"; }
  mutable std::string last_text;

 private:
  IntentPrediction prediction_;
};

inline std::string title(int profile) {
  return shipped_snapshot().kb.profiles()[static_cast<std::size_t>(profile)].title;
}

inline NamedCareers names_in(const std::string& text) {
  static std::vector<Reading> readings;  // names point into their reading
  readings.push_back(read_question(shipped_snapshot().index, lexicon(), nullptr, text));
  return name_careers(shipped_snapshot(), lexicon(), readings.back());
}

inline Understanding understand(const std::string& text,
                                std::shared_ptr<const IntentClassifier> model,
                                const ConversationState& state = {}) {
  MatcherSettings settings;
  settings.intent_model = std::move(model);
  return Matcher(settings).understand(shipped_snapshot(), text, state);
}

// The conversation after a turn that answered about `turn`'s careers.
inline ConversationState after(const Understanding& turn) {
  ConversationState state;
  for (int p : turn.careers)
    state.careers.push_back(shipped_snapshot().kb.profiles()[static_cast<std::size_t>(p)].id);
  state.intent = turn.intent;
  return state;
}

// The conversation after a clarification: the careers it offered and the
// question it keeps.
inline ConversationState offered_by(const Understanding& clarification) {
  ConversationState state;
  for (int p : clarification.candidates)
    state.candidates.push_back(shipped_snapshot().kb.profiles()[static_cast<std::size_t>(p)].id);
  state.pending_intent = clarification.intent;
  return state;
}

}  // namespace careerbot::test
