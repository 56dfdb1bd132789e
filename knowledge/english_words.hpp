// Everyday English words, so that a word written correctly is never
// "corrected" into a career's ("whenever" -> "wheeler", "sorry" -> "lorry"):
// the system's word list (Debian's wamerican, /usr/share/dict/words).
#pragma once

#include <array>
#include <filesystem>
#include <istream>
#include <string>
#include <string_view>
#include <vector>

namespace careerbot {

class EnglishWords {
 public:
  // One word per line; lines with anything but ASCII letters (possessives,
  // accents) are left out, capitals are lowered ("Jordan" -> "jordan").
  explicit EnglishWords(std::istream& list);
  EnglishWords(const EnglishWords&) = delete;  // (views into its own text)
  EnglishWords& operator=(const EnglishWords&) = delete;

  // The system's list, read on first use; empty when it is absent (then no
  // word is known, and spelling is corrected as if there were no list).
  static const EnglishWords& system();
  static constexpr const char* kSystemList = "/usr/share/dict/words";

  // `word` lower-case, as split_words gives it.
  bool contains(std::string_view word) const;
  std::size_t size() const { return sorted_.size(); }

 private:
  // Where the words of each first letter begin in sorted_ (and, at 'z' + 1,
  // where they end): a lookup searches one letter's words.
  static constexpr std::size_t kLetters = 26;
  std::size_t first_of_letter(char c) const {
    return by_letter_[static_cast<std::size_t>(c - 'a')];
  }

  std::string text_;                      // the words, one after another
  std::vector<std::string_view> sorted_;  // into text_, sorted, unique
  std::array<std::size_t, kLetters + 1> by_letter_{};
};

}  // namespace careerbot
