// From assessment answers to careers: scores per RIASEC area, the person's
// interest code, how well their interests match an occupation's, and the
// careers ranked by that match under the filters people ask for.
#pragma once

#include <array>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "answer_parser.hpp"
#include "profile.hpp"

namespace careerbot {

// Per area, in kInterestAreaNames order: the sum of the answers (like = 2,
// not sure = 1, dislike = 0), so 0-10 with all five items answered, and how
// many items of the area were answered.
struct InterestScores {
  std::array<double, 6> raw{};
  std::array<int, 6> answered{};
};

// From answers keyed by item index (0-based into interest_items()); indices
// outside the item bank are ignored.
InterestScores score_answers(const std::map<std::size_t, Choice>& answers);

// The person's top three areas, strongest first ("IRC"), ties broken in
// RIASEC order. Areas that scored 0 are left out, so it may be shorter; ""
// when every area scored 0.
std::string interest_code(const InterestScores& scores);

// How well a person's interests fit an occupation's, 0-100:
//
//   r     = sum((p_i - mean(p)) * (o_i - mean(o)))
//           / sqrt(sum((p_i - mean(p))^2) * sum((o_i - mean(o))^2))
//   match = round(50 * (r + 1))          (halves round up)
//
// the Pearson correlation of the six scores, so the same shape of profile
// matches 100 (r = 1), the mirror image 0 (r = -1) and no relation 50. It
// compares shapes, not levels, so the person's raw sums (0-10) and O*NET's
// OI scores (1-7) need no rescaling. When either vector is flat (zero
// variance) the shape says nothing and the match is 50. Pure; no allocation.
int interest_match(const std::array<double, 6>& person, const std::array<double, 6>& occupation);

// What a person may ask of the careers they are shown. A filter that is set
// excludes careers whose profile lacks the figure: we cannot promise it.
struct MatchFilters {
  std::optional<int> max_job_zone;  // job_zone <= this
  // The median salary as a yearly amount (an hourly median counts as
  // amount * 2080 hours; other periods do not count), in the knowledge base's
  // currency. A top-coded median counts at its top-code.
  std::optional<double> min_median_salary;
  bool growing = false;  // projected growth above 0%
  // Entry without a college degree: job zone 1 or 2 where the job zone is
  // known (O*NET's zone 3 is where associate's degrees begin); otherwise the
  // typical entry education must name no degree. Associate's, bachelor's,
  // master's, doctoral and professional degrees and the certificates that
  // follow them ("Post-baccalaureate", "Post-doctoral training") are degrees;
  // "Some college, no degree" and "Postsecondary nondegree award" are not.
  bool no_degree = false;
};

bool passes(const CareerProfile& profile, const MatchFilters& filters);

struct CareerMatch {
  int profile;  // index into the profiles ranked
  int match;    // interest_match, 0-100
};

// Every profile with an interest profile that passes the filters, best match
// first; equal matches go to the larger occupation (employment; unknown
// last), then by title, then by position. At most `limit`.
std::vector<CareerMatch> rank_by_interests(const std::vector<CareerProfile>& profiles,
                                           const std::array<double, 6>& person,
                                           const MatchFilters& filters, std::size_t limit);

}  // namespace careerbot
