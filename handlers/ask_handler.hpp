// POST /v1/ask: a question in, an answer out (SPEC section 3).
#pragma once

#include "assistant.hpp"
#include "metrics.hpp"
#include "web.hpp"

namespace careerbot {

class AskHandler {
 public:
  AskHandler(Assistant& assistant, Metrics& metrics, std::size_t max_question_bytes)
      : assistant_(assistant), metrics_(metrics), max_question_bytes_(max_question_bytes) {}

  WebResponse operator()(const WebRequest& request) const;

 private:
  Assistant& assistant_;
  Metrics& metrics_;
  std::size_t max_question_bytes_;
};

}  // namespace careerbot
