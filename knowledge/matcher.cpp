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
  const std::vector<const CareerIndex::Name*>* names = nullptr;
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
        best = {i, j - i + 1, names, 0};
      }
    }
    if (best.names == nullptr) {
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
  std::string why_career;
  int corrections = 0;
  for (const auto& m : r.matches) {
    corrections += m.corrections;
    if (m.names->size() == 1) {
      int profile = m.names->front()->profile;
      if (!contains(careers, profile)) careers.push_back(profile);
      if (why_career.empty()) {
        why_career = std::string("matched ") + (m.names->front()->is_title ? "title " : "alias ") +
                     quote(m.names->front()->text);
      }
    } else {
      for (const auto* name : *m.names) {
        if (!contains(shared, name->profile)) shared.push_back(name->profile);
      }
    }
  }
  // Where the career is named: cues such as the final "do" count only after it.
  std::size_t career_start = r.matches.empty() ? r.words.size() : r.matches.front().start;
  for (std::size_t i = 0; i < career_start; ++i) {
    if (!r.covered[i] && index.head(r.words[i].stem) != nullptr) career_start = i;
  }
  IntentEvidence evidence = lexicon_.evidence(r.words, r.covered, career_start);
  auto words = free_words(r, evidence);

  Understanding u;
  double career_quality = 1.0 - 0.1 * corrections;

  // A kind of career without the specifics ("engineer"): narrow it down or ask.
  if (careers.empty()) {
    std::vector<int> choices = shared;
    for (std::size_t i : words) {
      if (const auto* heads = index.head(r.words[i].stem)) {
        for (int p : *heads) {
          if (!contains(choices, p)) choices.push_back(p);
        }
        if (why_career.empty()) why_career = "the kind of career " + quote(r.words[i].text);
      }
    }
    if (!choices.empty()) {
      int chosen = choices.size() == 1 ? choices.front() : narrow(index, r, words, choices);
      if (chosen >= 0) {
        careers.push_back(chosen);
        career_quality = 0.75 - 0.1 * corrections;
        why_career = "narrowed " + why_career + " to " +
                     quote(snapshot.kb.profiles()[static_cast<std::size_t>(chosen)].title);
      } else {
        u.candidates.assign(choices.begin(),
                            choices.begin() + std::min<std::ptrdiff_t>(
                                                  settings_.max_candidates,
                                                  static_cast<std::ptrdiff_t>(choices.size())));
      }
    }
  }

  // An answer to our own question: "the second one", "electrical".
  if (careers.empty() && u.candidates.empty() && !state.candidates.empty()) {
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
    u.status = Status::answered;
    double intent_quality;
    if (careers.size() >= 2) {
      u.intent = Intent::compare;
      intent_quality = 1.0;
    } else if (fact_score > 0) {
      u.intent = evidence.best_fact_intent();
      intent_quality = intent_strength(fact_score);
    } else if (Intent carried = !state.candidates.empty() ? state.pending_intent : state.intent;
               is_fact_intent(carried) &&
               (is_follow_up(r.words) ||
                evidence.score[static_cast<std::size_t>(Intent::overview)] == 0)) {
      u.intent = carried;  // "and for nurses?" keeps asking the same thing
      intent_quality = 0.9;
    } else {
      u.intent = Intent::overview;
      int overview = evidence.score[static_cast<std::size_t>(Intent::overview)];
      intent_quality = std::max(intent_strength(overview), 0.3 + 0.7 * covered_share);
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
        std::max(covered_share, 0.5);
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
