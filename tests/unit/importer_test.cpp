#include <algorithm>
#include <array>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <map>
#include <random>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "importer.hpp"
#include "knowledge_base.hpp"

using namespace careerbot;
namespace fs = std::filesystem;

namespace {

fs::path scratch_dir(const std::string& name) {
  std::random_device random;
  auto dir = fs::temp_directory_path() /
             ("careerbot-importer-test-" + name + "-" + std::to_string(random()));
  fs::remove_all(dir);
  fs::create_directories(dir / "onet");
  return dir;
}

// Removes the scratch directory when the test ends.
struct Cleanup {
  fs::path dir;
  ~Cleanup() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
};

void write(const fs::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

// Tab-separated lines, each ending in `eol`.
std::string tsv(std::initializer_list<std::vector<std::string>> rows,
                const std::string& eol = "\n") {
  std::string text;
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i) text += (i > 0 ? "\t" : "") + row[i];
    text += eol;
  }
  return text;
}

// One OEWS national row in the published column layout.
std::string oews_row(const std::string& code, const std::string& title, const std::string& group,
                     const std::string& annual_median, const std::string& hourly_median) {
  return tsv({{"99",
               "U.S.",
               "1",
               "US",
               "000000",
               "Cross-industry",
               "cross-industry",
               "1235",
               code,
               title,
               group,
               "1000",
               "1.0",
               "",
               "",
               "",
               "",
               "30.00",
               "62400",
               "0.5",
               "15.00",
               "20.00",
               hourly_median,
               "40.00",
               "50.00",
               "31200",
               "41600",
               annual_median,
               "83200",
               "104000",
               "",
               ""}});
}

const char* const kOewsHeader =
    "AREA\tAREA_TITLE\tAREA_TYPE\tPRIM_STATE\tNAICS\tNAICS_TITLE\tI_GROUP\tOWN_CODE\tOCC_CODE\t"
    "OCC_TITLE\tO_GROUP\tTOT_EMP\tEMP_PRSE\tJOBS_1000\tLOC_QUOTIENT\tPCT_TOTAL\tPCT_RPT\tH_MEAN\t"
    "A_MEAN\tMEAN_PRSE\tH_PCT10\tH_PCT25\tH_MEDIAN\tH_PCT75\tH_PCT90\tA_PCT10\tA_PCT25\tA_MEDIAN\t"
    "A_PCT75\tA_PCT90\tANNUAL\tHOURLY\n";

const std::string kRlScale = "Required Level Of Education (Categories 1-12)";

std::vector<std::string> rl(const std::string& code, const std::string& title,
                            const std::string& category, const std::string& value) {
  return {code, title,     "2.D.1",    "Required Level of Education",
          "RL", kRlScale,  category,   value,
          "20", "1.5",     "",         "",
          "N",  "08/2023", "Incumbent"};
}

