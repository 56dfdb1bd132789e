// Unanswered questions gathered into groups of similar wording ("zorblatt
// salary", "how much does a zorblatt make"), so that an admin fixes a gap
// once: questions sharing most of their topic words (stemmed; stop words and
// the words that say what is asked left out) form one group, named after its
// most asked wording.
#pragma once

#include <vector>

#include "store.hpp"

namespace careerbot {

struct UnansweredGroup {
  std::string text;  // the most asked wording
  long long count = 0;
  std::string last_seen;
  std::vector<UnansweredQuestion> questions;  // most asked first
};

// Groups by count, then last seen, most first.
std::vector<UnansweredGroup> group_unanswered(std::vector<UnansweredQuestion> questions);

}  // namespace careerbot
