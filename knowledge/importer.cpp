#include "importer.hpp"

#include "answer.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <initializer_list>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string_view>
#include <system_error>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include <nlohmann/json.hpp>

namespace careerbot {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kOnetEducationSource =
    "O*NET 29.3 Database, USDOL/ETA (CC BY 4.0): required level of education";
constexpr std::string_view kOnetAsOf = "2025-05";
constexpr std::string_view kProjectionsSource =
    "U.S. Bureau of Labor Statistics, Employment Projections 2024-34";
constexpr std::string_view kProjectionsEducationSource =
    "U.S. Bureau of Labor Statistics, Employment Projections 2024-34 (typical entry-level "
    "education)";
constexpr std::string_view kProjectionsAsOf = "2024";
constexpr std::string_view kOewsSource =
    "U.S. Bureau of Labor Statistics, Occupational Employment and Wage Statistics (median pay, May "
    "2024)";
constexpr std::string_view kOewsAsOf = "2024-05";
constexpr std::string_view kRegion = "United States";
constexpr double kOewsTopCode = 239200;  // OEWS writes "#" for an annual median of at least this

constexpr std::size_t kMaxAliases = 200;
constexpr std::size_t kMaxTasks = 30;
constexpr std::size_t kMaxRelated = 6;
constexpr std::size_t kMaxSkills = 10;
constexpr std::size_t kMaxIdLength = 80;

// A source that cannot be read at all; the message names the file (and line).
class ImportFailure : public std::runtime_error {
 public:
  explicit ImportFailure(const std::string& message) : std::runtime_error(message) {}
};

// ---------------------------------------------------------------------------
// Text helpers

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

char ascii_lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool is_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Lower case (ASCII letters only; UTF-8 sequences pass through), trimmed, with
// runs of white space collapsed to one space.
std::string normalise_name(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool pending_space = false;
  for (char c : trim(s)) {
    if (is_space(c)) {
      pending_space = true;
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += ascii_lower(c);
  }
  return out;
}

// At most `max_bytes`, cut on a UTF-8 character boundary.
std::string clip(std::string_view s, std::size_t max_bytes) {
  if (s.size() <= max_bytes) return std::string(s);
  std::size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0U) == 0x80U) --end;
  return std::string(trim(s.substr(0, end)));
}

// "Registered Nurses" -> "registered-nurses"; at most kMaxIdLength characters,
// cut at a word boundary where possible.
std::string slugify(std::string_view title) {
  std::string slug;
  for (char c : title) {
    if (is_alnum(c)) {
      slug += ascii_lower(c);
    } else if (!slug.empty() && slug.back() != '-') {
      slug += '-';
    }
  }
  if (slug.size() > kMaxIdLength) {
    std::size_t cut = slug.rfind('-', kMaxIdLength);
    slug.resize(cut != std::string::npos && cut >= kMaxIdLength / 2 ? cut : kMaxIdLength);
  }
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  return slug;
}

std::string digits_of(std::string_view code) {
  std::string out;
  for (char c : code) {
    if (is_digit(c)) out += c;
  }
  return out;
}

std::string one_decimal(double value) {
  std::array<char, 64> buffer{};
  std::snprintf(buffer.data(), buffer.size(), "%.1f", value);
  return buffer.data();
}

double round_to_tenth(double value) {
  return std::round(value * 10.0) / 10.0;
}

// Parses a whole field as a number; nullopt when it is not one.
std::optional<double> parse_double(std::string_view s) {
  s = trim(s);
  if (s.empty()) return std::nullopt;
  double value = 0;
  const char* end = s.data() + s.size();
  auto [ptr, ec] = std::from_chars(s.data(), end, value);
  if (ec != std::errc() || ptr != end || !std::isfinite(value)) return std::nullopt;
  return value;
}

std::optional<int> parse_int(std::string_view s) {
  s = trim(s);
  if (s.empty()) return std::nullopt;
  int value = 0;
  const char* end = s.data() + s.size();
  auto [ptr, ec] = std::from_chars(s.data(), end, value);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return value;
}

// A BLS figure: "1,234.5", "$62,970"; nullopt for the markers of missing data
// ("—", "*", "#", empty).
std::optional<double> parse_bls_number(std::string_view s) {
  std::string cleaned;
  for (char c : trim(s)) {
    if (c != ',' && c != '$') cleaned += c;
  }
  return parse_double(cleaned);
}

