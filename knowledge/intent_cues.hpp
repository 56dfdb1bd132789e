// The words and phrases that signal each intent, as people type them: the
// table IntentLexicon (lexicon.hpp) stems and matches. One place to add a cue.
#pragma once

#include <span>

#include "intent.hpp"

namespace careerbot {

struct CueSpec {
  const char* phrase;
  Intent intent;
  int weight;                 // 3 = decisive, 2 = strong, 1 = hint
  bool after_career = false;  // counts only after the career is named ("what does a DBA do")
};

std::span<const CueSpec> intent_cues();

}  // namespace careerbot
