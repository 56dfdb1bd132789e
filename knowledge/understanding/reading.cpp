#include "reading.hpp"

#include <algorithm>
#include <array>
#include <optional>

#include "english_words.hpp"
#include "support.hpp"
#include "written_words.hpp"

namespace careerbot {
namespace {

// Whether a word and the last word of a name are forms of one word:
// "nurses" and "nurse", "secretaries" and "secretary"; not "animals" and
// "animator", nor "normal" and "normalizer".
bool spelled_like_name(const std::string& word, const CareerIndex::Name& name) {
  const std::string& spelled = name.last_word;
  // "attached" is no "attache": the English word is the name's word and a
  // verb's ending.
  const bool inflected = word.size() > spelled.size() &&
                         (word.ends_with("ed") || word.ends_with("ing")) &&
                         !spelled.ends_with("ed") && !spelled.ends_with("ing");
  // Nor is "arrange" an "arranger", nor "level" a "leveler": the verb
  // without the agent's ending.
  const bool agent = spelled.size() > word.size() && spelled.starts_with(word) &&
                     (spelled.ends_with("er") || spelled.ends_with("ers") ||
                      spelled.ends_with("or") || spelled.ends_with("ors")) &&
                     !word.ends_with("er") && !word.ends_with("or");
  if ((inflected || agent) && EnglishWords::system().contains(word)) return false;
  const std::string& shorter = word.size() < spelled.size() ? word : spelled;
  const std::string& longer = word.size() < spelled.size() ? spelled : word;
  if (longer.rfind(shorter, 0) == 0 && longer.size() - shorter.size() <= 2) return true;
  auto singular = [](std::string w) {
    if (w.ends_with("ies")) return w.substr(0, w.size() - 3) + "y";
    if (w.ends_with("ves")) return w.substr(0, w.size() - 3) + "f";
    if (w.ends_with("s")) return w.substr(0, w.size() - 1);
    return w;
  };
  // Equal once singular, or one slip apart: "accountents", "accountant".
  return edit_distance(singular(word), singular(spelled), 1) <= 1;
}

// Longest names first, left to right; matched words are covered. A name's
// last word must be the question's word, not only share its stem, where a
// cue uses that word: "registered nurse education" names registered nurses,
// not registered nurse educators. (One-word names always: "animals" is no
// animator.)
void find_names(const CareerIndex& index, const IntentLexicon& lexicon, Reading& r) {
  const auto n = r.words.size();
  r.covered.assign(n, false);
  std::string key;
  constexpr std::size_t kLongestName = 16;
  std::array<const std::vector<const CareerIndex::Name*>*, kLongestName + 1> by_length{};
  for (std::size_t i = 0; i < n;) {
    key.clear();
    std::size_t longest = 0;
    for (std::size_t j = i; j < n && j - i < kLongestName; ++j) {
      if (j > i) key += ' ';
      key += r.words[j].stem;
      const auto* names = index.phrase_start(key);
      if (names == nullptr) break;
      by_length[j - i + 1] = names->empty() ? nullptr : names;
      if (!names->empty()) longest = j - i + 1;
    }
    NameMatch best{i, 0, {}, 0};
    for (std::size_t length = longest; length > 0 && best.names.empty(); --length) {
      if (by_length[length] == nullptr) continue;
      best.length = length;
      best.names = *by_length[length];
      const auto& word = r.words[i + length - 1].text;
      if (length == 1 || lexicon.knows_word(word)) {
        std::erase_if(best.names, [&](const CareerIndex::Name* name) {
          return !spelled_like_name(word, *name);
        });
      }
    }
    by_length.fill(nullptr);
    if (best.names.empty()) {
      ++i;
      continue;
    }
    for (std::size_t k = best.start; k < best.start + best.length; ++k) {
      r.covered[k] = true;
      best.corrections += r.is_corrected[k] ? 1 : 0;
    }
    r.matches.push_back(best);
    i += best.length;
  }
}

// "electrical and electronics engineers": a word joined to a name that
// shares its last word ("electrical ... engineers") names a career of its
// own where the two make a name.
void read_shared_last_word(const CareerIndex& index, Reading& r) {
  const std::size_t count = r.matches.size();
  for (std::size_t k = 0; k < count; ++k) {
    const NameMatch& m = r.matches[k];
    if (m.length < 2 || m.start < 2) continue;
    const std::string& join = r.words[m.start - 1].text;
    const std::size_t at = m.start - 2;
    if ((join != "and" && join != "or") || r.covered[at]) continue;
    const auto* names = index.phrase(r.words[at].stem + ' ' + r.words[m.start + m.length - 1].stem);
    if (names == nullptr) continue;
    r.matches.push_back(NameMatch{at, 1, *names, r.is_corrected[at] ? 1 : 0});
    r.covered[at] = true;
  }
  std::stable_sort(r.matches.begin(), r.matches.end(),
                   [](const NameMatch& a, const NameMatch& b) { return a.start < b.start; });
}

// "Sr. Backend Engineer", "staff nurse", "junior web developer": a rank
// written before a name is part of the job's title. It names no further
// career and asks nothing (a bare title asks what the job is; the ladder
// from junior to senior is asked in other words), so it is covered.
void read_rank_in_title(Reading& r) {
  static constexpr std::array<std::string_view, 7> kRanks = {"senior", "sr",        "junior", "jr",
                                                             "staff",  "principal", "lead"};
  for (const NameMatch& m : r.matches) {
    if (m.start == 0 || r.covered[m.start - 1]) continue;
    const std::string& word = r.words[m.start - 1].text;
    if (std::find(kRanks.begin(), kRanks.end(), word) != kRanks.end())
      r.covered[m.start - 1] = true;
  }
}

// "the principal duties of the role", "its principal tasks": "principal"
// before what a job involves means main, not a school's head. The word stays
// covered: it names nothing and narrows nothing.
void read_principal_as_main(Reading& r) {
  static constexpr std::array<std::string_view, 9> kInvolved = {
      "duties",    "duty",       "tasks", "task", "responsibilities",
      "functions", "activities", "role",  "roles"};
  std::erase_if(r.matches, [&](const NameMatch& m) {
    const std::size_t next = m.start + 1;
    return m.length == 1 && r.words[m.start].text == "principal" && next < r.words.size() &&
           std::find(kInvolved.begin(), kInvolved.end(), r.words[next].text) != kInvolved.end();
  });
}

// "not EMTs - paramedics", "not a software developer, a web developer": a
// career ruled out beside another is not asked about (its words stay
// covered, so they neither narrow nor cue anything).
void rule_out_negated(Reading& r) {
  if (r.matches.size() < 2) return;
  auto negated = [&](const NameMatch& m) {
    std::size_t k = m.start;
    while (k > 0 && (r.words[k - 1].text == "a" || r.words[k - 1].text == "an" ||
                     r.words[k - 1].text == "the")) {
      --k;
    }
    return k > 0 && r.words[k - 1].text == "not";
  };
  if (std::none_of(r.matches.begin(), r.matches.end(), negated) ||
      std::all_of(r.matches.begin(), r.matches.end(), negated))
    return;
  std::vector<int> ruled_out;
  for (const auto& m : r.matches) {
    if (!negated(m)) continue;
    for (const auto* name : m.names) ruled_out.push_back(name->profile);
  }
  std::erase_if(r.matches, negated);
  r.rules_out = true;
  // "paramedics" also names the EMTs ruled out just before.
  for (auto& m : r.matches) {
    auto kept = m.names;
    std::erase_if(kept, [&](const CareerIndex::Name* name) {
      return std::find(ruled_out.begin(), ruled_out.end(), name->profile) != ruled_out.end();
    });
    if (!kept.empty()) m.names = std::move(kept);
  }
}

// "thanks mate", "g'day mate", "hi doc", "cheers mate, legend": a one-word
// name after a greeting or thanks, with nothing after it but praise,
// addresses the reader (its word stays covered: it names nothing, narrows
// nothing).
void drop_form_of_address(Reading& r) {
  static constexpr std::array<std::string_view, 15> kGreetings = {
      "hi",  "hey",    "hello", "hiya", "howdy", "yo",      "thanks", "thank",
      "you", "cheers", "ta",    "bye",  "day",   "morning", "evening"};
  static constexpr std::array<std::string_view, 16> kPraise = {
      "legend", "star",  "champ", "hero",  "again", "heaps", "lots", "lot",
      "much",   "great", "help",  "helps", "lol",   "haha",  "x",    "xx"};
  if (r.matches.empty()) return;
  const NameMatch& last = r.matches.back();
  if (last.length != 1 || last.start == 0) return;
  for (std::size_t i = last.start + 1; i < r.words.size(); ++i) {
    const std::string& w = r.words[i].text;
    if (!is_stop_word(w) && std::find(kPraise.begin(), kPraise.end(), w) == kPraise.end()) return;
  }
  const std::string& before = r.words[last.start - 1].text;
  if (std::find(kGreetings.begin(), kGreetings.end(), before) != kGreetings.end())
    r.matches.pop_back();
}

}  // namespace

bool looks_like_code(std::string_view text) {
  // SQL and shell read like words: their statements give them away.
  static constexpr std::string_view kStatements[] = {
      "drop table", "drop database",  "select *",    "insert into", "delete from", "union select",
      "or 1=1",     "truncate table", "alter table", "rm -rf",      "sudo "};
  thread_local std::string lowered;  // (kept: this runs for every question)
  lowered.assign(text.substr(0, 4096));
  std::transform(lowered.begin(), lowered.end(), lowered.begin(), ascii_lower);
  for (auto statement : kStatements) {
    if (lowered.find(statement) != std::string::npos) return true;
  }
  int marks = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const char next = i + 1 < text.size() ? text[i + 1] : '\0';
    if (c == ';' || c == '{' || c == '}' || c == '<' || c == '>' || c == '=' || c == '`' ||
        c == '|' || c == '\\')
      ++marks;
    if ((c == '-' && next == '-') || (c == '$' && next == '(') || (c == '/' && next == '*') ||
        (c == '&' && next == '&') || (c == '"' && next == ':'))
      ++marks;
  }
  return marks >= 3;
}

