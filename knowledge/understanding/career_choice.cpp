#include "career_choice.hpp"

#include <algorithm>
#include <array>
#include <iterator>

#include "career_kinds.hpp"
#include "career_moves.hpp"
#include "english_words.hpp"
#include "support.hpp"

namespace careerbot {
namespace {

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
  c.offered = true;
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
    // "what does one actually do": "one" after the verb is the worker.
    if ((w == "that" || w == "this" || w == "one") && i > 0 &&
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
  // (A pick from the careers offered, "the computer network kind", is
  // compared only when a cue says so, whatever the model makes of it.)
  const bool compare_cued =
      std::any_of(evidence.cues.begin(), evidence.cues.end(),
                  [](const IntentCue* cue) { return cue->intent == Intent::compare; });
  const bool compares = evidence.score[static_cast<std::size_t>(Intent::compare)] >= 3 &&
                        (!c.offered || compare_cued);
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
