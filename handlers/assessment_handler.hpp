// The interest assessment for web front ends (SPEC "Interest assessment"):
// GET /v1/assessment lists the items; POST /v1/assessment scores a set of
// answers and returns the person's scores, code and best-matching careers.
#pragma once

#include "assistant.hpp"
#include "web.hpp"

namespace careerbot {

class AssessmentHandler {
 public:
  explicit AssessmentHandler(Assistant& assistant) : assistant_(assistant) {}

  WebResponse items(const WebRequest& request) const;
  WebResponse score(const WebRequest& request) const;

 private:
  Assistant& assistant_;  // for the live knowledge snapshot
};

}  // namespace careerbot
