// libpq's messages as the store's errors and logs quote them (not a public API).
#pragma once

#include <string>

namespace careerbot::sql {

// The first line of a libpq message: its DETAIL and HINT lines stay out of
// errors and logs.
inline std::string first_line(const char* message) {
  std::string text = message == nullptr ? "" : message;
  if (auto end = text.find('\n'); end != std::string::npos) text.resize(end);
  return text;
}

}  // namespace careerbot::sql
