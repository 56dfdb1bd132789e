// Stage 1 of reading, before names are found: the words as people write
// them (plurals of names, held letters, short forms, "teach high school",
// school years, misspellings, amounts, emoji) rewritten into the words
// career names and cues are made of. Each rewrite keeps a word's place in
// the question.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "career_index.hpp"
#include "intent_classifier.hpp"
#include "lexicon.hpp"
#include "reading.hpp"
#include "text.hpp"

namespace careerbot {

// "salary + openings", "pay & outlook": a plus or an ampersand standing
// between words joins them as "and" does ("R&D" and "C++" are left be).
// The text as given when it has none.
std::string spell_out_joins(std::string_view text);

// The plurals of names read as the names: "RNs", "fishermen", "garbage
// men".
void read_plural_names(const CareerIndex& index, Reading& r);

// "heyyy", "thankss": a letter held for emphasis, shrunk to a known word.
void shorten_held_letters(const CareerIndex& index, const IntentLexicon& lexicon, Reading& r);

// "teach high school" -> "high school teacher", where that makes a name.
void read_teaching_as_teacher(const CareerIndex& index, Reading& r);

// "2nd grade" -> "elementary school", where that makes a name.
void read_grade_levels(const CareerIndex& index, Reading& r);

// "tech" -> "technician", "db" -> "database", where the full word makes a
// longer name (and "technician" -> "tech" the other way round).
void expand_short_forms(const CareerIndex& index, Reading& r);

// Fixes spelling of words that nothing knows, using the names' vocabulary
// (then the cues'); records each fix in r.corrected and r.is_corrected.
// Words the intent model knows (`vocabulary`, may be null) are not misspelt.
void correct_spelling(const CareerIndex& index, const IntentLexicon& lexicon,
                      const IntentClassifier* vocabulary, Reading& r);

// "make like 200k": a "$" put before an amount in thousands.
void mark_amounts(std::vector<Word>& words);

// An emoji or other pictograph: a tone of voice, not a word.
bool is_pictograph(std::string_view word);

}  // namespace careerbot
