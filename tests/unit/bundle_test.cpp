// The shipped knowledge-base bundle: reproducible from the public data, loads
// whole, refuses damage, and combines with the curated profiles.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "bundle.hpp"
#include "guidance/interest_items.hpp"
#include "guidance/recommendations.hpp"
#include "importer.hpp"
#include "knowledge_base.hpp"
#include "shipped_knowledge.hpp"
#include "snapshot.hpp"

using namespace careerbot;
using careerbot::test::shipped_profiles;
namespace fs = std::filesystem;

namespace {

const fs::path kBundle = CAREERBOT_TEST_KNOWLEDGE_BUNDLE;

struct Scratch {
  fs::path dir;
  Scratch() {
    std::random_device random;
    dir = fs::temp_directory_path() / ("careerbot-bundle-test-" + std::to_string(random()));
    fs::create_directories(dir);
  }
  ~Scratch() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
};

std::string read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_bytes(const fs::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

CareerProfile profile(const std::string& id, const std::string& soc,
                      std::vector<std::string> related = {}) {
  CareerProfile p;
  p.id = id;
  p.title = id;
  p.soc_code = soc;
  p.summary = "s";
  p.tasks = {"t"};
  p.steps = {"s"};
  p.related = std::move(related);
  return p;
}

const CareerProfile* by_id(const std::vector<CareerProfile>& profiles, const std::string& id) {
  for (const auto& p : profiles) {
    if (p.id == id) return &p;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("the committed bundle is what the importer builds from the public data", "[bundle]") {
  const fs::path data = fs::path(CAREERBOT_TEST_SHARED_DIR) / "data";
  if (!fs::exists(data / "onet-29.3" / "Occupation Data.txt")) {
    WARN("skipped: " << data.string() << " is absent, so the bundle cannot be rebuilt");
    return;
  }
  ImportResult built =
      import_public_data({data / "onet-29.3", data / "bls" / "employment-projections-2024-34.csv",
                          data / "bls" / "oews-national-may-2024.tsv"},
                         {});
  INFO(built.error);
  REQUIRE(built.error.empty());
  std::string error;
  auto committed = read_bundle_text(kBundle, error);
  INFO(error);
  REQUIRE(committed);
  // Compared uncompressed, line by line, so a difference names the career.
  const std::string rebuilt = bundle_text(built.profiles);
  if (rebuilt != *committed) {
    std::istringstream a(rebuilt);
    std::istringstream b(*committed);
    std::string line_a;
    std::string line_b;
    for (int line = 1; std::getline(a, line_a) && std::getline(b, line_b); ++line) {
      if (line_a != line_b) FAIL("line " << line << " differs; rebuild with `careerbot kb bundle`");
    }
    FAIL("the bundle has a different number of lines; rebuild with `careerbot kb bundle`");
  }
  // And the compressed bytes too, with this machine's zstd.
  Scratch scratch;
  write_bundle(scratch.dir / "careers.jsonl.zst", built.profiles);
  CHECK(read_bytes(scratch.dir / "careers.jsonl.zst") == read_bytes(kBundle));
}

TEST_CASE("the bundle loads every occupation with its attribution", "[bundle]") {
  std::string error;
  auto bundle = read_bundle(kBundle, error);
  INFO(error);
  REQUIRE(bundle);
  CHECK(bundle->profiles.size() == 1016);
  CHECK(fs::file_size(kBundle) < 4u * 1024 * 1024);
  CHECK(bundle->attribution.find("O*NET 29.3 Database") != std::string::npos);
  CHECK(bundle->attribution.find("CC BY 4.0") != std::string::npos);
  CHECK(bundle->attribution.find("has not approved, endorsed or tested") != std::string::npos);
  REQUIRE(bundle->sources.size() == 3);
  const CareerProfile* plumbers = nullptr;
  for (const auto& p : bundle->profiles) {
    CHECK(p.origin == "imported");
    if (p.soc_code == "47-2152.00") plumbers = &p;
  }
  REQUIRE(plumbers);
  REQUIRE(plumbers->median_salary);
  CHECK(plumbers->median_salary->amount == 62970);
  REQUIRE(plumbers->interests);
  CHECK(plumbers->interests->code.front() == 'R');
  REQUIRE(plumbers->pay);
  CHECK(plumbers->pay->values[2] == 62970);
}

TEST_CASE("a damaged bundle is refused with the file and the problem", "[bundle]") {
  Scratch scratch;
  const fs::path path = scratch.dir / "careers.jsonl.zst";
  std::string error;
  SECTION("missing") {
    CHECK(!read_bundle(path, error));
    CHECK(error.find("cannot open") != std::string::npos);
  }
  SECTION("not zstd") {
    write_bytes(path, "{\"format\": \"careerbot-knowledge-bundle\"}\n");
    CHECK(!read_bundle(path, error));
    CHECK(error.find("not a knowledge-base bundle") != std::string::npos);
  }
  SECTION("cut short") {
    std::string bytes = read_bytes(kBundle);
    write_bytes(path, bytes.substr(0, bytes.size() / 2));
    CHECK(!read_bundle(path, error));
    CHECK(error.find("damaged") != std::string::npos);
  }
  SECTION("a profile that breaks the schema") {
    std::vector<CareerProfile> profiles = {profile("a", "11-1011.00")};
    profiles[0].tasks.clear();
    write_bundle(path, profiles);
    CHECK(!read_bundle(path, error));
    CHECK(error.find("line 2: tasks") != std::string::npos);
  }
  CHECK(error.find(path.string()) == 0);
}

TEST_CASE("curated profiles win over bundled ones of their SOC code", "[bundle]") {
  std::vector<CareerProfile> curated = {profile("registered-nurse", "29-1141.00"),
                                        profile("plumbers", "99-0000.00")};
  auto bundled_nurse = profile("registered-nurses", "29-1141.00");
  bundled_nurse.interests = Interests{{2, 4, 1, 7, 3, 3}, "SI", "O*NET", "2025-05"};
  std::vector<CareerProfile> bundled = {
      bundled_nurse,
      profile("plumbers", "47-2152.00", {"registered-nurses", "electricians", "gone"}),
      profile("electricians", "47-2111.00", {"plumbers"})};
  auto all = combine_curated_and_bundled(curated, bundled);
  REQUIRE(all.size() == 4);
  CHECK(!by_id(all, "registered-nurses"));
  // The curated nurse takes the interest profile it does not author.
  REQUIRE(by_id(all, "registered-nurse")->interests);
  CHECK(by_id(all, "registered-nurse")->interests->code == "SI");
  // A bundled id a curated profile already uses gets its code.
  const CareerProfile* plumbers = by_id(all, "plumbers-47215200");
  REQUIRE(plumbers);
  CHECK(plumbers->related == std::vector<std::string>{"registered-nurse", "electricians"});
  CHECK(by_id(all, "electricians")->related == std::vector<std::string>{"plumbers-47215200"});
  CHECK(!check_consistency(all));
}

TEST_CASE("the shipped knowledge base is consistent", "[bundle]") {
  auto all = shipped_profiles();
  CHECK(all.size() == 1017);
  auto problem = check_consistency(all);
  if (problem) FAIL(problem->message());
  // Ladders: the bundle's where nobody wrote one, pointing at curated ids.
  const auto* nurse = by_id(all, "registered-nurse");
  REQUIRE(nurse);
  REQUIRE(!nurse->progression.empty());
  CHECK(std::any_of(nurse->progression.begin(), nurse->progression.end(),
                    [](const ProgressionStep& s) { return s.career == "nurse-practitioner"; }));
  // An authored ladder is kept as written.
  const auto* backend = by_id(all, "back-end-developer");
  REQUIRE(backend);
  REQUIRE(backend->progression.size() == 3);
  CHECK(backend->progression[0].title == "Senior or lead back end developer");
  CHECK(backend->progression[2].career == "computer-and-information-systems-manager");
  // Every curated career with a SOC code now has an interest profile.
  for (const auto& p : all) {
    if (p.origin == "curated" && !p.soc_code.empty()) {
      INFO(p.id);
      CHECK(p.interests);
    }
  }
}

TEST_CASE("a purely hands-on quiz puts hands-on careers first", "[bundle][guidance]") {
  const Snapshot snapshot{KnowledgeBase(shipped_profiles())};
  // Like every Realistic item, dislike every other.
  std::map<std::size_t, Choice> answers;
  const auto& items = interest_items();
  for (std::size_t i = 0; i < items.size(); ++i) {
    answers[i] = items[i].area == InterestArea::realistic ? Choice::like : Choice::dislike;
  }
  auto outcome = score_assessment(snapshot, answers, {}, 10);
  CHECK(outcome.code == "R");
  REQUIRE(outcome.matches.size() == 10);
  for (const auto& m : outcome.matches) {
    const CareerProfile* p = snapshot.kb.find(m.career.id);
    REQUIRE(p);
    REQUIRE(p->interests);
    INFO(p->title << " " << p->interests->code);
    CHECK(p->interests->code.front() == 'R');  // the occupation's own first high point
    CHECK(m.match >= 90);
  }
  // And a purely social one, people-helping careers.
  for (std::size_t i = 0; i < items.size(); ++i) {
    answers[i] = items[i].area == InterestArea::social ? Choice::like : Choice::dislike;
  }
  for (const auto& m : score_assessment(snapshot, answers, {}, 10).matches) {
    const CareerProfile* p = snapshot.kb.find(m.career.id);
    INFO(p->title << " " << p->interests->code);
    CHECK(p->interests->code.front() == 'S');
  }
}
