#include "onet_release.hpp"

#include <algorithm>
#include <cmath>
#include <memory>

#include "fields.hpp"
#include "table.hpp"
#include "zip_archive.hpp"

namespace careerbot {
namespace {

namespace fs = std::filesystem;
using fields::trim;

// The release's files, from a directory or from the published zip (whose
// files sit in a top folder such as db_29_3_text/).
class ReleaseFiles {
 public:
  explicit ReleaseFiles(const fs::path& source) : source_(source) {
    std::error_code ec;
    if (fs::is_directory(source, ec)) return;
    if (!fs::is_regular_file(source, ec)) {
      throw ImportFailure(source.string() +
                          ": cannot read the O*NET release (not a directory or a zip file)");
    }
    zip_ = std::make_unique<ZipArchive>(source);
  }

  Table table(const std::string& name, const std::vector<Column>& columns) const {
    if (!zip_) return read_table((source_ / name).string(), columns);
    auto entry = zip_->find(name);
    if (!entry) throw ImportFailure(source_.string() + ": the zip has no file '" + name + "'");
    return parse_tsv(source_.string() + ": " + *entry, zip_->read(*entry));
  }

 private:
  fs::path source_;
  std::unique_ptr<ZipArchive> zip_;
};

Column col(std::string_view name) {
  return {name, {name}};
}

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
  std::string label(trim(description.substr(0, dash)));
  for (std::size_t i = 1; i < label.size(); ++i) label[i] = fields::ascii_lower(label[i]);
  return fields::clip(label, 200);
}

// "1.B.1.a" (Realistic) .. "1.B.1.f" (Conventional) -> 0..5; the high points
// are "1.B.1.g" .. "1.B.1.i".
int interest_element(std::string_view id) {
  if (id.size() != 7 || !id.starts_with("1.B.1.")) return -1;
  return id[6] - 'a';
}

}  // namespace

const OnetOccupation* OnetRelease::find(const std::string& code) const {
  auto it = by_code.find(code);
  return it == by_code.end() ? nullptr : &occupations[it->second];
}

OnetRelease read_onet_release(const fs::path& source) {
  ReleaseFiles files(source);
  OnetRelease s;

  std::vector<Column> columns = {col("O*NET-SOC Code"), col("Title"), col("Description")};
  files.table("Occupation Data.txt", columns).for_each(columns, [&](const Row& row) {
    std::string code(row[0]);
    if (s.by_code.contains(code)) row.fail("occupation " + code + " is listed twice");
    s.by_code.emplace(code, s.occupations.size());
    OnetOccupation o;
    o.code = code;
    o.title = row[1];
    o.description = row[2];
    s.occupations.push_back(std::move(o));
  });
  std::sort(s.occupations.begin(), s.occupations.end(),
            [](const OnetOccupation& a, const OnetOccupation& b) { return a.code < b.code; });
  for (std::size_t i = 0; i < s.occupations.size(); ++i) s.by_code[s.occupations[i].code] = i;

  auto occupation = [&](std::string_view code) -> OnetOccupation* {
    auto it = s.by_code.find(std::string(code));
    return it == s.by_code.end() ? nullptr : &s.occupations[it->second];
  };
  auto each = [&](const std::string& file, std::vector<Column> wanted, auto&& on_row) {
    files.table(file, wanted).for_each(wanted, on_row);
  };

  each("Task Statements.txt", {col("O*NET-SOC Code"), col("Task"), col("Task Type")},
       [&](const Row& row) {
         OnetOccupation* o = occupation(row[0]);
         if (o == nullptr || row[1].empty()) return;
         o->tasks.push_back({std::string(row[1]), row[2] == "Core"});
       });

  each("Alternate Titles.txt", {col("O*NET-SOC Code"), col("Alternate Title"), col("Short Title")},
       [&](const Row& row) {
         OnetOccupation* o = occupation(row[0]);
         if (o == nullptr) return;
         if (!row[1].empty()) o->alternate_titles.emplace_back(row[1]);
         if (!row[2].empty()) o->short_titles.emplace_back(row[2]);
       });

  each("Sample of Reported Titles.txt", {col("O*NET-SOC Code"), col("Reported Job Title")},
       [&](const Row& row) {
         OnetOccupation* o = occupation(row[0]);
         if (o != nullptr && !row[1].empty()) o->reported_titles.emplace_back(row[1]);
       });

  each("Education, Training, and Experience Categories.txt",
       {col("Element Name"), col("Scale ID"), col("Category"), col("Category Description")},
       [&](const Row& row) {
         if (row[0] != "Required Level of Education" || row[1] != "RL") return;
         s.education_labels[row.integer(2)] = education_label(row[3]);
       });

  each("Education, Training, and Experience.txt",
       {col("O*NET-SOC Code"), col("Element Name"), col("Scale ID"), col("Category"),
        col("Data Value")},
       [&](const Row& row) {
         if (row[1] != "Required Level of Education" || row[2] != "RL") return;
         OnetOccupation* o = occupation(row[0]);
         if (o == nullptr) return;
         int category = row.integer(3);
         double share = row.number(4);
         if (share > o->education_share) {  // the first of equal shares wins
           o->education_share = share;
           o->education_category = category;
         }
       });

  each("Job Zones.txt", {col("O*NET-SOC Code"), col("Job Zone")}, [&](const Row& row) {
    OnetOccupation* o = occupation(row[0]);
    if (o == nullptr) return;
    int zone = row.integer(1);
    if (zone >= 1 && zone <= 5) o->job_zone = zone;
  });

  each(
      "Related Occupations.txt",
      {col("O*NET-SOC Code"), col("Related O*NET-SOC Code"), col("Relatedness Tier"), col("Index")},
      [&](const Row& row) {
        OnetOccupation* o = occupation(row[0]);
        if (o == nullptr) return;
        o->related.push_back({std::string(row[1]), tier_rank(row[2]), row.integer(3)});
      });

  each("Technology Skills.txt",
       {col("O*NET-SOC Code"), col("Example"), col("Hot Technology"), col("In Demand")},
       [&](const Row& row) {
         if (row[1].empty()) return;
         ++s.technology_frequency[std::string(row[1])];
         OnetOccupation* o = occupation(row[0]);
         if (o == nullptr) return;
         o->technology.push_back({std::string(row[1]), row[2] == "Y", row[3] == "Y"});
       });

  each("Interests.txt",
       {col("O*NET-SOC Code"), col("Element ID"), col("Scale ID"), col("Data Value")},
       [&](const Row& row) {
         OnetOccupation* o = occupation(row[0]);
         int element = interest_element(row[1]);
         if (o == nullptr || element < 0) return;
         if (row[2] == "OI" && element < 6) {
           double score = row.number(3);
           if (score < 1 || score > 7) row.fail("an OI score must be from 1 to 7");
           o->interests[static_cast<std::size_t>(element)] = score;
         } else if (row[2] == "IH" && element >= 6 && element < 9) {
           // Checked before the conversion to int: one past int's range is UB.
           double point = std::trunc(row.number(3));
           if (point < 0 || point > 6) row.fail("a high-point interest must be from 0 to 6");
           o->high_points[static_cast<std::size_t>(element - 6)] = static_cast<int>(point);
         }
       });
  return s;
}

}  // namespace careerbot
