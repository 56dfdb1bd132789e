#include <catch2/catch.hpp>

#include "text.hpp"

using namespace careerbot;
using Words = std::vector<std::string>;

TEST_CASE("split_words folds case, accents and punctuation", "[text]") {
  CHECK(split_words("Back-End DEVELOPER, please!") == Words{"back", "end", "developer", "please"});
  CHECK(split_words("Café résumé naïve") == Words{"cafe", "resume", "naive"});
  CHECK(split_words("how much $$$?") == Words{"how", "much", "$", "$", "$"});
  CHECK(split_words("") == Words{});
  CHECK(split_words("?!...") == Words{});
}

TEST_CASE("split_words spells out contractions and chat slang", "[text]") {
  CHECK(split_words("what's a DBA's pay") == Words{"what", "is", "a", "dba", "pay"});
  CHECK(split_words("I don't know") == Words{"i", "do", "not", "know"});
  CHECK(split_words("I’m curious") == Words{"i", "am", "curious"});  // typographic apostrophe
  CHECK(split_words("whats the pay") == Words{"what", "is", "the", "pay"});
  CHECK(split_words("r u sure") == Words{"are", "you", "sure"});
  CHECK(split_words("won't can't") == Words{"will", "not", "can", "not"});
}

TEST_CASE("split_words reads British and Australian job words as the occupations' own", "[text]") {
  CHECK(split_words("sparky pay") == Words{"electrician", "pay"});
  CHECK(split_words("lorry drivers") == Words{"truck", "drivers"});
  CHECK(split_words("qualified chippies") == Words{"qualified", "carpenters"});
  CHECK(split_words("a brickie") == Words{"a", "brickmason"});
  CHECK(split_words("G'day mate") == Words{"good", "day", "mate"});
  CHECK(split_words("skip uni") == Words{"skip", "university"});
}

TEST_CASE("split_words survives invalid UTF-8 and other scripts", "[text]") {
  std::string broken = "nurse \xC3\x28 \xFF salary";
  CHECK(split_words(broken) == Words{"nurse", "salary"});
  CHECK(split_words("¿Qué hora es?") == Words{"que", "hora", "es"});
  CHECK(split_words("护士 salary").size() == 2);
}

TEST_CASE("stems meet across word forms", "[text]") {
  CHECK(stem_word("nurses") == stem_word("nurse"));
  CHECK(stem_word("nursing") == stem_word("nurse"));
  CHECK(stem_word("earning") == stem_word("earn"));
  CHECK(stem_word("developers") == stem_word("developer"));
}

TEST_CASE("edit distance with transpositions and a limit", "[text]") {
  CHECK(edit_distance("nurse", "nurse", 2) == 0);
  CHECK(edit_distance("softwre", "software", 2) == 1);
  CHECK(edit_distance("acutary", "actuary", 2) == 1);      // transposition
  CHECK(edit_distance("plumber", "electrician", 2) == 3);  // limit + 1
  CHECK(sound_key("graphic") == sound_key("grafic"));
}