// A small release in the official layouts: a handful of occupations that
// exercise each rule.
ImportSources write_fixture(const fs::path& dir) {
  const fs::path onet = dir / "onet";
  // CRLF line endings here: the importer must tolerate them.
  write(
      onet / "Occupation Data.txt",
      tsv({{"O*NET-SOC Code", "Title", "Description"},
           {"47-2152.00", "Plumbers, Pipefitters, and Steamfitters",
            "Assemble, install, alter, and repair pipelines or pipe systems."},
           {"29-1141.00", "Registered Nurses", "Assess patient health problems and needs."},
           {"47-2111.00", "Electricians", "Install, maintain, and repair electrical wiring."},
           {"29-1211.00", "Anesthesiologists", "Administer anesthetics and analgesics."},
           {"15-1299.08", "Computer Systems Engineers/Architects",
            "Design and develop solutions to complex applications problems."},
           {"27-2011.00", "Actors",
            "Play parts in stage, television, radio, or other productions."},
           {"21-1014.00", "Mental Health Counselors", "Counsel and advise individuals."},
           {"55-3016.00", "Infantry", "Operate weapons and equipment in ground combat operations."},
           {"99-9999.00", "Ghost Occupations", ""}},
          "\r\n"));
  write(onet / "Task Statements.txt",
        tsv({{"O*NET-SOC Code", "Title", "Task ID", "Task", "Task Type", "Incumbents Responding",
              "Date", "Domain Source"},
             {"47-2152.00", "Plumbers, Pipefitters, and Steamfitters", "1",
              "Assemble pipe sections.", "Core", "90.0", "08/2023", "Incumbent"},
             {"47-2152.00", "Plumbers, Pipefitters, and Steamfitters", "2", "Keep records of work.",
              "Supplemental", "40.0", "08/2023", "Incumbent"},
             {"47-2152.00", "Plumbers, Pipefitters, and Steamfitters", "3", "Install pipe systems.",
              "Core", "88.0", "08/2023", "Incumbent"},
             {"29-1141.00", "Registered Nurses", "4", "Record patients' medical information.",
              "Core", "95.0", "08/2023", "Incumbent"},
             {"47-2111.00", "Electricians", "5", "Test electrical systems.", "Supplemental", "50.0",
              "08/2023", "Incumbent"},
             {"47-2111.00", "Electricians", "6", "Connect wires to circuit breakers.", "", "",
              "08/2023", "Analyst"},
             {"29-1211.00", "Anesthesiologists", "7", "Monitor patients during surgery.", "Core",
              "95.0", "08/2023", "Incumbent"},
             {"27-2011.00", "Actors", "8", "Study and rehearse roles.", "Core", "95.0", "08/2023",
              "Incumbent"},
             {"21-1014.00", "Mental Health Counselors", "9", "Counsel clients.", "Core", "95.0",
              "08/2023", "Incumbent"},
             {"55-3016.00", "Infantry", "10", "Operate weapons.", "Core", "", "08/2023",
              "Analyst"}}));
  write(onet / "Alternate Titles.txt",
        tsv({{"O*NET-SOC Code", "Title", "Alternate Title", "Short Title", "Source(s)"},
             {"47-2152.00", "Plumbers, Pipefitters, and Steamfitters", "Journeyman Plumber", "",
              "08"},
             {"47-2152.00", "Plumbers, Pipefitters, and Steamfitters", "Plumber", "", "10"},
             {"47-2152.00", "Plumbers, Pipefitters, and Steamfitters",
              "Plumbers, Pipefitters, and Steamfitters", "", "10"},
             {"47-2152.00", "Plumbers, Pipefitters, and Steamfitters",
              "Heating, Ventilation, and Air Conditioning Pipefitter", "HVAC Pipefitter", "08"},
             {"47-2111.00", "Electricians", "  Journeyman   Electrician ", "", "08"}}));
  write(onet / "Sample of Reported Titles.txt",
        tsv({{"O*NET-SOC Code", "Title", "Reported Job Title", "Shown in My Next Move"},
             {"47-2152.00", "Plumbers, Pipefitters, and Steamfitters", "Plumber", "Y"},
             {"47-2152.00", "Plumbers, Pipefitters, and Steamfitters", "Pipefitter", "Y"}}));
  write(onet / "Education, Training, and Experience Categories.txt",
        tsv({{"Element ID", "Element Name", "Scale ID", "Scale Name", "Category",
              "Category Description"},
             {"2.D.1", "Required Level of Education", "RL", kRlScale, "2",
              "High School Diploma - or the equivalent (for example, GED)"},
             {"2.D.1", "Required Level of Education", "RL", kRlScale, "3",
              "Post-Secondary Certificate - awarded for training completed after high school"},
             {"2.D.1", "Required Level of Education", "RL", kRlScale, "11", "Doctoral Degree"},
             {"3.A.1", "Related Work Experience", "RW", "Related Work Experience (Categories 1-11)",
              "2", "Up to and including 1 month"}}));
  const std::string plumbers = "Plumbers, Pipefitters, and Steamfitters";
  write(onet / "Education, Training, and Experience.txt",
        tsv({{"O*NET-SOC Code", "Title", "Element ID", "Element Name", "Scale ID", "Scale Name",
              "Category", "Data Value", "N", "Standard Error", "Lower CI Bound", "Upper CI Bound",
              "Recommend Suppress", "Date", "Domain Source"},
             rl("47-2152.00", plumbers, "2", "61.27"),
             rl("47-2152.00", plumbers, "3", "30.5"),
             {"47-2152.00", plumbers, "3.A.1", "Related Work Experience", "RW",
              "Related Work Experience (Categories 1-11)", "2", "90", "20", "1", "", "", "N",
              "08/2023", "Incumbent"},
             rl("29-1211.00", "Anesthesiologists", "11", "48.04"),
             rl("29-1211.00", "Anesthesiologists", "2", "1")}));
  write(onet / "Job Zones.txt",
        tsv({{"O*NET-SOC Code", "Title", "Job Zone", "Date", "Domain Source"},
             {"47-2152.00", plumbers, "3", "08/2023", "Analyst"},
             {"29-1211.00", "Anesthesiologists", "5", "08/2023", "Analyst"},
             {"27-2011.00", "Actors", "2", "08/2023", "Analyst"}}));
  write(onet / "Related Occupations.txt",
        tsv({{"O*NET-SOC Code", "Title", "Related O*NET-SOC Code", "Related Title",
              "Relatedness Tier", "Index"},
             {"47-2152.00", plumbers, "11-1011.00", "Chief Executives", "Primary-Short", "1"},
             {"47-2152.00", plumbers, "15-1299.08", "Computer Systems Engineers/Architects",
              "Supplemental", "11"},
             {"47-2152.00", plumbers, "29-1141.00", "Registered Nurses", "Primary-Long", "6"},
             {"47-2152.00", plumbers, "47-2111.00", "Electricians", "Primary-Short", "2"},
             {"47-2152.00", plumbers, "47-2152.00", plumbers, "Primary-Short", "3"},
             {"47-2152.00", plumbers, "99-9999.00", "Ghost Occupations", "Primary-Short", "4"}}));
  write(onet / "Technology Skills.txt",
        tsv({{"O*NET-SOC Code", "Title", "Example", "Commodity Code", "Commodity Title",
              "Hot Technology", "In Demand"},
             {"47-2152.00", plumbers, "Bluebeam Revu", "43232604", "CAD software", "N", "N"},
             {"47-2152.00", plumbers, "Microsoft Excel", "43232110", "Spreadsheet software", "Y",
              "N"},
             {"47-2152.00", plumbers, "Autodesk AutoCAD", "43232604", "CAD software", "Y", "Y"},
             {"47-2152.00", plumbers, "Microsoft Excel", "43232110", "Spreadsheet software", "Y",
              "N"},
             {"47-2111.00", "Electricians", "Microsoft Excel", "43232110", "Spreadsheet software",
              "Y", "N"},
             {"29-1211.00", "Anesthesiologists", "Epic Systems", "43231602", "Medical software",
              "N", "N"}}));

  // Interests: OI scores per RIASEC area and the high points (2 = I, 0 = none).
  auto interests = [](const std::string& code, const std::string& title,
                      std::vector<std::string> scores, std::vector<std::string> high) {
    const char* ids = "abcdefghi";
    std::vector<std::vector<std::string>> rows;
    for (std::size_t i = 0; i < 9; ++i) {
      bool oi = i < 6;
      rows.push_back({code, title, std::string("1.B.1.") + ids[i], "Area", oi ? "OI" : "IH",
                      oi ? "Occupational Interests" : "Occupational Interest High-Point",
                      oi ? scores[i] : high[i - 6], "11/2023", "Machine Learning"});
    }
    return rows;
  };
  std::string interest_text =
      tsv({{"O*NET-SOC Code", "Title", "Element ID", "Element Name", "Scale ID", "Scale Name",
            "Data Value", "Date", "Domain Source"}});
  for (const auto& rows :
       {interests("47-2152.00", plumbers, {"7.00", "2.5", "1.2", "1.9", "1.4", "3.8"},
                  {"1.0", "6.0", "0.0"}),
        interests("29-1211.00", "Anesthesiologists", {"3.1", "6.4", "1.0", "5.5", "2.0", "3.0"},
                  {"2.0", "4.0", "1.0"})}) {
    for (const auto& row : rows) interest_text += tsv({row});
  }
  write(onet / "Interests.txt", interest_text);

  // Employment Projections: CRLF, quoted titles with commas, "—" and top-coded pay.
  write(dir / "projections.csv",
        "soc_code,title,emp_2024_k,emp_2034_k,emp_change_k,emp_change_pct,pct_self_employed,"
        "openings_annual_k,median_wage_2024,typical_entry_education,work_experience,ojt,"
        "has_ooh_profile\r\n"
        "47-2152,\"Plumbers, pipefitters, and steamfitters\",504.5,527.6,23.1,4.6,11.2,44.6,62970,"
        "High school diploma or equivalent,None,Apprenticeship,Y\r\n"
        "29-1141,Registered nurses,3391.4,3558.0,166.6,4.9,0.8,189.1,93600,Bachelor's degree,None,"
        "None,Y\r\n"
        "47-2111,Electricians,818.7,866.7,48.0,5.9,8.8,81.0,62350,High school diploma or "
        "equivalent,None,Apprenticeship,Y\r\n"
        "29-1211,Anesthesiologists,45.3,46.7,1.4,3.2,4.7,1.3,\">=$239,200\",Doctoral or "
        "professional degree,None,Internship/residency,Y\r\n"
        "15-1299,\"Computer occupations, all other\",463.2,476.3,13.1,2.8,5.4,30.6,110000,"
        "Bachelor's degree,None,None,N\r\n"
        "27-2011,Actors,57.0,57.1,0.2,0.3,27.9,6.3,\xE2\x80\x94,\"Some college, no degree\",None,"
        "Long-term on-the-job training,Y\r\n"
        "21-1018,\"Substance abuse, behavioral disorder, and mental health counselors\",481.9,"
        "568.0,86.2,17.9,3.1,48.3,59190,Master's degree,None,None,Y\r\n");

  std::string oews = kOewsHeader;
  oews += oews_row("00-0000", "All Occupations", "total", "49500", "23.80");
  oews += oews_row("47-2150", "Pipelayers, Plumbers, Pipefitters, and Steamfitters", "broad",
                   "60000", "28.85");
  oews +=
      oews_row("47-2152", "Plumbers, Pipefitters, and Steamfitters", "detailed", "62970", "30.27");
  oews += oews_row("29-1141", "Registered Nurses", "detailed", "93600", "45.00");
  oews += oews_row("47-2111", "Electricians", "detailed", "*", "29.98");
  oews += oews_row("29-1211", "Anesthesiologists", "detailed", "#", "#");
  oews += oews_row("15-1299", "Computer Occupations, All Other", "detailed", "108970", "52.39");
  oews += oews_row("27-2011", "Actors", "detailed", "*", "23.33");
  oews += oews_row("21-1018", "Substance Abuse, Behavioral Disorder, and Mental Health Counselors",
                   "detailed", "59190", "28.46");
  write(dir / "oews.tsv", oews);
  return {onet, dir / "projections.csv", dir / "oews.tsv"};
}

