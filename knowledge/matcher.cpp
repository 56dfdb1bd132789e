#include "matcher.hpp"

#include "english_words.hpp"
#include "understanding/career_choice.hpp"
#include "understanding/career_names.hpp"
#include "understanding/decision.hpp"
#include "understanding/intent_evidence.hpp"
#include "understanding/reading.hpp"

namespace careerbot {

Matcher::Matcher(MatcherSettings settings) : settings_(std::move(settings)) {
  EnglishWords::system();
}

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

// The stages, in order; each lives in understanding/ with its own tests.
Understanding Matcher::understand(const Snapshot& snapshot, std::string_view text,
                                  const ConversationState& state) const {
  const IntentClassifier* model = settings_.intent_model.get();
  Reading reading = read_question(snapshot.index, lexicon_, model, text);
  NamedCareers names = name_careers(snapshot, lexicon_, reading);
  IntentEvidence evidence =
      gather_intent_evidence(lexicon_, model, reading, career_start(snapshot.index, reading));
  if (auto guidance = decide_guidance(evidence, names, state)) return *guidance;
  CareerChoice choice = choose_careers(snapshot, reading, names, evidence, state, settings_);
  return decide(reading, evidence, choice, state, settings_);
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
