// Request framing that two HTTP parsers cannot read differently (RFC 9112
// section 6). Behind a reverse proxy, a request whose body length the proxy and
// careerbot could disagree on lets an attacker hide a second request inside
// the first ("request smuggling"), so anything ambiguous is refused before the
// body is read, and the connection is closed after the refusal.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace careerbot {

struct FramingProblem {
  int status;          // 400, or 501 for a transfer coding careerbot does not implement
  std::string detail;  // for the problem response and the log
};

// The request's Transfer-Encoding and Content-Length field values (one entry
// per header line, as received) and its HTTP minor version (0 or 1).
// Accepted: no framing fields; one Content-Length of plain digits; or one
// Transfer-Encoding that is exactly "chunked" (case-insensitive) with no
// Content-Length, in HTTP/1.1.
std::optional<FramingProblem> framing_problem(
    const std::vector<std::string_view>& transfer_encodings,
    const std::vector<std::string_view>& content_lengths, unsigned minor_version);

}  // namespace careerbot
