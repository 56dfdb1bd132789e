#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <vector>

#include "guidance/answer_parser.hpp"
#include "guidance/interest_items.hpp"
#include "guidance/interest_match.hpp"
#include "guidance/recommendations.hpp"

using namespace careerbot;

namespace {

std::size_t index_of_item(std::string_view id) {
  const InterestItem* item = find_item(id);
  REQUIRE(item != nullptr);
  return static_cast<std::size_t>(item - interest_items().data());
}

std::map<std::size_t, Choice> answers_by_id(
    const std::vector<std::pair<std::string, Choice>>& answers) {
  std::map<std::size_t, Choice> by_index;
  for (const auto& [id, choice] : answers) by_index[index_of_item(id)] = choice;
  return by_index;
}

CareerProfile career(std::string title, std::array<double, 6> scores,
                     std::optional<long long> employment = std::nullopt) {
  CareerProfile profile;
  profile.id = title;
  profile.title = std::move(title);
  profile.interests = Interests{scores, "", "test", "2025"};
  if (employment) profile.employment = Employment{*employment, "test", "2025"};
  return profile;
}

CareerProfile with_education(std::string level) {
  CareerProfile profile;
  profile.education = Education{std::move(level), std::nullopt, "test", "2025"};
  return profile;
}

CareerProfile with_salary(double amount, std::string period) {
  CareerProfile profile;
  profile.median_salary =
      MedianSalary{amount, "USD", std::move(period), "US", false, "test", "2025"};
  return profile;
}

const std::vector<Choice> kLike = {Choice::like};
const std::vector<Choice> kUnsure = {Choice::unsure};
const std::vector<Choice> kDislike = {Choice::dislike};

}  // namespace

TEST_CASE("the item bank has five items per area, asked in turns", "[guidance]") {
  const std::vector<InterestItem>& items = interest_items();
  REQUIRE(items.size() == 30);
  std::set<std::string> ids;
  std::set<std::string> texts;
  std::set<std::string> verbs;
  std::array<int, 6> per_area{};
  for (std::size_t i = 0; i < items.size(); ++i) {
    const InterestItem& item = items[i];
    INFO(item.id << ": " << item.text);
    ids.insert(item.id);
    texts.insert(item.text);
    verbs.insert(item.text.substr(0, item.text.find(' ')));
    ++per_area.at(static_cast<std::size_t>(item.area));
    // R, I, A, S, E, C, R, I, ...: ids "r1", "i1", ..., "c5".
    CHECK(item.area == static_cast<InterestArea>(i % 6));
    const char letter = static_cast<char>(area_letter(item.area) - 'A' + 'a');
    CHECK(item.id == std::string(1, letter) + std::to_string(i / 6 + 1));
    CHECK(item.text.size() < 60);
    CHECK(item.text.front() >= 'A');
    CHECK(item.text.front() <= 'Z');
    // Email replies are split on these, and answers are read after the text.
    CHECK(item.text.find_first_of(",;.!?") == std::string::npos);
    CHECK_FALSE(parse_choice_word(item.text.substr(item.text.rfind(' ') + 1)));
    CHECK(find_item(item.id) == &item);
  }
  CHECK(ids.size() == 30);
  CHECK(texts.size() == 30);
  CHECK(verbs.size() == 30);  // varied: every statement starts with its own verb
  CHECK(per_area == std::array<int, 6>{5, 5, 5, 5, 5, 5});
  CHECK(find_item("r1")->text == "Repair a bicycle");
  CHECK(find_item("x1") == nullptr);
  CHECK(find_item("r6") == nullptr);
  CHECK(find_item("") == nullptr);
}

