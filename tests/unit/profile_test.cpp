#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "profile.hpp"

using namespace careerbot;
using nlohmann::json;

namespace {

json valid_profile() {
  return {
      {"id", "plumber"},
      {"title", "Plumber"},
      {"summary", "Installs and repairs pipes."},
      {"tasks", {"Install pipes."}},
      {"steps", {"Start an apprenticeship."}},
      {"median_salary",
       {{"amount", 62970},
        {"currency", "USD"},
        {"period", "year"},
        {"region", "United States"},
        {"source", "BLS"},
        {"as_of", "2024-05"}}},
      {"growth", {{"percent", 4.1}, {"period", "2024-34"}, {"source", "BLS"}, {"as_of", "2024"}}}};
}

std::string field_of_error(const json& doc) {
  ProfileError error;
  auto profile = parse_profile(doc, error);
  REQUIRE(!profile);
  REQUIRE(!error.reason.empty());
  return error.field;
}

}  // namespace

TEST_CASE("a valid profile parses and round-trips", "[profile]") {
  ProfileError error;
  auto profile = parse_profile(valid_profile(), error);
  REQUIRE(profile);
  CHECK(profile->plural() == "Plumber");
  CHECK(profile->median_salary->amount == 62970);
  CHECK(profile->growth->percent == Approx(4.1));
  auto again = parse_profile(profile_to_json(*profile), error);
  REQUIRE(again);
  CHECK(profile_to_json(*again) == profile_to_json(*profile));
}

TEST_CASE("an invalid profile names the field and the reason", "[profile]") {
  auto doc = valid_profile();
  SECTION("missing") {
    doc.erase("title");
    CHECK(field_of_error(doc) == "title");
  }
  SECTION("wrong type inside an array") {
    doc["tasks"] = json::array({"ok", 5});
    CHECK(field_of_error(doc) == "tasks[1]");
  }
  SECTION("bad nested value") {
    doc["median_salary"]["amount"] = -3;
    CHECK(field_of_error(doc) == "median_salary.amount");
  }
  SECTION("missing source of a figure") {
    doc["growth"].erase("source");
    CHECK(field_of_error(doc) == "growth.source");
  }
  SECTION("unknown field") {
    doc["salary"] = 5;
    CHECK(field_of_error(doc) == "salary");
  }
  SECTION("malformed id and SOC code") {
    doc["id"] = "Plumber!";
    CHECK(field_of_error(doc) == "id");
    doc["id"] = "plumber";
    doc["soc_code"] = "47/2152";
    CHECK(field_of_error(doc) == "soc_code");
  }
  SECTION("not an object") {
    CHECK(field_of_error(json::array()) == "(document)");
  }
}
