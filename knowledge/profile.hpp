// A career profile: the unit of the knowledge base (SPEC section 4).
// Every figure carries its source and the date it describes.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace careerbot {

struct MedianSalary {
  double amount = 0;
  std::string currency;  // "USD"
  std::string period;    // "year" or "hour"
  std::string region;
  bool top_coded = false;  // the source only says "at least this much"
  std::string source;
  std::string as_of;
};

struct Education {
  std::string level;                    // most common or typical entry level
  std::optional<double> share_percent;  // share of workers at that level, where known
  std::string source;
  std::string as_of;
};

struct Growth {
  double percent = 0;
  std::string period;  // "10 years", "2024-34"
  std::string source;
  std::string as_of;
};

struct Openings {
  long long count = 0;
  std::string period;  // "current" or "year"
  std::string region;
  std::string source;
  std::string as_of;
};

struct Employment {
  long long count = 0;
  std::string source;
  std::string as_of;
};

// Holland's RIASEC areas, in the order O*NET lists them.
enum class InterestArea { realistic, investigative, artistic, social, enterprising, conventional };
inline constexpr std::array<std::string_view, 6> kInterestAreaNames = {
    "realistic", "investigative", "artistic", "social", "enterprising", "conventional"};

// The occupation's interest profile: O*NET's OI scale (1-7) per RIASEC area,
// and the high-point code ("IC": its strongest areas, strongest first).
struct Interests {
  std::array<double, 6> scores{};  // in kInterestAreaNames order
  std::string code;
  std::string source;
  std::string as_of;
};

// Pay by percentile (OEWS): what starting, mid-career and top earners make.
// Absent percentiles are not published; `top_coded` names those published only
// as "at least" (the value is then the top-code).
struct PayPercentiles {
  std::array<std::optional<double>, 5> values;  // 10th, 25th, 50th, 75th, 90th
  std::vector<std::string> top_coded;           // "p90", ...
  std::string period;                           // "year" or "hour"
  std::string source;
  std::string as_of;
};
inline constexpr std::array<std::string_view, 5> kPercentileNames = {"p10", "p25", "p50", "p75",
                                                                     "p90"};

// A step up from this career: another career of the knowledge base, or (in
// authored ladders) a stage that is no separate career, by title.
struct ProgressionStep {
  std::string career;       // id; empty for a stage known only by title
  std::string title;        // required when `career` is empty
  std::string requirement;  // what it takes, where known (JSON "requires")
};

// What to study for this career.
struct Study {
  std::vector<std::string> fields;          // fields of study ("Computer science")
  std::vector<std::string> courses;         // course topics ("Databases and SQL")
  std::vector<std::string> certifications;  // ("CompTIA Security+")
};

struct CareerProfile {
  std::string id;
  std::string title;         // singular: "Registered Nurse"
  std::string title_plural;  // "Registered Nurses"; empty means same as title
  std::vector<std::string> aliases;
  std::string soc_code;
  std::string summary;
  std::vector<std::string> tasks;
  std::optional<MedianSalary> median_salary;
  std::optional<Education> education;
  std::optional<Growth> growth;
  std::optional<Openings> openings;
  std::optional<Employment> employment;
  std::vector<std::string> steps;
  std::vector<std::string> related;  // ids within the same knowledge base
  std::vector<std::string> skills;
  std::optional<int> job_zone;  // O*NET preparation level, 1 (little) to 5 (extensive)
  std::optional<Interests> interests;
  std::optional<PayPercentiles> pay;
  std::vector<ProgressionStep> progression;  // next careers, nearest first
  std::optional<Study> study;
  std::string origin =
      "curated";  // "curated" (written for careerbot) or "imported" (O*NET and BLS)
  long long revision = 0;
  std::string updated_at;

  const std::string& plural() const { return title_plural.empty() ? title : title_plural; }
};

// The first problem found in a profile document, naming the field ("tasks[3]").
struct ProfileError {
  std::string field;
  std::string reason;
};

// Validates `doc` against the profile schema (knowledge/profile.schema.json) and
// converts it. Returns nullopt and fills `error` when the document is invalid.
std::optional<CareerProfile> parse_profile(const nlohmann::json& doc, ProfileError& error);

nlohmann::json profile_to_json(const CareerProfile& profile);

// An O*NET-SOC or SOC code: "15-1254.00" or "15-1254".
bool is_soc_code(std::string_view code);

}  // namespace careerbot
