// The item bank of the interest assessment: 30 everyday activities, five per
// RIASEC area, modelled on the O*NET Interest Profiler but worded for
// careerbot. People say whether they would like each one; the answers become
// scores per area (interest_match.hpp).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "profile.hpp"

namespace careerbot {

struct InterestItem {
  std::string id;  // area letter and number within the area: "r1" .. "c5"
  std::string text;
  InterestArea area;
};

// In asking order: the areas take turns (R, I, A, S, E, C, R, I, ...) so that
// a person who stops early has still answered for every area.
const std::vector<InterestItem>& interest_items();

// The item with this id ("r1"; ids are lower case), or nullptr.
const InterestItem* find_item(std::string_view id);

std::string_view area_name(InterestArea area);  // "realistic", ...
char area_letter(InterestArea area);            // 'R', ...

// "realistic" or "R", case-insensitive; nullopt for anything else.
std::optional<InterestArea> area_from_name(std::string_view name);

// One sentence explaining the area to the person who scored high in it.
std::string_view area_meaning(InterestArea area);

}  // namespace careerbot
