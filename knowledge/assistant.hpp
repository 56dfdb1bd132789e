// The answering engine behind every channel: one message in, one Answer out.
// Holds the current knowledge snapshot (swapped atomically on updates) and
// the conversations' memory. Thread-safe.
#pragma once

#include <atomic>
#include <string>
#include <string_view>

#include "answer.hpp"
#include "conversation.hpp"
#include "guidance/guide.hpp"
#include "matcher.hpp"
#include "snapshot.hpp"

namespace careerbot {

class Assistant {
 public:
  Assistant(SnapshotPtr snapshot, MatcherSettings settings, ConversationMemory& conversations);

  // Answers `text`; an empty conversation id starts a new conversation.
  // `options` say what the channel can do (email gets the whole quiz at once).
  Answer ask(std::string_view text, std::string conversation_id, const GuideOptions& options = {});

  // Makes a new knowledge base live for the next question. Readers that hold
  // the previous snapshot finish with it undisturbed.
  void publish(SnapshotPtr snapshot) { snapshot_.store(std::move(snapshot)); }
  SnapshotPtr snapshot() const { return snapshot_.load(); }

 private:
  std::atomic<SnapshotPtr> snapshot_;
  Matcher matcher_;
  Guide guide_;
  ConversationMemory& conversations_;
};

// Splits a message into the questions it asks: at sentence ends, and at
// "and"/"also" that start a new question ("... earn and what degree ...").
struct Segment {
  std::string_view text;
  bool is_question;  // ends with '?' or starts like a question
};
std::vector<Segment> split_questions(std::string_view text);

}  // namespace careerbot
