// Part of stage 4: a move from one career to another ("I'm a CNA and want
// to become an RN", "nurse to lawyer"): which named career is the person's
// own and which the one wanted.
#pragma once

#include "career_names.hpp"

namespace careerbot {

// "I'm a CNA and want to become an RN", "how do I get from web developer to
// software developer": two careers named, one the person's own and one the
// aim. The aim is the subject; -1 when the names say no such thing.
int aim_beside_role_held(const Reading& r, const NamedCareers& names);

}  // namespace careerbot
