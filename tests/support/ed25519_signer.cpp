#include "ed25519_signer.hpp"

#include <openssl/evp.h>

#include "crypto.hpp"

namespace careerbot::test {

std::string ed25519_sign_hex(const std::string& message) {
  auto seed = *careerbot::crypto::decode_hex(
      "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
  EVP_PKEY* key = EVP_PKEY_new_raw_private_key(
      EVP_PKEY_ED25519, nullptr, reinterpret_cast<const unsigned char*>(seed.data()), seed.size());
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  unsigned char signature[64];
  std::size_t length = sizeof signature;
  EVP_DigestSignInit(ctx, nullptr, nullptr, nullptr, key);
  EVP_DigestSign(ctx, signature, &length, reinterpret_cast<const unsigned char*>(message.data()),
                 message.size());
  EVP_MD_CTX_free(ctx);
  EVP_PKEY_free(key);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (std::size_t i = 0; i < length; ++i) {
    hex += kHex[signature[i] >> 4];
    hex += kHex[signature[i] & 0xF];
  }
  return hex;
}

}  // namespace careerbot::test