// Whether names belong to one career, or are the title of one.
bool one_career(const std::vector<const CareerIndex::Name*>& names) {
  return only_career_named(names, [](const CareerIndex::Name*) { return true; }) != nullptr ||
         only_career_named(names, [](const CareerIndex::Name* n) { return n->is_title; }) !=
             nullptr;
}

// "how do i get into welding", "is carpentry a good trade": where no career
// is named, the one field of work that is one career's one-word name with
// another ending (welding: welder, carpentry: carpenter, acting: actor,
// journalism: journalist, "massage therapy": massage therapist,
// accountancy: accountant,
// photography: photographer) names it. A field of several careers ("training":
// trainers of people, animals, athletes) stays a word, as do cue words.
void read_field_of_work(const CareerIndex& index, const IntentLexicon& lexicon, Reading& r) {
  if (!r.matches.empty()) return;
  static constexpr std::array<std::pair<std::string_view, std::array<std::string_view, 3>>, 5>
      kEndings = {{{"ing", {"er", "or", ""}},
                   {"ancy", {"ant", "", ""}},
                   {"ry", {"er", "r", ""}},
                   {"ism", {"ist", "", ""}},
                   {"y", {"ist", "er", ""}}}};
  std::optional<std::pair<std::size_t, Word>> found;
  for (std::size_t i = 0; i < r.words.size(); ++i) {
    const std::string& text = r.words[i].text;
    if (text.size() < 6 || is_stop_word(text) || lexicon.knows_word(text)) continue;
    for (const auto& [ending, jobs] : kEndings) {
      if (!text.ends_with(ending)) continue;
      const std::string base = text.substr(0, text.size() - ending.size());
      for (std::string_view job : jobs) {
        if (job.empty() && ending == "ing") break;
        std::string name = base + std::string(job);
        const auto* names = index.phrase(stem_word(name));
        // "dog training": the word before may make the name one career's.
        const auto* longer =
            i == 0 ? nullptr : index.phrase(r.words[i - 1].stem + ' ' + stem_word(name));
        if (name == text || !((names != nullptr && one_career(*names)) ||
                              (longer != nullptr && one_career(*longer))))
          continue;
        if (found && found->first != i) return;  // two fields: leave them be
        found.emplace(i, Word{name, stem_word(name)});
        break;
      }
    }
  }
  if (!found) return;
  r.field_of_work.emplace(found->first, r.words[found->first]);
  r.words[found->first] = found->second;
  find_names(index, lexicon, r);
}

