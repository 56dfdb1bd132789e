// Where an occupation leads: the next careers on its ladder, from O*NET's
// related occupations that ask for more preparation or pay clearly more in
// the same field, and the managers and supervisors of that field.
#pragma once

#include <vector>

#include "onet_release.hpp"
#include "profile.hpp"

namespace careerbot {

// Fills `progression` of every built profile (profiles' soc_code is their
// O*NET-SOC code); steps name only careers among `profiles`.
void add_progressions(std::vector<CareerProfile>& profiles, const OnetRelease& onet);

}  // namespace careerbot
