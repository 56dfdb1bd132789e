#include "text_search.hpp"

#include <algorithm>
#include <cmath>

#include "text.hpp"

namespace careerbot {
namespace {

// The usual BM25 constants: term frequency saturation and length normalisation.
constexpr double kK1 = 1.2;
constexpr double kB = 0.75;

}  // namespace

TextSearch::TextSearch(const KnowledgeBase& kb) {
  const auto& profiles = kb.profiles();
  length_.assign(profiles.size(), 0);
  double total = 0;
  for (std::size_t i = 0; i < profiles.size(); ++i) {
    std::unordered_map<std::string, int> counts;
    auto add = [&](const std::string& text) {
      for (const auto& word : split_words(text)) {
        if (is_stop_word(word)) continue;
        ++counts[stem_word(word)];
        length_[i] += 1;
      }
    };
    add(profiles[i].title);  // the title counts twice: it says what the work is
    add(profiles[i].title);
    add(profiles[i].summary);
    for (const auto& task : profiles[i].tasks) add(task);
    for (auto& [stem, count] : counts) postings_[stem].emplace_back(static_cast<int>(i), count);
    total += length_[i];
  }
  average_length_ =
      profiles.empty() ? 1 : std::max(1.0, total / static_cast<double>(profiles.size()));
}

std::vector<TextSearch::Hit> TextSearch::rank(const std::vector<std::string>& stems,
                                              std::size_t limit) const {
  std::unordered_map<int, Hit> scores;
  const auto documents = static_cast<double>(length_.size());
  for (const auto& stem : stems) {
    auto it = postings_.find(stem);
    if (it == postings_.end()) continue;
    auto with = static_cast<double>(it->second.size());
    double idf = std::log(1 + (documents - with + 0.5) / (with + 0.5));
    for (const auto& [profile, count] : it->second) {
      double tf = count;
      double norm =
          kK1 * (1 - kB + kB * length_[static_cast<std::size_t>(profile)] / average_length_);
      Hit& hit = scores.try_emplace(profile, Hit{profile, 0, 0}).first->second;
      hit.score += idf * tf * (kK1 + 1) / (tf + norm);
      hit.matched += 1;
    }
  }
  std::vector<Hit> ranked;
  ranked.reserve(scores.size());
  for (const auto& [profile, hit] : scores) ranked.push_back(hit);
  std::sort(ranked.begin(), ranked.end(), [](const Hit& a, const Hit& b) {
    return a.score != b.score ? a.score > b.score : a.profile < b.profile;
  });
  if (ranked.size() > limit) ranked.resize(limit);
  return ranked;
}

}  // namespace careerbot