// "write me a poem about being a nurse", "compose a song about welders": a
// piece of writing asked for, which careerbot does not write.
bool asks_for_writing(const std::vector<Word>& words) {
  static constexpr std::array<std::string_view, 2> kWrite = {"write", "compose"};
  static constexpr std::array<std::string_view, 10> kPieces = {
      "poem", "song", "story", "essay", "joke", "haiku", "limerick", "rap", "lyrics", "sonnet"};
  auto in = [](const auto& list, std::string_view w) {
    return std::find(list.begin(), list.end(), w) != list.end();
  };
  constexpr std::size_t kWithin = 4;  // "write me a short funny poem"
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (!in(kWrite, words[i].text)) continue;
    for (std::size_t j = i + 1; j < words.size() && j <= i + kWithin; ++j) {
      if (in(kPieces, words[j].text) ||
          (words[j].text.ends_with('s') &&
           in(kPieces, std::string_view(words[j].text).substr(0, words[j].text.size() - 1))))
        return true;
    }
  }
  return false;
}

Reading read_question(const CareerIndex& index, const IntentLexicon& lexicon,
                      const IntentClassifier* vocabulary, std::string_view text) {
  Reading r;
  r.looks_like_code = looks_like_code(text);
  const bool signs_join =
      text.find(" + ") != std::string_view::npos || text.find(" & ") != std::string_view::npos;
  r.words = signs_join ? analyse(spell_out_joins(text)) : analyse(text);
  std::erase_if(r.words, [](const Word& w) { return is_pictograph(w.text); });
  r.asks_for_writing = asks_for_writing(r.words);
  mark_amounts(r.words);
  read_plural_names(index, r);
  shorten_held_letters(index, lexicon, r);
  read_teaching_as_teacher(index, r);
  read_grade_levels(index, r);
  expand_short_forms(index, r);
  correct_spelling(index, lexicon, vocabulary, r);
  find_names(index, lexicon, r);
  read_field_of_work(index, lexicon, r);  // (may find the names again)
  read_shared_last_word(index, r);
  read_rank_in_title(r);
  read_principal_as_main(r);
  rule_out_negated(r);
  drop_form_of_address(r);
  return r;
}