TEST_CASE("areas have names, letters and meanings", "[guidance]") {
  CHECK(area_name(InterestArea::realistic) == "realistic");
  CHECK(area_name(InterestArea::conventional) == "conventional");
  CHECK(area_letter(InterestArea::investigative) == 'I');
  CHECK(area_letter(InterestArea::enterprising) == 'E');
  CHECK(area_from_name("social") == InterestArea::social);
  CHECK(area_from_name("Artistic") == InterestArea::artistic);
  CHECK(area_from_name("ENTERPRISING") == InterestArea::enterprising);
  CHECK(area_from_name("c") == InterestArea::conventional);
  CHECK(area_from_name("R") == InterestArea::realistic);
  CHECK_FALSE(area_from_name("x"));
  CHECK_FALSE(area_from_name(""));
  CHECK_FALSE(area_from_name("real"));
  CHECK(area_meaning(InterestArea::realistic) ==
        "You like hands-on work with tools, machines, plants or animals, often outdoors.");
  for (std::size_t i = 0; i < 6; ++i) {
    const auto area = static_cast<InterestArea>(i);
    CHECK(area_from_name(area_name(area)) == area);
    CHECK(area_from_name(std::string(1, area_letter(area))) == area);
    CHECK(area_meaning(area).size() > 20);
  }
}

TEST_CASE("one answer, typed any way", "[guidance]") {
  SECTION("like") {
    for (const char* text : {"yes", "y", "yep", "yeah", "sure", "love it", "\U0001F44D",
                             "\u2764\uFE0F", "\u2764", "like", "l", "1", "YES!", "  Yes  ", "Sure.",
                             "\U0001F44D\U0001F3FD", "I like it", "Love it!!"}) {
      INFO(text);
      CHECK(parse_choices(text, 1) == kLike);
    }
  }
  SECTION("not sure") {
    for (const char* text : {"maybe",
                             "not sure",
                             "unsure",
                             "idk",
                             "don't know",
                             "don\u2019t know",
                             "dont know",
                             "?",
                             "\U0001F937",
                             "\U0001F937\u200D\u2640\uFE0F",
                             "\U0001F937\U0001F3FB\u200D\u2642\uFE0F",
                             "meh",
                             "2",
                             "neutral",
                             "ok",
                             "OK",
                             "Maybe?",
                             "Not   sure",
                             "NOT SURE!",
                             "no idea",
                             "I don't know",
                             "hmm, i'm not sure",
                             "Um... not really sure",
                             "???"}) {
      INFO(text);
      CHECK(parse_choices(text, 1) == kUnsure);
    }
  }
  SECTION("dislike") {
    for (const char* text :
         {"no", "n", "nah", "nope", "dislike", "hate it", "\U0001F44E", "3", "d", "No.", "NOPE!!",
          "not really", "I don't like it", "D", "\u274C", "no thanks", "Not for me."}) {
      INFO(text);
      CHECK(parse_choices(text, 1) == kDislike);
    }
  }
  SECTION("the API's words and their synonyms") {
    CHECK(parse_choice_word("like") == Choice::like);
    CHECK(parse_choice_word("not sure") == Choice::unsure);
    CHECK(parse_choice_word("dislike") == Choice::dislike);
    CHECK(parse_choice_word("Not Sure") == Choice::unsure);
    CHECK(parse_choice_word("nope") == Choice::dislike);
    CHECK_FALSE(parse_choice_word("lik"));
    CHECK_FALSE(parse_choice_word("like dislike"));
    CHECK_FALSE(parse_choice_word(""));
    for (Choice choice : {Choice::like, Choice::unsure, Choice::dislike}) {
      CHECK(parse_choice_word(choice_name(choice)) == choice);
    }
    CHECK(choice_name(Choice::unsure) == "not sure");
  }
}

