#include "career_ladder.hpp"

#include <algorithm>
#include <string>
#include <unordered_map>

namespace careerbot {
namespace {

constexpr std::size_t kMaxSteps = 4;
constexpr double kClearlyMore = 1.15;  // a step up in pay alone: 15% more at the median

std::string major_group(const std::string& soc) {
  return soc.substr(0, 2);
}

bool manages(const CareerProfile& p) {
  return p.soc_code.starts_with("11-") || p.title.starts_with("First-Line Supervisors") ||
         p.title.find("Managers") != std::string::npos;
}

std::optional<double> annual_median(const CareerProfile& p) {
  if (!p.median_salary) return std::nullopt;
  return p.median_salary->period == "year" ? p.median_salary->amount
                                           : p.median_salary->amount * 2080;
}

// "Typical preparation: Bachelor's degree; several years of related experience."
std::string requirement(const CareerProfile& next) {
  std::vector<std::string> parts;
  if (next.education && !next.education->level.empty()) parts.push_back(next.education->level);
  if (next.job_zone) {
    static constexpr const char* kExperience[] = {
        "little or no related experience", "some related experience",
        "one to two years of related experience or training", "several years of related experience",
        "extensive related experience"};
    parts.emplace_back(kExperience[std::clamp(*next.job_zone, 1, 5) - 1]);
  }
  if (parts.empty()) return {};
  std::string text = "Typical preparation: " + parts.front();
  for (std::size_t i = 1; i < parts.size(); ++i) text += "; " + parts[i];
  return text + ".";
}

bool is_step_up(const CareerProfile& from, const CareerProfile& to) {
  const bool same_field = major_group(from.soc_code) == major_group(to.soc_code);
  if (!same_field && !manages(to)) return false;
  if (from.job_zone && to.job_zone && *to.job_zone > *from.job_zone) return true;
  auto a = annual_median(from);
  auto b = annual_median(to);
  return a && b && *b >= kClearlyMore * *a;
}

}  // namespace

void add_progressions(std::vector<CareerProfile>& profiles, const OnetRelease& onet) {
  std::unordered_map<std::string, std::size_t> by_code;
  for (std::size_t i = 0; i < profiles.size(); ++i) by_code.emplace(profiles[i].soc_code, i);
  for (auto& p : profiles) {
    const OnetOccupation* o = onet.find(p.soc_code);
    if (o == nullptr) continue;
    std::vector<const OnetRelated*> order;
    for (const auto& r : o->related) order.push_back(&r);
    std::stable_sort(order.begin(), order.end(), [](const OnetRelated* a, const OnetRelated* b) {
      return a->tier != b->tier ? a->tier < b->tier : a->index < b->index;
    });
    // Careers in the field first, then who manages it; nearest (by O*NET's
    // relatedness) first within each.
    std::vector<ProgressionStep> field;
    std::vector<ProgressionStep> managers;
    for (const auto* r : order) {
      auto it = by_code.find(r->code);
      if (it == by_code.end()) continue;
      const CareerProfile& next = profiles[it->second];
      if (next.id == p.id || !is_step_up(p, next)) continue;
      (manages(next) ? managers : field).push_back({next.id, {}, requirement(next)});
    }
    p.progression.clear();
    for (auto* list : {&field, &managers}) {
      for (auto& step : *list) {
        if (p.progression.size() >= kMaxSteps) break;
        p.progression.push_back(std::move(step));
      }
    }
  }
}

}  // namespace careerbot
