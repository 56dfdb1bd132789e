#include "admin_auth.hpp"

#include "signatures.hpp"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <stdexcept>

namespace careerbot {
namespace {

std::string random_hex(std::size_t bytes) {
  std::string buffer(bytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(buffer.data()), static_cast<int>(bytes)) != 1) {
    throw std::runtime_error("the system random generator failed");
  }
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(bytes * 2);
  for (char c : buffer) {
    auto byte = static_cast<unsigned char>(c);
    hex += kDigits[byte >> 4];
    hex += kDigits[byte & 0xF];
  }
  return hex;
}

WebResponse unauthorized(std::string_view detail) {
  auto response = problem_response(401, "Unauthorized", detail);
  response.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"careerbot admin\"");
  return response;
}

}  // namespace

std::string hash_token(const std::string& salt_hex, const std::string& token) {
  // Config validation guarantees hex salts; a bad one simply never matches.
  return signatures::sha256_hex(signatures::decode_hex(salt_hex).value_or(std::string()) + token);
}

NewToken generate_token(const std::string& name, bool read, bool write) {
  NewToken result;
  result.token = "cbt_" + random_hex(24);
  result.entry.name = name;
  result.entry.salt = random_hex(16);
  result.entry.sha256 = hash_token(result.entry.salt, result.token);
  result.entry.read = read;
  result.entry.write = write;
  return result;
}

Authorization AdminAuth::authorize(const WebRequest& request, Scope scope) const {
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
    if (hashed.size() == candidate.sha256.size() &&
        CRYPTO_memcmp(hashed.data(), candidate.sha256.data(), hashed.size()) == 0) {
      match = &candidate;
    }
  }
  if (match == nullptr) return {std::nullopt, unauthorized("The admin token is not valid.")};
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
