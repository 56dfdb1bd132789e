// The words and phrases that signal each intent ("make" -> salary,
// "become" -> steps), matched on Snowball stems.
#pragma once

#include <array>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "intent.hpp"
#include "text.hpp"

namespace careerbot {

struct IntentCue {
  std::vector<std::string> stems;
  std::string phrase;  // as written, for explanations
  Intent intent;
  int weight;         // 3 = decisive, 2 = strong, 1 = hint
  bool after_career;  // counts only after the career is named ("what does a DBA do")
};

struct IntentEvidence {
  std::array<int, kIntentCount> score{};
  std::vector<const IntentCue*> cues;  // in the order found
  std::vector<std::size_t> starts;     // where each of `cues` begins, in words
  std::vector<bool> used;              // words consumed by a cue
  // The learned model's reading, when there is a model (its points are in `score`).
  Intent model_intent = Intent::unknown;
  float model_confidence = 0;

  // The model is sure the question is out of scope.
  bool model_says_out_of_scope() const {
    return model_intent == Intent::unknown && model_confidence >= 0.8F;
  }

  Intent best_fact_intent() const;            // salary..skills with the highest score, or overview
  Intent best_conversational_intent() const;  // list..handoff, or unknown
  int fact_score() const;                     // score of best_fact_intent()
  // assess (a quiz asked for) or recommend (careers that would suit), when
  // asked for plainly; else unknown.
  Intent best_guidance_intent() const;
};

class IntentLexicon {
 public:
  IntentLexicon();

  // Finds cues among words not covered by a career name. `career_start` is the
  // index of the first career word, or words.size() when none was named.
  IntentEvidence evidence(const std::vector<Word>& words, const std::vector<bool>& covered,
                          std::size_t career_start) const;

  // Whether the lexicon uses this normalised word (protects it from spelling correction).
  bool knows_word(const std::string& word) const { return words_.contains(word); }

  // The lexicon word a misspelt one stands for ("thnaks" -> "thanks",
  // "degre" -> "degree"): the only one within one edit (two for long
  // words); "" when none or several.
  std::string correct(const std::string& word) const;

  // Whether a cue of two or more words ("job security") is written across
  // word `at`: such a word is the question, not a career's name.
  bool cue_across(const std::vector<Word>& words, std::size_t at) const;

 private:
  std::vector<IntentCue> cues_;
  std::unordered_map<std::string, std::vector<std::size_t>> by_first_stem_;
  std::unordered_set<std::string> words_;
  // The words of four letters or more by their first letter: the
  // candidates correct() weighs (a misspelling starts right).
  std::array<std::vector<std::string>, 256> correctable_by_first_;
};

}  // namespace careerbot
