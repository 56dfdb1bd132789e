#include "career_moves.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <string_view>

#include "support.hpp"

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
  // "help a retail mgr become a management analyst", "can a nurse (ever)
  // transition into ...": the one who would become another.
  static constexpr std::array<std::string_view, 6> kTurning = {
      "become", "becoming", "transition", "transitioning", "switch", "switching"};
  std::size_t after = span.second;
  while (after < words.size() && (words[after].text == "to" || words[after].text == "ever"))
    ++after;
  if (after < words.size() && contains(kTurning, words[after].text)) return true;
  // "my guidance counselor said ...": someone in the person's life.
  if (before == "my" || before == "our") return true;
  if (before == "am") return word(1) == "i";
  // "my uncle is a plumber", "my mom was a nurse": someone's own, told.
  static constexpr std::array<std::string_view, 22> kSomeone = {
      "uncle",   "aunt",    "mom",       "mum",       "mother",   "dad",
      "father",  "brother", "sister",    "friend",    "wife",     "husband",
      "cousin",  "son",     "daughter",  "partner",   "neighbor", "neighbour",
      "grandpa", "grandma", "boyfriend", "girlfriend"};
  if ((before == "is" || before == "was") && contains(kSomeone, word(1)))
    return word(2) == "my" || word(2) == "our";
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

// Whether a choice told names the career at `at`: "chose (a)", "picked",
// "settled on", "went with", "opted for" before it.
bool follows_choice(const std::vector<Word>& words, std::size_t at) {
  static constexpr std::array<std::string_view, 4> kChose = {"chose", "chosen", "picked",
                                                             "selected"};
  static constexpr std::array<std::string_view, 9> kDecided = {
      "settled on", "decided on", "landed on", "went with",   "gone with",
      "going with", "opted for",  "go with",   "committed to"};
  std::size_t skipped = 0;
  const std::string_view before = word_before_name(words, at, &skipped);
  if (contains(kChose, before)) return true;
  const std::size_t i = at - skipped;  // the word before is at i - 1
  if (i < 2) return false;
  const std::string phrase = words[i - 2].text + " " + std::string(before);
  return contains(kDecided, phrase);
}

}  // namespace

// "I'm a cashier, what do web developers earn?", "my uncle is a plumber and
// says electricians are in demand": a career held, told as background, and
// one career after it; that one is the subject. -1 otherwise.
int career_beside_role_held(const Reading& r, const NamedCareers& names) {
  if (names.careers.size() != 2 || names.spans.size() != 2) return -1;
  if (!names_role_held(r.words, names.spans[0], names.spans)) return -1;
  if (names_role_held(r.words, names.spans[1], names.spans)) return -1;
  // "I'm a web developer and a graphic designer": both held. "a nursing
  // assistant rn" ("right now"): no other career asked after the one held.
  if (names.spans[1].first == names.spans[0].second) return -1;
  std::size_t skipped = 0;
  const std::string_view before = word_before_name(r.words, names.spans[1].first, &skipped);
  const bool joined = (before == "and" || before == "or" || before == "&") &&
                      names.spans[1].first - skipped - 1 == names.spans[0].second;
  return joined ? -1 : names.careers[1];
}

// "I was torn between statistician and data scientist and settled on
// statistician": careers weighed, then one chosen. The one chosen is the
// subject, unless a comparison is asked after it ("... which pays better?");
// -1 when no choice is told.
int career_chosen(const Reading& r, const NamedCareers& names) {
  if (names.careers.size() < 2) return -1;
  static constexpr std::array<std::string_view, 9> kComparing = {
      "better", "worse",  "compare",    "compared", "comparison",
      "vs",     "versus", "difference", "which"};
  for (const NameMatch& m : r.matches) {
    if (!follows_choice(r.words, m.start)) continue;
    int chosen = -1;
    for (std::size_t k = 0; k < names.careers.size(); ++k) {
      const int career = names.careers[k];
      const bool by_this_name = std::any_of(m.names.begin(), m.names.end(), [&](const auto* name) {
        return name->profile == career;
      });
      if (by_this_name) {
        chosen = career;
      } else if (names.spans[k].first > m.start) {
        return -1;  // another career named after the choice
      }
    }
    const bool compared_after =
        std::any_of(r.words.begin() + static_cast<std::ptrdiff_t>(m.start + m.length),
                    r.words.end(), [&](const Word& w) { return contains(kComparing, w.text); });
    if (chosen >= 0 && !compared_after) return chosen;
  }
  return -1;
}

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