// ---------------------------------------------------------------------------
// Reading tables

std::string read_text(const fs::path& path) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) {
    throw ImportFailure(path.string() + ": cannot read the file (missing or not a regular file)");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ImportFailure(path.string() + ": cannot open the file");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) throw ImportFailure(path.string() + ": error while reading the file");
  std::string text = std::move(buffer).str();
  if (text.starts_with("\xEF\xBB\xBF")) text.erase(0, 3);  // UTF-8 byte order mark
  return text;
}

// One data row: the requested columns, in the order they were requested.
class Row {
 public:
  Row(const std::string& file, const std::vector<std::string_view>& names)
      : file_(file), names_(names), values_(names.size()) {}

  std::string_view operator[](std::size_t column) const { return values_[column]; }

  [[noreturn]] void fail(const std::string& reason) const {
    throw ImportFailure(file_ + ": line " + std::to_string(line_) + ": " + reason);
  }

  double number(std::size_t column) const {
    auto value = parse_double(values_[column]);
    if (!value) fail(bad_value(column, "a number"));
    return *value;
  }

  int integer(std::size_t column) const {
    auto value = parse_int(values_[column]);
    if (!value) fail(bad_value(column, "a whole number"));
    return *value;
  }

  void set(std::size_t line_number, const std::vector<std::string_view>& fields,
           const std::vector<std::size_t>& indices) {
    line_ = line_number;
    for (std::size_t i = 0; i < indices.size(); ++i) values_[i] = trim(fields[indices[i]]);
  }

 private:
  std::string bad_value(std::size_t column, const char* expected) const {
    return "column '" + std::string(names_[column]) + "' should be " + expected + ", not '" +
           std::string(values_[column]) + "'";
  }

  const std::string& file_;
  const std::vector<std::string_view>& names_;
  std::vector<std::string_view> values_;
  std::size_t line_ = 0;
};

// Positions of `wanted` among the header `names`; fails naming a missing column.
std::vector<std::size_t> find_columns(const std::string& file,
                                      const std::vector<std::string_view>& names,
                                      const std::vector<std::string_view>& wanted) {
  std::vector<std::size_t> indices;
  for (auto column : wanted) {
    auto it = std::find(names.begin(), names.end(), column);
    if (it == names.end()) {
      throw ImportFailure(file + ": line 1: the header has no column '" + std::string(column) +
                          "'");
    }
    indices.push_back(static_cast<std::size_t>(it - names.begin()));
  }
  return indices;
}

void split_tabs(std::string_view line, std::vector<std::string_view>& fields) {
  fields.clear();
  std::size_t start = 0;
  while (true) {
    std::size_t tab = line.find('\t', start);
    if (tab == std::string_view::npos) {
      fields.push_back(line.substr(start));
      return;
    }
    fields.push_back(line.substr(start, tab - start));
    start = tab + 1;
  }
}

// Calls on_row(const Row&) for every non-blank data row of a tab-separated file
// with one header row. Tolerates CRLF and a byte order mark.
template <typename OnRow>
void for_each_tsv(const fs::path& path, const std::vector<std::string_view>& columns,
                  OnRow&& on_row) {
  const std::string file = path.string();
  const std::string text = read_text(path);
  std::string_view rest(text);
  std::size_t line_number = 0;
  auto next_line = [&](std::string_view& line) {
    if (rest.empty()) return false;
    std::size_t end = rest.find('\n');
    line = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    ++line_number;
    return true;
  };

  std::string_view line;
  if (!next_line(line) || trim(line).empty()) {
    throw ImportFailure(file + ": line 1: expected a header row, found none");
  }
  std::vector<std::string_view> names;
  split_tabs(line, names);
  for (auto& name : names) name = trim(name);
  const auto indices = find_columns(file, names, columns);
  const std::size_t needed = *std::max_element(indices.begin(), indices.end()) + 1;

  Row row(file, columns);
  std::vector<std::string_view> fields;
  while (next_line(line)) {
    if (trim(line).empty()) continue;
    split_tabs(line, fields);
    if (fields.size() < needed) {
      throw ImportFailure(file + ": line " + std::to_string(line_number) + ": " +
                          std::to_string(fields.size()) + " tab-separated field(s), expected " +
                          std::to_string(names.size()));
    }
    row.set(line_number, fields, indices);
    on_row(std::as_const(row));
  }
}

