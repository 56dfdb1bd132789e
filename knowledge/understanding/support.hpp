// Small helpers the stages of understanding share.
#pragma once

#include <algorithm>
#include <array>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "career_index.hpp"

namespace careerbot {

// 'text', for the `why` of an understanding.
inline std::string quote(std::string_view text) {
  return "'" + std::string(text) + "'";
}

// Whether `value` is in `list` (a vector, or a constant array of words).
template <typename List, typename U>
bool contains(const List& list, const U& value) {
  return std::find(std::begin(list), std::end(list), value) != std::end(list);
}

// A verb's particle ("out" of "puller out", "Drawing Out Machine Setters"):
// it ends or fills a few names, but names no work and no kind of work.
inline bool is_particle(std::string_view word) {
  static constexpr std::array<std::string_view, 6> kParticles = {"out",  "up",   "off",
                                                                 "down", "over", "back"};
  return std::find(kParticles.begin(), kParticles.end(), word) != kParticles.end();
}

// Of names several careers may share, one of the only career whose names
// qualify; nullptr when none qualifies or several careers do.
template <typename Qualifies>
const CareerIndex::Name* only_career_named(const std::vector<const CareerIndex::Name*>& names,
                                           Qualifies&& qualifies) {
  const CareerIndex::Name* found = nullptr;
  for (const auto* name : names) {
    if (!qualifies(name)) continue;
    if (found != nullptr && found->profile != name->profile) return nullptr;
    found = name;
  }
  return found;
}

}  // namespace careerbot
