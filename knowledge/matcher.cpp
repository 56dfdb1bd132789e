#include "matcher.hpp"

#include <algorithm>
#include <array>

#include "text.hpp"

namespace careerbot {
namespace {

// A career name found in the question.
struct NameMatch {
  std::size_t start = 0;
  std::size_t length = 0;
  std::vector<const CareerIndex::Name*> names;
  int corrections = 0;
};

struct Reading {
  std::vector<Word> words;
  std::vector<std::string> corrected;  // "softwre -> software"
  std::vector<bool> is_corrected;
  std::vector<bool> covered;  // part of a career name
  std::vector<NameMatch> matches;
};

std::string quote(std::string_view text) {
  return "'" + std::string(text) + "'";
}

// Fixes spelling of words that nothing knows, using the names' vocabulary.
void correct_spelling(const CareerIndex& index, const IntentLexicon& lexicon, Reading& r) {
  r.is_corrected.assign(r.words.size(), false);
  for (std::size_t i = 0; i < r.words.size(); ++i) {
    Word& w = r.words[i];
    if (index.knows_word(w.text) || index.knows_stem(w.stem) || lexicon.knows_word(w.text) ||
        is_stop_word(w.text)) {
      continue;
    }
    std::string fix = index.correct(w.text);
    if (fix.empty() || fix == w.text) continue;
    r.corrected.push_back(w.text + " -> " + fix);
    w.stem = stem_word(fix);
    w.text = std::move(fix);
    r.is_corrected[i] = true;
  }
}

// Whether a word and a one-word name are forms of one word: "nurses" and
// "nurse", not "animals" and "animator".
bool same_word(const std::string& word, const std::string& name) {
  std::string spelled;
  for (const auto& w : split_words(name)) spelled += w;
  if (word.rfind(spelled, 0) == 0 || spelled.rfind(word, 0) == 0) return true;
  return edit_distance(word, spelled, 2) <= 2;
}

// Longest names first, left to right; matched words are covered.
void find_names(const CareerIndex& index, Reading& r) {
  const auto n = r.words.size();
  r.covered.assign(n, false);
  for (std::size_t i = 0; i < n;) {
    std::string key;
    NameMatch best;
    for (std::size_t j = i; j < n; ++j) {
      key += (j == i ? "" : " ") + r.words[j].stem;
      if (!index.phrase_prefix(key)) break;
      if (const auto* names = index.phrase(key)) {
        best = {i, j - i + 1, *names, 0};
      }
    }
    if (best.length == 1) {
      // "animals" and "animator" share a stem, not a meaning.
      const auto& word = r.words[i].text;
      std::erase_if(best.names,
                    [&](const CareerIndex::Name* name) { return !same_word(word, name->text); });
    }
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

// Of several careers sharing a name, the one it clearly belongs to: the only
// one with it as a title, else the only curated one; nullptr when none.
const CareerIndex::Name* decisive_name(const Snapshot& snapshot,
                                       const std::vector<const CareerIndex::Name*>& names) {
  if (names.size() == 1) return names.front();
  auto only = [&](auto&& qualifies) -> const CareerIndex::Name* {
    const CareerIndex::Name* found = nullptr;
    for (const auto* name : names) {
      if (!qualifies(name)) continue;
      if (found != nullptr && found->profile != name->profile) return nullptr;
      found = name;
    }
    return found;
  };
  if (const auto* title = only([](const CareerIndex::Name* n) { return n->is_title; }))
    return title;
  return only([&](const CareerIndex::Name* n) {
    return snapshot.kb.profiles()[static_cast<std::size_t>(n->profile)].origin == "curated";
  });
}

// Whether career a is likelier meant than career b (see prominence()).
bool likelier(const Snapshot& snapshot, int a, int b) {
  const auto& profiles = snapshot.kb.profiles();
  return prominence(profiles[static_cast<std::size_t>(a)]) >
         prominence(profiles[static_cast<std::size_t>(b)]);
}

bool contains(const std::vector<int>& list, int value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

// Words that may narrow a choice: not a name, not a cue, not filler.
std::vector<std::size_t> free_words(const Reading& r, const IntentEvidence& evidence) {
  std::vector<std::size_t> result;
  for (std::size_t i = 0; i < r.words.size(); ++i) {
    if (!r.covered[i] && !evidence.used[i] && !is_stop_word(r.words[i].text)) result.push_back(i);
  }
  return result;
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

bool is_follow_up(const std::vector<Word>& words) {
  if (words.empty()) return false;
  const auto& first = words.front().text;
  if (first == "and" || first == "also" || first == "same") return true;
  return words.size() >= 2 && (first == "what" || first == "how") && words[1].text == "about";
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

// Share of meaningful words that the career name or a cue explains.
double coverage(const Reading& r, const IntentEvidence& evidence) {
  int meaningful = 0;
  int explained = 0;
  for (std::size_t i = 0; i < r.words.size(); ++i) {
    if (is_stop_word(r.words[i].text)) continue;
    ++meaningful;
    explained += (r.covered[i] || evidence.used[i]) ? 1 : 0;
  }
  return meaningful == 0 ? 1.0 : static_cast<double>(explained) / meaningful;
}

double intent_strength(int score) {
  return score >= 3 ? 1.0 : score == 2 ? 0.9 : score == 1 ? 0.8 : 0.0;
}

std::string cue_list(const IntentEvidence& evidence, Intent intent) {
  std::string list;
  for (const auto* cue : evidence.cues) {
    if (cue->intent != intent) continue;
    list += (list.empty() ? "" : ", ") + quote(cue->phrase);
  }
  return list;
}

}  // namespace

std::string_view status_name(Status status) {
  switch (status) {
    case Status::answered:
      return "answered";
    case Status::clarify:
      return "clarify";
    case Status::fallback:
      return "fallback";
  }
  return "fallback";
}

Understanding Matcher::understand(const Snapshot& snapshot, std::string_view text,
                                  const ConversationState& state) const {
  const CareerIndex& index = snapshot.index;
  Reading r;
  r.words = analyse(text);
  correct_spelling(index, lexicon_, r);
  find_names(index, r);

  // Careers named outright, and names shared by several careers.
  std::vector<int> careers;
  std::vector<int> shared;
  std::vector<const NameMatch*> shared_matches;
  std::string why_career;
  int corrections = 0;
  bool named_outright = false;  // by a title or a name of several words, not one loose word
  bool named = false;           // by any name
  for (const auto& m : r.matches) {
    corrections += m.corrections;
    const CareerIndex::Name* decisive = decisive_name(snapshot, m.names);
    // One word that many careers share and that asks something ("what about
    // the education?") is the question, not a career.
    if (decisive == nullptr && m.length == 1 && lexicon_.knows_word(r.words[m.start].text)) {
      r.covered[m.start] = false;
      continue;
    }
    if (decisive == nullptr) {
      shared_matches.push_back(&m);
      for (const auto* name : m.names) {
        if (!contains(shared, name->profile)) shared.push_back(name->profile);
      }
      continue;
    }
    if (!contains(careers, decisive->profile)) careers.push_back(decisive->profile);
    named_outright = named_outright || decisive->is_title || m.length > 1;
    named = true;
    if (why_career.empty()) {
      why_career = std::string("matched ") + (decisive->is_title ? "title " : "alias ") +
                   quote(decisive->text);
    }
  }
  // Beside a career named outright, a shared name ("education" is also a
  // job title) is just a word again.
  if (!careers.empty()) {
    for (const auto* m : shared_matches) {
      for (std::size_t k = m->start; k < m->start + m->length; ++k) r.covered[k] = false;
    }
    shared.clear();
  }
  // Where the career is named: cues such as the final "do" count only after it.
  std::size_t career_start = r.words.size();
  for (const auto& m : r.matches) {
    if (r.covered[m.start]) career_start = std::min(career_start, m.start);
  }
  if (r.matches.empty()) {
    for (std::size_t i = 0; i < career_start; ++i) {
      if (index.head(r.words[i].stem) != nullptr) career_start = i;
    }
  }
  IntentEvidence evidence = lexicon_.evidence(r.words, r.covered, career_start);
  auto words = free_words(r, evidence);

  Understanding u;
  // "take the career quiz", "what careers would suit me", "I like working
  // with animals": guidance, unless a career is named outright (a loose
  // word such as "hands" may be some career's alias).
  if (Intent guidance = evidence.best_guidance_intent();
      guidance != Intent::unknown && !named_outright) {
    u.status = Status::answered;
    u.intent = guidance;
    u.confidence = 0.9;
    u.why = "intent " + quote(intent_name(guidance)) + " from " + cue_list(evidence, guidance);
    return u;
  }
  double career_quality = 1.0 - 0.1 * corrections;

  // An answer to our own question: "the second one", "electrical".
  if (careers.empty() && !state.candidates.empty()) {
    std::vector<int> offered;
    for (const auto& id : state.candidates) {
      int p = snapshot.kb.index_of(id);
      if (p >= 0) offered.push_back(p);
    }
    int chosen = narrow(index, r, words, offered);
    int pick = ordinal(r.words, offered.size());
    if (chosen < 0 && pick >= 0 && static_cast<std::size_t>(pick) < offered.size()) {
      chosen = offered[static_cast<std::size_t>(pick)];
    }
    if (chosen >= 0) {
      careers.push_back(chosen);
      career_quality = 0.9;
      why_career = "chose " +
                   quote(snapshot.kb.profiles()[static_cast<std::size_t>(chosen)].title) +
                   " from the careers offered";
      if (evidence.fact_score() == 0 && state.pending_intent != Intent::unknown) {
        evidence.score[static_cast<std::size_t>(state.pending_intent)] += 3;
      }
    }
  }

  // Work described instead of named: "who designs computer networks?". Only
  // a clear winner that has most of the words counts.
  bool described = false;
  const bool about_work = describes_work(r, evidence);
  if (careers.empty() && about_work) {
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
    if (stems.size() >= 2 && !ranked.empty() && fits(ranked.front())) {
      shared.clear();
      if (ranked.size() == 1 || ranked.front().score >= 1.15 * ranked[1].score) {
        careers.push_back(ranked.front().profile);
        described = true;
        career_quality = 0.7;
        why_career =
            "described work matches " +
            quote(snapshot.kb.profiles()[static_cast<std::size_t>(ranked.front().profile)].title);
      } else {
        for (const auto& hit : ranked) {
          if (fits(hit)) u.candidates.push_back(hit.profile);
        }
        if (u.candidates.size() < 2) u.candidates.clear();
        why_career = "the described work";
      }
    }
  }

  // Rare words that belong to one career's names ("is hvac a growing trade"),
  // when the question clearly asks for a fact.
  if (careers.empty() && shared.empty() && !about_work && !words.empty() &&
      evidence.fact_score() >= 2) {
    auto ranked = index.by_words(stems_at(r, words));
    constexpr double kMinScore = 3.0;  // about one word shared by under 5% of careers
    if (!ranked.empty() && ranked.front().second >= kMinScore &&
        (ranked.size() == 1 || ranked.front().second >= 1.3 * ranked[1].second)) {
      careers.push_back(ranked.front().first);
      career_quality = 0.65;
      why_career =
          "words of " +
          quote(snapshot.kb.profiles()[static_cast<std::size_t>(ranked.front().first)].title);
    }
  }

  // A kind of career without the specifics ("engineer"): narrow it down or ask.
  if (careers.empty() && u.candidates.empty()) {
    // First the careers the words name (an alias, or the last word of a
    // title: "engineer" is an alias of a few engineers and the kind of all of
    // them), likeliest first; then those with only an alias of that kind.
    std::vector<int> choices = shared;
    std::vector<std::size_t> kinds;
    for (const auto* m : shared_matches) {
      if (m->length == 1 && index.head(r.words[m->start].stem) != nullptr)
        kinds.push_back(m->start);
    }
    int head_words = 0;
    for (const auto* m : shared_matches) head_words += static_cast<int>(m->length);
    for (std::size_t i : words) {
      if (index.head(r.words[i].stem) == nullptr) continue;
      kinds.push_back(i);
      ++head_words;
      if (why_career.empty()) why_career = "the kind of career " + quote(r.words[i].text);
    }
    auto add_all = [&](const std::vector<int>* list) {
      if (list == nullptr) return;
      for (int p : *list) {
        if (!contains(choices, p)) choices.push_back(p);
      }
    };
    for (std::size_t i : kinds) add_all(index.title_head(r.words[i].stem));
    std::stable_sort(choices.begin(), choices.end(),
                     [&](int a, int b) { return likelier(snapshot, a, b); });
    for (std::size_t i : kinds) add_all(index.head(r.words[i].stem));
    // A job word inside unrelated talk is no question about that kind of job.
    bool asked = evidence.fact_score() > 0 ||
                 head_words + static_cast<int>(
                                  std::count(evidence.used.begin(), evidence.used.end(), true)) >=
                     meaningful_words(r);
    if (!choices.empty() && asked) {
      int chosen = choices.size() == 1 ? choices.front() : narrow(index, r, words, choices);
      if (chosen >= 0) {
        careers.push_back(chosen);
        career_quality = 0.75 - 0.1 * corrections;
        why_career = "narrowed " + why_career + " to " +
                     quote(snapshot.kb.profiles()[static_cast<std::size_t>(chosen)].title);
      } else {
        auto count = std::min<std::ptrdiff_t>(settings_.max_candidates,
                                              static_cast<std::ptrdiff_t>(choices.size()));
        u.candidates.assign(choices.begin(), choices.begin() + count);
      }
    }
  }

  // "compare nurses and teachers": one career named, the other only by kind.
  if (careers.size() == 1 && evidence.score[static_cast<std::size_t>(Intent::compare)] >= 3) {
    for (const auto* m : shared_matches) {
      std::vector<int> others;
      for (const auto* name : m->names) {
        if (name->profile != careers.front() && !contains(others, name->profile))
          others.push_back(name->profile);
      }
      if (others.empty()) continue;
      std::stable_sort(others.begin(), others.end(),
                       [&](int a, int b) { return likelier(snapshot, a, b); });
      careers.push_back(others.front());
      career_quality = std::min(career_quality, 0.8);
      break;
    }
  }
  if (careers.size() == 1 && evidence.score[static_cast<std::size_t>(Intent::compare)] >= 3) {
    for (std::size_t i : words) {
      const auto* heads = index.head(r.words[i].stem);
      if (heads == nullptr) continue;
      std::vector<int> others;
      for (int p : *heads) {
        if (p != careers.front()) others.push_back(p);
      }
      if (others.empty()) continue;
      int chosen = narrow(index, r, words, others);
      careers.push_back(chosen >= 0 ? chosen : others.front());
      career_quality = std::min(career_quality, 0.8);
      break;
    }
  }

  const int fact_score = evidence.fact_score();
  const double covered_share = coverage(r, evidence);

  // The career of the previous turn, for "what about the salary?".
  if (careers.empty() && u.candidates.empty() && !state.careers.empty() && fact_score >= 2) {
    int p = snapshot.kb.index_of(state.careers.front());
    if (p >= 0) {
      careers.push_back(p);
      career_quality = 0.9;
      why_career = "career from the conversation: " +
                   quote(snapshot.kb.profiles()[static_cast<std::size_t>(p)].title);
    }
  }

  if (!careers.empty()) {
    u.careers = careers;
    u.named = named;
    u.status = Status::answered;
    double intent_quality;
    if (careers.size() >= 2) {
      u.intent = Intent::compare;
      intent_quality = 1.0;
    } else if (fact_score > 0 &&
               fact_score >= evidence.score[static_cast<std::size_t>(Intent::overview)]) {
      u.intent = evidence.best_fact_intent();
      intent_quality = intent_strength(fact_score);
    } else if (Intent carried = !state.candidates.empty() ? state.pending_intent : state.intent;
               is_fact_intent(carried) &&
               (is_follow_up(r.words) ||
                evidence.score[static_cast<std::size_t>(Intent::overview)] == 0)) {
      u.intent = carried;  // "and for nurses?" keeps asking the same thing
      intent_quality = 0.9;
    } else {
      // Naming a career alone asks for its overview; a career word inside
      // other talk ("who is the president of france") does not.
      u.intent = Intent::overview;
      int overview = evidence.score[static_cast<std::size_t>(Intent::overview)];
      double alone = covered_share >= 0.75 || described ? 0.9 : 0.3 + 0.2 * covered_share;
      intent_quality = std::max(intent_strength(overview), alone);
    }
    u.confidence = std::clamp(career_quality * intent_quality, 0.0, 1.0);
    u.why = why_career;
    if (!r.corrected.empty()) {
      std::string fixes;
      for (const auto& fix : r.corrected) fixes += (fixes.empty() ? "" : ", ") + fix;
      u.why += " (spelling: " + fixes + ")";
    }
    if (u.intent == Intent::compare) {
      u.why += "; intent 'compare': " + std::to_string(careers.size()) + " careers named";
    } else {
      std::string cues = cue_list(evidence, u.intent);
      u.why += "; intent " + quote(intent_name(u.intent)) +
               (cues.empty() ? " (no specific question)" : " from " + cues);
    }
    if (u.confidence < settings_.answer_threshold) {
      u.status = Status::fallback;
      u.why += "; confidence too low to answer";
      u.candidates = u.careers;  // offered as suggestions
      u.careers.clear();
      u.intent = Intent::unknown;
    }
    return u;
  }

  if (!u.candidates.empty()) {
    u.status = Status::clarify;
    u.intent = evidence.best_fact_intent();
    u.confidence = 0.5;
    u.why = why_career + " fits " + std::to_string(u.candidates.size()) + " careers; asking which";
    return u;
  }

  Intent conversational = evidence.best_conversational_intent();
  if (conversational != Intent::unknown && fact_score < 3) {
    u.status = Status::answered;
    u.intent = conversational;
    u.confidence =
        std::min(1.0, 0.6 + 0.1 * evidence.score[static_cast<std::size_t>(conversational)]) *
        std::max(covered_share, 0.6);
    u.why = "intent " + quote(intent_name(conversational)) + " from " +
            cue_list(evidence, conversational);
    if (u.confidence >= settings_.answer_threshold) return u;
  }

  if (fact_score >= 3) {
    // A clear question about a career we could not identify: ask which one.
    u.status = Status::clarify;
    u.intent = evidence.best_fact_intent();
    u.confidence = 0.4;
    u.why = "intent " + quote(intent_name(u.intent)) + " from " + cue_list(evidence, u.intent) +
            ", but no career named";
    return u;
  }

  u = {};
  u.status = Status::fallback;
  u.intent = Intent::unknown;
  u.why = r.words.empty() ? "no words to understand" : "no career or career question recognised";
  return u;
}

void remember(const Snapshot& snapshot, const Understanding& u, ConversationState& state) {
  const auto& profiles = snapshot.kb.profiles();
  if (u.status == Status::clarify) {
    state.candidates.clear();
    for (int p : u.candidates) state.candidates.push_back(profiles[static_cast<std::size_t>(p)].id);
    state.pending_intent = u.intent;
    return;
  }
  if (u.status != Status::answered || u.careers.empty()) return;
  state.careers.clear();
  for (int p : u.careers) state.careers.push_back(profiles[static_cast<std::size_t>(p)].id);
  if (is_fact_intent(u.intent) || u.intent == Intent::overview) state.intent = u.intent;
  state.candidates.clear();
  state.pending_intent = Intent::unknown;
}

}  // namespace careerbot