// Calls on_row(const Row&) for every non-blank record of a comma-separated file
// (RFC 4180: quoted fields may hold commas, doubled quotes and line breaks).
template <typename OnRow>
void for_each_csv(const fs::path& path, const std::vector<std::string_view>& columns,
                  OnRow&& on_row) {
  const std::string file = path.string();
  const std::string text = read_text(path);
  const std::size_t n = text.size();
  std::size_t pos = 0;
  std::size_t line_number = 1;

  // Reads one record into `out`; false at the end of the text.
  auto read_record = [&](std::vector<std::string>& out, std::size_t& first_line) {
    out.clear();
    if (pos >= n) return false;
    first_line = line_number;
    std::string field;
    while (true) {
      field.clear();
      if (pos < n && text[pos] == '"') {
        ++pos;
        while (true) {
          if (pos >= n) {
            throw ImportFailure(file + ": line " + std::to_string(first_line) +
                                ": a quoted field is not closed");
          }
          char c = text[pos];
          if (c == '"') {
            if (pos + 1 < n && text[pos + 1] == '"') {
              field += '"';
              pos += 2;
              continue;
            }
            ++pos;
            break;
          }
          if (c == '\n') ++line_number;
          field += c;
          ++pos;
        }
        if (pos < n && text[pos] == '\r') ++pos;
        if (pos < n && text[pos] != ',' && text[pos] != '\n') {
          throw ImportFailure(file + ": line " + std::to_string(line_number) +
                              ": unexpected text after a quoted field");
        }
      } else {
        while (pos < n && text[pos] != ',' && text[pos] != '\n') field += text[pos++];
        if (!field.empty() && field.back() == '\r') field.pop_back();
      }
      out.push_back(field);
      if (pos >= n) return true;
      if (text[pos] == ',') {
        ++pos;
        continue;
      }
      ++pos;  // '\n'
      ++line_number;
      return true;
    }
  };

  std::vector<std::string> record;
  std::size_t first_line = 1;
  if (!read_record(record, first_line)) {
    throw ImportFailure(file + ": line 1: expected a header row, found none");
  }
  std::vector<std::string> header = record;
  std::vector<std::string_view> names(header.begin(), header.end());
  for (auto& name : names) name = trim(name);
  const auto indices = find_columns(file, names, columns);
  const std::size_t needed = *std::max_element(indices.begin(), indices.end()) + 1;

  Row row(file, columns);
  std::vector<std::string_view> fields;
  while (read_record(record, first_line)) {
    if (record.size() == 1 && trim(record[0]).empty()) continue;  // blank line
    if (record.size() < needed) {
      throw ImportFailure(file + ": line " + std::to_string(first_line) + ": " +
                          std::to_string(record.size()) + " comma-separated field(s), expected " +
                          std::to_string(names.size()));
    }
    fields.assign(record.begin(), record.end());
    row.set(first_line, fields, indices);
    on_row(std::as_const(row));
  }
}

// ---------------------------------------------------------------------------
// What the sources say about one occupation

struct Task {
  std::string text;
  bool core = false;
};

struct RelatedCode {
  std::string code;
  int tier = 0;  // 0 Primary-Short, 1 Primary-Long, 2 Supplemental, 3 other
  int index = 0;
};

struct TechExample {
  std::string name;
  bool hot = false;
  bool in_demand = false;
};

struct Occupation {
  std::string code;
  std::string title;
  std::string description;
  std::vector<Task> tasks;
  std::vector<std::string> reported_titles;
  std::vector<std::string> short_titles;
  std::vector<std::string> alternate_titles;
  int education_category = 0;  // 0: none
  double education_share = -1;
  std::optional<int> job_zone;
  std::vector<RelatedCode> related;
  std::vector<TechExample> technology;
};

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
  std::string annual_median;  // as published: a number, "#" or "*"
  std::string hourly_median;
};

struct Sources {
  std::vector<Occupation> occupations;  // in O*NET-SOC code order
  std::unordered_map<std::string, std::size_t> by_code;
  std::unordered_map<int, std::string> education_labels;
  std::unordered_map<std::string, int> technology_frequency;
  std::unordered_map<std::string, Projection> projections;
  std::unordered_map<std::string, Wage> wages;
};

int tier_rank(std::string_view tier) {
  if (tier == "Primary-Short") return 0;
  if (tier == "Primary-Long") return 1;
  if (tier == "Supplemental") return 2;
  return 3;
}

