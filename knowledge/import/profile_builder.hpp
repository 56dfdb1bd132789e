// Joins what the publishers' files say about each occupation into career
// profiles: O*NET for what the work is, BLS for pay, growth and openings.
#pragma once

#include <map>
#include <string>
#include <unordered_map>

#include "bls_tables.hpp"
#include "importer.hpp"
#include "onet_release.hpp"

namespace careerbot {

struct PublicData {
  OnetRelease onet;
  std::unordered_map<std::string, Projection> projections;  // by SOC code
  std::unordered_map<std::string, Wage> wages;              // by SOC code
};

// One profile per O*NET occupation, skipping codes in `curated_by_soc`
// (O*NET-SOC code -> curated profile id); related ids resolve to curated ids
// where curated.
ImportResult build_profiles(const PublicData& data,
                            const std::map<std::string, std::string>& curated_by_soc);

}  // namespace careerbot
