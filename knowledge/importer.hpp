// Builds career profiles from the public data sets an admin points at: the
// O*NET text release (occupations, tasks, titles, education, job zones,
// related occupations, technology skills) joined with the BLS Employment
// Projections and the national OEWS wage table. Plain file reading; no network.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "profile.hpp"

namespace careerbot {

struct ImportSources {
  std::filesystem::path onet_dir;         // the O*NET text release directory
  std::filesystem::path bls_projections;  // employment-projections-2024-34.csv
  std::filesystem::path oews;             // oews-national-may-2024.tsv
};

struct ImportNote {
  std::string soc_code;  // "29-1141.00"
  std::string id;        // profile id, when one was built or is kept
  std::string reason;    // why it was skipped or what is missing, e.g. "no BLS median pay"
};

struct ImportResult {
  std::vector<CareerProfile> profiles;  // every profile built, valid per the schema
  std::vector<ImportNote> skipped;      // occupations not imported, with the reason
  std::vector<ImportNote> warnings;     // imported, but with something missing
  std::string error;  // non-empty when the sources cannot be read at all (names the file and line)
};

// Builds one profile per O*NET occupation. Occupations whose code is in
// `curated_by_soc` (O*NET-SOC code -> curated profile id) are skipped: the
// curated profile wins. Related-occupation ids resolve to curated ids where
// curated, else to the imported ids.
ImportResult import_public_data(const ImportSources& sources,
                                const std::map<std::string, std::string>& curated_by_soc);

}  // namespace careerbot
