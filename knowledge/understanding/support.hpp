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

template <typename T, typename U>
bool contains(const std::vector<T>& list, const U& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

}  // namespace careerbot
