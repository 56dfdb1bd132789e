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

// "I'm a cashier, what do web developers earn?": a career held, told as
// background, then the one asked about, which is returned; -1 otherwise.
int career_beside_role_held(const Reading& r, const NamedCareers& names);

// "I was torn between statistician and data scientist and settled on
// statistician": of the careers weighed, the one chosen, told after the
// others, is the subject; -1 when no choice is told, or a comparison is
// asked after it.
int career_chosen(const Reading& r, const NamedCareers& names);

}  // namespace careerbot