// "Bachelor's Degree" -> "Bachelor's degree"; "High School Diploma - or the
// equivalent (...)" -> "High school diploma".
std::string education_label(std::string_view description) {
  std::size_t dash = description.find(" - ");
  std::string_view head = trim(description.substr(0, dash));
  std::string label(head);
  for (std::size_t i = 1; i < label.size(); ++i) label[i] = ascii_lower(label[i]);
  return clip(label, 200);
}

Sources read_sources(const ImportSources& in) {
  Sources s;
  const fs::path& onet = in.onet_dir;

  for_each_tsv(onet / "Occupation Data.txt", {"O*NET-SOC Code", "Title", "Description"},
               [&](const Row& row) {
                 std::string code(row[0]);
                 if (s.by_code.contains(code)) row.fail("occupation " + code + " is listed twice");
                 s.by_code.emplace(code, s.occupations.size());
                 Occupation o;
                 o.code = code;
                 o.title = row[1];
                 o.description = row[2];
                 s.occupations.push_back(std::move(o));
               });
  std::sort(s.occupations.begin(), s.occupations.end(),
            [](const Occupation& a, const Occupation& b) { return a.code < b.code; });
  for (std::size_t i = 0; i < s.occupations.size(); ++i) s.by_code[s.occupations[i].code] = i;

  auto occupation = [&](std::string_view code) -> Occupation* {
    auto it = s.by_code.find(std::string(code));
    return it == s.by_code.end() ? nullptr : &s.occupations[it->second];
  };

  for_each_tsv(onet / "Task Statements.txt", {"O*NET-SOC Code", "Task", "Task Type"},
               [&](const Row& row) {
                 Occupation* o = occupation(row[0]);
                 if (o == nullptr || row[1].empty()) return;
                 o->tasks.push_back({std::string(row[1]), row[2] == "Core"});
               });

  for_each_tsv(onet / "Alternate Titles.txt", {"O*NET-SOC Code", "Alternate Title", "Short Title"},
               [&](const Row& row) {
                 Occupation* o = occupation(row[0]);
                 if (o == nullptr) return;
                 if (!row[1].empty()) o->alternate_titles.emplace_back(row[1]);
                 if (!row[2].empty()) o->short_titles.emplace_back(row[2]);
               });

  for_each_tsv(onet / "Sample of Reported Titles.txt", {"O*NET-SOC Code", "Reported Job Title"},
               [&](const Row& row) {
                 Occupation* o = occupation(row[0]);
                 if (o != nullptr && !row[1].empty()) o->reported_titles.emplace_back(row[1]);
               });

  for_each_tsv(onet / "Education, Training, and Experience Categories.txt",
               {"Element Name", "Scale ID", "Category", "Category Description"},
               [&](const Row& row) {
                 if (row[0] != "Required Level of Education" || row[1] != "RL") return;
                 s.education_labels[row.integer(2)] = education_label(row[3]);
               });

  for_each_tsv(onet / "Education, Training, and Experience.txt",
               {"O*NET-SOC Code", "Element Name", "Scale ID", "Category", "Data Value"},
               [&](const Row& row) {
                 if (row[1] != "Required Level of Education" || row[2] != "RL") return;
                 Occupation* o = occupation(row[0]);
                 if (o == nullptr) return;
                 int category = row.integer(3);
                 double share = row.number(4);
                 if (share > o->education_share) {  // the first of equal shares wins
                   o->education_share = share;
                   o->education_category = category;
                 }
               });

  for_each_tsv(onet / "Job Zones.txt", {"O*NET-SOC Code", "Job Zone"}, [&](const Row& row) {
    Occupation* o = occupation(row[0]);
    if (o == nullptr) return;
    int zone = row.integer(1);
    if (zone >= 1 && zone <= 5) o->job_zone = zone;
  });

  for_each_tsv(onet / "Related Occupations.txt",
               {"O*NET-SOC Code", "Related O*NET-SOC Code", "Relatedness Tier", "Index"},
               [&](const Row& row) {
                 Occupation* o = occupation(row[0]);
                 if (o == nullptr) return;
                 o->related.push_back({std::string(row[1]), tier_rank(row[2]), row.integer(3)});
               });

  for_each_tsv(onet / "Technology Skills.txt",
               {"O*NET-SOC Code", "Example", "Hot Technology", "In Demand"}, [&](const Row& row) {
                 if (row[1].empty()) return;
                 ++s.technology_frequency[std::string(row[1])];
                 Occupation* o = occupation(row[0]);
                 if (o == nullptr) return;
                 o->technology.push_back({std::string(row[1]), row[2] == "Y", row[3] == "Y"});
               });

  for_each_csv(in.bls_projections,
               {"soc_code", "title", "emp_2024_k", "emp_change_pct", "openings_annual_k",
                "median_wage_2024", "typical_entry_education", "work_experience", "ojt"},
               [&](const Row& row) {
                 Projection p;
                 p.title = row[1];
                 p.employment_k = parse_bls_number(row[2]);
                 p.change_pct = parse_bls_number(row[3]);
                 p.openings_k = parse_bls_number(row[4]);
                 std::string_view wage = row[5];
                 if (wage.starts_with(">=")) {
                   wage.remove_prefix(2);
                   p.median_top_coded = true;
                 }
                 p.median_wage = parse_bls_number(wage);
                 if (!p.median_wage) p.median_top_coded = false;
                 p.entry_education = row[6];
                 p.work_experience = row[7];
                 p.training = row[8];
                 s.projections.emplace(std::string(row[0]), std::move(p));
               });

  for_each_tsv(
      in.oews, {"OCC_CODE", "OCC_TITLE", "O_GROUP", "A_MEDIAN", "H_MEDIAN"}, [&](const Row& row) {
        Wage w{std::string(row[1]), row[2] == "detailed", std::string(row[3]), std::string(row[4])};
        auto [it, inserted] = s.wages.emplace(std::string(row[0]), w);
        if (!inserted && w.detailed && !it->second.detailed) it->second = std::move(w);
      });
  return s;
}

