#include <fstream>

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
  SECTION("interests off the OI scale or with a bad code") {
    doc["interests"] = {{"realistic", 7}, {"investigative", 2}, {"artistic", 1},
                        {"social", 1},    {"enterprising", 1},  {"conventional", 3},
                        {"code", "RC"},   {"source", "O*NET"},  {"as_of", "2025"}};
    ProfileError error;
    CHECK(parse_profile(doc, error));
    doc["interests"]["social"] = 8;
    CHECK(field_of_error(doc) == "interests.social");
    doc["interests"]["social"] = 1;
    doc["interests"]["code"] = "RR";
    CHECK(field_of_error(doc) == "interests.code");
    doc["interests"]["code"] = "RX";
    CHECK(field_of_error(doc) == "interests.code");
  }
  SECTION("a progression step needs a career or a title") {
    doc["progression"] = json::array({{{"career", "foreman"}}, {{"requires", "Five years."}}});
    CHECK(field_of_error(doc) == "progression[1].title");
    doc["progression"][1]["title"] = "Master plumber";
    doc["progression"][1]["salary"] = 1;
    CHECK(field_of_error(doc) == "progression[1].salary");
  }
  SECTION("pay percentiles that fall or name a missing percentile") {
    doc["pay"] = {{"period", "year"}, {"p10", 40000},    {"p50", 60000},
                  {"p90", 90000},     {"source", "BLS"}, {"as_of", "2024"}};
    ProfileError error;
    CHECK(parse_profile(doc, error));
    doc["pay"]["p90"] = 50000;
    CHECK(field_of_error(doc) == "pay.p90");
    doc["pay"]["p90"] = 90000;
    doc["pay"]["top_coded"] = {"p75"};
    CHECK(field_of_error(doc) == "pay.top_coded[0]");
    doc["pay"].erase("top_coded");
    doc["pay"].erase("p50");
    CHECK(field_of_error(doc) == "pay.p50");
  }
}

TEST_CASE("the validator enforces the documented JSON Schema", "[profile]") {
  std::ifstream in(std::string(CAREERBOT_TEST_KNOWLEDGE_DIR) + "/../profile.schema.json");
  REQUIRE(in);
  json schema = json::parse(in);
  auto doc = valid_profile();
  // Every required field of the schema is required by the validator.
  for (const auto& field : schema["required"]) {
    auto missing = doc;
    missing.erase(field.get<std::string>());
    CHECK(field_of_error(missing) == field.get<std::string>());
  }
  // Every documented property is accepted, and nothing else.
  ProfileError error;
  auto full = json::parse(
      R"({"id":"x","title":"X","title_plural":"Xs","aliases":["y"],"soc_code":"11-1011.00",
    "summary":"S","tasks":["t"],"steps":["s"],"related":[],"skills":["k"],"job_zone":3,"origin":"imported",
    "revision":2,"updated_at":"2026-01-01T00:00:00Z",
    "median_salary":{"amount":1,"currency":"USD","period":"hour","region":"US","top_coded":true,"source":"s","as_of":"a"},
    "education":{"level":"l","share_percent":50,"source":"s","as_of":"a"},
    "growth":{"percent":-1,"period":"p","source":"s","as_of":"a"},
    "openings":{"count":1,"period":"year","region":"US","source":"s","as_of":"a"},
    "employment":{"count":1,"source":"s","as_of":"a"},
    "interests":{"realistic":1,"investigative":7,"artistic":2,"social":3,"enterprising":4,
      "conventional":5,"code":"ICE","source":"s","as_of":"a"},
    "pay":{"period":"year","p10":1,"p25":2,"p50":3,"p75":4,"p90":5,"top_coded":["p90"],
      "source":"s","as_of":"a"},
    "progression":[{"career":"y","requires":"r"},{"title":"Senior X"}],
    "study":{"fields":["f"],"courses":["c"],"certifications":["z"]}})");
  for (const auto& item : schema["properties"].items()) {
    INFO(item.key());
    CHECK(full.contains(item.key()));
  }
  CHECK(parse_profile(full, error));
  for (const char* nested :
       {"median_salary", "education", "growth", "openings", "employment", "interests", "pay"}) {
    INFO(nested);
    for (const auto& field : schema["properties"][nested]["required"]) {
      auto missing = full;
      missing[nested].erase(field.get<std::string>());
      CHECK(field_of_error(missing) == std::string(nested) + "." + field.get<std::string>());
    }
    auto extra = full;
    extra[nested]["surprise"] = 1;
    CHECK(field_of_error(extra) == std::string(nested) + ".surprise");
  }
}
