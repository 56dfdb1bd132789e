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
  for (std::size_t letter = 0; letter <= kLetters; ++letter) {
    const char c = static_cast<char>('a' + letter);
    by_letter_[letter] = static_cast<std::size_t>(
        std::lower_bound(sorted_.begin(), sorted_.end(), std::string_view(&c, 1)) -
        sorted_.begin());
  }
}

const EnglishWords& EnglishWords::system() {
  static const EnglishWords words = [] {
    std::ifstream list(kSystemList);
    return EnglishWords(list);
  }();
  return words;
}

bool EnglishWords::contains(std::string_view word) const {
  if (word.empty() || word.front() < 'a' || word.front() > 'z') return false;  // (none are)
  const auto begin = sorted_.begin() + static_cast<std::ptrdiff_t>(first_of_letter(word.front()));
  const auto end = sorted_.begin() + static_cast<std::ptrdiff_t>(
                                         first_of_letter(static_cast<char>(word.front() + 1)));
  return std::binary_search(begin, end, word);
}

}  // namespace careerbot
