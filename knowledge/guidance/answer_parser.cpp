#include "answer_parser.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <utility>

#include "interest_items.hpp"

namespace careerbot {
namespace {

// A word, a lone "?" or an answer emoji, lower-cased, with apostrophes
// removed ("don't" -> "dont") and emoji modifiers dropped ("👍🏽" -> "👍").
struct Token {
  std::string text;
  bool follows_space = false;  // only spaces since the previous token: a phrase may continue
};

struct Phrase {
  std::string_view words;  // tokens joined by single spaces
  Choice choice;
};

constexpr auto kPhrases = std::to_array<Phrase>({
    {"yes", Choice::like},
    {"y", Choice::like},
    {"yep", Choice::like},
    {"yeah", Choice::like},
    {"yup", Choice::like},
    {"sure", Choice::like},
    {"like", Choice::like},
    {"l", Choice::like},
    {"1", Choice::like},
    {"love", Choice::like},
    {"love it", Choice::like},
    {"like it", Choice::like},
    {"i like it", Choice::like},
    {"i love it", Choice::like},
    {"\U0001F44D", Choice::like},  // thumbs up
    {"\u2764", Choice::like},      // red heart
    {"\u2665", Choice::like},      // heart suit
    {"maybe", Choice::unsure},
    {"perhaps", Choice::unsure},
    {"not sure", Choice::unsure},
    {"im not sure", Choice::unsure},
    {"i am not sure", Choice::unsure},
    {"not really sure", Choice::unsure},
    {"im unsure", Choice::unsure},
    {"unsure", Choice::unsure},
    {"idk", Choice::unsure},
    {"dont know", Choice::unsure},
    {"do not know", Choice::unsure},
    {"i dont know", Choice::unsure},
    {"i do not know", Choice::unsure},
    {"dunno", Choice::unsure},
    {"no idea", Choice::unsure},
    {"?", Choice::unsure},
    {"\U0001F937", Choice::unsure},  // shrug
    {"meh", Choice::unsure},
    {"2", Choice::unsure},
    {"neutral", Choice::unsure},
    {"ok", Choice::unsure},
    {"okay", Choice::unsure},
    {"so so", Choice::unsure},
    {"no", Choice::dislike},
    {"n", Choice::dislike},
    {"nah", Choice::dislike},
    {"nope", Choice::dislike},
    {"dislike", Choice::dislike},
    {"dislike it", Choice::dislike},
    {"i dislike it", Choice::dislike},
    {"d", Choice::dislike},
    {"3", Choice::dislike},
    {"hate", Choice::dislike},
    {"hate it", Choice::dislike},
    {"i hate it", Choice::dislike},
    {"dont like", Choice::dislike},
    {"dont like it", Choice::dislike},
    {"i dont like it", Choice::dislike},
    {"do not like it", Choice::dislike},
    {"not really", Choice::dislike},
    {"no way", Choice::dislike},
    {"no thanks", Choice::dislike},
    {"not for me", Choice::dislike},
    {"\U0001F44E", Choice::dislike},  // thumbs down
    {"\u274C", Choice::dislike},      // cross mark
});

bool is_answer_emoji(char32_t c) {
  return c == 0x1F44D || c == 0x1F44E || c == 0x2764 || c == 0x2665 || c == 0x1F937 || c == 0x274C;
}

// What may follow an emoji without changing it: variation selectors, the
// zero-width joiner, skin tones and the gender signs of "🤷‍♀️".
bool is_emoji_modifier(char32_t c) {
  return c == 0xFE0E || c == 0xFE0F || c == 0x200D || (c >= 0x1F3FB && c <= 0x1F3FF) ||
         c == 0x2640 || c == 0x2642;
}

// Control characters count as spaces: they only ever separate words.
bool is_space(char32_t c) {
  return c <= ' ' || c == 0x7F || c == 0xA0 || c == 0x3000;
}

bool is_apostrophe(char32_t c) {
  return c == '\'' || c == 0x2018 || c == 0x2019;
}

bool is_punctuation(char32_t c) {
  if (c < 0x80) {
    return !(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z');
  }
  return c == 0x2013 || c == 0x2014 || c == 0x2026 || c == 0x201C || c == 0x201D || c == 0xBF ||
         c == 0xA1;
}

char lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

struct CodePoint {
  char32_t value;
  std::size_t length;
};

// Decodes the UTF-8 sequence at `at`; a malformed byte decodes as U+FFFD of
// length 1, so bad input still ends up in a word that is not an answer.
CodePoint decode(std::string_view text, std::size_t at) {
  const auto lead = static_cast<unsigned char>(text[at]);
  std::size_t length = 0;
  char32_t value = 0;
  if (lead < 0x80) return {lead, 1};
  if ((lead & 0xE0U) == 0xC0U) {
    length = 2;
    value = lead & 0x1FU;
  } else if ((lead & 0xF0U) == 0xE0U) {
    length = 3;
    value = lead & 0x0FU;
  } else if ((lead & 0xF8U) == 0xF0U) {
    length = 4;
    value = lead & 0x07U;
  } else {
    return {0xFFFD, 1};
  }
  if (at + length > text.size()) return {0xFFFD, 1};
  for (std::size_t i = 1; i < length; ++i) {
    const auto next = static_cast<unsigned char>(text[at + i]);
    if ((next & 0xC0U) != 0x80U) return {0xFFFD, 1};
    value = (value << 6U) | (next & 0x3FU);
  }
  return {value, length};
}

std::vector<Token> tokenize(std::string_view text) {
  std::vector<Token> tokens;
  std::string word;
  bool punctuation_since_token = false;
  bool after_token_char = false;  // the previous code point belongs to a word or an emoji
  auto push = [&](std::string text_of_token) {
    tokens.push_back({std::move(text_of_token), !tokens.empty() && !punctuation_since_token});
    punctuation_since_token = false;
  };
  auto flush = [&] {
    if (!word.empty()) push(std::exchange(word, {}));
  };
  std::size_t at = 0;
  while (at < text.size()) {
    const CodePoint cp = decode(text, at);
    const std::string_view bytes = text.substr(at, cp.length);
    at += cp.length;
    if (cp.value == '?') {
      // "maybe?" is a question mark on a word; "?" alone is an answer.
      while (at < text.size() && text[at] == '?') ++at;
      flush();
      if (after_token_char) {
        punctuation_since_token = true;
      } else {
        push("?");
      }
      after_token_char = false;
    } else if (is_apostrophe(cp.value)) {
      continue;
    } else if (is_answer_emoji(cp.value)) {
      flush();
      push(std::string(bytes));
      while (at < text.size() && is_emoji_modifier(decode(text, at).value)) {
        at += decode(text, at).length;
      }
      after_token_char = true;
    } else if (is_emoji_modifier(cp.value)) {
      continue;
    } else if (is_space(cp.value)) {
      flush();
      after_token_char = false;
    } else if (is_punctuation(cp.value)) {
      flush();
      punctuation_since_token = true;
      after_token_char = false;
    } else {
      // Letters, digits and anything else (accented letters, other emoji)
      // make up words; those that are not answers make the message not one.
      for (const char c : bytes) word.push_back(lower(c));
      after_token_char = true;
    }
  }
  flush();
  return tokens;
}

// How many tokens from `first` spell `phrase` (0 if they do not).
std::size_t match_phrase(const std::vector<Token>& tokens, std::size_t first,
                         std::string_view phrase) {
  std::size_t count = 0;
  while (!phrase.empty()) {
    const std::size_t space = phrase.find(' ');
    const std::string_view word = phrase.substr(0, space);
    const std::size_t index = first + count;
    if (index >= tokens.size() || tokens[index].text != word) return 0;
    if (count > 0 && !tokens[index].follows_space) return 0;
    ++count;
    phrase = space == std::string_view::npos ? std::string_view{} : phrase.substr(space + 1);
  }
  return count;
}

struct Match {
  Choice choice = Choice::unsure;
  std::size_t length = 0;  // tokens consumed; 0 when nothing matched
};

// The longest phrase starting at `first`, so "not sure" wins over "not".
Match longest_phrase(const std::vector<Token>& tokens, std::size_t first) {
  Match best;
  for (const Phrase& phrase : kPhrases) {
    const std::size_t length = match_phrase(tokens, first, phrase.words);
    if (length > best.length) best = {phrase.choice, length};
  }
  return best;
}

// A sound of thinking before or between answers: "hmm, not sure", "um like".
bool is_filler(std::string_view word) {
  static constexpr std::array<std::string_view, 10> kFillers = {
      "hmm", "hm", "hmmm", "um", "umm", "uh", "er", "erm", "well", "honestly"};
  return std::find(kFillers.begin(), kFillers.end(), word) != kFillers.end();
}

std::optional<std::vector<Choice>> read_choices(const std::vector<Token>& tokens, std::size_t first,
                                                std::size_t max_answers) {
  if (first >= tokens.size()) return std::nullopt;
  std::vector<Choice> choices;
  for (std::size_t at = first; at < tokens.size();) {
    if (is_filler(tokens[at].text)) {
      ++at;
      continue;
    }
    const Match match = longest_phrase(tokens, at);
    if (match.length == 0 || choices.size() == max_answers) return std::nullopt;
    choices.push_back(match.choice);
    at += match.length;
  }
  if (choices.empty()) return std::nullopt;  // fillers alone answer nothing
  return choices;
}

std::string_view trim(std::string_view text) {
  constexpr std::string_view kBlank = " \t\r\f\v";
  const std::size_t begin = text.find_first_not_of(kBlank);
  if (begin == std::string_view::npos) return {};
  return text.substr(begin, text.find_last_not_of(kBlank) - begin + 1);
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

bool is_alnum(char c) {
  return is_digit(c) || (lower(c) >= 'a' && lower(c) <= 'z');
}

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (lower(text[i]) != prefix[i]) return false;
  }
  return true;
}

bool ends_with_ignoring_case(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() &&
         starts_with_ignoring_case(text.substr(text.size() - suffix.size()), suffix);
}

bool contains_ignoring_case(std::string_view text, std::string_view needle) {
  for (std::size_t at = 0; at + needle.size() <= text.size(); ++at) {
    if (starts_with_ignoring_case(text.substr(at), needle)) return true;
  }
  return false;
}

// Where the person's reply ends and the message they reply to begins, for
// mail programs that do not mark quoted lines with '>'.
bool is_reply_header(std::string_view line) {
  if (starts_with_ignoring_case(line, "on ") && ends_with_ignoring_case(line, "wrote:")) {
    return true;
  }
  if (contains_ignoring_case(line, "original message")) return true;
  return line.size() >= 5 && line.find_first_not_of('_') == std::string_view::npos;
}

struct ItemReference {
  std::size_t index = 0;
  std::size_t length = 0;  // characters read; 0 when the entry names no item
};

// "12", "#12", "q12" or "r1" at the start of an entry.
ItemReference read_item_reference(std::string_view entry) {
  const std::vector<InterestItem>& items = interest_items();
  std::size_t at = 0;
  if (!entry.empty() && (entry[0] == '#' || lower(entry[0]) == 'q')) at = 1;
  std::size_t digits_at = at;
  bool by_id = false;
  if (at == 0 && !entry.empty() && area_from_name(entry.substr(0, 1))) {
    by_id = true;
    digits_at = 1;
  }
  std::size_t end = digits_at;
  while (end < entry.size() && end - digits_at < 3 && is_digit(entry[end])) ++end;
  if (end == digits_at || (end < entry.size() && is_alnum(entry[end]))) return {};
  if (by_id) {
    if (end != 2) return {};  // one digit: "r1"
    const InterestItem* item = find_item(std::string{lower(entry[0]), entry[1]});
    if (item == nullptr) return {};
    return {static_cast<std::size_t>(item - items.data()), end};
  }
  std::size_t number = 0;
  for (std::size_t i = digits_at; i < end; ++i) {
    number = number * 10 + static_cast<std::size_t>(entry[i] - '0');
  }
  if (number == 0 || number > items.size()) return {};
  return {number - 1, end};
}

// "1: like", or with the question copied before the answer: "1. Repair a
// bicycle - like". The copied text must be the item's own, so that a stray
// line starting with a number ("2 kids, no pets") is not taken for answers.
std::optional<std::pair<std::size_t, Choice>> read_entry(std::string_view entry) {
  entry = trim(entry);
  // A list bullet before the item: "- 1: like", "* 2 no", "• 3 maybe".
  for (const std::string_view bullet : {"- ", "* ", "\u2022 "}) {
    if (entry.substr(0, bullet.size()) == bullet) entry = trim(entry.substr(bullet.size()));
  }
  const ItemReference reference = read_item_reference(entry);
  if (reference.length == 0) return std::nullopt;
  const std::string_view rest = entry.substr(reference.length);
  const std::vector<Token> tokens = tokenize(rest);
  if (auto choice = read_choices(tokens, 0, 1)) {
    return std::pair{reference.index, choice->front()};
  }
  const std::vector<Token> question = tokenize(interest_items()[reference.index].text);
  if (tokens.size() <= question.size()) return std::nullopt;
  for (std::size_t i = 0; i < question.size(); ++i) {
    if (tokens[i].text != question[i].text) return std::nullopt;
  }
  if (auto choice = read_choices(tokens, question.size(), 1)) {
    return std::pair{reference.index, choice->front()};
  }
  return std::nullopt;
}

}  // namespace

std::string_view choice_name(Choice choice) {
  switch (choice) {
    case Choice::like:
      return "like";
    case Choice::unsure:
      return "not sure";
    case Choice::dislike:
      return "dislike";
  }
  return "not sure";
}

std::optional<std::vector<Choice>> parse_choices(std::string_view text, std::size_t max_answers) {
  return read_choices(tokenize(text), 0, max_answers);
}

std::optional<Choice> parse_choice_word(std::string_view word) {
  const auto choices = parse_choices(word, 1);
  if (!choices) return std::nullopt;
  return choices->front();
}

std::map<std::size_t, Choice> parse_answer_list(std::string_view text) {
  std::map<std::size_t, Choice> answers;
  while (!text.empty()) {
    const std::size_t newline = text.find('\n');
    const std::string_view line = trim(text.substr(0, newline));
    text = newline == std::string_view::npos ? std::string_view{} : text.substr(newline + 1);
    if (is_reply_header(line)) break;
    if (!line.empty() && line[0] == '>') continue;
    std::string_view entries = line;
    while (!entries.empty()) {
      const std::size_t separator = entries.find_first_of(",;");
      if (auto answer = read_entry(entries.substr(0, separator))) {
        answers[answer->first] = answer->second;
      }
      entries =
          separator == std::string_view::npos ? std::string_view{} : entries.substr(separator + 1);
    }
  }
  return answers;
}

}  // namespace careerbot
