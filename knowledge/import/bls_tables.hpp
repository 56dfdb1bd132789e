// Reads the two BLS tables the importer joins: the Employment Projections
// occupation table (Table 1.2) and the national OEWS wage table, each as the
// published workbook (.xlsx) or as CSV / tab-separated text with either the
// published column names or the short ones of ../shared/data.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <unordered_map>

namespace careerbot {

struct Projection {
  std::string title;
  std::optional<double> employment_k;
  std::optional<double> change_pct;
  std::optional<double> openings_k;
  std::optional<double> median_wage;
  bool median_top_coded = false;
  std::string entry_education;
  std::string work_experience;
  std::string training;
};

struct Wage {
  std::string title;
  bool detailed = false;
  // As published: a number, "#" (top-coded) or "*" (not available).
  std::array<std::string, 5> annual;  // 10th, 25th, median, 75th, 90th percentile
  std::array<std::string, 5> hourly;
  const std::string& annual_median() const { return annual[2]; }
  const std::string& hourly_median() const { return hourly[2]; }
};

// SOC code ("29-1141") -> row. Throw ImportFailure naming the file and line.
std::unordered_map<std::string, Projection> read_projections(const std::string& path);
std::unordered_map<std::string, Wage> read_wages(const std::string& path);

}  // namespace careerbot