// The BLS row for an O*NET code: its 6-digit SOC code ("15-1299.08" ->
// "15-1299"); where BLS publishes several O*NET occupations only together
// (21-1011 and 21-1014 as 21-1018), the one BLS detailed code in the same
// broad group that no O*NET occupation has.
template <typename Map, typename IsDetailed>
std::string bls_code_for(const std::string& soc, const Map& rows,
                         const std::unordered_set<std::string>& onet_socs, IsDetailed is_detailed) {
  if (rows.contains(soc)) return soc;
  std::string found;
  for (const auto& [code, row] : rows) {
    if (code.size() != 7 || code.compare(0, 6, soc, 0, 6) != 0) continue;
    if (!is_detailed(row) || onet_socs.contains(code)) continue;
    if (!found.empty()) return {};  // ambiguous
    found = code;
  }
  return found;
}

// ---------------------------------------------------------------------------
// Building profiles

std::vector<std::string> build_aliases(const Occupation& o) {
  std::vector<std::string> aliases;
  std::unordered_set<std::string> seen{normalise_name(o.title)};
  // Reported titles and short titles are the names people use most; the long
  // alphabetical list of alternate titles comes last, so the cap cuts there.
  for (const auto* list : {&o.reported_titles, &o.short_titles, &o.alternate_titles}) {
    for (const auto& name : *list) {
      if (aliases.size() >= kMaxAliases) return aliases;
      std::string alias = normalise_name(name);
      if (alias.empty() || alias.size() > 200) continue;
      if (seen.insert(alias).second) aliases.push_back(std::move(alias));
    }
  }
  return aliases;
}

std::vector<std::string> build_tasks(const Occupation& o) {
  bool any_core = std::any_of(o.tasks.begin(), o.tasks.end(), [](const Task& t) { return t.core; });
  std::vector<std::string> tasks;
  for (const auto& task : o.tasks) {
    if (tasks.size() >= kMaxTasks) break;
    if (any_core && !task.core) continue;
    std::string text = clip(trim(task.text), 1000);
    if (!text.empty()) tasks.push_back(std::move(text));
  }
  return tasks;
}

std::vector<std::string> build_skills(const Occupation& o, const Sources& s) {
  std::vector<const TechExample*> chosen;
  bool any_hot = std::any_of(o.technology.begin(), o.technology.end(),
                             [](const TechExample& t) { return t.hot; });
  for (const auto& example : o.technology) {
    if (!any_hot || example.hot) chosen.push_back(&example);
  }
  if (any_hot) {
    // In-demand tools first (the ones employers ask for in this occupation),
    // then the most widely used; file order breaks ties.
    auto frequency = [&](const TechExample* t) {
      auto it = s.technology_frequency.find(t->name);
      return it == s.technology_frequency.end() ? 0 : it->second;
    };
    std::stable_sort(chosen.begin(), chosen.end(), [&](const TechExample* a, const TechExample* b) {
      if (a->in_demand != b->in_demand) return a->in_demand;
      return frequency(a) > frequency(b);
    });
  }
  std::vector<std::string> skills;
  std::unordered_set<std::string> seen;
  for (const auto* example : chosen) {
    if (skills.size() >= kMaxSkills) break;
    std::string name = clip(trim(example->name), 300);
    if (!name.empty() && seen.insert(normalise_name(name)).second) skills.push_back(name);
  }
  return skills;
}

