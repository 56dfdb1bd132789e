// The per-client abuse limits of the public and admin routes (limits.*):
// questions per address on /v1/ask and /v1/assessment, admin requests and
// failed admin sign-ins per address, and new web chat sessions per address.
// A refused request gets 429 with Retry-After; the first refusal of a client
// in a row is logged (by address, never by what it sent), every one counted
// in careerbot_rate_limited_total{limit}.
#pragma once

#include <optional>
#include <string_view>

#include "config.hpp"
#include "metrics.hpp"
#include "rate_limit.hpp"
#include "router.hpp"
#include "web.hpp"

namespace careerbot {

class AbuseLimits {
 public:
  AbuseLimits(const LimitsConfig& config, Metrics& metrics);

  // `handler` behind the question limit.
  Handler questions(Handler handler);

  // Before an admin request is authorised: 429 while the client has failed
  // too many sign-ins, or sends too many requests.
  std::optional<WebResponse> admin_request(const WebRequest& request);
  // After a request whose admin token was missing or wrong.
  void failed_signin(const WebRequest& request);

  // Before a new web chat session is made for this client address.
  std::optional<WebResponse> new_web_session(std::string_view client);

 private:
  std::optional<WebResponse> refuse(TokenBuckets::Verdict verdict, std::string_view limit,
                                    std::string_view client, std::string_view detail);

  Metrics& metrics_;
  TokenBuckets questions_;
  TokenBuckets admin_requests_;
  TokenBuckets failed_signins_;
  TokenBuckets web_sessions_;
};

// The seconds a 429 from these limits asks the client to wait.
int retry_after_of(const WebResponse& refusal);

}  // namespace careerbot