const CareerProfile* find_profile(const ImportResult& result, const std::string& code) {
  for (const auto& p : result.profiles) {
    if (p.soc_code == code) return &p;
  }
  return nullptr;
}

bool has_note(const std::vector<ImportNote>& notes, const std::string& code,
              const std::string& reason_part) {
  return std::any_of(notes.begin(), notes.end(), [&](const ImportNote& n) {
    return n.soc_code == code && n.reason.find(reason_part) != std::string::npos;
  });
}

bool contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

}  // namespace

TEST_CASE("the importer builds profiles from the official layouts", "[importer]") {
  Cleanup cleanup{scratch_dir("fixture")};
  ImportSources sources = write_fixture(cleanup.dir);
  const std::map<std::string, std::string> curated = {{"29-1141.00", "registered-nurse"},
                                                      {"11-9999.00", "electricians"}};
  ImportResult result = import_public_data(sources, curated);
  INFO(result.error);
  REQUIRE(result.error.empty());

  // 9 occupations: the curated nurse and the empty ghost are skipped.
  CHECK(result.profiles.size() == 7);
  REQUIRE(result.skipped.size() == 2);
  CHECK(result.skipped[0].soc_code == "29-1141.00");
  CHECK(result.skipped[0].id == "registered-nurse");
  CHECK(result.skipped[0].reason == "curated profile 'registered-nurse' covers this code");
  CHECK(has_note(result.skipped, "99-9999.00", "no O*NET tasks or description"));

  for (const auto& p : result.profiles) {
    INFO(p.id);
    ProfileError error;
    auto again = parse_profile(profile_to_json(p), error);
    INFO(error.field << " " << error.reason);
    CHECK(again);
    CHECK(p.title_plural.empty());
    CHECK(!p.steps.empty());
  }

  SECTION("a fully described occupation") {
    const CareerProfile* p = find_profile(result, "47-2152.00");
    REQUIRE(p);
    CHECK(p->id == "plumbers-pipefitters-and-steamfitters");
    CHECK(p->title == "Plumbers, Pipefitters, and Steamfitters");
    CHECK(p->summary == "Assemble, install, alter, and repair pipelines or pipe systems.");
    CHECK(p->tasks == std::vector<std::string>{"Assemble pipe sections.", "Install pipe systems."});
    // Reported titles first, then short titles, then alternate titles;
    // lower case, deduplicated, without the title itself.
    CHECK(p->aliases ==
          std::vector<std::string>{"plumber", "pipefitter", "hvac pipefitter", "journeyman plumber",
                                   "heating, ventilation, and air conditioning pipefitter"});
    REQUIRE(p->education);
    CHECK(p->education->level == "High school diploma");
    CHECK(*p->education->share_percent == Approx(61.3));
    CHECK(p->education->source ==
          "O*NET 29.3 Database, USDOL/ETA (CC BY 4.0): required level of education");
    CHECK(p->education->as_of == "2025-05");
    REQUIRE(p->median_salary);
    CHECK(p->median_salary->amount == 62970);
    CHECK(!p->median_salary->top_coded);
    CHECK(p->median_salary->period == "year");
    CHECK(p->median_salary->currency == "USD");
    CHECK(p->median_salary->region == "United States");
    CHECK(p->median_salary->as_of == "2024-05");
    REQUIRE(p->growth);
    CHECK(p->growth->percent == Approx(4.6));
    CHECK(p->growth->period == "2024-34");
    REQUIRE(p->openings);
    CHECK(p->openings->count == 44600);
    CHECK(p->openings->period == "year");
    REQUIRE(p->employment);
    CHECK(p->employment->count == 504500);
    CHECK(p->job_zone == 3);
    // Best tier first, then by index; itself, unknown codes and skipped ones dropped;
    // curated codes resolve to the curated id.
    CHECK(p->related == std::vector<std::string>{"electricians-47211100", "registered-nurse",
                                                 "computer-systems-engineers-architects"});
    // Hot technology, in-demand first, deduplicated.
    CHECK(p->skills == std::vector<std::string>{"Autodesk AutoCAD", "Microsoft Excel"});
    REQUIRE(p->steps.size() == 3);
    CHECK(p->steps[0] ==
          "Earn the usual education for this career: High school diploma (61.3% of workers say "
          "the job requires it).");
    CHECK(p->steps[2] == "Apply for openings: about 44,600 a year in the United States.");
    // Interests: the six OI scores and the high points as letters (0 = none).
    REQUIRE(p->interests);
    CHECK(p->interests->scores == std::array<double, 6>{7.0, 2.5, 1.2, 1.9, 1.4, 3.8});
    CHECK(p->interests->code == "RC");
    CHECK(p->interests->as_of == "2025-05");
    // Pay by percentile from OEWS, annual.
    REQUIRE(p->pay);
    CHECK(p->pay->period == "year");
    CHECK(p->pay->values[0] == 31200);
    CHECK(p->pay->values[2] == 62970);
    CHECK(p->pay->values[4] == 104000);
    CHECK(p->pay->top_coded.empty());
    CHECK(!has_note(result.warnings, "47-2152.00", ""));
  }

  SECTION("fallbacks to the projections and missing figures") {
    const CareerProfile* e = find_profile(result, "47-2111.00");
    REQUIRE(e);
    CHECK(e->id == "electricians-47211100");  // "electricians" is a curated id
    CHECK(e->aliases == std::vector<std::string>{"journeyman electrician"});
    CHECK(e->tasks == std::vector<std::string>{"Test electrical systems.",
                                               "Connect wires to circuit breakers."});
    REQUIRE(e->education);
    CHECK(e->education->level == "High school diploma or equivalent");
    CHECK(!e->education->share_percent);
    CHECK(e->education->as_of == "2024");
    REQUIRE(e->median_salary);
    CHECK(e->median_salary->amount == 62350);  // OEWS "*": the projections' median
    CHECK(e->median_salary->as_of == "2024");
    CHECK(!e->job_zone);
    CHECK(has_note(result.warnings, "47-2111.00", "no O*NET job zone"));
    CHECK(contains(e->steps, "Expect an apprenticeship once hired."));
    CHECK(e->skills == std::vector<std::string>{"Microsoft Excel"});

    const CareerProfile* a = find_profile(result, "29-1211.00");
    REQUIRE(a);
    CHECK(a->median_salary->amount == 239200);
    CHECK(a->median_salary->top_coded);
    CHECK(a->education->level == "Doctoral degree");
    CHECK(a->skills == std::vector<std::string>{"Epic Systems"});  // none hot: the first ones
    CHECK(a->job_zone == 5);
    REQUIRE(a->interests);
    CHECK(a->interests->code == "ISR");
    // "#" at the median but lower figures above it: not a usable ladder.
    CHECK(!a->pay);
    CHECK(!e->interests);
    CHECK(has_note(result.warnings, "47-2111.00", "no O*NET interest profile"));
    REQUIRE(e->pay);  // OEWS has no annual median: the hourly percentiles
    CHECK(e->pay->period == "hour");
    CHECK(e->pay->values[2] == Approx(29.98));

    const CareerProfile* c = find_profile(result, "15-1299.08");
    REQUIRE(c);
    CHECK(c->median_salary->amount == 108970);  // the SOC "all other" row
    CHECK(c->tasks == std::vector<std::string>{c->summary});
    CHECK(has_note(result.warnings, "15-1299.08", "no O*NET task statements"));

    const CareerProfile* actors = find_profile(result, "27-2011.00");
    REQUIRE(actors);
    REQUIRE(actors->median_salary);
    CHECK(actors->median_salary->period == "hour");
    CHECK(actors->median_salary->amount == Approx(23.33));
    CHECK(actors->education->level == "Some college, no degree");

    const CareerProfile* counselors = find_profile(result, "21-1014.00");
    REQUIRE(counselors);
    REQUIRE(counselors->median_salary);
    CHECK(counselors->median_salary->amount == 59190);
    CHECK(counselors->growth->percent == Approx(17.9));
    CHECK(has_note(result.warnings, "21-1014.00", "21-1018"));

    const CareerProfile* infantry = find_profile(result, "55-3016.00");
    REQUIRE(infantry);
    CHECK(!infantry->median_salary);
    CHECK(!infantry->growth);
    CHECK(!infantry->education);
    CHECK(has_note(result.warnings, "55-3016.00", "no BLS median pay"));
    CHECK(infantry->steps ==
          std::vector<std::string>{"Apply for openings: search job postings for Infantry."});
  }

  SECTION("re-import gives the same ids") {
    ImportResult again = import_public_data(sources, curated);
    REQUIRE(again.profiles.size() == result.profiles.size());
    for (std::size_t i = 0; i < again.profiles.size(); ++i)
      CHECK(again.profiles[i].id == result.profiles[i].id);
  }
}

