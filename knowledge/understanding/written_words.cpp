#include "written_words.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <unordered_map>

#include "english_words.hpp"
#include "support.hpp"

namespace careerbot {
namespace {

// Spelt the British and the American way: "licence" and "license",
// "labour" and "labor", "centre" and "center", "specialise" and "specialize".
bool spelling_variants(std::string_view a, std::string_view b) {
  return a != b && american_spelling(a) == american_spelling(b);
}

// "marketing manger": a word of everyday English, a letter from the word
// that would finish the name the words before it begin, is that word;
// "" when it is not ("marketing manager" already, "a marketing plan").
std::string fix_finishing_name(const CareerIndex& index, const std::vector<Word>& words,
                               std::size_t at) {
  constexpr std::size_t kLongestStart = 4;
  if (at == 0) return {};
  std::string fix;
  std::string key;
  for (std::size_t start = at >= kLongestStart ? at - kLongestStart : 0; start < at; ++start) {
    key.clear();
    for (std::size_t j = start; j < at; ++j) {
      if (j > start) key += ' ';
      key += words[j].stem;
    }
    if (index.phrase_start(key) == nullptr) continue;
    if (index.phrase_start(key + ' ' + words[at].stem) != nullptr) return {};
    if (fix.empty()) fix = index.correct(words[at].text);
    if (fix.empty() || fix == words[at].text) return {};
    if (index.phrase(key + ' ' + stem_word(fix)) != nullptr) return fix;
  }
  return {};
}

// The longest career name that word `at` is part of, in words (0 when
// none), and whether one of that length is a title.
struct NameThrough {
  std::size_t length = 0;
  bool titled = false;
};

NameThrough longest_name_through(const CareerIndex& index, const std::vector<Word>& words,
                                 std::size_t at) {
  constexpr std::size_t kLongestName = 6;
  NameThrough longest;
  std::string key;
  for (std::size_t start = at >= kLongestName ? at - kLongestName : 0; start <= at; ++start) {
    key.clear();
    for (std::size_t j = start; j < words.size(); ++j) {
      if (j > start) key += ' ';
      key += words[j].stem;
      const auto* names = index.phrase_start(key);
      if (names == nullptr) break;
      if (names->empty() || j < at) continue;
      const std::size_t length = j - start + 1;
      const bool titled = std::any_of(names->begin(), names->end(),
                                      [](const CareerIndex::Name* n) { return n->is_title; });
      if (length > longest.length)
        longest = {length, titled};
      else if (length == longest.length)
        longest.titled = longest.titled || titled;
    }
  }
  return longest;
}

}  // namespace

std::string spell_out_joins(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool spaced = i > 0 && i + 1 < text.size() && text[i - 1] == ' ' && text[i + 1] == ' ';
    if (spaced && (text[i] == '+' || text[i] == '&')) {
      out += "and";
    } else {
      out += text[i];
    }
  }
  return out;
}

void correct_spelling(const CareerIndex& index, const IntentLexicon& lexicon,
                      const IntentClassifier* vocabulary, Reading& r) {
  r.is_corrected.assign(r.words.size(), false);
  for (std::size_t i = 0; i < r.words.size(); ++i) {
    Word& w = r.words[i];
    if (index.knows_word(w.text) || lexicon.knows_word(w.text) || is_stop_word(w.text) ||
        (vocabulary != nullptr && vocabulary->knows_word(w.text))) {
      continue;
    }
    // A word of everyday English is spelt as meant ("whenever" is no
    // "wheeler", "sorry" no "lorry"), unless it is the British spelling of a
    // word of the names ("licenced").
    const bool english = EnglishWords::system().contains(w.text);
    std::string fix = english ? fix_finishing_name(index, r.words, i) : std::string();
    if (fix.empty()) {
      if (english && !index.may_spell_otherwise(w.text)) continue;  // (no variant to fix it into)
      // An unknown word whose stem some name uses ("surveyers" -> "survey")
      // is fixed only into a name of its own ("surveyors").
      const bool stem_known = index.knows_stem(w.stem);
      fix = index.correct(w.text);
      if (english && (fix.empty() || !spelling_variants(w.text, fix))) continue;
      // Another form of a word the names use ("geologists" for "geologist")
      // is no misspelling: its stem already finds the name.
      if (!fix.empty() && stem_known && stem_word(fix) == w.stem) continue;
      if (!fix.empty() && stem_known && index.phrase(stem_word(fix)) == nullptr) fix.clear();
      // Else a misspelt question word: "thnaks", "salery", "degre".
      if (fix.empty() && !stem_known) fix = lexicon.correct(w.text);
      if (fix.empty() || fix == w.text) continue;
    }
    r.corrected.push_back(w.text + " -> " + fix);
    w.stem = stem_word(fix);
    w.text = std::move(fix);
    r.is_corrected[i] = true;
  }
}

