#include "text.hpp"

#include <algorithm>
#include <array>
#include <memory>
#include <span>
#include <unordered_map>
#include <unordered_set>

#include <libstemmer.h>

namespace careerbot {
namespace {

// Folds a Latin-1 Supplement letter (U+00C0..U+00FF) to ASCII; 0 for the rest.
char fold_latin1(unsigned code) {
  static constexpr std::string_view kFold =
      "aaaaaaaceeeeiiiidnooooo*ouuuuyts"   // U+00C0..U+00DF
      "aaaaaaaceeeeiiiidnooooo/ouuuuyty";  // U+00E0..U+00FF
  if (code < 0xC0 || code > 0xFF) return 0;
  char folded = kFold[code - 0xC0];
  return (folded == '*' || folded == '/') ? char{0} : folded;
}

// Decodes one UTF-8 sequence at `i`, advancing it; invalid bytes become U+FFFD.
unsigned next_code_point(std::string_view s, std::size_t& i) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned lead = byte(i);
  std::size_t length = lead < 0x80           ? 1
                       : (lead >> 5) == 0x6  ? 2
                       : (lead >> 4) == 0xE  ? 3
                       : (lead >> 3) == 0x1E ? 4
                                             : 0;
  if (length == 0 || i + length > s.size()) {
    ++i;
    return 0xFFFD;
  }
  unsigned code = length == 1 ? lead : lead & (0xFFu >> (length + 1));
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) {
      ++i;
      return 0xFFFD;
    }
    code = (code << 6) | (byte(i + k) & 0x3F);
  }
  i += length;
  return code;
}

bool is_word_code_point(unsigned code) {
  if (code < 0x80) return false;                       // ASCII is handled by the caller
  if (code >= 0x80 && code <= 0xBF) return false;      // Latin-1 punctuation and symbols
  if (code >= 0x2000 && code <= 0x2BFF) return false;  // general punctuation, arrows, symbols
  if (code >= 0x3000 && code <= 0x303F) return false;  // CJK punctuation
  return code != 0xFFFD && code != 0xD7 && code != 0xF7;
}

// Contractions that keep their meaning when spelled out.
const std::unordered_map<std::string_view, std::string_view>& slang() {
  static const std::unordered_map<std::string_view, std::string_view> table = {
      {"whats", "what is"},
      {"hows", "how is"},
      {"wheres", "where is"},
      {"whos", "who is"},
      {"im", "i am"},
      {"ive", "i have"},
      {"dont", "do not"},
      {"doesnt", "does not"},
      {"didnt", "did not"},
      {"cant", "can not"},
      {"cannot", "can not"},
      {"wont", "will not"},
      {"isnt", "is not"},
      {"arent", "are not"},
      {"u", "you"},
      {"\xF0\x9F\x91\x8B", "hi"},  // the waving hand
      {"r", "are"},
      {"ur", "your"},
      {"wat", "what"},
      {"wut", "what"},
      {"pls", "please"},
      {"plz", "please"},
      {"thx", "thanks"},
      {"thnx", "thanks"},
      {"ty", "thanks"},
      {"tysm", "thanks"},
      {"yr", "year"},
      {"yrs", "years"},
      {"avg", "average"},
      {"hrs", "hours"},
      {"gonna", "going to"},
      {"wanna", "want to"},
      {"gotta", "have to"},
      {"btw", "by the way"},
      {"abt", "about"},
      {"bc", "because"},
      {"w/", "with"},
      // Short forms of job words, as people write them: "lab assistant".
      // (Those that name a career only beside other words, "wind turbine
      // tech", are read in understanding/reading.cpp.)
      {"lab", "laboratory"},
      {"mgr", "manager"},
      {"asst", "assistant"},
      {"engr", "engineer"},
      {"webdev", "web developer"},
      {"swe", "software engineer"},
      {"swes", "software engineers"},
      {"webdevs", "web developers"},
      // British and Australian words for jobs, in the occupations' own words.
      {"lorry", "truck"},
      {"lorries", "trucks"},
      {"chippy", "carpenter"},
      {"chippie", "carpenter"},
      {"chippies", "carpenters"},
      {"brickie", "brickmason"},
      {"brickies", "brickmasons"},
      {"bricklayer", "brickmason"},
      {"bricklayers", "brickmasons"},
      {"sparky", "electrician"},
      {"sparkie", "electrician"},
      {"sparkies", "electricians"},
      {"postie", "postman"},
      {"posties", "postmen"},
      {"binman", "garbage collector"},
      {"binmen", "garbage collectors"},
      {"dustman", "garbage collector"},
      {"dustmen", "garbage collectors"},
      {"cabbie", "taxi driver"},
      {"cabbies", "taxi drivers"},
      {"physio", "physiotherapist"},
      {"physios", "physiotherapists"},
      {"uni", "university"},
      {"maths", "math"},
      {"gday", "good day"},
  };
  return table;
}

