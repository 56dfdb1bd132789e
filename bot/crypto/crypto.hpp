// The one home of careerbot's cryptography: digests, MACs, constant-time
// comparison, Ed25519 verification and randomness, with OpenSSL behind it.
// Pure functions over bytes (std::string holds raw bytes); no exceptions for
// bad input, except random_hex, which throws when the system has no randomness.
//
// The platform signature checks (handlers/channels/signatures), email, the
// admin tokens, the SMTP AUTH check, the web chat's session ids and the keyed
// hashes in the logs all use this module, and nothing else touches OpenSSL's
// crypto directly (TLS stays in bot/net).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace careerbot::crypto {

// Lowercase hex of raw bytes.
std::string to_hex(std::string_view raw);

// Strict hex: an even number of [0-9a-fA-F] digits, nothing else (no prefix,
// no spaces). std::nullopt otherwise.
std::optional<std::string> decode_hex(std::string_view hex);

std::string base64_encode(std::string_view raw);

// Digests and MACs. An empty result means OpenSSL failed: callers treat it as
// "no match", never as a value to compare.
std::string sha256(std::string_view data);  // 32 raw bytes
std::string sha256_hex(std::string_view data);
std::string hmac_sha256(std::string_view key, std::string_view data);  // 32 raw bytes
std::string hmac_sha256_hex(std::string_view key, std::string_view data);
std::string hmac_sha1_base64(std::string_view key, std::string_view data);

// Equal contents, compared in time that depends only on the lengths.
bool equal_constant_time(std::string_view a, std::string_view b);

// Equal secrets, compared through their SHA-256 digests, so that neither
// where they differ nor their lengths show in the time taken.
bool same_secret(std::string_view a, std::string_view b);

// Ed25519: a 32-byte raw public key, a 64-byte raw signature. False for any
// malformed key or signature, with OpenSSL's error queue left empty.
bool ed25519_verify(std::string_view public_key, std::string_view signature,
                    std::string_view message);

// `bytes` bytes from the system's random generator, as lowercase hex.
// Throws std::runtime_error when the generator fails.
std::string random_hex(std::size_t bytes);

// Overwrites a secret's bytes (in a way the compiler keeps), then empties it.
void wipe(std::string& secret);

}  // namespace careerbot::crypto
