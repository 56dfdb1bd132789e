// Operations endpoints: GET /healthz, /readyz and /metrics.
#pragma once

#include <string>

#include "knowledge_service.hpp"
#include "metrics.hpp"
#include "web.hpp"

namespace careerbot {

class OpsHandler {
 public:
  OpsHandler(KnowledgeService& knowledge, Metrics& metrics)
      : knowledge_(knowledge), metrics_(metrics) {}

  WebResponse health(const WebRequest& request) const;
  WebResponse ready(const WebRequest& request) const;
  WebResponse metrics(const WebRequest& request) const;

 private:
  KnowledgeService& knowledge_;
  Metrics& metrics_;
};

}  // namespace careerbot
