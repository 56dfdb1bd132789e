// Stage 4: the careers a question is about when no name settles it: a pick
// from the careers we offered, work described instead of named, rare words of
// one career's names, a kind of career ("engineer") narrowed or put as a
// choice, the second career of a comparison, or the career of the last turn.
#pragma once

#include <string>
#include <vector>

#include "career_names.hpp"
#include "matcher.hpp"

namespace careerbot {

struct CareerChoice {
  std::vector<int> careers;             // the subject first
  std::vector<int> candidates;          // when a clarification must ask which
  std::vector<int> also_meant;          // other readings, offered beside the answer
  std::vector<std::size_t> kind_words;  // words that named a kind of career ("vet")
  double quality = 1.0;                 // how sure the choice is, 0-1
  std::string why;
  bool described = false;       // found from a description of the work
  bool offered = false;         // picked from the careers a clarification offered
  bool named = false;           // a career's name is in the text
  bool named_loosely = false;   // only through a spelling fix or a field of work, of one word
  bool named_outright = false;  // by a title or a name of several words
};

// `evidence` gains the pending intent of a clarification that this message answers.
CareerChoice choose_careers(const Snapshot& snapshot, const Reading& r, const NamedCareers& names,
                            IntentEvidence& evidence, const ConversationState& state,
                            const MatcherSettings& settings);

// "what about ...", "and for ...": a follow-up that keeps the last question.
bool is_follow_up(const std::vector<Word>& words);

}  // namespace careerbot
