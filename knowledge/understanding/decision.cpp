#include "decision.hpp"

#include <algorithm>
#include <array>

#include "intent_evidence.hpp"
#include "support.hpp"

namespace careerbot {
namespace {

double intent_strength(int score) {
  return score >= 3 ? 1.0 : score == 2 ? 0.9 : score == 1 ? 0.8 : 0.0;
}

int score_of(const IntentEvidence& evidence, Intent intent) {
  return evidence.score[static_cast<std::size_t>(intent)];
}

// How sure the reading of a fact intent is: the model's calibrated
// probability when it alone saw it; the cues' strength when they agree with
// it (or there is no model); less when a sure model read otherwise.
double intent_quality(const IntentEvidence& evidence, Intent intent, int score) {
  const bool cued = std::any_of(evidence.cues.begin(), evidence.cues.end(),
                                [&](const IntentCue* cue) { return cue->intent == intent; });
  const double model = evidence.model_confidence;
  // (More points than the model gives came from the question a
  // clarification answered: "the elementary ones" still asks the pay.)
  const bool model_alone = !cued && score <= model_points(1.0F);
  if (model_alone && evidence.model_intent == intent) return model;
  if (evidence.model_intent == intent || evidence.model_intent == Intent::unknown || model < 0.5)
    return intent_strength(score);
  return intent_strength(score) * (1.0 - model / 2);
}

std::string cue_list(const IntentEvidence& evidence, Intent intent) {
  std::string list;
  for (const auto* cue : evidence.cues) {
    if (cue->intent != intent) continue;
    list += (list.empty() ? "" : ", ") + quote(cue->phrase);
  }
  if (!list.empty()) return list;
  return evidence.model_intent == intent ? "the model" : "no cue";
}

// Whether every word, little ones too, is a career's name or a cue: "NP
// salary", not "I want to be a nurse".
bool all_words_told(const Reading& r, const IntentEvidence& evidence) {
  for (std::size_t i = 0; i < r.words.size(); ++i) {
    if (!r.covered[i] && !evidence.used[i]) return false;
  }
  return true;
}

// Whether a question may carry the last one ("and for nurses?"): no fact is
// asked in words, and no clarification is pending (it carries its own).
bool asks_last_question_again(const IntentEvidence& evidence, const ConversationState& state) {
  return state.candidates.empty() &&
         std::none_of(evidence.cues.begin(), evidence.cues.end(),
                      [](const IntentCue* cue) { return is_fact_intent(cue->intent); });
}

// What a question about known careers asks, and how sure that reading is.
std::pair<Intent, double> career_intent(const Reading& r, const IntentEvidence& evidence,
                                        const CareerChoice& choice,
                                        const ConversationState& state) {
  if (choice.careers.size() >= 2) return {Intent::compare, 1.0};
  const int fact_score = evidence.fact_score();
  const int overview = score_of(evidence, Intent::overview);
  // "same for paramedics", "and for nurses?" keep asking the same thing,
  // whatever the model makes of the few words.
  Intent carried = !state.candidates.empty() ? state.pending_intent : state.intent;
  const bool fact_cued =
      std::any_of(evidence.cues.begin(), evidence.cues.end(),
                  [](const IntentCue* cue) { return is_fact_intent(cue->intent); });
  if (is_fact_intent(carried) && is_follow_up(r.words) && !fact_cued) return {carried, 0.9};
  if (fact_score > 0 && fact_score >= overview) {
    const Intent best = evidence.best_fact_intent();
    return {best, intent_quality(evidence, best, fact_score)};
  }
  if (is_fact_intent(carried) && (is_follow_up(r.words) || overview == 0)) return {carried, 0.9};
  // Naming a career alone asks for its overview; a career word inside other
  // talk ("who is the president of france") does not.
  const double covered = coverage(r, evidence, choice.kind_words);
  const double alone = covered >= 0.75 || choice.described ? 0.9 : 0.3 + 0.2 * covered;
  return {Intent::overview, std::max(intent_strength(overview), alone)};
}

// "nurse salary and outlook", "pay + number of openings": facts named one
// after the other, each by a decisive cue of its own, joined by "and" with
// at most a few words between, are each asked. Their intents in the order
// asked, when two or more differ; else none.
std::vector<Intent> joined_facts(const Reading& r, const IntentEvidence& evidence) {
  static constexpr std::array<std::string_view, 3> kJoins = {"and", "plus", "also"};
  constexpr std::size_t kMostBetween = 4;  // "salary and approx number of openings"
  std::vector<Intent> chain;
  std::size_t chain_end = 0;  // the word after the chain's last cue
  for (std::size_t c = 0; c < evidence.cues.size(); ++c) {
    const IntentCue* cue = evidence.cues[c];
    if (!is_fact_intent(cue->intent) || cue->weight < 3) continue;
    const std::size_t start = evidence.starts[c];
    bool joined = !chain.empty() && start > chain_end && start - chain_end <= kMostBetween;
    bool join_word = false;
    for (std::size_t i = chain_end; joined && i < start; ++i) {
      joined = !r.covered[i];
      join_word = join_word || contains(kJoins, r.words[i].text);
    }
    if (!(joined && join_word)) {
      if (chain.size() >= 2) break;  // the first run of joined facts
      chain.clear();
    }
    if (!contains(chain, cue->intent)) chain.push_back(cue->intent);
    chain_end = start + cue->stems.size();
  }
  if (chain.size() < 2) chain.clear();
  return chain;
}

Understanding answer_about_careers(const Reading& r, const IntentEvidence& evidence,
                                   const CareerChoice& choice, const ConversationState& state,
                                   const MatcherSettings& settings) {
  Understanding u;
  u.careers = choice.careers;
  u.also_meant = choice.also_meant;
  u.named = choice.named;
  u.named_loosely = choice.named_loosely;
  u.status = Status::answered;
  auto [intent, intent_quality] = career_intent(r, evidence, choice, state);
  u.intent = intent;
  if (is_fact_intent(intent) && u.careers.size() == 1) {
    auto joined = joined_facts(r, evidence);
    if (contains(joined, intent)) {
      u.intent = joined.front();
      u.also_asked.assign(joined.begin() + 1, joined.end());
    } else if (asks_last_question_again(evidence, state) && intent == state.intent) {
      u.also_asked = state.also_asked;  // "nurse salary and outlook" ... "and for plumbers?"
    }
  }
  u.terse = choice.named && is_fact_intent(u.intent) && all_words_told(r, evidence);
  u.confidence = std::clamp(choice.quality * intent_quality, 0.0, 1.0);
  u.why = choice.why;
  if (!r.corrected.empty()) {
    std::string fixes;
    for (const auto& fix : r.corrected) fixes += (fixes.empty() ? "" : ", ") + fix;
    u.why += " (spelling: " + fixes + ")";
  }
  if (!r.expanded.empty()) {
    std::string forms;
    for (const auto& form : r.expanded) forms += (forms.empty() ? "" : ", ") + form;
    u.why += " (short forms: " + forms + ")";
  }
  if (u.intent == Intent::compare) {
    u.why += "; intent 'compare': " + std::to_string(u.careers.size()) + " careers named";
  } else {
    std::string cues = cue_list(evidence, u.intent);
    u.why += "; intent " + quote(intent_name(u.intent)) +
             (cues.empty() ? " (no specific question)" : " from " + cues);
    for (Intent also : u.also_asked) {
      u.why += "; also " + quote(intent_name(also)) + " from " + cue_list(evidence, also);
    }
  }
  if (u.confidence < settings.answer_threshold) {
    u.status = Status::fallback;
    u.why += "; confidence too low to answer";
    u.candidates = u.careers;  // offered as suggestions
    u.careers.clear();
    u.intent = Intent::unknown;
    u.also_asked.clear();
    u.terse = false;
  }
  return u;
}

// Whether the first word that says anything is a greeting's.
bool opens_with_greeting(const Reading& r, const IntentEvidence& evidence) {
  static constexpr std::array<std::string_view, 6> kOpeners = {"oh", "well", "um",
                                                               "uh", "and",  "ah"};
  for (const Word& w : r.words) {
    if (is_stop_word(w.text) && w.text != "hi" && w.text != "hey" && w.text != "hello") continue;
    if (std::find(kOpeners.begin(), kOpeners.end(), w.text) != kOpeners.end()) continue;
    return std::any_of(evidence.cues.begin(), evidence.cues.end(), [&](const IntentCue* cue) {
      return cue->intent == Intent::greeting && cue->stems.front() == w.stem;
    });
  }
  return false;
}

// "can i talk to an actual career advisor", "speak with a real nurse": a
// career named as the one to talk to is a person asked for.
bool asks_to_talk_with_career(const Reading& r) {
  static constexpr std::array<std::string_view, 4> kTalk = {"talk", "speak", "chat", "meet"};
  static constexpr std::array<std::string_view, 10> kPassed = {
      "a", "an", "the", "some", "actual", "real", "live", "human", "proper", "qualified"};
  for (std::size_t i = 0; i + 2 < r.words.size(); ++i) {
    if (!contains(kTalk, r.words[i].text)) continue;
    if (r.words[i + 1].text != "to" && r.words[i + 1].text != "with") continue;
    std::size_t j = i + 2;
    while (j < r.words.size() && contains(kPassed, r.words[j].text)) ++j;
    if (j < r.words.size() && r.covered[j]) return true;
  }
  return false;
}

}  // namespace

std::optional<Understanding> decide_guidance(const IntentEvidence& evidence,
                                             const NamedCareers& names,
                                             const ConversationState& state) {
  Intent guidance = evidence.best_guidance_intent();
  // "I'm a strong writer, suggest some careers" names a career but asks
  // nothing about it; "careers like nursing" asks something.
  // A career named by a word of its own ("nurses") counts when a fact is
  // asked as plainly as the guidance ("will there be jobs for nurses in the
  // future").
  const int fact = evidence.fact_score();
  // "accountant vs actuary, which is better for someone good at math":
  // careers compared plainly are asked about, whoever they would suit.
  const bool compares_named = names.careers.size() >= 2 && score_of(evidence, Intent::compare) >= 3;
  const bool asks_about_named = (names.named_outright && fact > 0) || compares_named ||
                                (names.named && guidance != Intent::unknown &&
                                 fact >= evidence.score[static_cast<std::size_t>(guidance)]);
  if (guidance == Intent::unknown || asks_about_named || evidence.model_says_out_of_scope())
    return std::nullopt;
  // "do i have to take a test to be an electrician": beside a career named
  // outright, a test is its exam; only a plain quiz cue asks for ours.
  const bool plain_quiz = std::any_of(
      evidence.cues.begin(), evidence.cues.end(),
      [](const IntentCue* cue) { return cue->intent == Intent::assess && cue->weight >= 4; });
  if (guidance == Intent::assess && names.named_outright && !plain_quiz) return std::nullopt;
  // "can I talk to someone who is not a bot": a person asked for more
  // plainly than careers.
  if (score_of(evidence, Intent::handoff) > score_of(evidence, guidance)) return std::nullopt;
  // The model alone ("I like pizza" reads like a quiz answer; "the second
  // one" like a quiz control) must be sure, and no clarification be open.
  const bool cued = std::any_of(evidence.cues.begin(), evidence.cues.end(),
                                [&](const IntentCue* cue) { return cue->intent == guidance; });
  if (!cued && (evidence.model_confidence < 0.9F || !state.candidates.empty())) return std::nullopt;
  Understanding u;
  u.status = Status::answered;
  u.intent = guidance;
  u.confidence = 0.9;
  u.why = "intent " + quote(intent_name(guidance)) + " from " + cue_list(evidence, guidance);
  return u;
}

Understanding decide(const Reading& r, const IntentEvidence& evidence, const CareerChoice& choice,
                     const ConversationState& state, const MatcherSettings& settings) {
  Understanding u;
  // A recipe or a flight booking that happens to hold a job word ("cook",
  // "pilot"): out of scope, unless a career is named outright and a fact is
  // plainly asked about it.
  // A correction ("no wait, not nurses, I mean nurse practitioners") asks
  // about the career it keeps.
  // A verb after the name ("a recipe like the chefs make") asks about the
  // career only in a question ("what a forklift driver does") or where the
  // model does not read the message as out of scope.
  const bool cued_plainly =
      std::any_of(
          evidence.cues.begin(), evidence.cues.end(),
          [](const IntentCue* cue) { return is_fact_intent(cue->intent) && !cue->after_career; }) ||
      std::any_of(r.words.begin(), r.words.end(),
                  [](const Word& w) { return w.text == "what" || w.text == "how"; });
  // A model all but certain the message is out of scope, about words the
  // cues leave unread ("how much should I tip my barber for a haircut"),
  // gives way only to a decisive cue ("make", "salary"), not to "how much"
  // and an amount ("plumber $$" has no other words).
  const bool decisively_cued = std::any_of(
      evidence.cues.begin(), evidence.cues.end(),
      [](const IntentCue* cue) { return is_fact_intent(cue->intent) && cue->weight >= 3; });
  const bool model_certain_out_of_scope = evidence.model_intent == Intent::unknown &&
                                          evidence.model_confidence >= 0.95F &&
                                          !free_words(r, evidence).empty();
  const bool fact_asked = evidence.fact_score() >= 3 &&
                          (cued_plainly || !evidence.model_says_out_of_scope()) &&
                          (decisively_cued || !model_certain_out_of_scope);
  // Careers named outright and compared ("bricklayer vs stonemason") are
  // asked about as plainly as a fact is; so is the career talked of, when a
  // follow-up asks a fact of it decisively ("and the salary once i'm
  // working?").
  const bool compared = choice.named_outright && choice.careers.size() >= 2 &&
                        score_of(evidence, Intent::compare) >= 3;
  const bool followed_up = decisively_cued && fact_asked && !choice.named &&
                           !state.careers.empty() && !choice.careers.empty() &&
                           is_follow_up(r.words);
  const bool career_question =
      (choice.named_outright && (fact_asked || r.rules_out)) || compared || followed_up;
  // Code ("'; DROP TABLE careers; --", "<script>...") is no question, unless
  // a career is plainly asked about inside it.
  if (r.looks_like_code && !career_question) {
    u.why = "the text looks like code, not a question";
    return u;
  }
  if (r.asks_for_writing && !career_question) {
    u.why = "a piece of writing asked for, not a question";
    return u;
  }
  // "$$?" after a career: every word a cue for a fact, asked of the career
  // talked about (the model reads the signs alone as out of scope).
  const bool cues_alone_ask = !r.words.empty() && !state.careers.empty() &&
                              !choice.careers.empty() && evidence.fact_score() >= 2 &&
                              coverage(r, evidence) >= 1.0;
  if (evidence.model_says_out_of_scope() && !career_question && !cues_alone_ask &&
      state.candidates.empty()) {
    u.why = "out of scope (model " + std::to_string(evidence.model_confidence).substr(0, 4) + ")";
    return u;
  }
  // "which jobs are in your catalog", "put me through to a person": talk
  // about the service, whatever job words it holds. A career named outright
  // gives way only when nothing is asked about it ("put me through to a real
  // career counselor").
  const float said_confidence = evidence.model_confidence;
  const bool career_unasked = !choice.named_outright || evidence.fact_score() == 0;
  if (Intent said = evidence.model_intent;
      is_conversational_intent(said) && said_confidence >= 0.75F && career_unasked &&
      model_points(said_confidence) > evidence.fact_score() && state.candidates.empty()) {
    u.status = Status::answered;
    u.intent = said;
    u.confidence = evidence.model_confidence;
    u.why = "intent " + quote(intent_name(said)) + " from the model";
    return u;
  }
  // "can I talk to a real person about this?": a person asked for plainly,
  // about the career talked of before, is a request for a person.
  const bool fact_cued =
      std::any_of(evidence.cues.begin(), evidence.cues.end(),
                  [](const IntentCue* cue) { return is_fact_intent(cue->intent); });
  constexpr int kPlainRequest = 4;
  const bool person_asked =
      (!choice.named && score_of(evidence, Intent::handoff) >= kPlainRequest) ||
      asks_to_talk_with_career(r);
  if (!choice.careers.empty() && !fact_cued && person_asked) {
    u.status = Status::answered;
    u.intent = Intent::handoff;
    u.confidence = 0.9;
    u.why = "intent 'handoff' from " + cue_list(evidence, Intent::handoff);
    return u;
  }
  if (!choice.careers.empty()) return answer_about_careers(r, evidence, choice, state, settings);

  // "connect me with someone from your team": a request to the service, with
  // nothing asked about careers; a kind of career ("team") in it is only a
  // word. (Around a greeting or thanks, it is still what the person came for.)
  const Intent conversation = evidence.best_conversational_intent();
  const bool talks_to_service = (conversation == Intent::handoff || conversation == Intent::list) &&
                                evidence.fact_score() == 0;
  if (!choice.candidates.empty() && !talks_to_service) {
    u.status = Status::clarify;
    u.candidates = choice.candidates;
    u.intent = evidence.best_fact_intent();
    // "and for forklift operators?" keeps asking what the last turn asked,
    // once the person says which.
    if (is_fact_intent(state.intent) && is_follow_up(r.words) && evidence.fact_score() == 0)
      u.intent = state.intent;
    u.confidence = 0.5;
    u.why = (choice.why.empty() ? std::string("the question") : choice.why) + " fits " +
            std::to_string(u.candidates.size()) + " careers; asking which";
    return u;
  }

  const int fact_score = evidence.fact_score();
  Intent conversational = evidence.best_conversational_intent();
  // A greeting opens a message; one further in is quoted ("translate good
  // morning into Japanese", "how do you say hello in Spanish").
  if (conversational == Intent::greeting && !opens_with_greeting(r, evidence))
    conversational = Intent::unknown;
  if (conversational != Intent::unknown && fact_score < 3) {
    u.status = Status::answered;
    u.intent = conversational;
    // A greeting inside another question ("how do you say 'good morning' in
    // Spanish") is no greeting when the model reads it otherwise: only the
    // share of words the cue explains counts then.
    const bool model_differs =
        evidence.model_intent != conversational && evidence.model_confidence >= 0.5F;
    const double covered = coverage(r, evidence);
    u.confidence = std::min(1.0, 0.6 + 0.1 * score_of(evidence, conversational)) *
                   (model_differs ? covered : std::max(covered, 0.6));
    u.why = "intent " + quote(intent_name(conversational)) + " from " +
            cue_list(evidence, conversational);
    if (u.confidence >= settings.answer_threshold) return u;
  }

  const bool cue_for_fact =
      std::any_of(evidence.cues.begin(), evidence.cues.end(),
                  [](const IntentCue* cue) { return is_fact_intent(cue->intent); });
  if (fact_score >= 3 && cue_for_fact) {
    // A clear question about a career we could not identify: ask which one.
    // (The model alone is not enough: "thnaks so much" is no pay question.)
    u.status = Status::clarify;
    u.intent = evidence.best_fact_intent();
    u.confidence = 0.4;
    u.why = "intent " + quote(intent_name(u.intent)) + " from " + cue_list(evidence, u.intent) +
            ", but no career named";
    return u;
  }

  u = {};
  u.why = r.words.empty() ? "no words to understand" : "no career or career question recognised";
  return u;
}

}  // namespace careerbot
