// A source file that cannot be read at all. The message names the file (and,
// where there is one, the line or the part of the file) and what is wrong.
#pragma once

#include <stdexcept>
#include <string>

namespace careerbot {

class ImportFailure : public std::runtime_error {
 public:
  explicit ImportFailure(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace careerbot
