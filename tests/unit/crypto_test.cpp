#include <catch2/catch.hpp>

#include <set>

#include "crypto.hpp"

using namespace careerbot::crypto;

TEST_CASE("primitives match known digests", "[crypto]") {
  CHECK(hmac_sha256_hex("It's a Secret to Everybody", "Hello, World!") ==
        "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");
  CHECK(hmac_sha256_hex("", "") ==
        "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
  CHECK(sha256_hex(R"({"property": "value", "boolean": true})") ==
        "0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620");
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(hmac_sha1_base64("12345", std::string("https://mycompany.com/myapp.php?foo=1&bar=2") +
                                      "CallSidCA1234567890ABCDECaller+14158675309Digits1234"
                                      "From+14158675309To+18005551212") ==
        "RSOYDt4T1cUTdK1PDd93/VVr8B8=");
}

TEST_CASE("HMAC gives each key its own result, alternating and repeated (RFC 4231)", "[crypto]") {
  const std::string long_key(131, '\xaa');  // longer than SHA-256's block: hashed first
  for (int round = 0; round < 3; ++round) {
    CHECK(hmac_sha256_hex("Jefe", "what do ya want for nothing?") ==
          "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    CHECK(hmac_sha256_hex(long_key, "Test Using Larger Than Block-Size Key - Hash Key First") ==
          "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
    CHECK(hmac_sha256_hex("", "") ==
          "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
  }
  // More keys than a thread keeps set up: each still gets its own result.
  std::set<std::string> results;
  for (int key = 0; key < 20; ++key) results.insert(hmac_sha256_hex(std::to_string(key), "x"));
  for (int key = 0; key < 20; ++key) results.insert(hmac_sha256_hex(std::to_string(key), "x"));
  CHECK(results.size() == 20);
  CHECK(hmac_sha256_hex("Jefe", "what do ya want for nothing?") ==
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST_CASE("constant-time equality and strict hex", "[crypto]") {
  CHECK(equal_constant_time("", ""));
  CHECK(equal_constant_time("abc", "abc"));
  CHECK_FALSE(equal_constant_time("abc", "abd"));
  CHECK_FALSE(equal_constant_time("abc", "abcd"));
  CHECK(decode_hex("") == std::string{});
  CHECK(decode_hex("00ff7Fa0") == std::string("\x00\xff\x7f\xa0", 4));
  CHECK_FALSE(decode_hex("abc"));   // odd length
  CHECK_FALSE(decode_hex("zz"));    // not hex
  CHECK_FALSE(decode_hex("0x00"));  // no prefixes
  CHECK_FALSE(decode_hex(" 00"));
  CHECK_FALSE(decode_hex("00 "));
}

TEST_CASE("secrets compare through their digests", "[crypto]") {
  CHECK(same_secret("hunter2", "hunter2"));
  CHECK(same_secret("", ""));
  CHECK_FALSE(same_secret("hunter2", "hunter3"));
  CHECK_FALSE(same_secret("hunter2", "hunter22"));
  std::string secret = "s3cret";
  wipe(secret);
  CHECK(secret.empty());
}

TEST_CASE("Ed25519 verifies RFC 8032 test 1 and nothing else", "[crypto]") {
  auto key = *decode_hex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  auto signature = *decode_hex(
      "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9"
      "b4"
      "6bd25bf5f0595bbe24655141438e7a100b");
  CHECK(ed25519_verify(key, signature, ""));
  CHECK_FALSE(ed25519_verify(key, signature, "x"));
  CHECK_FALSE(ed25519_verify(key.substr(1), signature, ""));
  CHECK_FALSE(ed25519_verify(key, signature.substr(1), ""));
  CHECK_FALSE(ed25519_verify("", "", ""));
}

TEST_CASE("random hex is fresh each time and of the asked length", "[crypto]") {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    std::string value = random_hex(16);
    CHECK(value.size() == 32);
    CHECK(decode_hex(value));
    seen.insert(value);
  }
  CHECK(seen.size() == 100);
  CHECK(to_hex(std::string("\x00\xff", 2)) == "00ff");
  CHECK(base64_encode("") == "");
  CHECK(base64_encode("sendgrid:sg-pass") == "c2VuZGdyaWQ6c2ctcGFzcw==");
}
