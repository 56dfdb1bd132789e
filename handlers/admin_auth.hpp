// Bearer-token authorisation for the admin API. Tokens are configured as
// salted SHA-256 hashes with scopes; a presented token is hashed with each
// salt and compared in constant time. The token itself is never stored or
// logged. With limits, a client is refused (429) when it sends admin requests
// too fast or has failed too many sign-ins.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "config.hpp"
#include "web.hpp"

namespace careerbot {

enum class Scope { read, write };

struct Authorization {
  std::optional<std::string> actor;   // the token's name when allowed
  std::optional<WebResponse> denial;  // 401 or 403 otherwise
};

class AbuseLimits;

class AdminAuth {
 public:
  explicit AdminAuth(std::vector<AdminToken> tokens, AbuseLimits* limits = nullptr)
      : tokens_(std::move(tokens)), limits_(limits) {}

  Authorization authorize(const WebRequest& request, Scope scope) const;
  bool configured() const { return !tokens_.empty(); }
  // Whether the token named `actor` (as authorize returned it) has the write scope.
  bool may_write(const std::string& actor) const;

 private:
  std::vector<AdminToken> tokens_;
  AbuseLimits* limits_;  // admin request and failed sign-in limits, when set
};

// Hex SHA-256 of the salt's bytes followed by the token.
std::string hash_token(const std::string& salt_hex, const std::string& token);

// A new random token and its configuration entry.
struct NewToken {
  std::string token;
  AdminToken entry;
};
NewToken generate_token(const std::string& name, bool read, bool write);

}  // namespace careerbot