// Short forms people write for the words of job titles: "wind turbine
// tech", "db architect", "customer service rep", "civil eng". A short form
// is read in full only where the full word makes a longer career name than
// the short one does, or a title as long as a name that is only an alias
// (a "vet tech" and an "hr rep" are names as written).
// Those that always mean one word ("mgr", "asst") are spelt out with the
// slang, in text.cpp.
void expand_short_forms(const CareerIndex& index, Reading& r) {
  static constexpr std::pair<std::string_view, std::array<std::string_view, 2>> kShortForms[] = {
      {"tech", {"technician", "technologist"}},
      {"db", {"database", ""}},
      {"admin", {"administrator", "administrative"}},
      {"rep", {"representative", ""}},
      {"eng", {"engineer", "engineering"}},
      {"dev", {"developer", ""}},
      {"ops", {"operations", ""}},
      {"coord", {"coordinator", ""}},
      {"spec", {"specialist", ""}},
      {"mech", {"mechanical", "mechanic"}},
      {"elec", {"electrical", "electrician"}},
      {"mgmt", {"management", ""}},
      {"mktg", {"marketing", ""}},
      {"sys", {"systems", ""}},
      {"info", {"information", ""}},
      {"med", {"medical", ""}},
      {"vet", {"veterinary", "veterinarian"}},
      {"pharm", {"pharmacy", ""}},
      {"psych", {"psychiatric", "psychology"}},
      {"maint", {"maintenance", ""}},
      {"acct", {"accountant", "accounting"}},
      {"govt", {"government", ""}},
      {"prof", {"professor", ""}},
      {"telecom", {"telecommunications", "telecommunication"}},
  };
  using ShortForm = std::pair<std::string_view, std::array<std::string_view, 2>>;
  static const std::unordered_map<std::string_view, const ShortForm*> kByShortForm = [] {
    std::unordered_map<std::string_view, const ShortForm*> by;
    for (const auto& e : kShortForms) by.emplace(e.first, &e);
    return by;
  }();
  static const std::unordered_map<std::string_view, const ShortForm*> kByFullWord = [] {
    std::unordered_map<std::string_view, const ShortForm*> by;
    for (const auto& e : kShortForms) {
      for (std::string_view full : e.second) {
        if (!full.empty()) by.emplace(full, &e);  // (each full word is one short form's)
      }
    }
    return by;
  }();
  constexpr std::size_t kLongest = 8;  // "telecoms"
  for (std::size_t i = 0; i < r.words.size(); ++i) {
    const std::string& text = r.words[i].text;
    if (text.size() < 2 || text.size() > kLongest) continue;
    // "techs", "reps": the plural of a short form is the plural of its word.
    const bool plural = text.size() > 3 && text.back() == 's';
    auto found = kByShortForm.find(text);
    if (found == kByShortForm.end() && plural)
      found = kByShortForm.find(std::string_view(text).substr(0, text.size() - 1));
    if (found == kByShortForm.end()) continue;
    const ShortForm* entry = found->second;
    const bool plural_form = entry->first != text;
    const Word written = r.words[i];
    NameThrough longest = longest_name_through(index, r.words, i);
    std::optional<Word> best;
    for (std::string_view full : entry->second) {
      if (full.empty()) continue;
      std::string spelled(full);
      if (plural_form && spelled.back() == 'y') {
        spelled.replace(spelled.size() - 1, 1, "ies");  // "laboratories"
      } else if (plural_form) {
        spelled += 's';
      }
      r.words[i] = Word{spelled, stem_word(spelled)};
      // Longer, or as long and a title where the short form is only an
      // alias ("customer service reps": the title Customer Service
      // Representatives, not an alias of sales representatives).
      const NameThrough through = longest_name_through(index, r.words, i);
      if (through.length >= 2 &&
          (through.length > longest.length ||
           (through.length == longest.length && through.titled && !longest.titled))) {
        longest = through;
        best = r.words[i];
      }
    }
    r.words[i] = best.value_or(written);
    if (best) r.expanded.push_back(written.text + " -> " + best->text);
  }
  // The other way: "hvac technician", where no name of several words has
  // the word in full, is the name "hvac tech".
  for (std::size_t i = 0; i < r.words.size(); ++i) {
    const std::string& text = r.words[i].text;
    const bool plural = text.size() > 3 && text.back() == 's';
    const auto found =
        kByFullWord.find(plural ? std::string_view(text).substr(0, text.size() - 1) : text);
    if (found == kByFullWord.end() || longest_name_through(index, r.words, i).length >= 2) continue;
    const ShortForm* entry = found->second;
    const Word written = r.words[i];
    const std::string short_form = std::string(entry->first) + (plural ? "s" : "");
    r.words[i] = Word{short_form, stem_word(short_form)};
    if (longest_name_through(index, r.words, i).length >= 2) {
      r.expanded.push_back(written.text + " -> " + short_form);
    } else {
      r.words[i] = written;
    }
  }
}