TEST_CASE("several answers in one message", "[guidance]") {
  using enum Choice;
  CHECK(parse_choices("2 3 1 1", 5) == std::vector{unsure, dislike, like, like});
  CHECK(parse_choices("1,2,3", 5) == std::vector{like, unsure, dislike});
  CHECK(parse_choices("yes no maybe", 5) == std::vector{like, dislike, unsure});
  CHECK(parse_choices("y n y", 5) == std::vector{like, dislike, like});
  CHECK(parse_choices("Y, N, Y.", 5) == std::vector{like, dislike, like});
  CHECK(parse_choices("not sure, yes", 5) == std::vector{unsure, like});
  CHECK(parse_choices("yes not sure no", 5) == std::vector{like, unsure, dislike});
  CHECK(parse_choices("don't know / hate it", 5) == std::vector{unsure, dislike});
  CHECK(parse_choices("\U0001F44D\U0001F44E \U0001F937", 5) == std::vector{like, dislike, unsure});
  CHECK(parse_choices("yes ?", 5) == std::vector{like, unsure});
  CHECK(parse_choices("hmm yes, um no", 5) == std::vector{like, dislike});
  SECTION("no more than asked for") {
    CHECK(parse_choices("1 2", 2) == std::vector{like, unsure});
    CHECK_FALSE(parse_choices("1 2 3", 2));
    CHECK_FALSE(parse_choices("yes", 0));
  }
}

TEST_CASE("messages that are not (only) answers", "[guidance]") {
  for (const char* text :
       {"how much do nurses make", "yes I like fixing cars but also", "", "   ", "!!!", "123",
        "yes please tell me more", "caf\u00e9", "\U0001F600", "not", "sure thing", "no, idea",
        "n/a", "4", "what is a job zone?", "hmm", "um, well", "\xff\xfe"}) {
    INFO(text);
    CHECK_FALSE(parse_choices(text, 30));
  }
}

TEST_CASE("answers listed in an email reply", "[guidance]") {
  const std::string reply =
      "Hi,\r\n"
      "\r\n"
      "Here are my answers:\r\n"
      "1: like\r\n"
      "2 - not sure\r\n"
      "  3 dislike\r\n"
      "r4 = yes\r\n"
      "12) no\r\n"
      "5. Sell cars - love it\r\n"
      "q6 maybe, #7: \U0001F44D; 8 nope\r\n"
      "- 9 love it\r\n"
      "* S2: Nah\r\n"
      "13. Make a wooden table by hand\r\n"
      "14 Solve a tricky equation yes\r\n"
      "I have 2 kids, no pets.\r\n"
      "30 idk\r\n"
      "31: yes\r\n"
      "0: yes\r\n"
      "x1: yes\r\n"
      "Thanks!\r\n"
      "--\r\n"
      "Sam\r\n"
      "555-1234\r\n"
      "> 10: like\r\n"
      ">> 11: like\r\n"
      "On Mon, 3 Jun 2024 at 10:00, careerbot <quiz@careerbot.example> wrote:\r\n"
      "15: like\r\n";
  using enum Choice;
  const std::map<std::size_t, Choice> expected = {
      {0, like},      // 1: like
      {1, unsure},    // 2 - not sure
      {2, dislike},   // 3 dislike
      {18, like},     // r4 = yes (round 4 starts at index 18)
      {11, dislike},  // 12) no
      {4, like},      // 5. Sell cars - love it (item 5 is "Sell cars")
      {5, unsure},    // q6 maybe
      {6, like},      // #7: thumbs up
      {7, dislike},   // 8 nope
      {8, like},      // - 9 love it
      {9, dislike},   // * S2: Nah (s2 is the tenth item)
      {13, like},     // 14 Solve a tricky equation yes
      {29, unsure},   // 30 idk
  };
  CHECK(parse_answer_list(reply) == expected);

  SECTION("a later answer for the same item wins") {
    CHECK(parse_answer_list("1 yes\n1 no") == std::map<std::size_t, Choice>{{0, dislike}});
  }
  SECTION("the copied question must be that item's") {
    CHECK(parse_answer_list("2. Repair a bicycle: yes").empty());
  }
  SECTION("the quoted quiz after a reply header is not read") {
    CHECK(parse_answer_list("1 yes\n-------- Original message --------\n2 no") ==
          std::map<std::size_t, Choice>{{0, like}});
    CHECK(parse_answer_list("1 yes\n________________________________\nFrom: careerbot\n2 no") ==
          std::map<std::size_t, Choice>{{0, like}});
  }
  SECTION("nothing to read") {
    CHECK(parse_answer_list("").empty());
    CHECK(parse_answer_list("Sorry, I will do the quiz later.").empty());
  }
}

