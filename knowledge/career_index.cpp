#include "career_index.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>

#include "text.hpp"

namespace careerbot {
namespace {

std::string join_stems(const std::vector<Word>& words) {
  std::string key;
  for (const auto& w : words) {
    if (!key.empty()) key += ' ';
    key += w.stem;
  }
  return key;
}

// Words shorter than this are never corrected: too many real words are near them.
constexpr std::size_t kMinCorrectable = 5;
constexpr std::size_t kDroppedSyllable = 10;  // job nouns this long are found two letters short

int allowed_distance(std::size_t length) {
  return length >= 8 ? 2 : 1;
}

void for_each_deletion(const std::string& key, const auto& visit) {
  for (std::size_t i = 0; i < key.size(); ++i) {
    std::string shorter = key;
    shorter.erase(i, 1);
    visit(shorter);
  }
}

bool has_digit(std::string_view word) {
  return std::any_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// One-word aliases that are everyday words ("do" for Doctor of Osteopathy)
// would match half of all questions. Curated profiles choose their short
// aliases (RN, NP) on purpose; imported two-letter ones are too ambiguous.
// Nor do imported aliases that open with an acronym spelt like a little
// word of every sentence ("IS professor", "OR nurse", "in home caregiver"):
// "is professor a good job" and "doctor or nurse" would read as them.
// ("IT" and "US" stay: "it technician", "us marshal".)
bool usable_alias(const std::string& alias, bool curated) {
  auto words = split_words(alias);
  if (words.empty()) return false;
  if (std::all_of(words.begin(), words.end(), [](const std::string& w) { return is_stop_word(w); }))
    return false;
  static constexpr std::array<std::string_view, 9> kLittleWords = {"is", "or", "in", "on", "at",
                                                                   "to", "do", "no", "hi"};
  if (!curated && words.size() > 1 &&
      std::find(kLittleWords.begin(), kLittleWords.end(), words.front()) != kLittleWords.end())
    return false;
  return curated || words.size() > 1 || words.front().size() > 2;
}

// How many of an imported profile's first aliases are the titles people in
// the job report (O*NET samples up to ten per occupation; the importer lists
// them first).
constexpr std::size_t kReportedAliases = 10;

// "surgical technologist (surgical tech)": a name and, in brackets, its short form.
struct NameParts {
  std::string name;
  std::string short_form;
};

std::optional<NameParts> split_short_form(const std::string& alias) {
  auto open = alias.find(" (");
  if (open == std::string::npos || alias.back() != ')' ||
      alias.find_first_of("()", open + 2) != alias.size() - 1)
    return std::nullopt;
  NameParts parts{alias.substr(0, open), alias.substr(open + 2, alias.size() - open - 3)};
  if (parts.name.empty() || parts.short_form.empty()) return std::nullopt;
  return parts;
}

// Brackets holding a name of several words of its own ("ultrasound tech"),
// not "or tech", nor an abbreviation (the release lists those as short titles
// where they are used).
bool names_on_its_own(const std::string& short_form) {
  auto words = split_words(short_form);
  return words.size() >= 2 && !is_stop_word(words.front());
}

// "cna" of "certified nursing assistant": the initials of every word.
bool abbreviates(const std::string& short_form, const std::string& name) {
  const auto words = split_words(name);
  if (words.size() < 2 || short_form.size() != words.size()) return false;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (ascii_lower(short_form[i]) != words[i].front()) return false;
  }
  return true;
}

}  // namespace

namespace {

std::vector<std::string> split_list(const std::string& title) {
  std::vector<std::string> parts;
  std::string current;
  for (std::size_t i = 0; i < title.size();) {
    std::string_view at = std::string_view(title).substr(i);
    std::size_t skip = at.starts_with(", and ")  ? 6
                       : at.starts_with(" and ") ? 5
                       : at.starts_with(", ")    ? 2
                                                 : 0;
    if (skip == 0) {
      current += title[i++];
      continue;
    }
    parts.push_back(std::move(current));
    current.clear();
    i += skip;
  }
  parts.push_back(std::move(current));
  return parts;
}

std::vector<std::string> words_of(const std::string& text) {
  std::vector<std::string> words;
  std::size_t from = 0;
  for (std::size_t at; (at = text.find(' ', from)) != std::string::npos; from = at + 1)
    words.push_back(text.substr(from, at - from));
  words.push_back(text.substr(from));
  return words;
}

std::string joined(const std::vector<std::string>& words, std::size_t from, std::size_t to) {
  std::string text;
  for (std::size_t i = from; i < to; ++i) text += (text.empty() ? "" : " ") + words[i];
  return text;
}

bool is_generic(const std::string& word) {
  auto words = split_words(word);
  return words.size() == 1 && is_generic_job_word(stem_word(words.front()));
}

// Names inside a title that lists several: "Licensed Practical and Licensed
// Vocational Nurses" (qualifiers sharing the last words), "Butchers and Meat
// Cutters" (several nouns), "Veterinary Technologists and Technicians" (one
// qualifier for several nouns), "Helpers--Electricians" ("electrician helpers").
void add_list_variants(const std::string& title, std::vector<std::string>& variants) {
  if (auto dash = title.find("--"); dash != std::string::npos) {
    variants.push_back(title.substr(dash + 2) + " " + title.substr(0, dash));
    return;
  }
  // "Dentists, All Other Specialists" is no name for dentists.
  if (title.find("All Other") != std::string::npos) return;
  const auto parts = split_list(title);
  if (parts.size() < 2 || parts.size() > 4) return;
  const auto last = words_of(parts.back());
  auto plural = [](const std::string& part) { return !part.empty() && part.back() == 's'; };
  const bool qualifiers = std::none_of(parts.begin(), parts.end() - 1, plural);
  if (qualifiers && last.size() >= 2) {
    // "First-Line Supervisors of Farming, Fishing, and Forestry Workers":
    // each part is of the supervisors ("... of Forestry Workers"); the
    // workers supervised ("Forestry Workers") are no name for them.
    const auto of = parts.front().find(" of ");
    const std::string head = of == std::string::npos ? "" : parts.front().substr(0, of + 4);
    for (auto part = parts.begin(); part != parts.end() - 1; ++part) {
      const std::string qualified = part == parts.begin() ? *part : head + *part;
      variants.push_back(qualified + " " + last.back());
      if (last.size() >= 3)
        variants.push_back(qualified + " " + joined(last, last.size() - 2, last.size()));
    }
    variants.push_back(head + parts.back());
    return;
  }
  if (!std::all_of(parts.begin(), parts.end(), plural)) return;
  // A lone noun after a qualified one takes the qualifier ("Automotive
  // Service Technicians and Mechanics" are no mechanics of every kind).
  const auto first = words_of(parts.front());
  for (const auto& part : parts) {
    const bool lone = words_of(part).size() == 1;
    if (!lone || (first.size() == 1 && !is_generic(part))) variants.push_back(part);
  }
  if (first.size() >= 2 && last.size() == 1) {
    const std::string qualifier = joined(first, 0, first.size() - 1);
    for (auto part = parts.begin() + 1; part != parts.end(); ++part) {
      if (words_of(*part).size() == 1) variants.push_back(qualifier + " " + *part);
    }
  }
}

}  // namespace

bool is_generic_job_word(std::string_view stem) {
  static const std::unordered_set<std::string> kGeneric = stems_of(
      {"worker",      "operator",   "tender",       "helper",         "laborer",   "installer",
       "repairer",    "attendant",  "assistant",    "aide",           "clerk",     "technician",
       "specialist",  "manager",    "supervisor",   "technologist",   "cutter",    "setter",
       "mate",        "agent",      "associate",    "representative", "officer",   "analyst",
       "engineer",    "teacher",    "inspector",    "designer",       "scientist", "director",
       "coordinator", "consultant", "administrator"});
  return kGeneric.contains(std::string(stem));
}

std::vector<std::string> title_variants(const std::string& title) {
  std::vector<std::string> variants = {title};
  // "Middle School Teachers, Except Special Education" is what people call
  // "middle school teachers" (but "Educational, Guidance, ..." is a list).
  auto comma = title.find(", ");
  if (comma != std::string::npos) {
    std::string_view rest = std::string_view(title).substr(comma + 2);
    if (rest.starts_with("Except") || rest.starts_with("Including") || rest == "General") {
      variants.push_back(title.substr(0, comma));
      add_list_variants(variants.back(), variants);
      return variants;
    }
  }
  auto slash = title.find(" / ");
  if (slash == std::string::npos) {
    add_list_variants(title, variants);
    return variants;
  }
  std::string left = title.substr(0, slash);
  std::string right = title.substr(slash + 3);
  variants = {left};
  auto last_space = left.rfind(' ');
  variants.push_back(last_space == std::string::npos ? right
                                                     : left.substr(0, last_space + 1) + right);
  return variants;
}

namespace {

// "Substitute Teachers, Short-Term", "Insurance Appraisers, Auto Damage":
// the words after the comma narrow a name of several words that people use
// alone. Not a list ("Claims Adjusters, Examiners, and Investigators"), nor
// "All Other", nor "Postsecondary" (of which there are dozens); "" if none.
std::string narrowed_title(const std::string& title) {
  const auto comma = title.find(", ");
  if (comma == std::string::npos) return {};
  std::string before = title.substr(0, comma);
  const std::string_view rest = std::string_view(title).substr(comma + 2);
  if (words_of(before).size() < 2 || before.find(" and ") != std::string::npos ||
      rest.ends_with('s') || rest.find(", ") != std::string_view::npos ||
      rest.starts_with("All Other") || rest == "Postsecondary")
    return {};
  return before;
}

}  // namespace

CareerIndex::CareerIndex(const KnowledgeBase& kb) {
  const auto& profiles = kb.profiles();
  profile_count_ = profiles.size();
  name_stems_.resize(profiles.size());
  title_stems_.resize(profiles.size());
  title_words_.reserve(profiles.size());
  for (const auto& p : profiles) title_words_.push_back(split_words(p.title));
  // A narrowed title's name counts only where no other title starts with it
  // or has it (not "Special Education Teachers, Preschool", one of five;
  // not "Teaching Assistants, Special Education", one of four).
  std::unordered_map<std::string, int> title_names;
  for (const auto& p : profiles) {
    std::unordered_set<std::string> names;
    for (const auto& variant : title_variants(p.title)) names.insert(join_stems(analyse(variant)));
    names.insert(join_stems(analyse(p.title.substr(0, p.title.find(", ")))));
    for (const auto& name : names) ++title_names[name];
  }
  for (std::size_t i = 0; i < profiles.size(); ++i) {
    const auto& p = profiles[i];
    int index = static_cast<int>(i);
    std::vector<std::string> titles = title_variants(p.title);
    if (!p.title_plural.empty()) {
      auto plural = title_variants(p.title_plural);
      titles.insert(titles.end(), plural.begin(), plural.end());
    }
    if (auto narrowed = narrowed_title(p.title);
        !narrowed.empty() && title_names[join_stems(analyse(narrowed))] == 1)
      titles.push_back(std::move(narrowed));
    for (const auto& variant : titles) add_name(index, variant, Role::title);
    add_aliases(index, p, titles);
    for (const auto& text : {p.summary}) {
      for (auto& w : split_words(text)) known_words_.insert(std::move(w));
    }
  }
  // names_ is complete, so pointers into it stay valid from here on.
  for (const auto& name : names_) {
    auto& list = phrases_.find(name.stem_key)->second;  // (added with its prefixes)
    bool duplicate = std::any_of(list.begin(), list.end(), [&](const Name* n) {
      return n->profile == name.profile && n->text == name.text;
    });
    if (!duplicate) list.push_back(&name);
  }
  for (auto& name : names_) std::string().swap(name.stem_key);  // only needed above
  // Bigger careers first: when a question is ambiguous, they are likelier meant.
  auto likelier = [&](int a, int b) {
    return prominence(profiles[static_cast<std::size_t>(a)]) >
           prominence(profiles[static_cast<std::size_t>(b)]);
  };
  // Careers whose title has the word come before those that only have an alias with it.
  auto by_employment = [&](std::vector<int>& list) {
    std::sort(list.begin(), list.end());
    list.erase(std::unique(list.begin(), list.end()), list.end());
    std::stable_sort(list.begin(), list.end(), likelier);
  };
  for (auto& [stem, titled] : title_heads_) by_employment(titled);
  heads_ = title_heads_;
  for (auto& [stem, aliased] : alias_heads_) {
    by_employment(aliased);
    auto& list = heads_[stem];
    for (int p : aliased) {
      if (std::find(list.begin(), list.end(), p) == list.end()) list.push_back(p);
    }
  }
  alias_heads_.clear();
  for (const auto& entry : name_word_count_) {
    const std::string& word = entry.first;
    if (word.size() < kMinCorrectable || has_digit(word)) continue;
    std::string key = sound_key(word);
    longest_key_ = std::max(longest_key_, key.size());
    american_forms_.insert(american_spelling(word));
    auto add = [&](const std::string& shorter) {
      auto& words = deletes_[shorter];
      if (words.empty() || words.back() != &word) words.push_back(&word);
    };
    add(key);
    for_each_deletion(key, add);
    // A long job noun loses a syllable ("practioner"): two letters short of
    // it is within reach too.
    if (key.size() < kDroppedSyllable || !head_word_count_.contains(word)) continue;
    for_each_deletion(key, [&](const std::string& shorter) {
      for_each_deletion(shorter, [&](const std::string& shortest) {
        auto& words = short_by_two_[shortest];
        if (words.empty() || words.back() != &word) words.push_back(&word);
      });
    });
  }
}

void CareerIndex::add_aliases(int profile, const CareerProfile& p,
                              const std::vector<std::string>& titles) {
  const bool curated = p.origin == "curated";
  std::unordered_set<std::string> title_keys;
  std::vector<std::vector<Word>> title_words;
  for (const auto& title : titles) {
    title_words.push_back(analyse(title));
    title_keys.insert(join_stems(title_words.back()));
  }
  // Whether a name has every word of one of the titles ("certified nursing
  // assistant" has those of "Nursing Assistants").
  auto spells_title = [&](const std::string& name) {
    const auto words = analyse(name);
    return std::any_of(title_words.begin(), title_words.end(), [&](const auto& title) {
      return std::all_of(title.begin(), title.end(), [&](const Word& t) {
        return std::any_of(words.begin(), words.end(),
                           [&](const Word& w) { return w.stem == t.stem; });
      });
    });
  };
  // "Surgical Technologist (Surgical Tech)": the short form of the title is
  // a title too (first, so that it wins over the same words as an alias).
  // So is the abbreviation of a name that spells the title out: "Certified
  // Nursing Assistant (CNA)" of Nursing Assistants (Surgical Assistants list
  // the same alias, but their title is not in it).
  for (const auto& alias : p.aliases) {
    auto parts = split_short_form(alias);
    if (!parts) continue;
    const bool short_title = names_on_its_own(parts->short_form) &&
                             title_keys.contains(join_stems(analyse(parts->name)));
    const bool abbreviated_title = abbreviates(parts->short_form, parts->name) &&
                                   usable_alias(parts->short_form, curated) &&
                                   spells_title(parts->name);
    if (short_title || abbreviated_title)
      add_name(profile, parts->short_form, Role::title_short_form, true);
  }
  for (std::size_t rank = 0; rank < p.aliases.size(); ++rank) {
    const auto& alias = p.aliases[rank];
    const Role role = curated || rank < kReportedAliases ? Role::reported_alias : Role::alias;
    if (usable_alias(alias, curated)) add_name(profile, alias, role);
    // "Certified Nurse Midwife (CNM)" is also called without what is in brackets.
    auto parts = split_short_form(alias);
    if (!parts) continue;
    if (usable_alias(parts->name, curated)) add_name(profile, parts->name, role, true);
    if (names_on_its_own(parts->short_form)) add_name(profile, parts->short_form, role, true);
  }
}

void CareerIndex::add_name(int profile, const std::string& text, Role role, bool part_of_alias) {
  auto words = analyse(text);
  if (words.empty()) return;
  const bool is_title = role == Role::title || role == Role::title_short_form;
  names_.push_back(
      {profile, text, is_title, role != Role::alias, join_stems(words), words.back().text});
  if (role == Role::title) {
    for (const auto& w : words) title_stems_[static_cast<std::size_t>(profile)].insert(w.stem);
  }
  // The words of a part of an alias ("certified nurse midwife" of "... (cnm)")
  // are counted with the alias.
  if (!part_of_alias) count_words(profile, words);
  std::string prefix;
  for (const auto& w : words) {
    if (!prefix.empty()) prefix += ' ';
    prefix += w.stem;
    phrases_.try_emplace(prefix);
  }
  // "Medical Scientists, Except Epidemiologists" is no kind of epidemiologist.
  // Nor is a two-letter last word ("set up") a kind of career.
  // Nor are "Production Workers, All Other" any kind of "other".
  // Nor is what brackets hold ("osteopathy doctor (do)"): the parts are
  // names of their own, with their own last words.
  if (words.size() >= 2 && words.back().text.size() >= 3 &&
      text.find(", Except") == std::string::npos && words.back().text != "other" &&
      !text.ends_with(')'))
    (role == Role::title ? title_heads_ : alias_heads_)[words.back().stem].push_back(profile);
}

void CareerIndex::count_words(int profile, const std::vector<Word>& words) {
  std::unordered_set<std::string> counted;
  for (const auto& w : words) {
    known_words_.insert(w.text);
    ++name_word_count_[w.text];
    name_stems_[static_cast<std::size_t>(profile)].insert(w.stem);
    if (!counted.insert(w.stem).second) continue;
    auto& posting = postings_[w.stem];
    if (!posting.empty() && posting.back().first == profile) {
      ++posting.back().second;
    } else {
      posting.emplace_back(profile, 1);
    }
  }
  for (const auto& w : words) name_stems_all_.insert(w.stem);
  ++head_word_count_[words.back().text];
}

bool CareerIndex::ends_a_name(std::string_view word) const {
  auto ends = [&](std::string_view form) { return head_word_count_.contains(form); };
  if (ends(word) || ends(std::string(word) + "s")) return true;
  if (word.ends_with("ies") && ends(std::string(word.substr(0, word.size() - 3)) + "y"))
    return true;
  if (word.ends_with("es") && ends(word.substr(0, word.size() - 2))) return true;
  return word.ends_with('s') && ends(word.substr(0, word.size() - 1));
}

const std::vector<const CareerIndex::Name*>* CareerIndex::phrase(std::string_view stem_key) const {
  const auto* names = phrase_start(stem_key);
  return names == nullptr || names->empty() ? nullptr : names;
}

const std::vector<const CareerIndex::Name*>* CareerIndex::phrase_start(
    std::string_view stem_key) const {
  auto it = phrases_.find(stem_key);
  return it == phrases_.end() ? nullptr : &it->second;
}

std::vector<std::pair<int, double>> CareerIndex::by_words(
    const std::vector<std::string>& stems) const {
  return by_words(stems, {});
}

std::vector<std::pair<int, double>> CareerIndex::by_words(const std::vector<std::string>& stems,
                                                          const std::vector<int>& among) const {
  std::vector<int> allowed = among;  // sorted, to look up
  std::sort(allowed.begin(), allowed.end());
  std::unordered_map<int, double> scores;
  const double total = static_cast<double>(std::max<std::size_t>(profile_count_, 1));
  for (const auto& stem : stems) {
    auto it = postings_.find(stem);
    if (it == postings_.end()) continue;
    double rarity = std::log(total / static_cast<double>(it->second.size()));
    for (const auto& [profile, names] : it->second) {
      if (!among.empty() && !std::binary_search(allowed.begin(), allowed.end(), profile)) continue;
      scores[profile] += rarity * (1.0 + std::log(static_cast<double>(names)));
    }
  }
  std::vector<std::pair<int, double>> ranked(scores.begin(), scores.end());
  std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  return ranked;
}

const std::vector<int>* CareerIndex::head(const std::string& stem) const {
  auto it = heads_.find(stem);
  return it == heads_.end() ? nullptr : &it->second;
}

const std::vector<int>* CareerIndex::title_head(const std::string& stem) const {
  auto it = title_heads_.find(stem);
  return it == title_heads_.end() ? nullptr : &it->second;
}

bool CareerIndex::name_has_stem(int profile, const std::string& stem) const {
  return name_stems_[static_cast<std::size_t>(profile)].contains(stem);
}

bool CareerIndex::title_has_stem(int profile, const std::string& stem) const {
  return title_stems_[static_cast<std::size_t>(profile)].contains(stem);
}

std::string CareerIndex::correct(std::string_view word) const {
  if (word.size() < kMinCorrectable || has_digit(word)) return {};
  std::string key = sound_key(word);
  int limit = allowed_distance(word.size());
  // Too long to be within reach of any known word; and trying its deletions
  // would cost time growing with the square of its length.
  if (key.size() > longest_key_ + static_cast<std::size_t>(limit)) return {};
  std::string best;
  int best_distance = limit + 1;
  std::pair<int, int> best_count{0, 0};
  auto consider = [&](const std::string& probe) {
    auto it = deletes_.find(probe);
    if (it == deletes_.end()) return;
    for (const std::string* spelled : it->second) {
      const std::string& candidate = *spelled;
      int distance = edit_distance(key, sound_key(candidate), limit);
      if (distance > limit) continue;
      // Two-letter mistakes must at least start right.
      if (distance == 2 && candidate.front() != word.front()) continue;
      // Of equally near words, people mostly misspell the job noun that ends
      // a name ("electrican": electrician, not electrical), then common words.
      auto head = head_word_count_.find(candidate);
      std::pair<int, int> count{head == head_word_count_.end() ? 0 : head->second,
                                name_word_count_.at(candidate)};
      if (distance < best_distance || (distance == best_distance && count > best_count)) {
        best = candidate;
        best_distance = distance;
        best_count = count;
      }
    }
  };
  consider(key);
  for_each_deletion(key, [&](const std::string& shorter) {
    consider(shorter);
    if (limit >= 2) for_each_deletion(shorter, consider);
  });
  if (best.empty() && limit >= 2) {
    if (auto it = short_by_two_.find(key); it != short_by_two_.end()) {
      for (const std::string* spelled : it->second) {
        if (spelled->front() != word.front()) continue;  // (as two-letter mistakes must)
        if (best.empty() || head_word_count_.at(*spelled) > head_word_count_.at(best))
          best = *spelled;
      }
    }
  }
  return best;
}

}  // namespace careerbot