std::string zone_step(int zone) {
  switch (zone) {
    case 1:
      return "Start without prior experience: most people pick this job up through a few days to "
             "a few months of training on the job.";
    case 2:
      return "Get some related experience first, for example in an entry-level role; expect a few "
             "months to a year of learning alongside experienced co-workers.";
    case 3:
      return "Build a solid base of related experience or vocational training, such as an "
             "apprenticeship or a training program; expect one to two years of training on the "
             "job.";
    case 4:
      return "Plan for several years of related work experience on top of your education, plus "
             "training on the job.";
    default:
      return "Plan for extensive preparation: advanced study and often years of related experience "
             "or supervised practice before working on your own.";
  }
}

std::string lower_phrase(std::string_view s) {
  std::string out(trim(s));
  for (char& c : out) c = ascii_lower(c);
  return out;
}

// A step from the BLS "work experience" and "typical on-the-job training" columns.
std::string training_step(const Projection& p) {
  auto given = [](const std::string& v) {
    std::string_view t = trim(v);
    return !t.empty() && t != "None" && t != "\xE2\x80\x94";  // "—"
  };
  std::string training;
  if (given(p.training)) {
    std::string t = lower_phrase(p.training);
    if (t == "apprenticeship") {
      training = "an apprenticeship";
    } else if (t == "internship/residency") {
      training = "an internship or residency";
    } else {
      training = t;
    }
  }
  if (given(p.work_experience)) {
    std::string step =
        "Gain related work experience first (" + lower_phrase(p.work_experience) + " is typical)";
    if (!training.empty()) step += ", then expect " + training + " once hired";
    return step + ".";
  }
  if (!training.empty()) return "Expect " + training + " once hired.";
  if (trim(p.work_experience) == "None" && trim(p.training) == "None")
    return "Start directly: no prior work experience or on-the-job training is usually required.";
  return {};
}

// "Earn the usual education for this career: Bachelor's degree (45.0% of
// workers say the job requires it)."
std::string education_step(const Education& e) {
  const bool none = e.level.starts_with("Less than") || e.level.starts_with("No formal");
  std::string level = e.level;
  if (none && !level.empty()) level[0] = ascii_lower(level[0]);
  if (e.share_percent) {
    std::string share = one_decimal(*e.share_percent) + "% of workers";
    if (none) {
      return "No diploma is usually needed to start: " + share + " say the job requires " + level +
             ".";
    }
    return "Earn the usual education for this career: " + e.level + " (" + share +
           " say the job requires it).";
  }
  if (none) return "No formal education is usually required to start.";
  return "Earn the usual entry-level education for this career: " + e.level + ".";
}

void note(std::vector<ImportNote>& notes, const CareerProfile& p, std::string reason) {
  notes.push_back({p.soc_code, p.id, std::move(reason)});
}

struct Builder {
  const Sources& s;
  const std::map<std::string, std::string>& curated_by_soc;
  std::unordered_set<std::string> onet_socs;                 // 6-digit codes O*NET has
  std::unordered_map<std::string, std::string> imported_id;  // code -> id
  ImportResult& result;

  // The id a related code resolves to, or empty.
  std::string id_for(const std::string& code) const {
    if (auto it = curated_by_soc.find(code); it != curated_by_soc.end()) return it->second;
    if (auto it = imported_id.find(code); it != imported_id.end()) return it->second;
    return {};
  }

  void add_education(const Occupation& o, const Projection* projection, CareerProfile& p) {
    if (o.education_category > 0) {
      auto label = s.education_labels.find(o.education_category);
      if (label != s.education_labels.end() && !label->second.empty()) {
        p.education =
            Education{label->second, std::clamp(round_to_tenth(o.education_share), 0.0, 100.0),
                      std::string(kOnetEducationSource), std::string(kOnetAsOf)};
        return;
      }
    }
    if (projection != nullptr && !trim(projection->entry_education).empty() &&
        trim(projection->entry_education) != "\xE2\x80\x94") {
      p.education =
          Education{clip(trim(projection->entry_education), 200), std::nullopt,
                    std::string(kProjectionsEducationSource), std::string(kProjectionsAsOf)};
      note(result.warnings, p,
           "no O*NET required-education data; BLS typical entry-level education used");
      return;
    }
    note(result.warnings, p, "no education data");
  }

