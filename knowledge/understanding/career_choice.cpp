#include "career_choice.hpp"

#include <algorithm>
#include <array>
#include <iterator>

#include "career_moves.hpp"
#include "english_words.hpp"
#include "support.hpp"

namespace careerbot {
namespace {

const std::string& title_of(const Snapshot& snapshot, int profile) {
  return snapshot.kb.profiles()[static_cast<std::size_t>(profile)].title;
}

// Of `choices`, the single one whose names share the most of `words`; -1 if none or a tie.
int narrow(const CareerIndex& index, const Reading& r, const std::vector<std::size_t>& words,
           const std::vector<int>& choices) {
  int best = -1;
  int best_hits = 0;
  bool tie = false;
  for (int choice : choices) {
    int hits = 0;
    for (std::size_t i : words) hits += index.name_has_stem(choice, r.words[i].stem) ? 1 : 0;
    if (hits > best_hits) {
      best = choice;
      best_hits = hits;
      tie = false;
    } else if (hits == best_hits && hits > 0) {
      tie = true;
    }
  }
  return tie ? -1 : best;
}

// Of the offered careers, the one these words point to: the only one whose
// names share the most of them, or else the one with clearly the most names
// using them ("high school": the high school teachers' many names, not the
// junior high school teacher among the middle school teachers'); -1 if none.
int pick_offered(const CareerIndex& index, const Reading& r, const std::vector<std::size_t>& words,
                 const std::vector<int>& offered) {
  const int chosen = narrow(index, r, words, offered);
  if (chosen >= 0 || words.empty() || offered.empty()) return chosen;
  const auto ranked = index.by_words(stems_at(r, words), offered);
  constexpr double kClearLead = 1.3;
  if (ranked.empty() || (ranked.size() > 1 && ranked[0].second < kClearLead * ranked[1].second))
    return -1;
  return ranked[0].first;
}

// "the second one", "last": a position among `count` offered careers, or -1.
int ordinal(const std::vector<Word>& words, std::size_t count) {
  static constexpr std::array<std::string_view, 4> kFirst = {"first", "1st", "1", "top"};
  static constexpr std::array<std::string_view, 3> kSecond = {"second", "2nd", "2"};
  static constexpr std::array<std::string_view, 3> kThird = {"third", "3rd", "3"};
  static constexpr std::array<std::string_view, 3> kFourth = {"fourth", "4th", "4"};
  static constexpr std::array<std::string_view, 3> kFifth = {"fifth", "5th", "5"};
  auto in = [](auto& list, const std::string& w) {
    return std::find(list.begin(), list.end(), w) != list.end();
  };
  if (words.size() > 4) return -1;
  for (const auto& w : words) {
    if (in(kSecond, w.text)) return 1;
    if (in(kThird, w.text)) return 2;
    if (in(kFourth, w.text)) return 3;
    if (in(kFifth, w.text)) return 4;
    if (w.text == "last") return static_cast<int>(count) - 1;
  }
  for (const auto& w : words) {
    if (in(kFirst, w.text)) return 0;
  }
  return -1;
}

// "who designs ...", "which job involves ...": a question about work itself.
bool describes_work(const Reading& r, const IntentEvidence& evidence) {
  if (r.words.empty()) return false;
  for (std::size_t i = 0; i + 1 < r.words.size(); ++i) {
    const auto& w = r.words[i].text;
    const auto& next = r.words[i + 1].text;
    bool job_word =
        w == "job" || w == "jobs" || w == "career" || w == "careers" || w == "occupation";
    if (job_word && (next == "that" || next == "where" || next == "involves" || next == "involve" ||
                     next == "lets" || next == "for" || next == "working" || next == "with")) {
      return true;
    }
  }
  return r.words.front().text == "who" &&
         evidence.score[static_cast<std::size_t>(Intent::list)] < 3;
}

// An answer to our own question: "the second one", "electrical".
// "software" in answer to "which engineer?" when Software Developers were
// not among those offered: the answer's words with the kind an offered
// title ends in ("... Engineers") name the career ("software engineer");
// -1 if they name none, or several. The kind most of the offered titles end
// in is the one asked about ("petroleum" after "which engineers?" is not
// read with the "Operators" of Operating Engineers and ... Operators).
int named_with_offered_kind(const Snapshot& snapshot, const Reading& r,
                            const std::vector<std::size_t>& words,
                            const std::vector<int>& offered) {
  if (words.empty() || offered.empty()) return -1;
  std::string key;
  for (std::size_t i : words) key += r.words[i].stem + ' ';
  std::vector<std::pair<std::string, int>> kinds;  // the offered titles' last words, and how many
  for (int p : offered) {
    const auto title = analyse(title_of(snapshot, p));
    if (title.empty()) continue;
    auto it = std::find_if(kinds.begin(), kinds.end(),
                           [&](const auto& kind) { return kind.first == title.back().stem; });
    if (it == kinds.end()) {
      kinds.emplace_back(title.back().stem, 1);
    } else {
      ++it->second;
    }
  }
  std::stable_sort(kinds.begin(), kinds.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  for (const auto& kind : kinds) {
    const auto* names = snapshot.index.phrase(key + kind.first);
    if (names == nullptr) continue;
    int career = -1;
    for (const auto* name : *names) {
      if (career >= 0 && name->profile != career) return -1;
      career = name->profile;
    }
    return career;
  }
  return -1;
}

void choose_offered(const Snapshot& snapshot, const Reading& r,
                    const std::vector<std::size_t>& words, IntentEvidence& evidence,
                    const ConversationState& state, CareerChoice& c) {
  std::vector<int> offered;
  for (const auto& id : state.candidates) {
    int p = snapshot.kb.index_of(id);
    if (p >= 0) offered.push_back(p);
  }
  int chosen = pick_offered(snapshot.index, r, words, offered);
  // Words a cue took may still tell the offered careers apart: "high
  // school" (a level of education) picks the high school teachers.
  // So may a word read as a kind of career: "mechanical" (as "mechanic")
  // picks the mechanical engineers.
  std::vector<std::size_t> cue_words;
  std::vector<std::size_t> meaningful;
  for (std::size_t i = 0; i < r.words.size(); ++i) {
    if (is_stop_word(r.words[i].text)) continue;
    if (evidence.used[i]) cue_words.push_back(i);
    if (evidence.used[i] || r.covered[i] || contains(words, i)) meaningful.push_back(i);
  }
  if (chosen < 0 && meaningful.size() > words.size())
    chosen = pick_offered(snapshot.index, r, meaningful, offered);
  int pick = ordinal(r.words, offered.size());
  if (chosen < 0 && pick >= 0 && static_cast<std::size_t>(pick) < offered.size()) {
    chosen = offered[static_cast<std::size_t>(pick)];
  }
  if (chosen < 0) chosen = named_with_offered_kind(snapshot, r, meaningful, offered);
  if (chosen < 0) return;
  c.careers.push_back(chosen);
  c.quality = 0.9;
  c.why = "chose " + quote(title_of(snapshot, chosen)) + " from the careers offered";
  // The question asked before the clarification still stands, unless a cue
  // asks something new: "electrical" is no outlook question, whatever a
  // model reads in the word alone; nor is "high school" when its words named
  // the choice ("high school, and the outlook?" asks anew).
  const bool cue_outside_choice = std::any_of(
      cue_words.begin(), cue_words.end(),
      [&](std::size_t i) { return !snapshot.index.name_has_stem(chosen, r.words[i].stem); });
  const bool asks_anew =
      cue_outside_choice &&
      std::any_of(evidence.cues.begin(), evidence.cues.end(),
                  [](const IntentCue* cue) { return is_fact_intent(cue->intent); });
  if (!asks_anew && state.pending_intent != Intent::unknown) {
    // Cues read in the words of the choice asked nothing: their points go.
    if (!cue_words.empty()) {
      for (std::size_t i = 0; i < evidence.score.size(); ++i) {
        if (is_fact_intent(static_cast<Intent>(i))) evidence.score[i] = 0;
      }
    }
    constexpr int kAboveAnyModel = 5;  // the model adds at most 4
    evidence.score[static_cast<std::size_t>(state.pending_intent)] += kAboveAnyModel;
  }
}

// Work described instead of named: "who designs computer networks?". Only a
// clear winner that has most of the words counts; close ones are a choice.
void choose_described(const Snapshot& snapshot, const Reading& r, const IntentEvidence& evidence,
                      CareerChoice& c, bool& shared_cleared) {
  std::vector<std::string> stems;
  for (std::size_t i = 0; i < r.words.size(); ++i) {
    if (!evidence.used[i] && !is_stop_word(r.words[i].text) && r.words[i].text != "who")
      stems.push_back(r.words[i].stem);
  }
  auto ranked = snapshot.search.rank(stems, 3);
  auto fits = [&](const TextSearch::Hit& hit) {
    return 3 * hit.matched >= 2 * static_cast<int>(stems.size()) &&
           hit.score >= 0.75 * ranked.front().score;
  };
  if (stems.size() < 2 || ranked.empty() || !fits(ranked.front())) return;
  shared_cleared = true;
  if (ranked.size() == 1 || ranked.front().score >= 1.15 * ranked[1].score) {
    c.careers.push_back(ranked.front().profile);
    c.described = true;
    c.quality = 0.7;
    c.why = "described work matches " + quote(title_of(snapshot, ranked.front().profile));
    return;
  }
  for (const auto& hit : ranked) {
    if (fits(hit)) c.candidates.push_back(hit.profile);
  }
  if (c.candidates.size() < 2) c.candidates.clear();
  c.why = "the described work";
}

// Rare words that belong to one career's names ("is hvac a growing trade"),
// when the question clearly asks for a fact. `min_score` 3 is about one word
// shared by under 5% of careers.
//
// An everyday word counts only where it is the last word of a name as
// written, the worker ("vet", "meteorologist"; "level" is no "leveler"),
// and no verb's particle ("out" of "puller out"). Other everyday words are rare in the names only
// by chance: "next" of one alias's "(next-generation sequencing)", "matter" of "condensed matter
// physicist", "work" of "Social Work Teachers". Words no dictionary knows ("hvac") are the trade's
// own.
bool names_work(const CareerIndex& index, const Word& w) {
  if (is_particle(w.text)) return false;
  return !EnglishWords::system().contains(w.text) ||
         (index.head(w.stem) != nullptr && index.ends_a_name(w.text));
}

bool choose_by_rare_words(const Snapshot& snapshot, const Reading& r,
                          std::vector<std::size_t> words, CareerChoice& c, double min_score = 3.0) {
  std::erase_if(words, [&](std::size_t i) { return !names_work(snapshot.index, r.words[i]); });
  auto ranked = snapshot.index.by_words(stems_at(r, words));
  if (ranked.empty() || ranked.front().second < min_score) return false;
  if (ranked.size() > 1 && ranked.front().second < 1.3 * ranked[1].second) return false;
  c.careers.push_back(ranked.front().first);
  c.quality = 0.65;
  c.why = "words of " + quote(title_of(snapshot, ranked.front().first));
  return true;
}

// A word that ends the names of several careers ("engineer", "teacher"), as
// written ("attached" stems as the "attacher" of a few aliases does). A word
// that ends no title and only the odd alias ("director of vocational
// training", "... serial number", "... of social work") is no kind of career.
bool names_kind_of_career(const Snapshot& snapshot, const Word& w) {
  const auto* heads = snapshot.index.head(w.stem);
  if (heads == nullptr || is_particle(w.text) || !snapshot.index.ends_a_name(w.text)) return false;
  return snapshot.index.title_head(w.stem) != nullptr ||
         main_readings(snapshot, *heads).size() >= 2;
}

// A kind of career without the specifics ("engineer"): narrow it down or ask.
void choose_kind(const Snapshot& snapshot, const Reading& r, const NamedCareers& names,
                 const std::vector<int>& shared, const std::vector<std::size_t>& words,
                 const IntentEvidence& evidence, const ConversationState& state,
                 const MatcherSettings& settings, CareerChoice& c) {
  const CareerIndex& index = snapshot.index;
  // First the careers the words name (an alias, or the last word of a title:
  // "engineer" is an alias of a few engineers and the kind of all of them),
  // likeliest first; then those with only an alias of that kind.
  std::vector<int> choices = shared;
  std::vector<std::size_t> kinds;
  for (const auto* m : names.shared_matches) {
    if (m->length == 1 && index.head(r.words[m->start].stem) != nullptr) kinds.push_back(m->start);
  }
  int head_words = 0;
  for (const auto* m : names.shared_matches) head_words += static_cast<int>(m->length);
  for (std::size_t i : words) {
    if (!names_kind_of_career(snapshot, r.words[i])) continue;
    kinds.push_back(i);
    ++head_words;
    if (c.why.empty()) c.why = "the kind of career " + quote(r.words[i].text);
  }
  // Each career once, in the order found ("engineer" heads some hundred).
  std::vector<bool> among(snapshot.kb.size());
  for (int p : choices) among[static_cast<std::size_t>(p)] = true;
  auto add_all = [&](const std::vector<int>* list) {
    if (list == nullptr) return;
    for (int p : *list) {
      if (among[static_cast<std::size_t>(p)]) continue;
      among[static_cast<std::size_t>(p)] = true;
      choices.push_back(p);
    }
  };
  for (std::size_t i : kinds) {
    if (const auto* titled = index.title_head(r.words[i].stem)) {
      const auto as_written = titled_as_written(snapshot, *titled, r.words[i].text);
      add_all(&as_written);
    }
  }
  std::stable_sort(choices.begin(), choices.end(),
                   [&](int a, int b) { return likelier(snapshot, a, b); });
  const std::vector<int> readings = main_readings(snapshot, choices);
  for (std::size_t i : kinds) add_all(index.head(r.words[i].stem));
  c.kind_words = kinds;
  // A job word inside unrelated talk is no question about that kind of job.
  const int cue_words =
      static_cast<int>(std::count(evidence.used.begin(), evidence.used.end(), true));
  const bool asked = evidence.fact_score() > 0 || head_words + cue_words >= meaningful_words(r);
  if (choices.empty() || !asked) return;
  // The words that may narrow the kind stand beside it, but for little
  // words ("wind turbine techs", "power company as a lineman", "techs for
  // wind turbines"), not anywhere ("doctors make a lot").
  std::vector<std::size_t> beside;
  auto words_between = [&](std::size_t from, std::size_t to) {
    return std::count_if(r.words.begin() + static_cast<std::ptrdiff_t>(from),
                         r.words.begin() + static_cast<std::ptrdiff_t>(to),
                         [](const Word& w) { return !is_stop_word(w.text); });
  };
  auto near_kind = [&](std::size_t i) {
    auto near = [&](std::size_t at, std::size_t length) {
      return (i < at && words_between(i + 1, at) <= 2) ||
             (i >= at + length && words_between(at + length, i) == 0);
    };
    return std::any_of(kinds.begin(), kinds.end(), [&](std::size_t k) { return near(k, 1); }) ||
           std::any_of(names.shared_matches.begin(), names.shared_matches.end(),
                       [&](const NameMatch* m) { return near(m->start, m->length); });
  };
  std::copy_if(words.begin(), words.end(), std::back_inserter(beside), near_kind);
  int chosen = choices.size() == 1 ? choices.front() : narrow(index, r, beside, choices);
  // "how much do programmers make" after a comparison of computer
  // programmers: the kind's career talked about.
  for (std::size_t k = 0; chosen < 0 && k < state.careers.size(); ++k) {
    const int talked_of = snapshot.kb.index_of(state.careers[k]);
    if (talked_of >= 0 && contains(choices, talked_of)) chosen = talked_of;
  }
  // "supervisor", "technician": a kind of work, never plainly one career.
  const bool generic = std::any_of(kinds.begin(), kinds.end(), [&](std::size_t i) {
    return is_generic_job_word(r.words[i].stem);
  });
  if (chosen < 0) {
    // "wind turbine techs", "hvac technicians": the other words decide.
    std::vector<std::size_t> others;
    for (std::size_t i : beside) {
      if (std::find(kinds.begin(), kinds.end(), i) == kinds.end()) others.push_back(i);
    }
    CareerChoice by_words;
    constexpr double kRareOutsideKind = 5.0;  // a word of a handful of careers
    if (!others.empty() && choose_by_rare_words(snapshot, r, others, by_words) &&
        (contains(choices, by_words.careers.front()) ||
         choose_by_rare_words(snapshot, r, others, by_words, kRareOutsideKind))) {
      chosen = by_words.careers.front();
    }
  }
  if (chosen < 0) {
    // The word is the title of one occupation and only an alias of others:
    // "sonographer".
    std::vector<int> titled;
    for (std::size_t i : kinds) {
      if (const auto* list = index.title_head(r.words[i].stem))
        titled.insert(titled.end(), list->begin(), list->end());
    }
    for (const auto* m : names.shared_matches) {
      for (const auto* name : m->names) {
        if (name->is_title) titled.push_back(name->profile);
      }
    }
    auto main = main_readings(snapshot, titled);
    if (main.size() == 1 && !generic) chosen = main.front();
  }
  if (chosen < 0 && !generic && (chosen = dominant_reading(snapshot, readings)) >= 0) {
    for (int p : readings) {
      if (p != chosen && c.also_meant.size() < 2) c.also_meant.push_back(p);
    }
  }
  if (chosen >= 0) {
    c.careers.push_back(chosen);
    c.quality = 0.75 - 0.1 * names.corrections;
    c.why = "narrowed " + c.why + " to " + quote(title_of(snapshot, chosen));
    return;
  }
  auto count = std::min<std::ptrdiff_t>(settings.max_candidates,
                                        static_cast<std::ptrdiff_t>(choices.size()));
  c.candidates.assign(choices.begin(), choices.begin() + count);
}

// "compare nurses and teachers": one career named, the other only by kind,
// or by a name several careers share ("orderly vs psychiatric aide"); the
// two in the order written.
void choose_second_for_compare(const Snapshot& snapshot, const Reading& r,
                               const NamedCareers& names, const std::vector<std::size_t>& words,
                               CareerChoice& c) {
  const int first = c.careers.front();
  const auto add_second = [&](int second, std::size_t at) {
    std::size_t named_at = r.words.size();
    for (std::size_t k = 0; k < names.careers.size() && k < names.spans.size(); ++k) {
      if (names.careers[k] == first) named_at = names.spans[k].first;
    }
    c.careers.insert(at < named_at ? c.careers.begin() : c.careers.end(), second);
    c.quality = std::min(c.quality, 0.8);
  };
  for (const auto* m : names.shared_matches) {
    std::vector<int> others;
    for (const auto* name : m->names) {
      if (name->profile != first && !contains(others, name->profile))
        others.push_back(name->profile);
    }
    if (others.empty()) continue;
    std::stable_sort(others.begin(), others.end(),
                     [&](int a, int b) { return likelier(snapshot, a, b); });
    return add_second(others.front(), m->start);
  }
  for (std::size_t i : words) {
    if (!names_kind_of_career(snapshot, r.words[i])) continue;
    const auto* heads = snapshot.index.head(r.words[i].stem);
    std::vector<int> others;
    for (int p : *heads) {
      if (p != first) others.push_back(p);
    }
    if (others.empty()) continue;
    int chosen = narrow(snapshot.index, r, words, others);
    return add_second(chosen >= 0 ? chosen : others.front(), i);
  }
}

// "should i become a nurse or a teacher", "a teacher or an accountant": the
// one career named and a kind of career offered as its alternative.
bool kind_as_alternative(const Snapshot& snapshot, const Reading& r, const NamedCareers& names) {
  if (names.spans.size() != 1) return false;
  const auto [first, end] = names.spans.front();
  const auto is_article = [&](std::size_t i) {
    return r.words[i].text == "a" || r.words[i].text == "an";
  };
  std::size_t after = end;  // "<career> or (a) <kind>"
  if (after < r.words.size() && r.words[after].text == "or") {
    ++after;
    if (after < r.words.size() && is_article(after)) ++after;
    if (after < r.words.size() && names_kind_of_career(snapshot, r.words[after])) return true;
  }
  std::size_t before = first;  // "<kind> or (a) <career>"
  if (before > 0 && is_article(before - 1)) --before;
  return before >= 2 && r.words[before - 1].text == "or" &&
         names_kind_of_career(snapshot, r.words[before - 2]);
}

// "which pays more", "which one is growing faster": a choice between the
// careers of the last turn.
bool asks_which_of_them(const std::vector<Word>& words) {
  static constexpr std::array<std::string_view, 14> kComparing = {
      "more",   "less",   "better", "worse",  "higher", "lower", "faster",
      "slower", "easier", "harder", "bigger", "best",   "most",  "least"};
  const auto has = [&](std::string_view w) {
    return std::any_of(words.begin(), words.end(), [&](const Word& x) { return x.text == w; });
  };
  return has("which") && std::any_of(kComparing.begin(), kComparing.end(), has);
}

// `all_of_them`: every career of the last turn (a comparison of them), not
// only its subject.
void choose_from_conversation(const Snapshot& snapshot, const ConversationState& state,
                              CareerChoice& c, bool all_of_them = false) {
  if (state.careers.empty()) return;
  int p = snapshot.kb.index_of(state.careers.front());
  if (p < 0) return;
  c.careers.push_back(p);
  c.quality = 0.9;
  c.why = "career from the conversation: " + quote(title_of(snapshot, p));
  for (std::size_t i = 1; all_of_them && i < state.careers.size(); ++i) {
    const int other = snapshot.kb.index_of(state.careers[i]);
    if (other >= 0 && !contains(c.careers, other)) c.careers.push_back(other);
  }
}

bool is_demonstrative(const std::string& w) {
  return w == "that" || w == "this" || w == "those" || w == "these";
}

// Points plainly at what was said before: "how many openings are there for
// that?", "tell me more about this", "how do i get into that line of work".
bool points_back_plainly(const std::vector<Word>& words) {
  if (words.size() >= 2 && is_demonstrative(words.back().text)) {
    const auto& before = words[words.size() - 2].text;
    if (before == "for" || before == "about" || before == "in" || before == "of" ||
        before == "like")
      return true;
  }
  for (std::size_t i = 0; i + 1 < words.size(); ++i) {
    if (!is_demonstrative(words[i].text)) continue;
    // "that line of work", "this kind of job", "that type of career"
    for (std::size_t j = i + 2; j < std::min(words.size(), i + 4); ++j) {
      const auto& w = words[j].text;
      if (words[j - 1].text == "of" &&
          (w == "work" || w == "job" || w == "career" || w == "occupation" || w == "profession"))
        return true;
    }
  }
  return false;
}

// "that career", "this job", "it", "they": the career already talked about.
bool refers_back(const std::vector<Word>& words) {
  if (points_back_plainly(words)) return true;
  for (std::size_t i = 0; i < words.size(); ++i) {
    const auto& w = words[i].text;
    if (w == "it" || w == "they" || w == "them" || w == "their") return true;
    // "where can that lead", "does this pay well": the pronoun after a verb.
    static constexpr std::array<std::string_view, 12> kAsking = {"can",  "could",  "will",  "would",
                                                                 "does", "do",     "did",   "is",
                                                                 "was",  "should", "might", "may"};
    if ((w == "that" || w == "this") && i > 0 &&
        std::find(kAsking.begin(), kAsking.end(), words[i - 1].text) != kAsking.end())
      return true;
    if ((w == "that" || w == "this" || w == "the") && i + 1 < words.size()) {
      const auto& next = words[i + 1].text;
      if (next == "career" || next == "job" || next == "role" || next == "field" ||
          next == "occupation" || next == "profession" || next == "work")
        return true;
    }
  }
  return false;
}

}  // namespace

bool is_follow_up(const std::vector<Word>& words) {
  // (Past a sound of thought: "hmm what about paralegals", "ok and for nurses".)
  static constexpr std::array<std::string_view, 7> kMusing = {"hmm", "hm",   "ok", "okay",
                                                              "oh",  "well", "so"};
  std::size_t at = 0;
  while (at < words.size() &&
         std::find(kMusing.begin(), kMusing.end(), words[at].text) != kMusing.end())
    ++at;
  if (at >= words.size()) return false;
  const auto& first = words[at].text;
  if (first == "and" || first == "also" || first == "same") return true;
  return at + 1 < words.size() && (first == "what" || first == "how") &&
         words[at + 1].text == "about";
}

CareerChoice choose_careers(const Snapshot& snapshot, const Reading& r, const NamedCareers& names,
                            IntentEvidence& evidence, const ConversationState& state,
                            const MatcherSettings& settings) {
  CareerChoice c;
  c.careers = names.careers;
  c.also_meant = names.also_meant;
  c.named = names.named;
  c.named_loosely = names.named && names.named_loosely;
  c.named_outright = names.named_outright;
  c.why = names.why;
  c.quality = 1.0 - 0.1 * names.corrections;
  std::vector<int> shared = names.shared;
  const auto words = free_words(r, evidence);

  if (c.careers.empty() && !state.candidates.empty())
    choose_offered(snapshot, r, words, evidence, state, c);
  // "school bus" after "which bus drivers?": a short answer's words pick an
  // offered career before a name of one word outside the offer ("Bus" of
  // the bus mechanics' title). A longer name is the choice ("kindergarten
  // teachers", though only five kinds of teacher were offered).
  constexpr int kShortAnswer = 3;
  const bool one_word_names = std::all_of(r.matches.begin(), r.matches.end(),
                                          [](const NameMatch& m) { return m.length == 1; });
  if (!c.careers.empty() && !state.candidates.empty() && one_word_names &&
      meaningful_words(r) <= kShortAnswer &&
      std::none_of(c.careers.begin(), c.careers.end(), [&](int p) {
        return contains(state.candidates, snapshot.kb.profiles()[static_cast<std::size_t>(p)].id);
      })) {
    CareerChoice offered = c;
    offered.careers.clear();
    choose_offered(snapshot, r, words, evidence, state, offered);
    if (!offered.careers.empty()) c = std::move(offered);
  }

  const bool about_work = describes_work(r, evidence);
  if (c.careers.empty() && about_work) {
    bool shared_cleared = false;
    choose_described(snapshot, r, evidence, c, shared_cleared);
    if (shared_cleared) shared.clear();
  }
  // "any idea how many openings there are for that?", "that line of work":
  // the career of the last turn, before a rare word ("idea") or a kind of
  // career ("line") is read as a career's.
  if (c.careers.empty() && c.candidates.empty() && points_back_plainly(r.words))
    choose_from_conversation(snapshot, state, c);
  if (c.careers.empty() && shared.empty() && !about_work && !words.empty() &&
      evidence.fact_score() >= 2) {
    choose_by_rare_words(snapshot, r, words, c);
  }
  // "where does that career lead", "is it growing": the career of the last
  // turn, before any job word ("lead") is read as a kind of career.
  if (c.careers.empty() && c.candidates.empty() && names.shared.empty() && refers_back(r.words))
    choose_from_conversation(snapshot, state, c);
  if (c.careers.empty() && c.candidates.empty())
    choose_kind(snapshot, r, names, shared, words, evidence, state, settings, c);

  // "how does that compare with a financial analyst": the career of the
  // last turn beside the one named, before any other second career.
  const bool compares = evidence.score[static_cast<std::size_t>(Intent::compare)] >= 3;
  if (c.careers.size() == 1 && compares && refers_back(r.words)) {
    CareerChoice before;
    choose_from_conversation(snapshot, state, before);
    if (!before.careers.empty() && before.careers.front() != c.careers.front())
      c.careers.insert(c.careers.begin(), before.careers.front());
  }
  if (c.careers.size() == 1 && (compares || kind_as_alternative(snapshot, r, names)))
    choose_second_for_compare(snapshot, r, names, words, c);

  // The career of the previous turn, for "what about the salary?"; its
  // careers, for "which pays more?".
  if (c.careers.empty() && c.candidates.empty() && evidence.fact_score() >= 2)
    choose_from_conversation(snapshot, state, c, asks_which_of_them(r.words));
  // Careers weighed and one chosen: what is asked is about that one.
  if (c.careers.size() >= 2) {
    if (const int chosen = career_chosen(r, names); chosen >= 0) {
      c.careers = {chosen};
      c.why = "the career chosen, " + quote(title_of(snapshot, chosen)) + ", of those weighed";
      return c;
    }
  }
  // A move from one career to another, not asked as a comparison ("which
  // is better", "the difference"): the career wanted is the subject.
  const bool compared_plainly = std::any_of(
      evidence.cues.begin(), evidence.cues.end(),
      [](const IntentCue* cue) { return cue->intent == Intent::compare && cue->weight >= 2; });
  if (c.careers == names.careers && !compared_plainly) {
    if (const int aim = aim_beside_role_held(r, names); aim >= 0) {
      c.careers = {aim};
      c.why = "the career wanted, " + quote(title_of(snapshot, aim)) + ", beside the one held";
      // With nothing else asked, a move asks how to make it.
      const bool fact_cued =
          std::any_of(evidence.cues.begin(), evidence.cues.end(),
                      [](const IntentCue* cue) { return is_fact_intent(cue->intent); });
      if (!fact_cued) evidence.score[static_cast<std::size_t>(Intent::steps)] += 3;
      return c;
    }
    // A career held, told as background, before a fact (or the overview)
    // asked of another.
    const bool asks_about_one =
        std::any_of(evidence.cues.begin(), evidence.cues.end(), [](const IntentCue* cue) {
          return is_fact_intent(cue->intent) || cue->intent == Intent::overview;
        });
    if (const int asked = career_beside_role_held(r, names);
        asked >= 0 && asks_about_one && !asks_which_of_them(r.words)) {
      c.careers = {asked};
      c.why = "the career asked about, " + quote(title_of(snapshot, asked)) + ", beside one held";
      return c;
    }
  }
  // Two careers named but no comparison asked ("what computer programs do
  // accountants use"): the one named by its title is the subject.
  const bool compared = evidence.score[static_cast<std::size_t>(Intent::compare)] > 0 ||
                        evidence.model_intent == Intent::compare;
  if (c.careers.size() >= 2 && !compared && !names.titled.empty() &&
      names.titled.size() < c.careers.size()) {
    c.careers = {names.titled.front()};
  }
  return c;
}

}  // namespace careerbot