// "what do you need to teach high school", "teaching kindergarten", "to
// teach 2nd grade": to teach a school or a class is its teacher's work.
// Where the words after the verb make a name with "teacher", they are read
// so, in the same number of words: "teach high school" -> "high school
// teacher" (a school year is read as its school next).
void read_teaching_as_teacher(const CareerIndex& index, Reading& r) {
  const auto is_year = [](const Word& w) { return w.text == "grade" || w.text == "grades"; };
  for (std::size_t i = 0; i + 1 < r.words.size(); ++i) {
    if (r.words[i].text != "teach" && r.words[i].text != "teaching") continue;
    const std::size_t most = std::min<std::size_t>(3, r.words.size() - i - 1);
    for (std::size_t n = most; n >= 1; --n) {
      const auto first = r.words.begin() + static_cast<std::ptrdiff_t>(i);
      const Word verb = r.words[i];
      std::rotate(first, first + 1, first + static_cast<std::ptrdiff_t>(n) + 1);
      r.words[i + n] = Word{"teacher", stem_word("teacher")};
      const bool school_year = n == 2 && is_year(r.words[i + 1]);
      if (school_year || longest_name_through(index, r.words, i + n).length >= n + 1) {
        std::string written = verb.text;
        for (std::size_t k = i; k < i + n; ++k) written += " " + r.words[k].text;
        r.expanded.push_back(written + " -> " + written.substr(verb.text.size() + 1) + " teacher");
        i += n;
        break;
      }
      std::rotate(first, first + static_cast<std::ptrdiff_t>(n),
                  first + static_cast<std::ptrdiff_t>(n) + 1);
      r.words[i] = verb;
    }
  }
}

// The school year a class is in, as the school that teaches it: "2nd grade
// teacher" is an elementary school teacher, "seventh grade" a middle
// school's, "11th grade" a high school's. Read so only where the school
// makes a career's name with the words after it.
void read_grade_levels(const CareerIndex& index, Reading& r) {
  static constexpr std::array<std::string_view, 12> kOrdinals = {
      "first",   "second", "third", "fourth", "fifth",    "sixth",
      "seventh", "eighth", "ninth", "tenth",  "eleventh", "twelfth"};
  static constexpr std::array<std::string_view, 12> kNumbered = {
      "1st", "2nd", "3rd", "4th", "5th", "6th", "7th", "8th", "9th", "10th", "11th", "12th"};
  auto year_of = [](std::string_view word) -> int {
    for (std::size_t n = 0; n < kOrdinals.size(); ++n) {
      if (word == kOrdinals[n] || word == kNumbered[n]) return static_cast<int>(n) + 1;
    }
    return 0;
  };
  for (std::size_t i = 0; i + 2 < r.words.size(); ++i) {
    const int year = year_of(r.words[i].text);
    if (year == 0 || (r.words[i + 1].text != "grade" && r.words[i + 1].text != "grades")) continue;
    const std::string_view school = year <= 5 ? "elementary" : year <= 8 ? "middle" : "high";
    const Word written[2] = {r.words[i], r.words[i + 1]};
    r.words[i] = Word{std::string(school), stem_word(school)};
    r.words[i + 1] = Word{"school", stem_word("school")};
    if (longest_name_through(index, r.words, i).length >= 3) {
      r.expanded.push_back(written[0].text + " " + written[1].text + " -> " + std::string(school) +
                           " school");
    } else {
      r.words[i] = written[0];
      r.words[i + 1] = written[1];
    }
  }
}

