#include "admin_auth.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <stdexcept>

namespace careerbot {
namespace {

std::string to_hex(const unsigned char* data, std::size_t size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(size * 2);
  for (std::size_t i = 0; i < size; ++i) {
    hex += kDigits[data[i] >> 4];
    hex += kDigits[data[i] & 0xF];
  }
  return hex;
}

std::string from_hex(const std::string& hex) {
  auto value = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string bytes;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    int high = value(hex[i]);
    int low = value(hex[i + 1]);
    if (high < 0 || low < 0) return {};
    bytes += static_cast<char>((high << 4) | low);
  }
  return bytes;
}

std::string random_hex(std::size_t bytes) {
  std::string buffer(bytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(buffer.data()), static_cast<int>(bytes)) != 1) {
    throw std::runtime_error("the system random generator failed");
  }
  return to_hex(reinterpret_cast<const unsigned char*>(buffer.data()), bytes);
}

WebResponse unauthorized(std::string_view detail) {
  auto response = problem_response(401, "Unauthorized", detail);
  response.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"careerbot admin\"");
  return response;
}

}  // namespace

std::string hash_token(const std::string& salt_hex, const std::string& token) {
  std::string input = from_hex(salt_hex) + token;
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(input.data(), input.size(), digest, &length, EVP_sha256(), nullptr);
  return to_hex(digest, length);
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
