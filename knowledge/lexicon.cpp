#include "lexicon.hpp"

#include <algorithm>
#include <array>

#include "intent_cues.hpp"

namespace careerbot {
namespace {

constexpr std::size_t kMinCorrectable = 4;  // shorter words have too many neighbours

int best_in(const std::array<int, kIntentCount>& score, Intent first, Intent last, Intent& best) {
  int best_score = 0;
  for (int i = static_cast<int>(first); i <= static_cast<int>(last); ++i) {
    if (score[static_cast<std::size_t>(i)] > best_score) {
      best_score = score[static_cast<std::size_t>(i)];
      best = static_cast<Intent>(i);
    }
  }
  return best_score;
}

}  // namespace

Intent IntentEvidence::best_fact_intent() const {
  Intent best = Intent::overview;
  int fact = best_in(score, Intent::salary, Intent::skills, best);
  // A tie between one cue and the model goes to the model, which read the
  // whole sentence ("coursework for future nurses" is not about the future);
  // several agreeing cues ("how much ... make") keep theirs.
  if (fact > 0 && is_fact_intent(model_intent) && model_intent != best &&
      score[static_cast<std::size_t>(model_intent)] == fact &&
      std::count_if(cues.begin(), cues.end(),
                    [&](const IntentCue* c) { return c->intent == best; }) <= 1)
    return model_intent;
  return fact > 0 ? best : Intent::overview;
}

int IntentEvidence::fact_score() const {
  Intent best = Intent::overview;
  return best_in(score, Intent::salary, Intent::skills, best);
}

Intent IntentEvidence::best_guidance_intent() const {
  const int assess = score[static_cast<std::size_t>(Intent::assess)];
  const int recommend = score[static_cast<std::size_t>(Intent::recommend)];
  if (std::max(assess, recommend) < 3) return Intent::unknown;
  return assess >= recommend ? Intent::assess : Intent::recommend;
}

Intent IntentEvidence::best_conversational_intent() const {
  // Ties go to the more specific intent: a person who says thanks and asks for
  // help in one breath is thanking; "hi, can you help" wants help.
  constexpr Intent kOrder[] = {Intent::handoff, Intent::thanks, Intent::list, Intent::help,
                               Intent::greeting};
  Intent best = Intent::unknown;
  int best_score = 2;  // a hint alone is not enough
  for (Intent intent : kOrder) {
    if (score[static_cast<std::size_t>(intent)] > best_score) {
      best_score = score[static_cast<std::size_t>(intent)];
      best = intent;
    }
  }
  return best;
}

IntentLexicon::IntentLexicon() {
  for (const auto& spec : intent_cues()) {
    IntentCue cue{{}, spec.phrase, spec.intent, spec.weight, spec.after_career};
    for (auto& word : analyse(spec.phrase)) {
      words_.insert(word.text);
      cue.stems.push_back(std::move(word.stem));
    }
    if (cue.stems.empty()) continue;
    by_first_stem_[cue.stems.front()].push_back(cues_.size());
    cues_.push_back(std::move(cue));
  }
  for (const auto& word : words_) {
    if (word.size() >= kMinCorrectable)
      correctable_by_first_[static_cast<unsigned char>(word.front())].push_back(word);
  }
  // Longer phrases first, so "how many jobs" wins over "how many".
  for (auto& [stem, indexes] : by_first_stem_) {
    std::stable_sort(indexes.begin(), indexes.end(), [&](std::size_t a, std::size_t b) {
      return cues_[a].stems.size() > cues_[b].stems.size();
    });
  }
}

std::string IntentLexicon::correct(const std::string& word) const {
  if (word.size() < kMinCorrectable) return {};
  const int limit = word.size() >= 7 ? 2 : 1;
  std::string best;
  int best_distance = limit + 1;
  bool tie = false;
  for (const auto& known : correctable_by_first_[static_cast<unsigned char>(word.front())]) {
    const int distance = edit_distance(word, known, limit);
    if (distance > limit) continue;
    if (distance < best_distance) {
      best = known;
      best_distance = distance;
      tie = false;
    } else if (distance == best_distance && known != best) {
      tie = true;
    }
  }
  return tie ? std::string() : best;
}

bool IntentLexicon::cue_across(const std::vector<Word>& words, std::size_t at) const {
  constexpr std::size_t kLongestCue = 5;
  for (std::size_t start = at >= kLongestCue ? at - kLongestCue : 0; start <= at; ++start) {
    auto it = by_first_stem_.find(words[start].stem);
    if (it == by_first_stem_.end()) continue;
    for (std::size_t index : it->second) {
      const IntentCue& cue = cues_[index];
      const std::size_t n = cue.stems.size();
      if (n < 2 || start + n <= at || start + n > words.size() || cue.after_career) continue;
      bool match = true;
      for (std::size_t k = 0; k < n && match; ++k) match = words[start + k].stem == cue.stems[k];
      if (match) return true;
    }
  }
  return false;
}

namespace {

// How many words may follow a verb that closes a question: three ("do all
// day"), or six after a word that opens a place or a time ("do on a film
// set", "do during a night shift").
std::size_t closing_words(const std::vector<Word>& words, std::size_t after) {
  static constexpr std::array<std::string_view, 6> kPlaceOrTime = {"on",     "at",   "in",
                                                                   "during", "each", "every"};
  constexpr std::size_t kFew = 3;
  constexpr std::size_t kPlace = 6;
  const bool place = after < words.size() && std::find(kPlaceOrTime.begin(), kPlaceOrTime.end(),
                                                       words[after].text) != kPlaceOrTime.end();
  return place ? kPlace : kFew;
}

bool is_subject_pronoun(std::string_view word) {
  static constexpr std::array<std::string_view, 7> kPronouns = {"i",  "you", "he",  "she",
                                                                "it", "we",  "they"};
  return std::find(kPronouns.begin(), kPronouns.end(), word) != kPronouns.end();
}

// "What does that job actually pay?": a "does" after the career with
// another fact's plain cue close behind only helps to ask it (not "what do
// EMTs do on the job": "job" hints at openings only).
void drop_helping_verbs(IntentEvidence& found) {
  const auto& starts = found.starts;
  constexpr std::size_t kClose = 3;  // words between the two
  for (std::size_t c = 0; c < found.cues.size(); ++c) {
    const IntentCue* cue = found.cues[c];
    if (!cue->after_career || cue->intent != Intent::duties) continue;
    bool helps = false;
    for (std::size_t d = c + 1; d < found.cues.size() && starts[d] <= starts[c] + kClose + 1; ++d) {
      const IntentCue* next = found.cues[d];
      helps = helps ||
              (is_fact_intent(next->intent) && next->intent != Intent::duties && next->weight >= 2);
    }
    if (!helps) continue;
    found.score[static_cast<std::size_t>(Intent::duties)] -= cue->weight;
    found.cues[c] = nullptr;
  }
  std::size_t kept = 0;
  for (std::size_t c = 0; c < found.cues.size(); ++c) {
    if (found.cues[c] == nullptr) continue;
    found.cues[kept] = found.cues[c];
    found.starts[kept] = found.starts[c];
    ++kept;
  }
  found.cues.resize(kept);
  found.starts.resize(kept);
}

}  // namespace

IntentEvidence IntentLexicon::evidence(const std::vector<Word>& words,
                                       const std::vector<bool>& covered,
                                       std::size_t career_start) const {
  IntentEvidence found;
  found.used.assign(words.size(), false);
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (covered[i] || found.used[i]) continue;
    auto it = by_first_stem_.find(words[i].stem);
    if (it == by_first_stem_.end()) continue;
    const IntentCue* matched = nullptr;
    for (std::size_t index : it->second) {
      const IntentCue& cue = cues_[index];
      if (cue.after_career && i <= career_start) continue;
      if (cue.after_career && career_start >= words.size()) continue;
      // "what does a DBA do (all day)", "... do on a film set": the verb
      // closes the question, but for a few words or a place or time.
      if (cue.after_career &&
          i + cue.stems.size() + closing_words(words, i + cue.stems.size()) < words.size())
        continue;
      // "..., what do they earn", "how do i get there": a verb before its
      // subject only helps to ask.
      if (cue.after_career && i + 1 < words.size() && is_subject_pronoun(words[i + 1].text))
        continue;
      std::size_t n = cue.stems.size();
      if (i + n > words.size()) continue;
      bool match = true;
      for (std::size_t k = 0; k < n && match; ++k) {
        match = !covered[i + k] && words[i + k].stem == cue.stems[k];
      }
      if (!match) continue;
      // A "like" that ends the question asks what something is like ("what's
      // that career like?"), not for a likeness ("careers like nursing").
      if (n > 1 && cue.stems.back() == "like" && i + n == words.size()) continue;
      // A request in the past tense reports what was done: "this helped me
      // decide" thanks, where "help me decide" asks.
      if (n > 1 && is_guidance_intent(cue.intent) && words[i + 1].text == "me" &&
          words[i].text.ends_with("ed") && !cue.phrase.starts_with(words[i].text))
        continue;
      // Of one-word cues sharing a stem, the word as written: "school" is
      // not "schooling".
      if (n == 1 && matched != nullptr && cue.phrase != words[i].text) continue;
      matched = &cue;
      if (n > 1 || cue.phrase == words[i].text) break;
    }
    if (matched != nullptr) {
      // The verb that closes the question is its main verb: "what do
      // medical assistants make" asks the pay, whatever the model reads.
      const bool closes = matched->after_career && i + matched->stems.size() == words.size();
      found.score[static_cast<std::size_t>(matched->intent)] += matched->weight + (closes ? 1 : 0);
      found.cues.push_back(matched);
      found.starts.push_back(i);
      for (std::size_t k = 0; k < matched->stems.size(); ++k) found.used[i + k] = true;
    }
  }
  drop_helping_verbs(found);
  return found;
}

}  // namespace careerbot
