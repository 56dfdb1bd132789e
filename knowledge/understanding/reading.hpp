// Stage 1 of understanding a question: its words, their spelling, and the
// career names found in them.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "career_index.hpp"
#include "intent_classifier.hpp"
#include "lexicon.hpp"
#include "text.hpp"

namespace careerbot {

// A career name found in the question.
struct NameMatch {
  std::size_t start = 0;
  std::size_t length = 0;
  std::vector<const CareerIndex::Name*> names;  // every career with this name
  int corrections = 0;                          // misspelt words inside it
};

struct Reading {
  std::vector<Word> words;
  std::vector<std::string> corrected;  // "softwre -> software"
  std::vector<std::string> expanded;   // short forms read in full: "tech -> technician"
  std::vector<bool> is_corrected;
  std::vector<bool> covered;  // part of a career name
  std::vector<NameMatch> matches;
  bool looks_like_code = false;   // SQL, markup, shell: "'; DROP TABLE careers; --"
  bool asks_for_writing = false;  // "write me a poem about nurses": a piece of writing wanted
  bool rules_out = false;         // a career ruled out beside another: "not nurses, I mean ..."
  // A field of work read as its worker ("pharmacy" -> "pharmacist"): where,
  // and the word as written, which is what the intent model reads ("what
  // time does the pharmacy close" asks no career question).
  std::optional<std::pair<std::size_t, Word>> field_of_work;
};

// Whether text reads as code rather than a sentence: an SQL statement, or
// several of the marks code is made of (";", "--", braces, angle brackets,
// "=", backticks, "$(").
bool looks_like_code(std::string_view text);

// Words, short forms of title words read in full where that makes a longer
// name, spelling corrected against the names' vocabulary, and names found
// longest first, left to right.
// Words the intent model knows (`vocabulary`, may be null) are not misspelt.
Reading read_question(const CareerIndex& index, const IntentLexicon& lexicon,
                      const IntentClassifier* vocabulary, std::string_view text);

// Words that may narrow a choice: not a name, not a cue, not filler.
std::vector<std::size_t> free_words(const Reading& r, const IntentEvidence& evidence);
std::vector<std::string> stems_at(const Reading& r, const std::vector<std::size_t>& positions);
int meaningful_words(const Reading& r);
// Share of meaningful words that a career name or a cue explains.
// `also` lists further words that are explained (a kind of career).
double coverage(const Reading& r, const IntentEvidence& evidence,
                const std::vector<std::size_t>& also = {});

}  // namespace careerbot
