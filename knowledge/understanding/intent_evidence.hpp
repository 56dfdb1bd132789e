// Stage 3: what the question asks, from two witnesses. The cue lexicon knows
// exact phrases and says which words it used; the learned model (when there
// is one) reads any phrasing, typos and all. Each covers the other's gaps:
// the model's opinion is added to the lexicon's scores in the same points
// (3 = decisive), so a confident model outweighs one stray cue, and several
// agreeing cues outweigh an unsure model.
#pragma once

#include "intent_classifier.hpp"
#include "reading.hpp"

namespace careerbot {

IntentEvidence gather_intent_evidence(const IntentLexicon& lexicon,
                                      const IntentClassifier* classifier, const Reading& r,
                                      std::size_t career_start);

// Points the model's confidence is worth: 0.9 and above 4 (it outweighs a
// single decisive cue), 0.7 3, 0.5 2, 0.35 1, below that nothing.
int model_points(float confidence);

}  // namespace careerbot
