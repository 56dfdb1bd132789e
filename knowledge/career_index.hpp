// Finds careers in text: every title and alias of every profile, stemmed, in
// a phrase table; the last word of each name ("engineer") for questions that
// name only a kind of career; and a deletion index of the words in names for
// spelling mistakes.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "knowledge_base.hpp"
#include "text.hpp"

namespace careerbot {

class CareerIndex {
 public:
  struct Name {
    int profile;
    std::string text;  // as written: "Back End Developer"
    bool is_title;
    // A title, a curated alias, or one of the names the people in the job
    // report using most (the importer lists those first).
    bool principal;
    std::string stem_key;   // its stems joined by spaces, while the index is built
    std::string last_word;  // as written, lower case: "developer"
  };

  explicit CareerIndex(const KnowledgeBase& kb);
  // (deletes_ and short_by_two_ point into name_word_count_: moved
  // together, never copied.)
  CareerIndex(const CareerIndex&) = delete;
  CareerIndex& operator=(const CareerIndex&) = delete;
  CareerIndex(CareerIndex&&) = default;
  CareerIndex& operator=(CareerIndex&&) = default;

  // Names whose stems, joined by spaces, equal `stem_key`; null if none.
  const std::vector<const Name*>* phrase(std::string_view stem_key) const;
  // For reading a question word by word in one look-up per word: null if no
  // name starts with these stems (no longer match can follow), else the
  // names they make whole (empty while they are only the start of names).
  const std::vector<const Name*>* phrase_start(std::string_view stem_key) const;

  // Profiles that have a name of two or more words ending in this stem:
  // those with such a title first, then by employment.
  const std::vector<int>* head(const std::string& stem) const;
  // Only those with such a title ("Civil Engineers" for "engineer").
  const std::vector<int>* title_head(const std::string& stem) const;

  // Whether any name of `profile` contains this stem.
  bool name_has_stem(int profile, const std::string& stem) const;
  // Whether a name ends in this word as written, or its singular or plural
  // ("engineers", "attorney"; not "attached", which stems as "attacher" does).
  bool ends_a_name(std::string_view word) const;
  // Whether the profile's title contains this stem.
  bool title_has_stem(int profile, const std::string& stem) const;

  // Careers whose names use these stems, best first: each stem counts by how
  // rare it is among careers and how many of the career's names use it
  // ("hvac" -> the HVAC mechanics). For questions that name no career outright.
  std::vector<std::pair<int, double>> by_words(const std::vector<std::string>& stems) const;
  // The same, only for the careers in `among` (a clarification's offer).
  std::vector<std::pair<int, double>> by_words(const std::vector<std::string>& stems,
                                               const std::vector<int>& among) const;

  // The words of a profile's title, as split_words gives them.
  const std::vector<std::string>& title_words(int profile) const {
    return title_words_[static_cast<std::size_t>(profile)];
  }

  // A word from the names within a small edit distance of `word`, or "".
  std::string correct(std::string_view word) const;
  // Whether a word of the names may be `word` spelt the other way, British
  // or American ("licence": "license"): what correct() could turn it into.
  bool may_spell_otherwise(std::string_view word) const {
    return american_forms_.contains(american_spelling(word));
  }

  // Whether the word appears in names or in the profiles' text.
  bool knows_word(std::string_view word) const { return known_words_.contains(word); }
  // Whether any name uses this stem.
  bool knows_stem(std::string_view stem) const { return name_stems_all_.contains(stem); }

 private:
  enum class Role { title, title_short_form, reported_alias, alias };
  void add_name(int profile, const std::string& text, Role role, bool part_of_alias = false);
  void count_words(int profile, const std::vector<Word>& words);
  void add_aliases(int profile, const CareerProfile& p, const std::vector<std::string>& titles);

  std::vector<Name> names_;
  // Every run of stems that starts a name -> the names it makes whole.
  TextMap<std::vector<const Name*>> phrases_;
  std::unordered_map<std::string, std::vector<int>> heads_;
  std::unordered_map<std::string, std::vector<int>> title_heads_;
  std::unordered_map<std::string, std::vector<int>> alias_heads_;  // while building
  std::vector<std::unordered_set<std::string>> name_stems_;        // per profile
  std::vector<std::unordered_set<std::string>> title_stems_;       // per profile
  std::vector<std::vector<std::string>> title_words_;              // per profile
  std::unordered_map<std::string, std::vector<std::pair<int, int>>>
      postings_;  // stem -> (profile, names using it)
  std::size_t profile_count_ = 0;
  TextSet name_stems_all_;

  TextSet known_words_;
  std::unordered_map<std::string, int> name_word_count_;  // word -> names using it
  TextMap<int> head_word_count_;                          // word -> names ending in it
  // Sound key minus a letter -> the words, as keys of name_word_count_
  // (which outlives it, unchanged); long job nouns' keys minus two letters,
  // looked up only when nothing nearer is found.
  std::unordered_map<std::string, std::vector<const std::string*>> deletes_;
  std::unordered_map<std::string, std::vector<const std::string*>> short_by_two_;
  std::size_t longest_key_ = 0;  // of the words in deletes_
  TextSet american_forms_;       // of the words in deletes_
};

// Whether a word (its stem) names only a kind of work on its own: "workers",
// "technician", "supervisor". Never a career's name, nor plainly one career.
bool is_generic_job_word(std::string_view stem);

// "Back End Developer / Engineer" -> "Back End Developer", "Back End Engineer".
std::vector<std::string> title_variants(const std::string& title);

}  // namespace careerbot
