// Operations endpoints: GET /healthz, /readyz and /metrics.
#pragma once

#include <string>

#include "assistant.hpp"
#include "metrics.hpp"
#include "web.hpp"

namespace careerbot {

class Router;

class OpsHandler {
 public:
  OpsHandler(const Assistant& assistant, Metrics& metrics, std::string data_dir)
      : assistant_(assistant), metrics_(metrics), data_dir_(std::move(data_dir)) {}

  WebResponse health(const WebRequest& request) const;
  WebResponse ready(const WebRequest& request) const;
  WebResponse metrics(const WebRequest& request) const;

 private:
  const Assistant& assistant_;
  Metrics& metrics_;
  std::string data_dir_;
};

}  // namespace careerbot
