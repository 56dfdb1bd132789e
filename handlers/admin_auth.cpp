#include "admin_auth.hpp"

#include "abuse_limits.hpp"
#include "crypto.hpp"

#include <algorithm>

namespace careerbot {
namespace {

WebResponse unauthorized(std::string_view detail) {
  auto response = problem_response(401, "Unauthorized", detail);
  response.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"careerbot admin\"");
  return response;
}

}  // namespace

std::string hash_token(const std::string& salt_hex, const std::string& token) {
  // Config validation guarantees hex salts; a bad one simply never matches.
  return crypto::sha256_hex(crypto::decode_hex(salt_hex).value_or(std::string()) + token);
}

NewToken generate_token(const std::string& name, bool read, bool write) {
  NewToken result;
  result.token = "cbt_" + crypto::random_hex(24);
  result.entry.name = name;
  result.entry.salt = crypto::random_hex(16);
  result.entry.sha256 = hash_token(result.entry.salt, result.token);
  result.entry.read = read;
  result.entry.write = write;
  return result;
}

bool AdminAuth::may_write(const std::string& actor) const {
  return std::any_of(tokens_.begin(), tokens_.end(),
                     [&](const AdminToken& token) { return token.name == actor && token.write; });
}

Authorization AdminAuth::authorize(const WebRequest& request, Scope scope) const {
  if (limits_ != nullptr) {
    if (auto refused = limits_->admin_request(request)) return {std::nullopt, std::move(refused)};
  }
  auto header = request.header("authorization");
  constexpr std::string_view kBearer = "Bearer ";
  if (header.size() <= kBearer.size() || header.substr(0, kBearer.size()) != kBearer) {
    return {std::nullopt, unauthorized("Send an admin token as 'Authorization: Bearer <token>'.")};
  }
  std::string token(header.substr(kBearer.size()));
  const AdminToken* match = nullptr;
  for (const auto& candidate : tokens_) {
    std::string hashed = hash_token(candidate.salt, token);
    // Every configured token is checked, each in constant time.
    if (crypto::equal_constant_time(hashed, candidate.sha256)) {
      match = &candidate;
    }
  }
  if (match == nullptr) {
    if (limits_ != nullptr) limits_->failed_signin(request);
    return {std::nullopt, unauthorized("The admin token is not valid.")};
  }
  bool allowed = scope == Scope::read ? (match->read || match->write) : match->write;
  if (!allowed) {
    return {std::nullopt,
            problem_response(403, "Forbidden",
                             std::string("This token lacks the '") +
                                 (scope == Scope::read ? "read" : "write") + "' scope.")};
  }
  return {match->name, std::nullopt};
}

}  // namespace careerbot
