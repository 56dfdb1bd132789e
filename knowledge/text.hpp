// Turning what people type into words the matcher can compare: case and
// accent folding, contractions and chat slang, tokenisation and Snowball
// stemming. Pure functions, safe to call from any thread.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace careerbot {

// Hashes a string and a string_view alike, so that a table keyed by strings
// can be searched with a view, without building a string for the look-up.
struct TextHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view text) const {
    return std::hash<std::string_view>{}(text);
  }
};
using TextSet = std::unordered_set<std::string, TextHash, std::equal_to<>>;
template <class Value>
using TextMap = std::unordered_map<std::string, Value, TextHash, std::equal_to<>>;

struct Word {
  std::string text;  // normalised surface form: "nurses"
  std::string stem;  // Snowball English stem: "nurs"
};

// ASCII case folding and letters-or-digits, without the C library's locale
// lookups (the same answers for ASCII, which is all they are used for).
constexpr char ascii_lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c;
}
constexpr bool ascii_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// Lower-cased, accent-folded words with contractions and slang expanded.
// "What's a DBA's pay?" -> what, is, a, dba, pay.  "$" is kept as a word.
std::vector<std::string> split_words(std::string_view text);
// The same words appended to `out`, for a caller that keeps its vector.
void split_words(std::string_view text, std::vector<std::string>& out);

// A word as American English spells it: "licence" -> "license", "labour" ->
// "labor", "centre" -> "center", "specialise" -> "specialize".
std::string american_spelling(std::string_view word);

// `code`, a Unicode scalar value, written onto `out` as UTF-8.
void append_utf8(std::string& out, unsigned code);

// The Snowball English stem of one normalised word.
std::string stem_word(std::string_view word);

// The stems of a list of words, for tables of cue words kept as written.
std::unordered_set<std::string> stems_of(std::initializer_list<std::string_view> words);

// split_words + stem_word.
std::vector<Word> analyse(std::string_view text);

// A spelling key that forgives common sound-alike spellings ("ph" -> "f"),
// used before measuring edit distance.
std::string sound_key(std::string_view word);

// Damerau-Levenshtein (optimal string alignment) distance, giving up and
// returning limit + 1 once the distance exceeds `limit`.
int edit_distance(std::string_view a, std::string_view b, int limit);

// True for words that carry no meaning on their own ("the", "a", "of", ...).
bool is_stop_word(std::string_view word);

}  // namespace careerbot
