#include "ops_handler.hpp"

#include <nlohmann/json.hpp>

#include "log.hpp"

namespace careerbot {

WebResponse OpsHandler::health(const WebRequest&) const {
  return json_response(200, {{"status", "ok"}});
}

WebResponse OpsHandler::ready(const WebRequest&) const {
  auto snapshot = knowledge_.snapshot();
  std::size_t careers = snapshot ? snapshot->kb.size() : 0;
  if (careers == 0) {
    return problem_response(503, "Not ready", "The knowledge base is not loaded.");
  }
  if (auto problem = knowledge_.store().unready_reason()) {
    return problem_response(503, "Not ready", *problem);
  }
  return json_response(200, {{"status", "ready"}, {"careers", careers}});
}

WebResponse OpsHandler::metrics(const WebRequest&) const {
  if (auto snapshot = knowledge_.snapshot()) {
    metrics_.set("careerbot_knowledge_careers", {}, static_cast<double>(snapshot->kb.size()));
  }
  metrics_.set("careerbot_access_log_dropped_lines", {},
               static_cast<double>(log::dropped_request_lines()));
  WebResponse response;
  response.content_type = "text/plain; version=0.0.4; charset=utf-8";
  response.body = metrics_.render();
  return response;
}

}  // namespace careerbot