TEST_CASE("scores and the interest code", "[guidance]") {
  using enum Choice;
  SECTION("investigative first, then realistic and conventional tied in RIASEC order") {
    const auto answers = answers_by_id({{"i1", like},
                                        {"i2", like},
                                        {"i3", like},
                                        {"i4", like},
                                        {"i5", like},
                                        {"c1", like},
                                        {"c2", like},
                                        {"r1", like},
                                        {"r2", like},
                                        {"a1", unsure},
                                        {"s1", dislike}});
    const InterestScores scores = score_answers(answers);
    CHECK(scores.raw == std::array<double, 6>{4, 10, 1, 0, 0, 4});
    CHECK(scores.answered == std::array<int, 6>{2, 5, 1, 1, 0, 2});
    CHECK(interest_code(scores) == "IRC");
  }
  SECTION("a complete tie keeps RIASEC order") {
    std::map<std::size_t, Choice> answers;
    for (std::size_t i = 0; i < 30; ++i) answers[i] = unsure;
    const InterestScores scores = score_answers(answers);
    CHECK(scores.raw == std::array<double, 6>{5, 5, 5, 5, 5, 5});
    CHECK(scores.answered == std::array<int, 6>{5, 5, 5, 5, 5, 5});
    CHECK(interest_code(scores) == "RIA");
  }
  SECTION("areas scoring 0 are left out") {
    CHECK(interest_code(score_answers(answers_by_id({{"s1", unsure}, {"e1", dislike}}))) == "S");
    CHECK(interest_code(score_answers(answers_by_id({{"c3", like}, {"e2", like}}))) == "EC");
    std::map<std::size_t, Choice> all_no;
    for (std::size_t i = 0; i < 30; ++i) all_no[i] = dislike;
    CHECK(interest_code(score_answers(all_no)).empty());
    CHECK(interest_code(score_answers({})).empty());
  }
  SECTION("answers outside the item bank are ignored") {
    const InterestScores scores = score_answers({{30, like}, {1000, like}});
    CHECK(scores.raw == std::array<double, 6>{});
    CHECK(scores.answered == std::array<int, 6>{});
  }
}

TEST_CASE("interest match is the Pearson correlation on 0-100", "[guidance]") {
  // Same shape. p = (10,0,0,0,0,0), mean 5/3, deviations (25/3, -5/3 x5);
  // o = (7,1,1,1,1,1), mean 2, deviations (5, -1 x5) = 3/5 of p's, so r = 1
  // and round(50 * 2) = 100.
  CHECK(interest_match({10, 0, 0, 0, 0, 0}, {7, 1, 1, 1, 1, 1}) == 100);
  // Mirror image. p = (10,8,6,4,2,0), deviations (5,3,1,-1,-3,-5);
  // o = (1,2,3,4,5,6), deviations (-2.5,-1.5,-0.5,0.5,1.5,2.5) = -1/2 of p's,
  // so r = -1 and round(50 * 0) = 0.
  CHECK(interest_match({10, 8, 6, 4, 2, 0}, {1, 2, 3, 4, 5, 6}) == 0);
  // Mixed. p = (8,10,2,4,0,6), mean 5, deviations (3,5,-3,-1,-5,1), squares 70;
  // o = (5,7,2,3,1,6), mean 4, deviations (1,3,-2,-1,-3,2), squares 28;
  // products 3 + 15 + 6 + 1 + 15 + 2 = 42; r = 42 / sqrt(70 * 28) = 42 / sqrt(1960)
  // = 3 / sqrt(10) = 0.9487; 50 * 1.9487 = 97.43 -> 97.
  CHECK(interest_match({8, 10, 2, 4, 0, 6}, {5, 7, 2, 3, 1, 6}) == 97);
  // Weak. p = (10,6,2,4,8,0), mean 5, deviations (5,1,-3,-1,3,-5), squares 70;
  // same o; products 5 + 3 + 6 + 1 - 9 - 10 = -4; r = -4 / sqrt(1960) = -0.0904;
  // 50 * 0.9096 = 45.48 -> 45.
  CHECK(interest_match({10, 6, 2, 4, 8, 0}, {5, 7, 2, 3, 1, 6}) == 45);
  // Unrelated. p deviations (1,-1,0,0,0,0), o deviations (0,0,1,-1,0,0):
  // products 0, r = 0 -> 50.
  CHECK(interest_match({2, 0, 1, 1, 1, 1}, {4, 4, 5, 3, 4, 4}) == 50);
  // Shape, not level: scaling either side changes nothing.
  CHECK(interest_match({4, 5, 1, 2, 0, 3}, {5, 7, 2, 3, 1, 6}) == 97);

  SECTION("a flat profile says nothing") {
    CHECK(interest_match({5, 5, 5, 5, 5, 5}, {7, 1, 1, 1, 1, 1}) == 50);
    CHECK(interest_match({10, 0, 0, 0, 0, 0}, {4, 4, 4, 4, 4, 4}) == 50);
    CHECK(interest_match({}, {}) == 50);
  }
}

