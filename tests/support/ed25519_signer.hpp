// Signs like Discord does, for tests of the Discord interactions endpoint:
// Ed25519 with the RFC 8032 test key from CHANNELS.md (public key
// d75a9801...511a), hex-encoded.
#pragma once

#include <string>

namespace careerbot::test {

std::string ed25519_sign_hex(const std::string& message);

}  // namespace careerbot::test
