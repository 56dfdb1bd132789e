// Reads the O*NET text release (O*NET-SOC occupations, tasks, titles,
// education, job zones, related occupations, technology skills, interests),
// as a directory of its tab-separated files or as the published zip.
#pragma once

#include <array>
#include <filesystem>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace careerbot {

struct OnetTask {
  std::string text;
  bool core = false;
};

struct OnetRelated {
  std::string code;
  int tier = 0;  // 0 Primary-Short, 1 Primary-Long, 2 Supplemental, 3 other
  int index = 0;
};

struct OnetTechnology {
  std::string name;
  bool hot = false;
  bool in_demand = false;
};

struct OnetOccupation {
  std::string code;
  std::string title;
  std::string description;
  std::vector<OnetTask> tasks;
  std::vector<std::string> reported_titles;
  std::vector<std::string> short_titles;
  std::vector<std::string> alternate_titles;
  int education_category = 0;  // 0: none
  double education_share = -1;
  std::optional<int> job_zone;
  std::vector<OnetRelated> related;
  std::vector<OnetTechnology> technology;
  // RIASEC occupational interests (OI 1-7); 0 where the release has none.
  std::array<double, 6> interests{};
  std::array<int, 3> high_points{};  // 1-6 (R..C), 0 for none
};

struct OnetRelease {
  std::vector<OnetOccupation> occupations;  // in O*NET-SOC code order
  std::unordered_map<std::string, std::size_t> by_code;
  std::unordered_map<int, std::string> education_labels;      // RL category -> "Bachelor's degree"
  std::unordered_map<std::string, int> technology_frequency;  // example -> occupations using it

  const OnetOccupation* find(const std::string& code) const;
};

// `source` is the release directory or its zip. Throws ImportFailure naming
// the file (and line) that cannot be read.
OnetRelease read_onet_release(const std::filesystem::path& source);

}  // namespace careerbot