void read_plural_names(const CareerIndex& index, Reading& r) {
  for (std::size_t i = 0; i < r.words.size(); ++i) {
    Word& w = r.words[i];
    // "RNs", "EMTs": the plural of an abbreviation that names a career.
    if (w.text.size() >= 3 && w.text.size() <= 5 && w.text.back() == 's' && w.stem == w.text) {
      const std::string_view singular = std::string_view(w.text).substr(0, w.text.size() - 1);
      if (index.phrase(singular) != nullptr) w.stem = singular;
    }
    // "fishermen", "firemen": the plural of a one-word name in "-man".
    if (w.text.size() > 4 && w.text.ends_with("men")) {
      std::string singular = w.text.substr(0, w.text.size() - 3) + "man";
      std::string stem = stem_word(singular);
      if (index.phrase(stem) != nullptr) w = Word{std::move(singular), std::move(stem)};
    }
    // "garbage men", "delivery women": the plural of a name of two or
    // three words ending in "man".
    if ((w.text == "men" || w.text == "women") && i > 0) {
      const std::string singular = w.text == "men" ? "man" : "woman";
      bool names = false;
      for (std::size_t start = i - std::min<std::size_t>(i, 2); start < i && !names; ++start) {
        std::string key;
        for (std::size_t k = start; k < i; ++k) key += r.words[k].stem + ' ';
        names = index.phrase(key + stem_word(singular)) != nullptr;
      }
      if (names) w = Word{singular, stem_word(singular)};
    }
  }
}

// "heyyy", "hiiii", "helloooo": a letter held for emphasis. Runs of three
// or more of one letter (never English) shrink to two or one, whichever
// makes a word a cue, a career name or the dictionary knows. So does a
// doubled last letter of a word nothing knows ("heyy", "thankss"; "staff"
// is known).
void shorten_held_letters(const CareerIndex& index, const IntentLexicon& lexicon, Reading& r) {
  auto known = [&](const std::string& word) {
    return lexicon.knows_word(word) || index.knows_word(word) ||
           EnglishWords::system().contains(word);
  };
  auto shrink = [](const std::string& text, std::size_t keep) {
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
      std::size_t run = 1;
      while (i + run < text.size() && text[i + run] == text[i]) ++run;
      const bool held = run >= 3 && std::isalpha(static_cast<unsigned char>(text[i])) != 0;
      out.append(held ? keep : run, text[i]);
      i += run;
    }
    return out;
  };
  auto doubled_at_end = [](const std::string& text) {
    const std::size_t n = text.size();
    return n >= 3 && text[n - 1] == text[n - 2] &&
           std::isalpha(static_cast<unsigned char>(text[n - 1])) != 0;
  };
  for (auto& w : r.words) {
    const std::string once = shrink(w.text, 1);
    if ((once == w.text && !doubled_at_end(once)) || known(w.text)) continue;
    for (std::size_t keep : {std::size_t{2}, std::size_t{1}}) {
      std::string word = shrink(w.text, keep);
      if (!known(word) && doubled_at_end(word)) word.pop_back();
      if (word != w.text && known(word)) {
        w = Word{word, stem_word(word)};
        break;
      }
    }
  }
}

// "make like 200k", "is 60k good": an amount in thousands is money, as a
// "$" before it says.
void mark_amounts(std::vector<Word>& words) {
  auto thousands = [](const Word& w) {
    return w.text.size() >= 2 && w.text.size() <= 5 && w.text.back() == 'k' &&
           std::all_of(w.text.begin(), w.text.end() - 1,
                       [](char c) { return c >= '0' && c <= '9'; });
  };
  if (std::none_of(words.begin(), words.end(), thousands)) return;
  std::vector<Word> marked;
  marked.reserve(words.size() + 2);
  for (auto& w : words) {
    if (thousands(w) && (marked.empty() || marked.back().text != "$"))
      marked.push_back(Word{"$", stem_word("$")});
    marked.push_back(std::move(w));
  }
  words = std::move(marked);
}

// An emoji or other pictograph ("🤔", "💀🔥", "👍🏽"): a tone of voice, not a
// word. Each character is one of U+1F000-U+1FFFF (UTF-8 F0 9F ..) or a
// variation selector (U+FE0E, U+FE0F: EF B8 8E/8F); letters of every script
// lie elsewhere.
bool is_pictograph(std::string_view word) {
  if (word.empty()) return false;
  for (std::size_t i = 0; i < word.size();) {
    const auto byte = [&](std::size_t k) {
      return i + k < word.size() ? static_cast<unsigned char>(word[i + k]) : 0U;
    };
    if (byte(0) == 0xF0 && byte(1) == 0x9F) {
      i += 4;
    } else if (byte(0) == 0xEF && byte(1) == 0xB8 && (byte(2) == 0x8E || byte(2) == 0x8F)) {
      i += 3;
    } else {
      return false;
    }
  }
  return true;
}

}  // namespace careerbot
