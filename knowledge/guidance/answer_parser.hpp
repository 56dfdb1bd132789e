// Reading answers to the interest assessment the way people type them: in a
// chat ("yes", "👍", "2 3 1 1", "not sure") or in an email reply that lists
// them by item ("1: like", "r1 = yes", "12) no").
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string_view>
#include <vector>

namespace careerbot {

enum class Choice { like, unsure, dislike };

// "like", "not sure", "dislike": the words the API and the quiz show.
std::string_view choice_name(Choice choice);

// Every answer in a chat message, in order, when the message holds nothing
// but answers; nullopt when any part of it is not an answer ("yes I like
// fixing cars"), when it is empty, or when it holds more than `max_answers`.
//   like:    yes y yep yeah yup sure like l 1 love "love it" "like it" "i like it"
//            "i love it" 👍 ❤️ ♥
//   unsure:  maybe perhaps "not sure" unsure idk "don't know" "do not know"
//            "i don't know" dunno "no idea" ? 🤷 meh 2 neutral ok okay "so so"
//   dislike: no n nah nope dislike "dislike it" d 3 hate "hate it" "don't like"
//            "don't like it" "not really" "no way" "no thanks" "not for me" 👎 ❌
// Case, punctuation ("yes!", "maybe?"), extra spaces, emoji variation
// selectors and skin tones are ignored. Tokens separated by spaces or
// punctuation are answers each ("2 3 1 1", "1,2,3", "y n y"); a phrase is
// one answer only when its words are separated by spaces alone.
std::optional<std::vector<Choice>> parse_choices(std::string_view text, std::size_t max_answers);

// One answer as the API receives it ("like", "not sure", "dislike" or any
// synonym above); nullopt otherwise.
std::optional<Choice> parse_choice_word(std::string_view word);

// The answers in an email reply: item index (0-based into interest_items())
// -> choice, for every entry understood. Entries are lines, or parts of a
// line separated by ',' or ';'. Each names the item by number (1-30, also
// "#3" or "q3") or id ("r1"), after an optional bullet ("- ", "* "), then an
// optional separator (: - = ) . ]) and the answer: "1: like", "2 - not sure",
// "3 dislike", "r1 = yes", "12) no". The entry may repeat the item's text
// before the answer, as when a person copies the question line ("1. Repair a
// bicycle - yes"). Quoted lines ('>') are skipped, and reading stops at a
// reply header ("On ... wrote:", "-----Original Message-----", a line of
// underscores), so the quoted quiz is never read as answers. A later entry
// for the same item wins: people correct themselves further down.
std::map<std::size_t, Choice> parse_answer_list(std::string_view text);

}  // namespace careerbot
