// Guidance in conversation, for people who don't know yet what they want:
// the interest quiz (asked one item at a time, or all at once by email),
// recommendations from what people say about themselves, and follow-ups on
// the careers shown ("more", "only ones without a degree", "tell me about
// the third one"). The state lives in the conversation.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "answer.hpp"
#include "lexicon.hpp"
#include "matcher.hpp"
#include "snapshot.hpp"

namespace careerbot {

struct GuideOptions {
  bool whole_quiz = false;  // the channel sends the whole quiz at once (email)
};

class Guide {
 public:
  // A message that carries guidance on: a quiz answer or control ("skip",
  // "stop", "start over"), a follow-up on shown careers, or (whole_quiz) a
  // reply listing answers. nullopt: not guidance; answer it as a question.
  std::optional<Reply> carry_on(const Snapshot& snapshot, std::string_view text,
                                ConversationState& state, const GuideOptions& options) const;

  // The answer to a guidance intent the matcher found: the quiz, or careers
  // that fit what the person said (the quiz when they said nothing to go on).
  Reply answer(const Snapshot& snapshot, Intent intent, std::string_view text,
               ConversationState& state, const GuideOptions& options) const;

  // "what careers pay over 80k without a degree": careers asked for by what
  // they must meet (pay, no degree, growth), not one career's facts.
  static bool asks_by_requirements(std::string_view text);

  // While a quiz runs: the item to come back to after answering something
  // else, added to that reply.
  void add_quiz_reminder(const ConversationState& state, Reply& reply) const;

 private:
  Reply start_quiz(ConversationState& state, const GuideOptions& options) const;
  Reply next_item(const Snapshot& snapshot, ConversationState& state) const;
  Reply quiz_result(const Snapshot& snapshot, ConversationState& state) const;
  Reply recommend(const Snapshot& snapshot, std::string_view text, ConversationState& state,
                  const GuideOptions& options) const;
  std::optional<Reply> follow_up(const Snapshot& snapshot, std::string_view text,
                                 ConversationState& state) const;

  IntentLexicon lexicon_;
};

}  // namespace careerbot