TEST_CASE("the importer reports sources it cannot read", "[importer]") {
  Cleanup cleanup{scratch_dir("errors")};
  ImportSources sources = write_fixture(cleanup.dir);
  const std::map<std::string, std::string> none;

  SECTION("a missing file") {
    fs::remove(sources.onet_dir / "Job Zones.txt");
    ImportResult result = import_public_data(sources, none);
    CHECK(result.error.find("Job Zones.txt") != std::string::npos);
    CHECK(result.profiles.empty());
  }
  SECTION("a missing column") {
    write(sources.onet_dir / "Related Occupations.txt",
          tsv({{"O*NET-SOC Code", "Title", "Related O*NET-SOC Code", "Index"}}));
    ImportResult result = import_public_data(sources, none);
    CHECK(result.error.find("Related Occupations.txt: line 1") != std::string::npos);
    CHECK(result.error.find("Relatedness Tier") != std::string::npos);
  }
  SECTION("a value that is not a number") {
    write(sources.onet_dir / "Job Zones.txt",
          tsv({{"O*NET-SOC Code", "Title", "Job Zone", "Date", "Domain Source"},
               {"47-2152.00", "Plumbers", "3", "08/2023", "Analyst"},
               {"47-2111.00", "Electricians", "three", "08/2023", "Analyst"}}));
    ImportResult result = import_public_data(sources, none);
    CHECK(result.error.find("Job Zones.txt: line 3") != std::string::npos);
    CHECK(result.error.find("Job Zone") != std::string::npos);
  }
  SECTION("a high point far out of range") {
    // Found by fuzz/import_table_fuzz: converted to int before the range
    // check, 1e300 was undefined behaviour.
    write(sources.onet_dir / "Interests.txt",
          tsv({{"O*NET-SOC Code", "Title", "Element ID", "Element Name", "Scale ID", "Scale Name",
                "Data Value", "Date", "Domain Source"},
               {"47-2152.00", "Plumbers", "1.B.1.g", "First Interest High-Point", "IH",
                "Occupational Interest High-Point", "1e300", "11/2023", "Machine Learning"}}));
    ImportResult result = import_public_data(sources, none);
    CHECK(result.error.find("Interests.txt: line 2") != std::string::npos);
    CHECK(result.error.find("from 0 to 6") != std::string::npos);
  }
  SECTION("a short row") {
    write(sources.onet_dir / "Occupation Data.txt",
          tsv({{"O*NET-SOC Code", "Title", "Description"}, {"47-2152.00"}}));
    ImportResult result = import_public_data(sources, none);
    CHECK(result.error.find("Occupation Data.txt: line 2") != std::string::npos);
  }
  SECTION("an unclosed quote in the projections") {
    write(sources.bls_projections,
          "soc_code,title,emp_2024_k,emp_2034_k,emp_change_k,emp_change_pct,pct_self_employed,"
          "openings_annual_k,median_wage_2024,typical_entry_education,work_experience,ojt,"
          "has_ooh_profile\n47-2152,\"Plumbers,504.5\n");
    ImportResult result = import_public_data(sources, none);
    CHECK(result.error.find("projections.csv: line 2") != std::string::npos);
  }
  SECTION("an empty file") {
    write(sources.oews, "");
    ImportResult result = import_public_data(sources, none);
    CHECK(result.error.find("oews.tsv") != std::string::npos);
  }
}

