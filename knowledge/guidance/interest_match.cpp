#include "interest_match.hpp"

#include <algorithm>
#include <cmath>
#include <string_view>

#include "interest_items.hpp"

namespace careerbot {
namespace {

constexpr double kHoursPerYear = 2080;  // 52 weeks of 40 hours, as BLS annualises hourly pay
constexpr double kFlat = 1e-12;         // a sum of squares this small is zero variance

char lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool starts_with(std::string_view word, std::string_view lower_prefix) {
  if (word.size() < lower_prefix.size()) return false;
  for (std::size_t i = 0; i < lower_prefix.size(); ++i) {
    if (lower(word[i]) != lower_prefix[i]) return false;
  }
  return true;
}

bool is_letter(char c) {
  return lower(c) >= 'a' && lower(c) <= 'z';
}

// Whether an education level ("Bachelor's degree", "Post-doctoral training",
// "Some college, no degree") names a college degree or study that follows
// one. One pass over its words, without allocating: this runs per career
// while ranking.
bool names_a_degree(std::string_view level) {
  std::string_view previous;
  std::size_t at = 0;
  while (at < level.size()) {
    if (!is_letter(level[at])) {
      ++at;
      continue;
    }
    std::size_t end = at;
    while (end < level.size() && is_letter(level[end])) ++end;
    const std::string_view word = level.substr(at, end - at);
    at = end;
    if (starts_with(word, "degree")) {
      // "no degree", "non-degree"; "nondegree" never starts with "degree".
      const bool negated = (previous.size() == 2 && starts_with(previous, "no")) ||
                           (previous.size() == 3 && starts_with(previous, "non"));
      if (!negated) return true;
    } else if (starts_with(word, "associate") || starts_with(word, "bachelor") ||
               starts_with(word, "baccalaureate") || starts_with(word, "master") ||
               starts_with(word, "doctor")) {
      return true;
    }
    previous = word;
  }
  return false;
}

std::optional<double> yearly_median(const CareerProfile& profile) {
  if (!profile.median_salary) return std::nullopt;
  const MedianSalary& salary = *profile.median_salary;
  if (salary.period == "year") return salary.amount;
  if (salary.period == "hour") return salary.amount * kHoursPerYear;
  return std::nullopt;
}

bool needs_no_degree(const CareerProfile& profile) {
  if (profile.job_zone) return *profile.job_zone <= 2;
  return profile.education && !names_a_degree(profile.education->level);
}

long long employment_of(const CareerProfile& profile) {
  return profile.employment ? profile.employment->count : -1;
}

double mean(const std::array<double, 6>& scores) {
  double sum = 0;
  for (const double score : scores) sum += score;
  return sum / 6;
}

// Six scores less their mean, and the sum of their squares: the person's half
// of the correlation, computed once per ranking rather than once per career.
struct Centered {
  std::array<double, 6> deviations{};
  double squares = 0;
};

Centered center(const std::array<double, 6>& scores) {
  const double average = mean(scores);
  Centered centered;
  for (std::size_t i = 0; i < 6; ++i) {
    centered.deviations[i] = scores[i] - average;
    centered.squares += centered.deviations[i] * centered.deviations[i];
  }
  return centered;
}

// The correlation with one occupation; its deviations are computed in the
// same pass as the products, as this runs once per career in a ranking.
int correlate(const Centered& person, const std::array<double, 6>& occupation) {
  const double average = mean(occupation);
  double products = 0;
  double squares = 0;
  for (std::size_t i = 0; i < 6; ++i) {
    const double deviation = occupation[i] - average;
    products += person.deviations[i] * deviation;
    squares += deviation * deviation;
  }
  // Written so that NaN scores also land here.
  if (!(person.squares > kFlat) || !(squares > kFlat)) return 50;
  const double r = std::clamp(products / std::sqrt(person.squares * squares), -1.0, 1.0);
  return static_cast<int>(std::lround(50 * (r + 1)));  // halves round up: r + 1 >= 0
}

}  // namespace

InterestScores score_answers(const std::map<std::size_t, Choice>& answers) {
  const std::vector<InterestItem>& items = interest_items();
  InterestScores scores;
  for (const auto& [index, choice] : answers) {
    if (index >= items.size()) continue;
    const auto area = static_cast<std::size_t>(items[index].area);
    scores.raw.at(area) += choice == Choice::like ? 2 : choice == Choice::unsure ? 1 : 0;
    ++scores.answered.at(area);
  }
  return scores;
}

std::string interest_code(const InterestScores& scores) {
  std::array<std::size_t, 6> order = {0, 1, 2, 3, 4, 5};
  // Stable, so equal scores keep RIASEC order.
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return scores.raw.at(a) > scores.raw.at(b);
  });
  std::string code;
  for (std::size_t i = 0; i < 3; ++i) {
    if (scores.raw.at(order.at(i)) <= 0) break;
    code.push_back(area_letter(static_cast<InterestArea>(order.at(i))));
  }
  return code;
}

int interest_match(const std::array<double, 6>& person, const std::array<double, 6>& occupation) {
  return correlate(center(person), occupation);
}

bool passes(const CareerProfile& profile, const MatchFilters& filters) {
  if (filters.max_job_zone && !(profile.job_zone && *profile.job_zone <= *filters.max_job_zone)) {
    return false;
  }
  if (filters.min_median_salary) {
    const std::optional<double> yearly = yearly_median(profile);
    if (!yearly || *yearly < *filters.min_median_salary) return false;
  }
  if (filters.growing && !(profile.growth && profile.growth->percent > 0)) return false;
  return !filters.no_degree || needs_no_degree(profile);
}

std::vector<CareerMatch> rank_by_interests(const std::vector<CareerProfile>& profiles,
                                           const std::array<double, 6>& person,
                                           const MatchFilters& filters, std::size_t limit) {
  // What ordering needs, side by side, so that comparing two candidates
  // seldom reaches into the (large) profiles.
  struct Candidate {
    int profile;
    int match;
    long long employment;
  };
  std::vector<Candidate> candidates;
  if (limit == 0) return {};
  candidates.reserve(profiles.size());
  const Centered centered_person = center(person);
  for (std::size_t i = 0; i < profiles.size(); ++i) {
    const CareerProfile& profile = profiles[i];
    if (!profile.interests || !passes(profile, filters)) continue;
    candidates.push_back({static_cast<int>(i),
                          correlate(centered_person, profile.interests->scores),
                          employment_of(profile)});
  }
  auto better = [&](const Candidate& a, const Candidate& b) {
    if (a.match != b.match) return a.match > b.match;
    if (a.employment != b.employment) return a.employment > b.employment;
    const std::string& title_a = profiles[static_cast<std::size_t>(a.profile)].title;
    const std::string& title_b = profiles[static_cast<std::size_t>(b.profile)].title;
    if (const int order = title_a.compare(title_b); order != 0) return order < 0;
    return a.profile < b.profile;
  };
  const std::size_t kept = std::min(limit, candidates.size());
  // The best `kept` to the front in linear time, then only those sorted.
  const auto end = candidates.begin() + static_cast<std::ptrdiff_t>(kept);
  std::nth_element(candidates.begin(), end, candidates.end(), better);
  std::sort(candidates.begin(), end, better);
  std::vector<CareerMatch> matches;
  matches.reserve(kept);
  for (std::size_t i = 0; i < kept; ++i)
    matches.push_back({candidates[i].profile, candidates[i].match});
  return matches;
}

}  // namespace careerbot
