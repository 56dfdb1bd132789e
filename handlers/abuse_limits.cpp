#include "abuse_limits.hpp"

#include <cstdlib>
#include <string>

#include <nlohmann/json.hpp>

#include "log.hpp"

namespace careerbot {
namespace {

Rate per_minute(const LimitsConfig& config, int per_minute, int burst) {
  return config.enabled ? Rate{static_cast<double>(per_minute), static_cast<double>(burst)}
                        : Rate{};
}

Rate per_hour(const LimitsConfig& config, int per_hour, int burst) {
  return config.enabled ? Rate{per_hour / 60.0, static_cast<double>(burst)} : Rate{};
}

}  // namespace

AbuseLimits::AbuseLimits(const LimitsConfig& config, Metrics& metrics)
    : metrics_(metrics),
      questions_(per_minute(config, config.questions_per_minute, config.question_burst),
                 config.max_clients),
      admin_requests_(per_minute(config, config.admin_requests_per_minute, config.admin_burst),
                      config.max_clients),
      failed_signins_(
          per_hour(config, config.failed_signins_per_hour, config.failed_signins_per_hour),
          config.max_clients),
      web_sessions_(per_hour(config, config.web_sessions_per_hour, config.web_session_burst),
                    config.max_clients) {}

std::optional<WebResponse> AbuseLimits::refuse(TokenBuckets::Verdict verdict,
                                               std::string_view limit, std::string_view client,
                                               std::string_view detail) {
  if (verdict.allowed) return std::nullopt;
  metrics_.add("careerbot_rate_limited_total", {{"limit", std::string(limit)}});
  if (verdict.first_refusal) {
    log::write(log::Level::warn, "rate_limited",
               {{"limit", std::string(limit)},
                {"client", std::string(client)},
                {"retry_after", verdict.retry_after}});
  }
  auto response = problem_response(
      429, "Too many requests",
      std::string(detail) + " Retry in " + std::to_string(verdict.retry_after) + " s.");
  response.headers.emplace_back("Retry-After", std::to_string(verdict.retry_after));
  return response;
}

Handler AbuseLimits::questions(Handler handler) {
  if (questions_.unlimited()) return handler;
  return [this, handler = std::move(handler)](const WebRequest& request) {
    if (auto refused = refuse(questions_.take(request.client), "questions", request.client,
                              "This address is asking faster than the limit allows.")) {
      return *refused;
    }
    return handler(request);
  };
}

std::optional<WebResponse> AbuseLimits::admin_request(const WebRequest& request) {
  if (auto locked = refuse(failed_signins_.peek(request.client), "admin_signin", request.client,
                           "Too many failed sign-ins from this address.")) {
    return locked;
  }
  return refuse(admin_requests_.take(request.client), "admin", request.client,
                "This address is sending admin requests faster than the limit allows.");
}

void AbuseLimits::failed_signin(const WebRequest& request) {
  metrics_.add("careerbot_admin_failed_signins_total", {});
  failed_signins_.take(request.client);
}

std::optional<WebResponse> AbuseLimits::new_web_session(std::string_view client) {
  return refuse(web_sessions_.take(client), "web_sessions", client,
                "This address has started too many chat sessions.");
}

int retry_after_of(const WebResponse& refusal) {
  for (const auto& [name, value] : refusal.headers) {
    if (name == "Retry-After") return std::atoi(value.c_str());
  }
  return 0;
}

}  // namespace careerbot
