#include "handoff_admin.hpp"

namespace careerbot {

using nlohmann::json;

namespace {

constexpr std::size_t kMaxReplyBytes = 8000;

std::optional<long long> id_of(const WebRequest& request) {
  const std::string& text = request.params.at("id");
  if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  return std::stoll(text);
}

WebResponse outcome_response(Handoffs::Outcome outcome, long long id, const char* done) {
  switch (outcome) {
    case Handoffs::Outcome::done:
      return json_response(200, {{"id", id}, {"state", done}});
    case Handoffs::Outcome::not_found:
      return problem_response(404, "Unknown handoff",
                              "There is no handoff " + std::to_string(id) + ".");
    case Handoffs::Outcome::not_open:
      return problem_response(
          409, "Handoff closed",
          "Handoff " + std::to_string(id) + " is no longer open (answered, released or expired).");
    case Handoffs::Outcome::no_route:
      break;
  }
  return problem_response(500, "No way to reach the person",
                          "careerbot cannot send on this handoff's channel; see the log.");
}

}  // namespace

json handoff_to_json(const Handoff& h) {
  return {{"id", h.id},
          {"channel", h.channel},
          {"conversation", h.conversation},
          {"state", h.state},
          {"reason", h.reason},
          {"opened_at", h.opened_at},
          {"expires_at", h.expires_at},
          {"closed_at", h.closed_at.empty() ? json(nullptr) : json(h.closed_at)},
          {"transcript", h.transcript}};
}

void HandoffAdmin::add_routes(Router& router) {
  router.add("GET", "/admin/v1/handoffs", [this](const WebRequest& request) {
    auto auth = auth_.authorize(request, Scope::read);
    return auth.denial ? *auth.denial : list(request);
  });
  router.add("POST", "/admin/v1/handoffs/{id}/reply", [this](const WebRequest& request) {
    auto auth = auth_.authorize(request, Scope::write);
    return auth.denial ? *auth.denial : reply(request, *auth.actor);
  });
  router.add("POST", "/admin/v1/handoffs/{id}/release", [this](const WebRequest& request) {
    auto auth = auth_.authorize(request, Scope::write);
    return auth.denial ? *auth.denial : release(request, *auth.actor);
  });
}

WebResponse HandoffAdmin::list(const WebRequest& request) const {
  std::string state = request.query_param("state").value_or("open");
  if (state != "open" && state != "all") {
    return problem_response(400, "Invalid request", "Parameter 'state' must be open or all.");
  }
  json items = json::array();
  for (const auto& h : handoffs_.list(state == "open", 200)) items.push_back(handoff_to_json(h));
  return json_response(200, {{"handoffs", items}});
}

WebResponse HandoffAdmin::reply(const WebRequest& request, const std::string& actor) const {
  auto id = id_of(request);
  if (!id) return problem_response(404, "Unknown handoff", "Handoff ids are numbers.");
  auto body = json::parse(request.body, nullptr, false);
  if (body.is_discarded() || !body.is_object() || !body.contains("text") ||
      !body["text"].is_string() ||
      body["text"].get_ref<const std::string&>().find_first_not_of(" \t\r\n") ==
          std::string::npos) {
    return problem_response(400, "Invalid request", "The body must be {\"text\": \"...\"}.");
  }
  const std::string& text = body["text"].get_ref<const std::string&>();
  if (text.size() > kMaxReplyBytes) {
    return problem_response(400, "Reply too long", "A reply may be at most 8000 bytes.");
  }
  return outcome_response(handoffs_.reply(*id, text, actor), *id, "answered");
}

WebResponse HandoffAdmin::release(const WebRequest& request, const std::string& actor) const {
  auto id = id_of(request);
  if (!id) return problem_response(404, "Unknown handoff", "Handoff ids are numbers.");
  return outcome_response(handoffs_.release(*id, actor), *id, "released");
}

}  // namespace careerbot