TEST_CASE("filters", "[guidance]") {
  const CareerProfile bare;
  CHECK(passes(bare, MatchFilters{}));

  SECTION("job zone") {
    MatchFilters filters;
    filters.max_job_zone = 2;
    CareerProfile profile;
    CHECK_FALSE(passes(profile, filters));  // unknown
    profile.job_zone = 2;
    CHECK(passes(profile, filters));
    profile.job_zone = 3;
    CHECK_FALSE(passes(profile, filters));
  }
  SECTION("median salary, yearly") {
    MatchFilters filters;
    filters.min_median_salary = 60000;
    CHECK(passes(with_salary(65000, "year"), filters));
    CHECK(passes(with_salary(60000, "year"), filters));
    CHECK_FALSE(passes(with_salary(50000, "year"), filters));
    CHECK(passes(with_salary(30, "hour"), filters));        // 30 * 2080 = 62,400
    CHECK_FALSE(passes(with_salary(25, "hour"), filters));  // 25 * 2080 = 52,000
    CHECK_FALSE(passes(with_salary(9000, "month"), filters));
    CHECK_FALSE(passes(bare, filters));
  }
  SECTION("growing") {
    MatchFilters filters;
    filters.growing = true;
    CareerProfile profile;
    CHECK_FALSE(passes(profile, filters));
    profile.growth = Growth{3.5, "2024-34", "test", "2025"};
    CHECK(passes(profile, filters));
    profile.growth->percent = 0;
    CHECK_FALSE(passes(profile, filters));
    profile.growth->percent = -2;
    CHECK_FALSE(passes(profile, filters));
  }
  SECTION("no degree") {
    MatchFilters filters;
    filters.no_degree = true;
    CareerProfile zone = with_education("High school diploma or equivalent");
    zone.job_zone = 2;
    CHECK(passes(zone, filters));
    zone.job_zone = 3;  // the job zone decides when it is known
    CHECK_FALSE(passes(zone, filters));
    for (const char* level :
         {"High school diploma or equivalent", "Less than a high school diploma",
          "Some college, no degree", "Postsecondary nondegree award", "Post-secondary certificate",
          "No formal educational credential", "Some college courses"}) {
      INFO(level);
      CHECK(passes(with_education(level), filters));
    }
    for (const char* level :
         {"Associate's degree", "Associate's degree (or other 2-year degree)", "Bachelor's degree",
          "Master's degree", "Doctoral or professional degree", "Post-doctoral training",
          "Post-baccalaureate certificate", "Post-master's certificate"}) {
      INFO(level);
      CHECK_FALSE(passes(with_education(level), filters));
    }
    CHECK_FALSE(passes(bare, filters));
  }
  SECTION("every filter must pass") {
    MatchFilters filters;
    filters.max_job_zone = 3;
    filters.min_median_salary = 40000;
    filters.growing = true;
    CareerProfile profile = with_salary(45000, "year");
    profile.job_zone = 3;
    profile.growth = Growth{1, "2024-34", "test", "2025"};
    CHECK(passes(profile, filters));
    profile.job_zone = 4;
    CHECK_FALSE(passes(profile, filters));
  }
}

