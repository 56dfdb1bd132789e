// Careers that fit a person: from their quiz scores, or from what they say
// about themselves ("I like working outdoors with my hands"), under the
// filters people ask for ("without a degree", "that pay over $60k").
#pragma once

#include <array>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "answer.hpp"
#include "guidance/interest_match.hpp"
#include "snapshot.hpp"

namespace careerbot {

// What a person's words say about their interests.
struct StatedInterests {
  std::array<double, 6> areas{};       // weight per RIASEC area from cue words
  std::vector<std::string> topics;     // other content words, stemmed ("anim")
  std::vector<std::string> mentioned;  // the cue words found, as written
  bool asks_for_work = false;          // mentions jobs, careers or work
  bool has_areas() const;
};
StatedInterests read_interests(std::string_view text);

// Filters named in a message; `found` is false when it names none. "any" or
// "all of them" clears them.
struct FilterRequest {
  MatchFilters filters;
  bool found = false;
  bool clear = false;
};
FilterRequest read_filters(std::string_view text, const MatchFilters& current);

// What careers are ranked by: interest scores (quiz or stated areas, with
// `by_interests`), and topics matched against what careers do.
struct MatchBasis {
  std::array<double, 6> person{};
  bool by_interests = false;
  std::vector<std::string> topics;
};

// Every career that fits, best first (at most `limit`). The match (0-100) is
// the interest match; when the person named topics too ("animals"), 70% of
// it is the interest match and 30% how much the career's work is about the
// topics (BM25 over summaries and tasks, relative to the best); without
// interests, the topic relevance alone.
std::vector<CareerMatchView> rank_careers(const Snapshot& snapshot, const MatchBasis& basis,
                                          const MatchFilters& filters, std::size_t limit);

// "1. Electricians (94% match): $62,350 a year, +5.9% growth, High school diploma"
std::string match_lines(const std::vector<CareerMatchView>& matches, std::size_t first_number);

// The quiz scored: scores per area, the code and the best careers.
struct AssessmentOutcome {
  InterestScores scores;
  std::string code;
  bool informative = false;  // the answers differ between areas
  std::vector<CareerMatchView> matches;
};
AssessmentOutcome score_assessment(const Snapshot& snapshot,
                                   const std::map<std::size_t, Choice>& answers,
                                   const MatchFilters& filters, std::size_t limit);

}  // namespace careerbot
