#include <filesystem>
#include <fstream>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "knowledge_base.hpp"

using namespace careerbot;

namespace {

std::filesystem::path scratch_dir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / ("careerbot-kb-test-" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

void write(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path) << text;
}

std::string minimal(const std::string& id, const std::string& related = "") {
  return R"({"id":")" + id +
         R"(","title":"T","summary":"S","tasks":["t"],"steps":["s"],"related":[)" + related + "]}";
}

}  // namespace

TEST_CASE("the bundled knowledge base loads with the seed profile exactly", "[knowledge]") {
  KnowledgeError error;
  auto kb = load_knowledge_dir(CAREERBOT_TEST_KNOWLEDGE_DIR, error);
  INFO(error.message());
  REQUIRE(kb);
  CHECK(kb->size() == 38);
  const CareerProfile* seed = kb->find("back-end-developer");
  REQUIRE(seed);
  CHECK(seed->title == "Back End Developer / Engineer");
  CHECK(seed->soc_code == "15-1254.00");
  CHECK(seed->median_salary->amount == 121668);
  CHECK(seed->education->level == "Bachelor's degree");
  CHECK(*seed->education->share_percent == 51);
  CHECK(seed->growth->percent == Approx(7.42));
  CHECK(seed->openings->count == 1267);
  CHECK(seed->tasks.size() == 23);
  CHECK(seed->tasks.front() == "Write supporting code for Web applications or Web sites.");
  CHECK(seed->tasks.back() == "Evaluate or recommend server hardware or software.");
  CHECK(seed->steps ==
        std::vector<std::string>{
            "Earn a Bachelor's degree: 51% of people achieve this level of education.",
            "Gain skills and experience (related courses).", "Land a job: 1,267 openings."});
  for (const auto& p : kb->profiles()) {
    INFO(p.id);
    CHECK(p.median_salary);
    CHECK(!p.median_salary->source.empty());
    CHECK(!p.median_salary->as_of.empty());
  }
}

TEST_CASE("loading names the file and field that are wrong", "[knowledge]") {
  auto dir = scratch_dir("errors");
  KnowledgeError error;
  SECTION("invalid JSON") {
    write(dir / "a.json", "{nope");
    CHECK(!load_knowledge_dir(dir, error));
    CHECK(error.file.find("a.json") != std::string::npos);
    CHECK(error.reason == "is not valid JSON");
  }
  SECTION("id differs from the file name") {
    write(dir / "a.json", minimal("b"));
    CHECK(!load_knowledge_dir(dir, error));
    CHECK(error.field == "id");
  }
  SECTION("related career that does not exist") {
    write(dir / "a.json", minimal("a", "\"b\""));
    CHECK(!load_knowledge_dir(dir, error));
    CHECK(error.file.find("a.json") != std::string::npos);
    CHECK(error.field == "related[0]");
  }
  SECTION("empty directory") {
    CHECK(!load_knowledge_dir(dir, error));
    CHECK(error.reason.find("no profile") != std::string::npos);
  }
  SECTION("a good pair loads") {
    write(dir / "a.json", minimal("a", "\"b\""));
    write(dir / "b.json", minimal("b", "\"a\""));
    auto kb = load_knowledge_dir(dir, error);
    REQUIRE(kb);
    CHECK(kb->index_of("b") == 1);
  }
  std::filesystem::remove_all(dir);
}
