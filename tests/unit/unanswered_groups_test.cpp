#include "unanswered_groups.hpp"

#include <catch2/catch.hpp>

using namespace careerbot;

TEST_CASE("unanswered questions about the same thing form one group, however it is asked") {
  std::vector<UnansweredQuestion> questions = {
      {"zorblatt wrangler salary", 1, "2026-11-30T10:00:00Z", "api"},
      {"how much do zorblatt wranglers make", 4, "2026-11-29T10:00:00Z", "slack"},
      {"is snorkel farming a real job", 2, "2026-11-30T11:00:00Z", "web"},
      {"what does a zorblatt wrangler earn", 1, "2026-11-28T10:00:00Z", "email"},
      {"how do I become a zorblatt wrangler", 1, "2026-11-27T10:00:00Z", "web"},
  };
  auto groups = group_unanswered(questions);
  REQUIRE(groups.size() == 2);
  CHECK(groups[0].text == "how much do zorblatt wranglers make");
  CHECK(groups[0].count == 7);
  CHECK(groups[0].last_seen == "2026-11-30T10:00:00Z");
  CHECK(groups[0].questions.size() == 4);
  CHECK(groups[1].text == "is snorkel farming a real job");
  CHECK(groups[1].count == 2);
}

TEST_CASE("unanswered questions about different things stay apart") {
  auto groups = group_unanswered({{"plumber apprenticeship", 1, "a", "api"},
                                  {"pilot license cost", 1, "b", "api"},
                                  {"", 1, "c", "api"}});
  CHECK(groups.size() == 3);
  CHECK(group_unanswered({}).empty());
}