TEST_CASE("careers ranked by interest match", "[guidance]") {
  const std::array<double, 6> hands_on = {10, 0, 0, 0, 0, 0};
  const std::array<double, 6> realistic = {7, 1, 1, 1, 1, 1};
  std::vector<CareerProfile> profiles = {
      // p deviations (25/3, -5/3 x5), o deviations (-1 x5, 5): products -25/3 + 20/3 - 25/3
      // = -10; squares 750/9 and 30; r = -10 / sqrt(2500) = -0.2 -> 40.
      career("Accountant", {1, 1, 1, 1, 1, 7}, 1'500'000),
      career("Welder", realistic, 400'000),
      career("Blacksmith", realistic),               // employment unknown: last among equals
      career("Generalist", {4, 4, 4, 4, 4, 4}, 10),  // flat: 50
      career("Electrician", realistic, 400'000),
      career("Carpenter", realistic, 900'000),
  };
  profiles.push_back(CareerProfile{});  // no interest profile: never ranked
  profiles.back().title = "Mystery";

  const auto ranked = rank_by_interests(profiles, hands_on, {}, 10);
  std::vector<std::pair<std::string, int>> titles;
  titles.reserve(ranked.size());
  for (const CareerMatch& match : ranked) {
    titles.emplace_back(profiles[static_cast<std::size_t>(match.profile)].title, match.match);
  }
  CHECK(titles == std::vector<std::pair<std::string, int>>{{"Carpenter", 100},
                                                           {"Electrician", 100},
                                                           {"Welder", 100},
                                                           {"Blacksmith", 100},
                                                           {"Generalist", 50},
                                                           {"Accountant", 40}});
  CHECK(ranked.front().profile == 5);

  SECTION("at most the limit") {
    const auto top = rank_by_interests(profiles, hands_on, {}, 2);
    REQUIRE(top.size() == 2);
    CHECK(top[0].profile == 5);  // Carpenter
    CHECK(top[1].profile == 4);  // Electrician
    CHECK(rank_by_interests(profiles, hands_on, {}, 0).empty());
  }
  SECTION("filters apply") {
    profiles[5].job_zone = 2;  // Carpenter
    profiles[0].job_zone = 1;  // Accountant
    MatchFilters filters;
    filters.max_job_zone = 2;
    const auto filtered = rank_by_interests(profiles, hands_on, filters, 10);
    REQUIRE(filtered.size() == 2);
    CHECK(filtered[0].profile == 5);
    CHECK(filtered[1].profile == 0);
  }
  SECTION("no profiles") {
    CHECK(rank_by_interests({}, hands_on, {}, 10).empty());
  }
}

TEST_CASE("filters read from what people type", "[guidance]") {
  auto pay = [](std::string_view text) { return read_filters(text, {}).filters.min_median_salary; };
  CHECK(pay("jobs that pay over $60k") == 60000);
  CHECK(pay("i want 80k+ a year") == 80000);
  CHECK(pay("$60,000 or more") == 60000);
  CHECK(pay("50K and up please") == 50000);
  CHECK(pay("something paying 70,000 plus") == 70000);
  // Numbers that are no amount, or no floor, set nothing.
  CHECK(!pay("i am 25+ years old"));
  CHECK(!pay("i earn 60k now"));
  CHECK(read_filters("no degree, i dont want to go to college", {}).filters.no_degree);
}
