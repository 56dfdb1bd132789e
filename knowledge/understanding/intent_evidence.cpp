#include "intent_evidence.hpp"

namespace careerbot {

int model_points(float confidence) {
  if (confidence >= 0.9F) return 4;
  if (confidence >= 0.7F) return 3;
  if (confidence >= 0.5F) return 2;
  if (confidence >= 0.35F) return 1;
  return 0;
}

IntentEvidence gather_intent_evidence(const IntentLexicon& lexicon,
                                      const IntentClassifier* classifier, const Reading& r,
                                      std::size_t career_start) {
  IntentEvidence evidence = lexicon.evidence(r.words, r.covered, career_start);
  if (classifier == nullptr) return evidence;
  // A career's name alone ("librarians", "and for plumbers?") asks nothing
  // the model could read: the name's words would only sway it.
  // Nor does text of which the model knows no word ("🍕🍕🍕", "asdfgh"):
  // it would only be guessing from letters.
  bool asks_something = false;
  bool known = false;
  for (std::size_t i = 0; i < r.words.size(); ++i) {
    const auto& word = r.words[i].text;
    asks_something = asks_something || (!r.covered[i] && !is_stop_word(word));
    known = known || classifier->knows_word(word);
  }
  if (!asks_something || !known) return evidence;
  // The model reads the words as corrected, so that it sees "salary" where
  // the person typed "salery".
  const IntentPrediction prediction = classifier->predict_words(r.words);
  evidence.model_intent = prediction.best;
  evidence.model_confidence = prediction.confidence;
  if (prediction.best != Intent::unknown)
    evidence.score[static_cast<std::size_t>(prediction.best)] +=
        model_points(prediction.confidence);
  return evidence;
}

}  // namespace careerbot