TEST_CASE("the importer reads the full public data", "[importer]") {
  const fs::path data = fs::path(CAREERBOT_TEST_SHARED_DIR) / "data";
  const ImportSources sources{data / "onet-29.3",
                              data / "bls" / "employment-projections-2024-34.csv",
                              data / "bls" / "oews-national-may-2024.tsv"};
  if (!fs::exists(sources.onet_dir / "Occupation Data.txt") || !fs::exists(sources.oews)) {
    WARN("skipped: " << data.string() << " is absent");
    return;
  }
  KnowledgeError kb_error;
  auto kb = load_knowledge_dir(CAREERBOT_TEST_KNOWLEDGE_DIR, kb_error);
  INFO(kb_error.message());
  REQUIRE(kb);
  std::map<std::string, std::string> curated;
  for (const auto& p : kb->profiles()) {
    if (!p.soc_code.empty()) curated.emplace(p.soc_code, p.id);
  }
  REQUIRE(curated.contains("29-1141.00"));

  ImportResult result = import_public_data(sources, curated);
  INFO(result.error);
  REQUIRE(result.error.empty());

  // 1,016 occupations: every one is imported, or skipped with a reason.
  CHECK(result.profiles.size() + result.skipped.size() == 1016);
  CHECK(result.profiles.size() >= 1016 - curated.size() - 5);
  for (const auto& note : result.skipped) CHECK(!note.reason.empty());
  CHECK(std::any_of(result.skipped.begin(), result.skipped.end(), [](const ImportNote& n) {
    return n.soc_code == "29-1141.00" && n.id == "registered-nurse" &&
           n.reason.find("curated") != std::string::npos;
  }));
  CHECK(!find_profile(result, "29-1141.00"));

  for (const auto& p : result.profiles) {
    ProfileError error;
    if (!parse_profile(profile_to_json(p), error))
      FAIL(p.id << ": " << error.field << " " << error.reason);
  }
  // Together with the curated profiles: unique ids, related ids that exist.
  std::vector<CareerProfile> all = kb->profiles();
  all.insert(all.end(), result.profiles.begin(), result.profiles.end());
  auto problem = check_consistency(all);
  CHECK(!problem);
  if (problem) FAIL(problem->message());

  const CareerProfile* plumbers = find_profile(result, "47-2152.00");
  REQUIRE(plumbers);
  CHECK(plumbers->title == "Plumbers, Pipefitters, and Steamfitters");
  REQUIRE(plumbers->median_salary);
  CHECK(plumbers->median_salary->amount == 62970);
  CHECK(std::any_of(plumbers->aliases.begin(), plumbers->aliases.end(),
                    [](const std::string& a) { return a.find("plumber") != std::string::npos; }));
  CHECK(plumbers->job_zone);
  CHECK(plumbers->growth);

  const CareerProfile* pharmacists = find_profile(result, "29-1051.00");
  REQUIRE(pharmacists);
  REQUIRE(pharmacists->median_salary);
  CHECK(pharmacists->median_salary->amount == 137480);
  CHECK(pharmacists->education);
}