  void add_salary(const Wage* wage, const Projection* projection, CareerProfile& p) {
    auto salary = [&](double amount, std::string_view period, bool top_coded,
                      std::string_view source, std::string_view as_of) {
      p.median_salary = MedianSalary{amount,
                                     "USD",
                                     std::string(period),
                                     std::string(kRegion),
                                     top_coded,
                                     std::string(source),
                                     std::string(as_of)};
    };
    if (wage != nullptr) {
      if (trim(wage->annual_median) == "#") {
        salary(kOewsTopCode, "year", true, kOewsSource, kOewsAsOf);
        return;
      }
      if (auto amount = parse_bls_number(wage->annual_median); amount && *amount > 0) {
        salary(*amount, "year", false, kOewsSource, kOewsAsOf);
        return;
      }
    }
    if (projection != nullptr && projection->median_wage && *projection->median_wage > 0) {
      salary(*projection->median_wage, "year", projection->median_top_coded, kProjectionsSource,
             kProjectionsAsOf);
      return;
    }
    // Some occupations (actors, dancers, musicians) are paid by the hour or
    // the engagement, and BLS publishes only an hourly median for them.
    if (wage != nullptr) {
      if (auto hourly = parse_bls_number(wage->hourly_median); hourly && *hourly > 0) {
        salary(*hourly, "hour", false, kOewsSource, kOewsAsOf);
        note(result.warnings, p, "no BLS annual median pay; the hourly median is used");
        return;
      }
    }
    note(result.warnings, p, "no BLS median pay");
  }

  void add_projections(const Projection* projection, CareerProfile& p) {
    if (projection == nullptr) {
      note(result.warnings, p, "no BLS employment projections (growth, openings, employment)");
      return;
    }
    const std::string source(kProjectionsSource);
    const std::string as_of(kProjectionsAsOf);
    const auto& pr = *projection;
    if (pr.change_pct && *pr.change_pct >= -100 && *pr.change_pct <= 1000) {
      p.growth = Growth{*pr.change_pct, "2024-34", source, as_of};
    } else {
      note(result.warnings, p, "no BLS employment growth");
    }
    if (pr.openings_k && *pr.openings_k >= 0) {
      p.openings = Openings{std::llround(*pr.openings_k * 1000), "year", std::string(kRegion),
                            source, as_of};
    } else {
      note(result.warnings, p, "no BLS annual openings");
    }
    if (pr.employment_k && *pr.employment_k >= 0) {
      p.employment = Employment{std::llround(*pr.employment_k * 1000), source, as_of};
    } else {
      note(result.warnings, p, "no BLS employment");
    }
  }

  std::vector<std::string> build_related(const Occupation& o, const std::string& self_id) const {
    std::vector<const RelatedCode*> order;
    for (const auto& r : o.related) order.push_back(&r);
    std::stable_sort(order.begin(), order.end(), [](const RelatedCode* a, const RelatedCode* b) {
      return a->tier != b->tier ? a->tier < b->tier : a->index < b->index;
    });
    std::vector<std::string> related;
    for (const auto* r : order) {
      if (related.size() >= kMaxRelated) break;
      std::string id = id_for(r->code);
      if (id.empty() || id == self_id) continue;
      if (std::find(related.begin(), related.end(), id) == related.end())
        related.push_back(std::move(id));
    }
    return related;
  }

  std::vector<std::string> build_steps(const CareerProfile& p, const Projection* projection) const {
    std::vector<std::string> steps;
    if (p.education) steps.push_back(education_step(*p.education));
    if (p.job_zone) {
      steps.push_back(zone_step(*p.job_zone));
    } else if (projection != nullptr) {
      if (std::string step = training_step(*projection); !step.empty())
        steps.push_back(std::move(step));
    }
    if (p.openings) {
      long long count = p.openings->count;
      steps.push_back(count > 0 ? "Apply for openings: about " + format_count(count) +
                                      " a year in the " + std::string(kRegion) + "."
                                : "Apply for openings: fewer than 50 a year in the " +
                                      std::string(kRegion) + ", so expect competition.");
    } else {
      steps.push_back(clip("Apply for openings: search job postings for " + p.title + ".", 1000));
    }
    return steps;
  }

