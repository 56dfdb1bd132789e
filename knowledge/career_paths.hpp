// Where a career leads and what to study for it: the replies to the
// `progression` and `courses` intents, from the profile's pay percentiles,
// ladder, study plan, technologies and education.
#pragma once

#include <string>
#include <vector>

#include "profile.hpp"
#include "snapshot.hpp"

namespace careerbot {

struct Fact;

// "Career progression for ...": pay by experience, then the next careers
// with what each takes and pays. Adds the facts it cites.
std::string progression_text(const Snapshot& snapshot, const CareerProfile& career,
                             std::vector<Fact>& facts);

// "What to study for ...": fields, course topics, certifications,
// technologies (in-demand first) and the usual education.
std::string courses_text(const CareerProfile& career, std::vector<Fact>& facts);

}  // namespace careerbot
