#include "intent_evidence.hpp"

#include <algorithm>
#include <array>

namespace careerbot {

int model_points(float confidence) {
  if (confidence >= 0.9F) return 4;
  if (confidence >= 0.7F) return 3;
  if (confidence >= 0.5F) return 2;
  if (confidence >= 0.35F) return 1;
  return 0;
}

namespace {

// "i wanna become a cop, whats the salary", "thinking about becoming a
// dental assistant, whats the pay like": the steps cues before the career
// tell the person's aim; the question follows the name. When the words
// before the name cue only steps and a cue after it asks another fact, the
// aim's points go, and the model reads only what follows the name. Returns
// where the question starts (0 when it is the whole message).
std::size_t set_aim_aside(const IntentLexicon& lexicon, const Reading& r, std::size_t career_start,
                          IntentEvidence& evidence) {
  if (career_start == 0 || career_start >= r.words.size()) return 0;
  // "how do i actually become an hvac tech, do i need school": asked, not told.
  static constexpr std::array<std::string_view, 6> kAsking = {"how",   "what", "where",
                                                              "which", "when", "why"};
  for (std::size_t i = 0; i < career_start; ++i) {
    if (std::find(kAsking.begin(), kAsking.end(), r.words[i].text) != kAsking.end()) return 0;
  }
  const auto steps = static_cast<std::size_t>(Intent::steps);
  const auto before = [&](const auto& all) {
    return std::vector(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(career_start));
  };
  // (The words before the name hold no career: their "make" is no pay.)
  const IntentEvidence aim = lexicon.evidence(before(r.words), before(r.covered), career_start);
  if (aim.score[steps] == 0 || aim.fact_score() != aim.score[steps]) return 0;
  bool asked_after = false;
  for (int i = 0; i < kIntentCount; ++i) {
    const auto intent = static_cast<Intent>(i);
    const auto at = static_cast<std::size_t>(i);
    asked_after = asked_after || (is_fact_intent(intent) && intent != Intent::steps &&
                                  evidence.score[at] > aim.score[at]);
  }
  if (!asked_after) return 0;
  evidence.score[steps] -= aim.score[steps];
  for (const IntentCue* cue : aim.cues) {
    if (cue->intent != Intent::steps) continue;
    auto at = std::find(evidence.cues.begin(), evidence.cues.end(), cue);
    if (at == evidence.cues.end()) continue;
    evidence.starts.erase(evidence.starts.begin() + (at - evidence.cues.begin()));
    evidence.cues.erase(at);
  }
  std::size_t end = career_start;
  while (end < r.words.size() && r.covered[end]) ++end;
  return end;
}

}  // namespace

IntentEvidence gather_intent_evidence(const IntentLexicon& lexicon,
                                      const IntentClassifier* classifier, const Reading& r,
                                      std::size_t career_start) {
  IntentEvidence evidence = lexicon.evidence(r.words, r.covered, career_start);
  const std::size_t asked_from = set_aim_aside(lexicon, r, career_start, evidence);
  if (classifier == nullptr) return evidence;
  // A career's name alone ("librarians", "and for plumbers?") asks nothing
  // the model could read: the name's words would only sway it.
  // Nor does text of which the model knows no word ("🍕🍕🍕", "asdfgh"):
  // it would only be guessing from letters.
  // "Like" asks for a likeness, though it is a stop word elsewhere: "what
  // careers are like nursing" asks something ("careers" and "are" do not).
  bool asks_something = false;
  bool known = false;
  for (std::size_t i = asked_from; i < r.words.size(); ++i) {
    const auto& word = r.words[i].text;
    asks_something = asks_something || (!r.covered[i] && (!is_stop_word(word) || word == "like"));
    known = known || classifier->knows_word(word);
  }
  if (!asks_something || !known) return evidence;
  // The model reads the words as corrected, so that it sees "salary" where
  // the person typed "salery".
  // (A field of work read as its worker is read as written: "the pharmacy"
  // may be a shop.)
  const auto read = [&] {
    std::vector<Word> words(r.words.begin() + static_cast<std::ptrdiff_t>(asked_from),
                            r.words.end());
    if (r.field_of_work && r.field_of_work->first >= asked_from)
      words[r.field_of_work->first - asked_from] = r.field_of_work->second;
    return words;
  };
  const IntentPrediction prediction = asked_from == 0 && !r.field_of_work
                                          ? classifier->predict_words(r.words)
                                          : classifier->predict_words(read());
  evidence.model_intent = prediction.best;
  evidence.model_confidence = prediction.confidence;
  if (prediction.best != Intent::unknown)
    evidence.score[static_cast<std::size_t>(prediction.best)] +=
        model_points(prediction.confidence);
  return evidence;
}

}  // namespace careerbot
