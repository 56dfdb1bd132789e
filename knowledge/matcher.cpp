#include "matcher.hpp"

#include "english_words.hpp"
#include "understanding/career_choice.hpp"
#include "understanding/career_names.hpp"
#include "understanding/decision.hpp"
#include "understanding/intent_evidence.hpp"
#include "understanding/reading.hpp"

namespace careerbot {

Matcher::Matcher(MatcherSettings settings)
    : settings_(std::move(settings)),
      recent_(std::make_unique<RecentFindings>(settings_.remembered_texts)) {
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

// The stages that read the text alone, made in place (names point into the reading).
TextFindingsPtr Matcher::findings(const Snapshot& snapshot, std::string_view text) const {
  if (auto remembered = recent_->find(snapshot.id, text)) return remembered;
  const IntentClassifier* model = settings_.intent_model.get();
  auto made = std::make_shared<TextFindings>();
  made->reading = read_question(snapshot.index, lexicon_, model, text);
  made->names = name_careers(snapshot, lexicon_, made->reading);
  made->evidence = gather_intent_evidence(lexicon_, model, made->reading,
                                          career_start(snapshot.index, made->reading));
  recent_->keep(snapshot.id, text, made);
  return made;
}

// The stages, in order; each lives in understanding/ with its own tests.
Understanding Matcher::understand(const Snapshot& snapshot, std::string_view text,
                                  const ConversationState& state) const {
  TextFindingsPtr found = findings(snapshot, text);
  IntentEvidence evidence = found->evidence;  // the conversation may add its points
  if (auto guidance = decide_guidance(evidence, found->names, state)) return *guidance;
  CareerChoice choice =
      choose_careers(snapshot, found->reading, found->names, evidence, state, settings_);
  return decide(found->reading, evidence, choice, state, settings_);
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
  if (is_fact_intent(u.intent) || u.intent == Intent::overview) {
    state.intent = u.intent;
    state.also_asked = u.also_asked;
  }
  state.candidates.clear();
  state.pending_intent = Intent::unknown;
}

}  // namespace careerbot
