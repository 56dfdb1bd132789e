#include "bls_tables.hpp"

#include <vector>

#include "fields.hpp"
#include "table.hpp"

namespace careerbot {

std::unordered_map<std::string, Projection> read_projections(const std::string& path) {
  // Short names (../shared/data) first, then the workbook's published headers;
  // '#' is any year, and the first "Employment, #" is the base year.
  const std::vector<Column> columns = {
      {"soc_code", {"soc_code", "# National Employment Matrix code"}},
      {"title", {"title", "# National Employment Matrix title"}},
      {"emp_2024_k", {"emp_2024_k", "Employment, #"}},
      {"emp_change_pct", {"emp_change_pct", "Employment change, percent, #-#"}},
      {"openings_annual_k", {"openings_annual_k", "Occupational openings, #-# annual average"}},
      {"median_wage_2024", {"median_wage_2024", "Median annual wage, dollars, #"}},
      {"typical_entry_education",
       {"typical_entry_education", "Typical education needed for entry"}},
      {"work_experience", {"work_experience", "Work experience in a related occupation"}},
      {"ojt", {"ojt", "Typical on-the-job training needed to attain competency in the occupation"}},
      {"Occupation type", {"Occupation type"}, true},
  };
  std::unordered_map<std::string, Projection> rows;
  read_table(path, columns).for_each(columns, [&](const Row& row) {
    // The workbook lists summary rows (all occupations, major and broad
    // groups) among the line items, and ends with footnotes.
    std::string code(row[0]);
    if (row[9] == "Summary" || code.size() != 7 || code[2] != '-') return;
    Projection p;
    p.title = row[1];
    p.employment_k = fields::parse_bls_number(row[2]);
    p.change_pct = fields::parse_bls_number(row[3]);
    p.openings_k = fields::parse_bls_number(row[4]);
    std::string_view wage = row[5];
    if (wage.starts_with(">=")) {
      wage.remove_prefix(2);
      p.median_top_coded = true;
    }
    p.median_wage = fields::parse_bls_number(wage);
    if (!p.median_wage) p.median_top_coded = false;
    p.entry_education = row[6];
    p.work_experience = row[7];
    p.training = row[8];
    rows.emplace(std::move(code), std::move(p));
  });
  return rows;
}

std::unordered_map<std::string, Wage> read_wages(const std::string& path) {
  auto same = [](std::string_view name) { return Column{name, {name}}; };
  const std::vector<Column> columns = {
      same("OCC_CODE"), same("OCC_TITLE"), same("O_GROUP"), same("A_PCT10"), same("A_PCT25"),
      same("A_MEDIAN"), same("A_PCT75"),   same("A_PCT90"), same("H_PCT10"), same("H_PCT25"),
      same("H_MEDIAN"), same("H_PCT75"),   same("H_PCT90")};
  std::unordered_map<std::string, Wage> rows;
  read_table(path, columns).for_each(columns, [&](const Row& row) {
    Wage w;
    w.title = row[1];
    w.detailed = row[2] == "detailed";
    for (std::size_t i = 0; i < 5; ++i) {
      w.annual[i] = row[3 + i];
      w.hourly[i] = row[8 + i];
    }
    auto [it, inserted] = rows.emplace(std::string(row[0]), w);
    if (!inserted && w.detailed && !it->second.detailed) it->second = std::move(w);
  });
  return rows;
}

}  // namespace careerbot
