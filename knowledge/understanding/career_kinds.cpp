#include "career_kinds.hpp"

#include <algorithm>
#include <iterator>

#include "english_words.hpp"
#include "support.hpp"

namespace careerbot {
namespace {

// Whether a word may be one of the rare words of a career's names.
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

}  // namespace

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

bool choose_by_rare_words(const Snapshot& snapshot, const Reading& r,
                          std::vector<std::size_t> words, CareerChoice& c, double min_score) {
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

}  // namespace careerbot
