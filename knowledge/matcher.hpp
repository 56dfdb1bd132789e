// Understanding one question: which career (or careers) it is about and what
// the person wants to know, with a confidence and an explanation.
#pragma once

#include <array>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "guidance/interest_match.hpp"
#include "intent.hpp"
#include "lexicon.hpp"
#include "snapshot.hpp"
#include "understanding/intent_classifier.hpp"
#include "understanding/recent_findings.hpp"

namespace careerbot {

enum class Status { answered, clarify, fallback };
std::string_view status_name(Status status);

// What the conversation remembers between turns (career ids survive updates
// of the knowledge base; positions would not).
// An interest assessment under way.
struct QuizProgress {
  bool active = false;
  bool whole_set = false;                 // every item was sent at once (email)
  std::size_t next = 0;                   // the item to ask next (into interest_items())
  std::map<std::size_t, Choice> answers;  // by item
};

// Careers recommended in the last guidance reply, for "more", filters and
// "tell me about the third one".
struct ShownMatches {
  std::vector<std::string> ids;  // every career that passed, best first
  std::vector<int> percents;     // their match, 0-100
  std::size_t shown = 0;         // how many have been shown
  std::array<double, 6> person{};
  std::vector<std::string> topics;  // what the person said (words of their message), if any
  MatchFilters filters;
};

struct ConversationState {
  std::vector<std::string> careers;     // named in the last answer; the first is the subject
  Intent intent = Intent::unknown;      // the last fact asked about
  std::vector<Intent> also_asked;       // further facts asked with it ("salary and outlook")
  std::vector<std::string> candidates;  // offered in a clarification, in order
  Intent pending_intent = Intent::unknown;
  QuizProgress quiz;
  std::optional<ShownMatches> matches;
};

struct MatcherSettings {
  double answer_threshold = 0.45;  // below this, answer with a fallback
  int max_candidates = 5;          // careers offered in a clarification
  // The learned intent model beside the cue lexicon; null for the lexicon alone.
  std::shared_ptr<const IntentClassifier> intent_model;
  // Texts whose findings are remembered (see RecentFindings); 0: none.
  std::size_t remembered_texts = 2048;
};

struct Understanding {
  Status status = Status::fallback;
  Intent intent = Intent::unknown;
  std::vector<int> careers;     // positions in the snapshot; the first is the subject
  std::vector<int> candidates;  // for a clarification
  std::vector<int> also_meant;  // other readings of the name, offered beside the answer
  // Further facts asked of the same career, joined to the first by "and"
  // ("nurse salary and outlook"): in the order asked, after `intent`.
  std::vector<Intent> also_asked;
  bool named = false;  // a career's name is in the text (not guessed from its words)
  // Nothing but a career's name and the fact asked of it ("NP salary"): a
  // question, with its question mark or without.
  bool terse = false;
  // Named only by one word fixed ("actualy": actuary) or read as a worker ("grading").
  bool named_loosely = false;
  double confidence = 0;
  std::string why;
};

class Matcher {
 public:
  // Reads the system's English word list now, not on the first question.
  explicit Matcher(MatcherSettings settings);

  Understanding understand(const Snapshot& snapshot, std::string_view text,
                           const ConversationState& state) const;

  const MatcherSettings& settings() const { return settings_; }

 private:
  // What the text alone says: remembered, else worked out and remembered.
  TextFindingsPtr findings(const Snapshot& snapshot, std::string_view text) const;

  MatcherSettings settings_;
  IntentLexicon lexicon_;
  std::unique_ptr<RecentFindings> recent_;  // (a pointer: it holds mutexes, the matcher moves)
};

// Carries an understanding into the conversation state for the next turn.
void remember(const Snapshot& snapshot, const Understanding& understanding,
              ConversationState& state);

}  // namespace careerbot
