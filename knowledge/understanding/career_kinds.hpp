// Part of stage 4: a kind of career ("engineer", "teacher", "vet") rather
// than one career: narrowed down by the words beside it, put as a choice,
// offered as the alternative to a career named, or the second career of a
// comparison; and careers found by the rare words of their names.
#pragma once

#include <cstddef>
#include <vector>

#include "career_choice.hpp"

namespace careerbot {

// Of `choices`, the single one whose names share the most of `words`; -1 if none or a tie.
int narrow(const CareerIndex& index, const Reading& r, const std::vector<std::size_t>& words,
           const std::vector<int>& choices);

// Rare words that belong to one career's names ("is hvac a growing trade"):
// the career they point to goes into `c`. `min_score` 3 is about one word
// shared by under 5% of careers. False when no career stands out.
bool choose_by_rare_words(const Snapshot& snapshot, const Reading& r,
                          std::vector<std::size_t> words, CareerChoice& c, double min_score = 3.0);

// Whether the word ends the names of several careers ("engineer", "teacher").
bool names_kind_of_career(const Snapshot& snapshot, const Word& w);

// A kind of career without the specifics ("engineer"): narrowed to one
// career in `c.careers`, or the choices put in `c.candidates` to ask which.
void choose_kind(const Snapshot& snapshot, const Reading& r, const NamedCareers& names,
                 const std::vector<int>& shared, const std::vector<std::size_t>& words,
                 const IntentEvidence& evidence, const ConversationState& state,
                 const MatcherSettings& settings, CareerChoice& c);

// "compare nurses and teachers": the career of `c` compared with one named
// only by kind, or by a name several careers share; the two in the order written.
void choose_second_for_compare(const Snapshot& snapshot, const Reading& r,
                               const NamedCareers& names, const std::vector<std::size_t>& words,
                               CareerChoice& c);

// "should i become a nurse or a teacher": the one career named and a kind of
// career offered as its alternative.
bool kind_as_alternative(const Snapshot& snapshot, const Reading& r, const NamedCareers& names);

}  // namespace careerbot
