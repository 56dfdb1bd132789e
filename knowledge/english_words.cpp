#include "english_words.hpp"

#include <algorithm>
#include <fstream>

#include "text.hpp"

namespace careerbot {
namespace {

bool ascii_letters(std::string_view line) {
  return !line.empty() && std::all_of(line.begin(), line.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  });
}

}  // namespace

EnglishWords::EnglishWords(std::istream& list) {
  std::vector<std::pair<std::size_t, std::size_t>> spans;  // into text_: (start, length)
  std::string line;
  while (std::getline(list, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!ascii_letters(line)) continue;
    spans.emplace_back(text_.size(), line.size());
    for (char c : line) text_ += ascii_lower(c);
  }
  // (Views are taken once text_ has stopped growing.)
  sorted_.reserve(spans.size());
  for (const auto& [start, length] : spans)
    sorted_.emplace_back(std::string_view(text_).substr(start, length));
  std::sort(sorted_.begin(), sorted_.end());
  sorted_.erase(std::unique(sorted_.begin(), sorted_.end()), sorted_.end());
}

const EnglishWords& EnglishWords::system() {
  static const EnglishWords words = [] {
    std::ifstream list(kSystemList);
    return EnglishWords(list);
  }();
  return words;
}

bool EnglishWords::contains(std::string_view word) const {
  return std::binary_search(sorted_.begin(), sorted_.end(), word);
}

}  // namespace careerbot
