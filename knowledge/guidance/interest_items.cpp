#include "interest_items.hpp"

#include <array>
#include <cstddef>

namespace careerbot {
namespace {

constexpr std::array<char, 6> kLetters = {'R', 'I', 'A', 'S', 'E', 'C'};

constexpr std::array<std::string_view, 6> kMeanings = {
    "You like hands-on work with tools, machines, plants or animals, often outdoors.",
    "You like to observe, research and solve problems, working with ideas and facts.",
    "You like to create and express yourself through art, music, writing or design.",
    "You like to help, teach and care for people, working with them rather than things.",
    "You like to lead, persuade and sell, taking charge of projects and taking risks.",
    "You like clear procedures and careful, orderly work with data, records and details.",
};

std::size_t position(InterestArea area) {
  return static_cast<std::size_t>(area);
}

char lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

// Written for careerbot: concrete, everyday activities a teenager or an adult
// can picture without knowing the job behind them. Each line is one round of
// the six areas in RIASEC order.
std::vector<InterestItem> make_items() {
  using enum InterestArea;
  return {
      {"r1", "Repair a bicycle", realistic},
      {"i1", "Test river water for pollution", investigative},
      {"a1", "Paint a mural on a wall", artistic},
      {"s1", "Help someone learn to read", social},
      {"e1", "Sell cars", enterprising},
      {"c1", "Balance the accounts for a club", conventional},

      {"r2", "Grow vegetables in a garden", realistic},
      {"i2", "Study how the brain stores memories", investigative},
      {"a2", "Write a short story", artistic},
      {"s2", "Support someone through a hard time", social},
      {"e2", "Launch a company of your own", enterprising},
      {"c2", "Check forms for missing details", conventional},

      {"r3", "Make a wooden table by hand", realistic},
      {"i3", "Solve a tricky equation", investigative},
      {"a3", "Design a poster for a concert", artistic},
      {"s3", "Care for patients in a hospital", social},
      {"e3", "Present a business idea to investors", enterprising},
      {"c3", "Sort and label files in an office", conventional},

      {"r4", "Drive a bulldozer at a construction site", realistic},
      {"i4", "Research what causes a disease", investigative},
      {"a4", "Perform a role in a stage show", artistic},
      {"s4", "Volunteer at a food bank", social},
      {"e4", "Lead a team on an important project", enterprising},
      {"c4", "Schedule appointments at a busy clinic", conventional},

      {"r5", "Look after animals on a farm", realistic},
      {"i5", "Observe the stars through a telescope", investigative},
      {"a5", "Compose music for a video game", artistic},
      {"s5", "Coach a team of young athletes", social},
      {"e5", "Bargain for a better price with a supplier", enterprising},
      {"c5", "Enter sales figures into a database", conventional},
  };
}

}  // namespace

const std::vector<InterestItem>& interest_items() {
  static const std::vector<InterestItem> items = make_items();
  return items;
}

const InterestItem* find_item(std::string_view id) {
  for (const InterestItem& item : interest_items()) {
    if (item.id == id) return &item;
  }
  return nullptr;
}

std::string_view area_name(InterestArea area) {
  return kInterestAreaNames.at(position(area));
}

char area_letter(InterestArea area) {
  return kLetters.at(position(area));
}

std::optional<InterestArea> area_from_name(std::string_view name) {
  for (std::size_t i = 0; i < kLetters.size(); ++i) {
    if (equals_ignoring_case(name, kInterestAreaNames[i]) ||
        (name.size() == 1 && lower(name[0]) == lower(kLetters[i]))) {
      return static_cast<InterestArea>(i);
    }
  }
  return std::nullopt;
}

std::string_view area_meaning(InterestArea area) {
  return kMeanings.at(position(area));
}

}  // namespace careerbot