TEST_CASE("the importer reads the O*NET zip and the BLS workbooks as published", "[importer]") {
  Cleanup cleanup{scratch_dir("official")};
  ImportSources text = write_fixture(cleanup.dir);
  // The release zip holds its files in a top folder, as O*NET publishes it.
  fs::rename(text.onet_dir, cleanup.dir / "db_29_3_text");
  const std::string zip = (cleanup.dir / "db_29_3_text.zip").string();
  REQUIRE(std::system(("cd '" + cleanup.dir.string() + "' && zip -qr '" + zip + "' db_29_3_text")
                          .c_str()) == 0);
  const fs::path xlsx = fs::path(CAREERBOT_TEST_DATA_DIR) / "xlsx";
  const ImportSources official{zip, xlsx / "ep-occupation.xlsx", xlsx / "oews-national.xlsx"};

  ImportResult result = import_public_data(official, {});
  INFO(result.error);
  REQUIRE(result.error.empty());
  CHECK(result.profiles.size() == 8);

  const CareerProfile* plumbers = find_profile(result, "47-2152.00");
  REQUIRE(plumbers);
  CHECK(plumbers->median_salary->amount == 62970);  // OEWS workbook
  CHECK(plumbers->growth->percent == Approx(4.2));  // Table 1.2, below its title rows
  CHECK(plumbers->openings->count == 44000);
  CHECK(plumbers->employment->count == 504500);
  REQUIRE(plumbers->pay);
  CHECK(plumbers->pay->values[0] == 38230);
  CHECK(plumbers->pay->values[4] == 104270);
  CHECK(plumbers->interests->code == "RC");
  CHECK(plumbers->skills == std::vector<std::string>{"Autodesk AutoCAD", "Microsoft Excel"});

  // Float noise in a workbook cell is still the published figure.
  const CareerProfile* nurses = find_profile(result, "29-1141.00");
  REQUIRE(nurses);
  CHECK(nurses->employment->count == 3505300);
  CHECK(nurses->median_salary->amount == 93600);

  // "—" in the workbook, "*" in OEWS: the hourly median.
  const CareerProfile* actors = find_profile(result, "27-2011.00");
  REQUIRE(actors);
  CHECK(actors->median_salary->period == "hour");
  CHECK(actors->median_salary->amount == Approx(23.33));

  // The same release as text files gives the same figures.
  fs::rename(cleanup.dir / "db_29_3_text", text.onet_dir);
  ImportResult from_text =
      import_public_data({text.onet_dir, official.bls_projections, official.oews}, {});
  REQUIRE(from_text.error.empty());
  REQUIRE(from_text.profiles.size() == result.profiles.size());
  for (std::size_t i = 0; i < result.profiles.size(); ++i) {
    CHECK(profile_to_json(from_text.profiles[i]) == profile_to_json(result.profiles[i]));
  }
}

