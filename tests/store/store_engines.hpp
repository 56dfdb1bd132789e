// The engines every case of the store's contract runs on.
#pragma once

#include <string>

#include <catch2/catch.hpp>

namespace careerbot::testing {

// Each test runs once per engine: both keep the same contract.
inline std::string engine() {
  return GENERATE(as<std::string>{}, "sqlite", "postgresql");
}

}  // namespace careerbot::testing
