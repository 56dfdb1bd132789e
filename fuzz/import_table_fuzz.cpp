// The public-data import: the O*NET text release and the BLS tables, read
// through Table (TSV and RFC 4180 CSV), then joined into profiles. A small
// release in the official layouts is written once to the scratch directory;
// each input replaces one of its files and the whole import runs.
//
// Input: one byte that picks the file (O*NET's ten, then the projections as
// CSV or TSV, then the wages as CSV or TSV), then that file's bytes.
//
// A file that cannot be read must end in ImportResult::error (an
// ImportFailure naming the file and line); and, as documented, every profile
// the import builds must be valid per the schema.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "fields.hpp"
#include "fuzz_input.hpp"
#include "fuzz_support.hpp"
#include "importer.hpp"

namespace {

using namespace careerbot;
namespace fs = std::filesystem;

struct SourceFile {
  const char* name;  // in the release directory
  const char* text;  // the fixture's content
};

// Rows of the two occupations, and the education scale, as O*NET writes them.
#define PLUMBERS "47-2152.00\tPlumbers, Pipefitters, and Steamfitters\t"
#define NURSES "29-1141.00\tRegistered Nurses\t"
#define RL "2.D.1\tRequired Level of Education\tRL\tRequired Level Of Education (Categories 1-12)\t"

// Two occupations in every file, so that joins have something to join.
constexpr std::array<SourceFile, 10> kRelease = {{
    {"Occupation Data.txt", "O*NET-SOC Code\tTitle\tDescription\r\n" PLUMBERS
                            "Assemble and repair pipe systems.\r\n" NURSES
                            "Assess patient health problems and needs.\r\n"},
    {"Task Statements.txt",
     "O*NET-SOC Code\tTitle\tTask ID\tTask\tTask Type\tIncumbents Responding\tDate\tDomain "
     "Source\n" PLUMBERS "1\tAssemble pipe sections.\tCore\t90.0\t08/2023\tIncumbent\n" NURSES
     "4\tRecord patients' medical information.\tSupplemental\t95.0\t08/2023\tIncumbent\n"},
    {"Alternate Titles.txt",
     "O*NET-SOC Code\tTitle\tAlternate Title\tShort Title\tSource(s)\n" PLUMBERS
     "Journeyman Plumber\t\t08\n" PLUMBERS
     "Heating, Ventilation, and Air Conditioning Pipefitter\tHVAC Pipefitter\t08\n"},
    {"Sample of Reported Titles.txt",
     "O*NET-SOC Code\tTitle\tReported Job Title\tShown in My Next Move\n" PLUMBERS
     "Plumber\tY\n" NURSES "Staff Nurse\tY\n"},
    {"Education, Training, and Experience Categories.txt",
     "Element ID\tElement Name\tScale ID\tScale Name\tCategory\tCategory Description\n" RL
     "2\tHigh School Diploma - or the equivalent (for example, GED)\n" RL "6\tBachelor's Degree\n"},
    {"Education, Training, and Experience.txt",
     "O*NET-SOC Code\tTitle\tElement ID\tElement Name\tScale ID\tScale Name\tCategory\tData "
     "Value\tN\tStandard Error\tLower CI Bound\tUpper CI Bound\tRecommend Suppress\tDate\tDomain "
     "Source\n" PLUMBERS RL "2\t61.27\t20\t1.5\t\t\tN\t08/2023\tIncumbent\n" NURSES RL
     "6\t70.5\t20\t1.5\t\t\tN\t08/2023\tIncumbent\n"},
    {"Job Zones.txt", "O*NET-SOC Code\tTitle\tJob Zone\tDate\tDomain Source\n" PLUMBERS
                      "3\t08/2023\tAnalyst\n" NURSES "3\t08/2023\tAnalyst\n"},
    {"Related Occupations.txt",
     "O*NET-SOC Code\tTitle\tRelated O*NET-SOC Code\tRelated Title\tRelatedness "
     "Tier\tIndex\n" PLUMBERS "29-1141.00\tRegistered Nurses\tPrimary-Short\t1\n" NURSES
     "47-2152.00\tPlumbers, Pipefitters, and Steamfitters\tSupplemental\t11\n"},
    {"Technology Skills.txt",
     "O*NET-SOC Code\tTitle\tExample\tCommodity Code\tCommodity Title\tHot Technology\tIn "
     "Demand\n" PLUMBERS "Microsoft Excel\t43232110\tSpreadsheet software\tY\tN\n" NURSES
     "Epic Systems\t43231602\tMedical software\tN\tN\n"},
    {"Interests.txt",
     "O*NET-SOC Code\tTitle\tElement ID\tElement Name\tScale ID\tScale Name\tData "
     "Value\tDate\tDomain Source\n" PLUMBERS
     "1.B.1.a\tRealistic\tOI\tOccupational Interests\t7.00\t11/2023\tMachine Learning\n" PLUMBERS
     "1.B.1.g\tFirst Interest High-Point\tIH\tOccupational Interest High-Point\t1.0\t11/2023\t"
     "Machine Learning\n"},
}};
#undef PLUMBERS
#undef NURSES
#undef RL

constexpr const char* kProjections =
    "soc_code,title,emp_2024_k,emp_change_pct,openings_annual_k,median_wage_2024,"
    "typical_entry_education,work_experience,ojt\r\n"
    "47-2152,\"Plumbers, pipefitters, and steamfitters\",504.5,4.6,44.6,62970,High school "
    "diploma or equivalent,None,Apprenticeship\r\n"
    "29-1141,Registered nurses,3391.4,4.9,189.1,\">=$239,200\",Bachelor's degree,None,None\r\n";

constexpr const char* kWages =
    "OCC_CODE\tOCC_TITLE\tO_GROUP\tA_PCT10\tA_PCT25\tA_MEDIAN\tA_PCT75\tA_PCT90\tH_PCT10\t"
    "H_PCT25\tH_MEDIAN\tH_PCT75\tH_PCT90\n"
    "47-2152\tPlumbers, Pipefitters, and Steamfitters\tdetailed\t40000\t50000\t62970\t80000\t"
    "100000\t19.23\t24.04\t30.27\t38.46\t48.08\n"
    "29-1141\tRegistered Nurses\tdetailed\t*\t70000\t93600\t#\t#\t30\t33.65\t45.00\t#\t#\n";

void write(const fs::path& path, std::string_view text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
}

// The fixture, written once; `restore` puts back what an input replaced.
struct Fixture {
  Fixture() {
    fs::create_directories(release);
    for (const auto& file : kRelease) write(release / file.name, file.text);
    write(dir / "projections.csv", kProjections);
    write(dir / "oews.tsv", kWages);
  }
  fs::path dir = fuzz::scratch_dir() / "import";
  fs::path release = dir / "onet";
};

void check_profiles(const ImportResult& result) {
  for (const auto& profile : result.profiles) {
    ProfileError error;
    if (!parse_profile(profile_to_json(profile), error)) {
      std::fprintf(stderr, "the import built an invalid profile %s: %s %s\n", profile.id.c_str(),
                   error.field.c_str(), error.reason.c_str());
      std::abort();
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const Fixture fixture;
  fuzz::Input input(data, size);
  const std::size_t choice = input.take_byte() % (kRelease.size() + 4);
  std::string_view text = input.rest();

  ImportSources sources{fixture.release, fixture.dir / "projections.csv", fixture.dir / "oews.tsv"};
  fs::path replaced;
  const char* original = nullptr;
  if (choice < kRelease.size()) {
    replaced = fixture.release / kRelease[choice].name;
    original = kRelease[choice].text;
  } else {
    const std::size_t table = choice - kRelease.size();
    const char* extension = table % 2 == 0 ? ".csv" : ".tsv";
    replaced = fixture.dir / ("input" + std::string(extension));
    (table < 2 ? sources.bls_projections : sources.oews) = replaced;
  }
  write(replaced, text);
  ImportResult result = import_public_data(sources, {{"29-1141.00", "registered-nurse"}});
  check_profiles(result);
  if (original != nullptr) write(replaced, original);

  // The helpers the builder uses on every cell.
  (void)fields::parse_bls_number(text.substr(0, 64));
  (void)fields::parse_int(text.substr(0, 64));
  (void)fields::slugify(text.substr(0, 256));
  (void)fields::clip(text, 200);
  return 0;
}
