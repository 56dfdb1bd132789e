// Stage 2: which careers the names in a question point to. A name that only
// one career has (or that one career plainly owns) names that career; a name
// shared by several ("engineer") is kept aside for the choice stage.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "reading.hpp"
#include "snapshot.hpp"

namespace careerbot {

struct NamedCareers {
  std::vector<int> careers;  // named, in order; positions in the snapshot
  // Where each of `careers` is first named: its first word and the word after it.
  std::vector<std::pair<std::size_t, std::size_t>> spans;
  std::vector<int> shared;  // careers of names several careers share
  std::vector<const NameMatch*> shared_matches;
  std::vector<int> also_meant;  // other readings of a name, offered as suggestions
  std::vector<int> titled;      // careers named by their title ("accountants"), not an alias
  std::string why;
  int corrections = 0;
  bool named_outright = false;  // by a title or a name of several words, not one loose word
  bool named = false;           // by any name
  // Only by one-word names reached through a spelling fix or a field of work.
  bool named_loosely = true;
};

// Resolves the names of `r`. Uncovers words that turn out not to be names:
// a one-word name many careers share that is also a question word ("what
// about the education?"), and shared names beside a career named outright.
NamedCareers name_careers(const Snapshot& snapshot, const IntentLexicon& lexicon, Reading& r);

// Where the career is named: the first word of a name, else of a kind of
// career, else words.size(). Cues such as a final "do" count only after it.
std::size_t career_start(const CareerIndex& index, const Reading& r);

// The title of the career at `profile` in the snapshot.
inline const std::string& title_of(const Snapshot& snapshot, int profile) {
  return snapshot.kb.profiles()[static_cast<std::size_t>(profile)].title;
}

// Whether career a is likelier meant than career b (see prominence()).
bool likelier(const Snapshot& snapshot, int a, int b);

// The occupations a kind word such as "nurse" or "developer" may mean: whole
// occupations with a title ending in it, not their helpers and supervisors,
// nor O*NET's specialisations and "All Other" groups; largest first.
std::vector<int> main_readings(const Snapshot& snapshot, const std::vector<int>& careers);

// Of careers whose titles end in a word's stem, those whose title has the
// word as written, or its singular or plural ("animator": Animators, not
// Aquacultural Animals, which stem alike); all of them when none has.
std::vector<int> titled_as_written(const Snapshot& snapshot, const std::vector<int>& careers,
                                   std::string_view word);

// Of the main readings (largest first), the one plainly meant; -1 when they
// are comparable and the question must ask which.
int dominant_reading(const Snapshot& snapshot, const std::vector<int>& readings);

}  // namespace careerbot