// Spells out a word that had apostrophes: "what's" -> "what is", "nurse's" -> "nurse".
std::string expand_apostrophes(const std::string& word) {
  static const std::unordered_set<std::string_view> is_words = {
      "what", "that", "it",    "he",   "she", "there", "here",
      "who",  "how",  "where", "when", "why", "let"};
  auto ends_with = [&](std::string_view suffix) {
    return word.size() > suffix.size() &&
           word.compare(word.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  auto base = [&](std::size_t cut) { return word.substr(0, word.size() - cut); };
  if (word == "won't") return "will not";
  if (word == "can't") return "can not";
  if (ends_with("n't")) return base(3) + " not";
  if (ends_with("'re")) return base(3) + " are";
  if (ends_with("'ve")) return base(3) + " have";
  if (ends_with("'ll")) return base(3) + " will";
  if (ends_with("'m")) return base(2) + " am";
  if (ends_with("'d")) return base(2) + " would";
  if (ends_with("'s")) {
    std::string stem = base(2);
    return is_words.contains(stem) ? stem + " is" : stem;
  }
  std::string plain;
  std::copy_if(word.begin(), word.end(), std::back_inserter(plain),
               [](char c) { return c != '\''; });
  return plain;
}

void emit_word(std::string& word, std::vector<std::string>& out) {
  if (word.empty()) return;
  // Strip apostrophes used as quotes: 'hello' -> hello.
  while (!word.empty() && word.front() == '\'') word.erase(word.begin());
  while (!word.empty() && word.back() == '\'') word.pop_back();
  if (word.empty()) return;
  std::string expanded = word.find('\'') != std::string::npos ? expand_apostrophes(word) : word;
  auto it = slang().find(expanded);
  std::string_view spelled = it != slang().end() ? it->second : std::string_view(expanded);
  std::size_t start = 0;
  while (start <= spelled.size()) {
    std::size_t space = spelled.find(' ', start);
    if (space == std::string_view::npos) space = spelled.size();
    if (space > start) out.emplace_back(spelled.substr(start, space - start));
    start = space + 1;
  }
  word.clear();
}

struct StemmerDeleter {
  void operator()(sb_stemmer* stemmer) const { sb_stemmer_delete(stemmer); }
};

}  // namespace

void append_utf8(std::string& out, unsigned code) {
  if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xC0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else if (code < 0x10000) {
    out += static_cast<char>(0xE0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code >> 18));
    out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  }
}

std::vector<std::string> split_words(std::string_view text) {
  std::vector<std::string> out;
  out.reserve(std::min<std::size_t>(text.size() / 4 + 1, 16));  // one allocation for most questions
  split_words(text, out);
  return out;
}

void split_words(std::string_view text, std::vector<std::string>& out) {
  std::string word;
  std::size_t i = 0;
  while (i < text.size()) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      ++i;
      if (ascii_alnum(static_cast<char>(c))) {
        word += ascii_lower(static_cast<char>(c));
      } else if (c == '\'' && !word.empty()) {
        word += '\'';
      } else {
        emit_word(word, out);
        if (c == '$') out.emplace_back("$");
      }
      continue;
    }
    unsigned code = next_code_point(text, i);
    if (code == 0x2019 && !word.empty()) {  // right single quotation mark used as apostrophe
      word += '\'';
    } else if (char folded = fold_latin1(code); folded != 0) {
      word += folded;
    } else if (code == 0xDF) {
      word += "ss";
    } else if (is_word_code_point(code)) {
      append_utf8(word, code);
    } else {
      emit_word(word, out);
    }
  }
  emit_word(word, out);
}

std::string stem_word(std::string_view word) {
  // libstemmer's stemmer object is not thread-safe; one per thread is cheap
  // and avoids locking on the answer path.
  thread_local std::unique_ptr<sb_stemmer, StemmerDeleter> stemmer(
      sb_stemmer_new("english", "UTF_8"));
  // Building a snapshot stems the same few thousand words hundreds of
  // thousands of times; remembered per thread, and forgotten when the memory
  // would grow past a bound.
  constexpr std::size_t kRemembered = 65536;
  thread_local TextMap<std::string> remembered;
  if (!stemmer || word.empty()) return std::string(word);
  if (auto it = remembered.find(word); it != remembered.end()) return it->second;
  std::string key(word);
  const sb_symbol* stemmed =
      sb_stemmer_stem(stemmer.get(), reinterpret_cast<const sb_symbol*>(word.data()),
                      static_cast<int>(word.size()));
  std::string stem = stemmed == nullptr
                         ? key
                         : std::string(reinterpret_cast<const char*>(stemmed),
                                       static_cast<std::size_t>(sb_stemmer_length(stemmer.get())));
  if (word.size() <= 32) {
    if (remembered.size() >= kRemembered) remembered.clear();
    remembered.emplace(std::move(key), stem);
  }
  return stem;
}

