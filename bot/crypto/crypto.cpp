#include "crypto.hpp"

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include <algorithm>
#include <climits>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace careerbot::crypto {
namespace {

// OpenSSL wants a non-null pointer even for zero bytes (a null HMAC key means
// "reuse the previous key"): empty input points here.
constexpr unsigned char kNoBytes[1] = {0};

const unsigned char* bytes(std::string_view text) {
  return text.empty() ? kNoBytes : reinterpret_cast<const unsigned char*>(text.data());
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

struct MacFree {
  void operator()(EVP_MAC* mac) const { EVP_MAC_free(mac); }
};
struct MacCtxFree {
  void operator()(EVP_MAC_CTX* context) const { EVP_MAC_CTX_free(context); }
};
using MacContext = std::unique_ptr<EVP_MAC_CTX, MacCtxFree>;

EVP_MAC* hmac_algorithm() {
  static const std::unique_ptr<EVP_MAC, MacFree> mac(EVP_MAC_fetch(nullptr, "HMAC", nullptr));
  return mac.get();
}

// OpenSSL 3's one-shot HMAC() fetches the algorithm and the digest and sets
// the key up on every call, several times the cost of hashing a webhook's
// body. Each thread keeps a context set up for each of the few keys it uses
// (a channel's secret) and starts it afresh per message.
struct KeyedContext {
  std::string digest;
  std::string key;
  MacContext context;
};
constexpr std::size_t kKeyedContexts = 8;

// A context ready for data, or null when OpenSSL fails.
EVP_MAC_CTX* keyed_context(const char* digest, std::string_view key) {
  thread_local std::vector<KeyedContext> contexts;
  for (auto it = contexts.begin(); it != contexts.end(); ++it) {
    if (it->digest != digest || it->key != key) continue;
    if (EVP_MAC_init(it->context.get(), nullptr, 0, nullptr) == 1) return it->context.get();
    contexts.erase(it);  // set up again below
    break;
  }
  if (hmac_algorithm() == nullptr) return nullptr;
  MacContext context(EVP_MAC_CTX_new(hmac_algorithm()));
  OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string("digest", const_cast<char*>(digest), 0),
                         OSSL_PARAM_construct_end()};
  if (!context || EVP_MAC_init(context.get(), bytes(key), key.size(), params) != 1) return nullptr;
  if (contexts.size() >= kKeyedContexts) contexts.erase(contexts.begin());
  contexts.push_back({digest, std::string(key), std::move(context)});
  return contexts.back().context.get();
}

std::string hmac(const char* digest, std::string_view key, std::string_view data) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  std::size_t length = 0;
  EVP_MAC_CTX* context = keyed_context(digest, key);
  if (context == nullptr || EVP_MAC_update(context, bytes(data), data.size()) != 1 ||
      EVP_MAC_final(context, mac, &length, sizeof mac) != 1) {
    ERR_clear_error();
    return {};
  }
  return {reinterpret_cast<const char*>(mac), length};
}

struct PkeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* context) const { EVP_MD_CTX_free(context); }
};

}  // namespace

std::string to_hex(std::string_view raw) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(raw.size() * 2);
  for (char c : raw) {
    auto byte = static_cast<unsigned char>(c);
    hex += kDigits[byte >> 4];
    hex += kDigits[byte & 0xF];
  }
  return hex;
}

std::optional<std::string> decode_hex(std::string_view hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  std::string raw;
  raw.reserve(hex.size() / 2);
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    int high = hex_value(hex[i]);
    int low = hex_value(hex[i + 1]);
    if (high < 0 || low < 0) return std::nullopt;
    raw += static_cast<char>((high << 4) | low);
  }
  return raw;
}

std::string base64_encode(std::string_view raw) {
  if (raw.size() > static_cast<std::size_t>(INT_MAX / 4 * 3 - 3)) return {};
  std::string encoded(4 * ((raw.size() + 2) / 3) + 1, '\0');
  int length = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(encoded.data()), bytes(raw),
                               static_cast<int>(raw.size()));
  encoded.resize(static_cast<std::size_t>(std::max(length, 0)));
  return encoded;
}

std::string sha256(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(bytes(data), data.size(), digest, &length, EVP_sha256(), nullptr) != 1) {
    ERR_clear_error();
    return {};
  }
  return {reinterpret_cast<const char*>(digest), length};
}

std::string sha256_hex(std::string_view data) {
  return to_hex(sha256(data));
}

std::string hmac_sha256(std::string_view key, std::string_view data) {
  return hmac("SHA256", key, data);
}

std::string hmac_sha256_hex(std::string_view key, std::string_view data) {
  return to_hex(hmac_sha256(key, data));
}

std::string hmac_sha1_base64(std::string_view key, std::string_view data) {
  return base64_encode(hmac("SHA1", key, data));
}

bool equal_constant_time(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return a.empty() || CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

bool same_secret(std::string_view a, std::string_view b) {
  std::string da = sha256(a);
  std::string db = sha256(b);
  return !da.empty() && equal_constant_time(da, db);
}

bool ed25519_verify(std::string_view public_key, std::string_view signature,
                    std::string_view message) {
  std::unique_ptr<EVP_PKEY, PkeyFree> key(
      EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, bytes(public_key), public_key.size()));
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> context(EVP_MD_CTX_new());
  bool valid = key && context &&
               EVP_DigestVerifyInit(context.get(), nullptr, nullptr, nullptr, key.get()) == 1 &&
               EVP_DigestVerify(context.get(), bytes(signature), signature.size(), bytes(message),
                                message.size()) == 1;
  // A bad signature or a key that is not a curve point leaves errors queued;
  // they are an expected outcome here, not something for the next caller to see.
  ERR_clear_error();
  return valid;
}

std::string random_hex(std::size_t bytes_wanted) {
  std::string buffer(bytes_wanted, '\0');
  if (bytes_wanted > static_cast<std::size_t>(INT_MAX) ||
      RAND_bytes(reinterpret_cast<unsigned char*>(buffer.data()), static_cast<int>(bytes_wanted)) !=
          1) {
    ERR_clear_error();
    throw std::runtime_error("the system random generator failed");
  }
  return to_hex(buffer);
}

void wipe(std::string& secret) {
  if (!secret.empty()) OPENSSL_cleanse(secret.data(), secret.size());
  secret.clear();
}

}  // namespace careerbot::crypto