TEST_CASE("a malformed zip or workbook is refused naming the file", "[importer]") {
  Cleanup cleanup{scratch_dir("broken")};
  ImportSources sources = write_fixture(cleanup.dir);
  const fs::path broken = fs::path(CAREERBOT_TEST_DATA_DIR) / "xlsx" / "broken";
  const fs::path xlsx = fs::path(CAREERBOT_TEST_DATA_DIR) / "xlsx";

  SECTION("a zip that is not one") {
    sources.onet_dir = broken / "not-a-zip.xlsx";
    auto result = import_public_data(sources, {});
    CHECK(result.error.find("not-a-zip.xlsx: not a zip archive") != std::string::npos);
    CHECK(result.profiles.empty());
  }
  SECTION("a release zip without one of its files") {
    sources.onet_dir = xlsx / "release.zip";
    auto result = import_public_data(sources, {});
    INFO(result.error);
    CHECK(result.error.find("release.zip: db_29_3_text/Occupation Data.txt: line 1: the header "
                            "has no column 'Description'") != std::string::npos);
  }
  SECTION("a truncated workbook") {
    sources.oews = broken / "truncated.xlsx";
    auto result = import_public_data(sources, {});
    CHECK(result.error.rfind((broken / "truncated.xlsx").string() + ": ", 0) == 0);
    CHECK(result.profiles.empty());
  }
  SECTION("a workbook with broken XML") {
    sources.bls_projections = broken / "bad-xml.xlsx";
    auto result = import_public_data(sources, {});
    CHECK(result.error.rfind((broken / "bad-xml.xlsx").string() + ": ", 0) == 0);
    CHECK(result.error.find("xl/workbook.xml") != std::string::npos);
  }
  SECTION("the wrong workbook") {
    sources.bls_projections = xlsx / "oews-national.xlsx";
    auto result = import_public_data(sources, {});
    CHECK(result.error == (xlsx / "oews-national.xlsx").string() +
                              ": no worksheet has the columns 'soc_code', 'title', 'emp_2024_k', "
                              "'emp_change_pct', 'openings_annual_k', 'median_wage_2024', "
                              "'typical_entry_education', 'work_experience', 'ojt'");
  }
}
