// BM25 ranking of careers by what they do (summary and tasks), for questions
// that describe work instead of naming a career: "who designs computer
// networks?".
#pragma once

#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "knowledge_base.hpp"

namespace careerbot {

class TextSearch {
 public:
  explicit TextSearch(const KnowledgeBase& kb);

  struct Hit {
    int profile;
    double score;
    int matched;  // how many of the stems its text has
  };
  // Careers best described by these stems, best first.
  std::vector<Hit> rank(const std::vector<std::string>& stems, std::size_t limit) const;

 private:
  std::unordered_map<std::string, std::vector<std::pair<int, int>>>
      postings_;                // stem -> (profile, count)
  std::vector<double> length_;  // words per profile
  double average_length_ = 1;
};

}  // namespace careerbot