std::unordered_set<std::string> stems_of(std::initializer_list<std::string_view> words) {
  std::unordered_set<std::string> stems;
  for (auto word : words) stems.insert(stem_word(word));
  return stems;
}

std::string american_spelling(std::string_view word) {
  static constexpr std::pair<std::string_view, std::string_view> kForms[] = {
      {"our", "or"},  {"ence", "ense"}, {"tre", "ter"}, {"ise", "ize"},
      {"yse", "yze"}, {"ll", "l"},      {"ogue", "og"}};
  std::string out(word);
  for (const auto& [british, us] : kForms) {
    for (auto at = out.find(british); at != std::string::npos;
         at = out.find(british, at + us.size()))
      out.replace(at, british.size(), us);
  }
  return out;
}

std::vector<Word> analyse(std::string_view text) {
  std::vector<Word> words;
  auto split = split_words(text);
  words.reserve(split.size());
  for (auto& w : split) {
    std::string stem = stem_word(w);
    words.push_back({std::move(w), std::move(stem)});
  }
  return words;
}

std::string sound_key(std::string_view word) {
  std::string key;
  key.reserve(word.size());
  for (std::size_t i = 0; i < word.size(); ++i) {
    if (word[i] == 'p' && i + 1 < word.size() && word[i + 1] == 'h') {
      key += 'f';
      ++i;
    } else {
      key += word[i];
    }
  }
  return key;
}

int edit_distance(std::string_view a, std::string_view b, int limit) {
  auto n = a.size();
  auto m = b.size();
  if (static_cast<int>(n > m ? n - m : m - n) > limit) return limit + 1;
  // Three rows; on the stack for words of everyday length.
  constexpr std::size_t kOnStack = 48;
  std::array<int, 3 * kOnStack> stack_rows{};
  std::vector<int> heap_rows;
  int* rows = stack_rows.data();
  if (m + 1 > kOnStack) {
    heap_rows.resize(3 * (m + 1));
    rows = heap_rows.data();
  }
  std::span<int> before(rows, m + 1);
  std::span<int> previous(rows + (m + 1), m + 1);
  std::span<int> current(rows + 2 * (m + 1), m + 1);
  for (std::size_t j = 0; j <= m; ++j) previous[j] = static_cast<int>(j);
  for (std::size_t i = 1; i <= n; ++i) {
    current[0] = static_cast<int>(i);
    int row_best = current[0];
    for (std::size_t j = 1; j <= m; ++j) {
      int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        current[j] = std::min(current[j], before[j - 2] + 1);
      }
      row_best = std::min(row_best, current[j]);
    }
    if (row_best > limit) return limit + 1;
    std::swap(before, previous);
    std::swap(previous, current);
  }
  return std::min(previous[m], limit + 1);
}

bool is_stop_word(std::string_view word) {
  static const std::unordered_set<std::string_view> words = {
      "a", "an", "the", "of", "for", "to", "in", "on", "at", "by", "with", "and", "or", "is", "are",
      "am", "be", "been", "was", "were", "i", "me", "my", "you", "your", "we", "our", "it", "its",
      "this", "that", "these", "those", "there", "do", "does", "did", "what", "which", "who", "how",
      "as", "so", "if", "but", "can", "could", "would", "should", "will", "please", "about", "any",
      "some", "one", "ones", "they", "them", "their", "he", "she", "his", "her", "from", "into",
      "just", "really", "actually", "like", "get", "have", "has", "not", "no", "yes", "ok", "okay",
      "s", "us", "usa", "per", "very", "also", "all", "much", "many", "more", "most", "than",
      "then", "want", "know", "tell", "need", "thing", "things", "lol", "hey", "hi", "hello",
      "thanks", "year", "years", "day", "now", "today", "here", "where", "when", "why", "being",
      "go", "going", "let", "us", "an", "well", "typically", "usually", "generally", "average",
      "typical",
      // words for "a career" in general
      "career", "careers", "job", "field", "trade", "profession", "occupation", "industry"};
  return words.contains(word);
}

}  // namespace careerbot
