// The knowledge base careerbot starts with (curated careers and the bundle),
// loaded once per test binary.
#pragma once

#include <vector>

#include "profile.hpp"
#include "snapshot.hpp"

namespace careerbot::test {

std::vector<CareerProfile> shipped_profiles();
const Snapshot& shipped_snapshot();

}  // namespace careerbot::test