  void build(const Occupation& o, const std::string& id) {
    CareerProfile p;
    p.id = id;
    p.soc_code = o.code;
    p.title = clip(trim(o.title), 200);
    p.aliases = build_aliases(o);
    p.tasks = build_tasks(o);
    std::string description = clip(trim(o.description), 4000);
    if (p.tasks.empty()) {
      p.tasks.push_back(clip(description, 1000));
      note(result.warnings, p, "no O*NET task statements; the description stands in as the task");
    }
    if (description.empty()) {
      description = p.tasks.front();
      note(result.warnings, p, "no O*NET description; the first task stands in as the summary");
    }
    p.summary = std::move(description);

    const std::string soc = o.code.substr(0, 7);
    const std::string wage_code =
        bls_code_for(soc, s.wages, onet_socs, [](const Wage& w) { return w.detailed; });
    const std::string projection_code =
        bls_code_for(soc, s.projections, onet_socs, [](const Projection&) { return true; });
    const Wage* wage = wage_code.empty() ? nullptr : &s.wages.at(wage_code);
    const Projection* projection =
        projection_code.empty() ? nullptr : &s.projections.at(projection_code);
    auto combined = [&](const std::string& code, const std::string& title) {
      note(result.warnings, p,
           "BLS figures are for " + code + " (" + title + "), which includes this occupation");
    };
    if (wage != nullptr && wage_code != soc) combined(wage_code, wage->title);
    if (projection != nullptr && projection_code != soc && projection_code != wage_code)
      combined(projection_code, projection->title);

    add_education(o, projection, p);
    add_salary(wage, projection, p);
    add_projections(projection, p);
    if (o.job_zone) {
      p.job_zone = o.job_zone;
    } else {
      note(result.warnings, p, "no O*NET job zone");
    }
    p.related = build_related(o, p.id);
    p.skills = build_skills(o, s);
    p.steps = build_steps(p, projection);

    ProfileError problem;
    if (!parse_profile(profile_to_json(p), problem)) {
      result.skipped.push_back(
          {o.code, id, "the built profile is invalid: " + problem.field + " " + problem.reason});
      return;
    }
    result.profiles.push_back(std::move(p));
  }
};

}  // namespace

ImportResult import_public_data(const ImportSources& sources,
                                const std::map<std::string, std::string>& curated_by_soc) {
  ImportResult result;
  Sources s;
  try {
    s = read_sources(sources);
  } catch (const ImportFailure& failure) {
    result.error = failure.what();
    return result;
  }

  Builder builder{s, curated_by_soc, {}, {}, result};
  for (const auto& o : s.occupations) builder.onet_socs.insert(o.code.substr(0, 7));

  // Decide what is built and assign ids first, so related ids can resolve.
  std::unordered_set<std::string> taken;
  for (const auto& [code, id] : curated_by_soc) taken.insert(id);
  std::vector<std::pair<const Occupation*, std::string>> to_build;
  for (const auto& o : s.occupations) {
    if (auto it = curated_by_soc.find(o.code); it != curated_by_soc.end()) {
      result.skipped.push_back(
          {o.code, it->second, "curated profile '" + it->second + "' covers this code"});
      continue;
    }
    if (!is_soc_code(o.code)) {
      result.skipped.push_back({o.code, "", "'" + o.code + "' is not an O*NET-SOC code"});
      continue;
    }
    if (trim(o.title).empty()) {
      result.skipped.push_back({o.code, "", "no O*NET title"});
      continue;
    }
    if (o.tasks.empty() && trim(o.description).empty()) {
      result.skipped.push_back({o.code, "", "no O*NET tasks or description"});
      continue;
    }
    std::string id = slugify(o.title);
    if (id.empty()) id = "occupation";
    if (taken.contains(id)) id += "-" + digits_of(o.code);
    const std::string base = id;
    for (int n = 2; taken.contains(id); ++n) id = base + "-" + std::to_string(n);
    taken.insert(id);
    builder.imported_id.emplace(o.code, id);
    to_build.emplace_back(&o, std::move(id));
  }

  result.profiles.reserve(to_build.size());
  for (const auto& [occupation, id] : to_build) builder.build(*occupation, id);
  return result;
}

}  // namespace careerbot
