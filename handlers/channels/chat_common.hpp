// Small pieces every chat adapter uses: refusing a request that failed
// verification (401, a log line and a metric, never a reply) and reading a
// platform API's answer as a delivery result.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "metrics.hpp"
#include "outbound_http.hpp"
#include "outbox.hpp"
#include "web.hpp"

namespace careerbot {

using UnixClock = std::function<std::int64_t()>;  // seconds since the epoch
std::int64_t unix_seconds_now();

WebResponse reject_request(Metrics& metrics, std::string_view channel, std::string_view reason,
                           const WebRequest& request);

// The usual reading of an HTTP answer: 2xx sent; 429 (with Retry-After), 408,
// 5xx and no answer at all are retried; any other status failed for good.
DeliveryResult classify_http(const OutboundResponse& response);

// application/x-www-form-urlencoded: "To=%2B1555&Body=hello+there".
std::string form_encode(const std::vector<std::pair<std::string, std::string>>& fields);

// Whether `text` is well-formed UTF-8 (no stray or overlong bytes, no
// surrogates, nothing past U+10FFFF). Form fields are bytes after
// percent-decoding; JSON, where every message ends up, only holds UTF-8.
bool is_utf8(std::string_view text);

// At most 200 bytes of a response body, for the log and the dead letter.
std::string excerpt(std::string_view body);

// "Bearer <token>" etc. are added here, at send time: credentials never enter
// the outbox.
void send_request(HttpTransport& transport, OutboundRequest request,
                  std::function<DeliveryResult(const OutboundResponse&)> classify,
                  DeliveryHandler done);

}  // namespace careerbot
