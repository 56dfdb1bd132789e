#include "unanswered_groups.hpp"

#include <algorithm>
#include <set>

#include "lexicon.hpp"
#include "text.hpp"

namespace careerbot {
namespace {

// Two wordings are one question when they share at least this share of the
// topic words of the shorter one.
constexpr double kShared = 0.6;

// What a question is about: its words without stop words and without the
// words that say what is asked ("how much", "salary", "become"), which
// every question shares.
std::set<std::string> topic_stems(const std::string& text) {
  static const IntentLexicon lexicon;
  std::set<std::string> stems;
  for (const auto& word : analyse(text)) {
    if (!is_stop_word(word.text) && !lexicon.knows_word(word.text)) stems.insert(word.stem);
  }
  return stems;
}

bool similar(const std::set<std::string>& a, const std::set<std::string>& b) {
  if (a.empty() || b.empty()) return a == b;
  std::size_t shared = 0;
  for (const auto& stem : a) shared += b.count(stem);
  return static_cast<double>(shared) >= kShared * static_cast<double>(std::min(a.size(), b.size()));
}

}  // namespace

std::vector<UnansweredGroup> group_unanswered(std::vector<UnansweredQuestion> questions) {
  std::stable_sort(questions.begin(), questions.end(), [](const auto& x, const auto& y) {
    return x.count != y.count ? x.count > y.count : x.last_seen > y.last_seen;
  });
  std::vector<UnansweredGroup> groups;
  std::vector<std::set<std::string>> group_stems;
  for (auto& question : questions) {
    auto stems = topic_stems(question.text);
    std::size_t found = 0;
    while (found < groups.size() && !similar(group_stems[found], stems)) ++found;
    if (found == groups.size()) {
      groups.push_back({question.text, 0, question.last_seen, {}});
      group_stems.push_back(stems);
    }
    auto& group = groups[found];
    group.count += question.count;
    group.last_seen = std::max(group.last_seen, question.last_seen);
    group.questions.push_back(std::move(question));
  }
  std::stable_sort(groups.begin(), groups.end(), [](const auto& x, const auto& y) {
    return x.count != y.count ? x.count > y.count : x.last_seen > y.last_seen;
  });
  return groups;
}

}  // namespace careerbot
