#include "career_moves.hpp"

#include <algorithm>
#include <array>
#include <string_view>

namespace careerbot {
namespace {

// The word before a name at `start`, past articles, words of time or state
// and an age ("from being a", "i am currently an", "i'm a 40-year-old");
// "" at the message's start. `skipped` is how far back it stands.
std::string_view word_before_name(const std::vector<Word>& words, std::size_t start,
                                  std::size_t* skipped = nullptr) {
  static constexpr std::array<std::string_view, 19> kPassed = {
      "a",    "an",   "the",  "being", "currently", "now", "already", "still", "just", "great",
      "good", "fine", "real", "year",  "years",     "old", "yo",      "yr",    "yrs"};
  auto passed = [](std::string_view word) {
    return std::find(kPassed.begin(), kPassed.end(), word) != kPassed.end() ||
           (!word.empty() &&
            std::all_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; }));
  };
  std::size_t i = start;
  while (i > 0 && passed(words[i - 1].text)) --i;
  if (skipped != nullptr) *skipped = start - i;
  return i == 0 ? std::string_view{} : std::string_view(words[i - 1].text);
}

// The career the person has now or comes from: "from (being) a CNA", "I am
// (currently) a nurse", "I work as an accountant", "a former teacher",
// "currently an accountant"; or the first of "CNA to RN", "nurse into law".
using NameSpan = std::pair<std::size_t, std::size_t>;
bool names_role_held(const std::vector<Word>& words, NameSpan span,
                     const std::vector<NameSpan>& others) {
  std::size_t skipped = 0;
  const std::string_view before = word_before_name(words, span.first, &skipped);
  const std::size_t at = span.first - skipped;  // the word before is at at - 1
  auto word = [&](std::size_t back) -> std::string_view {
    return at >= back + 1 ? std::string_view(words[at - 1 - back].text) : std::string_view{};
  };
  const bool currently = std::any_of(words.begin() + static_cast<std::ptrdiff_t>(at),
                                     words.begin() + static_cast<std::ptrdiff_t>(span.first),
                                     [](const Word& w) { return w.text == "currently"; });
  if (currently || before == "from" || before == "former" || before == "ex") return true;
  if (before == "am") return word(1) == "i";
  if (before == "as") {
    const std::string_view verb = word(1);
    return verb == "work" || verb == "working" || verb == "worked" || verb == "employed";
  }
  // "cna to rn": a name, "to", and another name straight after.
  std::size_t next = span.second;
  if (next >= words.size() || (words[next].text != "to" && words[next].text != "into"))
    return false;
  for (++next; next < words.size() && (words[next].text == "a" || words[next].text == "an");)
    ++next;
  return std::any_of(others.begin(), others.end(),
                     [&](const NameSpan& other) { return other.first == next; });
}

// The career the person wants: "become a", "be an", "from X to Y", "into",
// "I'd make a great ...".
bool names_aim(const std::vector<Word>& words, std::size_t start) {
  static constexpr std::array<std::string_view, 8> kTowards = {
      "become", "becoming", "be", "to", "into", "toward", "towards", "make"};
  const std::string_view before = word_before_name(words, start);
  return std::find(kTowards.begin(), kTowards.end(), before) != kTowards.end();
}

}  // namespace

// "I'm a CNA and want to become an RN", "how do I get from web developer to
// software developer": two careers named, one the person's own and one the
// aim. The aim is the subject; -1 when the names say no such thing.
int aim_beside_role_held(const Reading& r, const NamedCareers& names) {
  if (names.careers.size() < 2 || names.spans.size() != names.careers.size()) return -1;
  int aim = -1;
  bool role_held = false;
  for (std::size_t k = 0; k < names.careers.size(); ++k) {
    if (names_role_held(r.words, names.spans[k], names.spans)) {
      role_held = true;
    } else if (names_aim(r.words, names.spans[k].first)) {
      if (aim >= 0) return -1;
      aim = names.careers[k];
    } else {
      return -1;  // a third career, or one named without saying whose
    }
  }
  return role_held ? aim : -1;
}

}  // namespace careerbot
