// Small helpers the stages of understanding share.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace careerbot {

// 'text', for the `why` of an understanding.
inline std::string quote(std::string_view text) {
  return "'" + std::string(text) + "'";
}

inline bool contains(const std::vector<int>& list, int value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

}  // namespace careerbot