std::vector<std::size_t> free_words(const Reading& r, const IntentEvidence& evidence) {
  std::vector<std::size_t> result;
  for (std::size_t i = 0; i < r.words.size(); ++i) {
    if (!r.covered[i] && !evidence.used[i] && !is_stop_word(r.words[i].text)) result.push_back(i);
  }
  return result;
}

std::vector<std::string> stems_at(const Reading& r, const std::vector<std::size_t>& positions) {
  std::vector<std::string> stems;
  stems.reserve(positions.size());
  for (std::size_t i : positions) stems.push_back(r.words[i].stem);
  return stems;
}

int meaningful_words(const Reading& r) {
  return static_cast<int>(std::count_if(r.words.begin(), r.words.end(),
                                        [](const Word& w) { return !is_stop_word(w.text); }));
}

double coverage(const Reading& r, const IntentEvidence& evidence,
                const std::vector<std::size_t>& also) {
  int meaningful = 0;
  int explained = 0;
  for (std::size_t i = 0; i < r.words.size(); ++i) {
    if (is_stop_word(r.words[i].text)) continue;
    ++meaningful;
    const bool listed = std::find(also.begin(), also.end(), i) != also.end();
    explained += (r.covered[i] || evidence.used[i] || listed) ? 1 : 0;
  }
  return meaningful == 0 ? 1.0 : static_cast<double>(explained) / meaningful;
}

}  // namespace careerbot
