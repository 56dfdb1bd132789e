// An immutable set of career profiles, and loading it from a directory of
// JSON files (one profile per file).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "profile.hpp"

namespace careerbot {

class KnowledgeBase {
 public:
  KnowledgeBase() = default;
  explicit KnowledgeBase(std::vector<CareerProfile> profiles);

  const std::vector<CareerProfile>& profiles() const { return profiles_; }
  std::size_t size() const { return profiles_.size(); }
  const CareerProfile* find(std::string_view id) const;
  // Position of a profile in profiles(), or -1.
  int index_of(std::string_view id) const;
  // prominence() of profiles()[index], worked out once.
  std::pair<int, long long> prominence_at(int index) const {
    return prominence_[static_cast<std::size_t>(index)];
  }
  // Positions in profiles(), likeliest meant first (ties in id order).
  const std::vector<int>& by_prominence() const { return by_prominence_; }

 private:
  std::vector<CareerProfile> profiles_;
  std::unordered_map<std::string, int> by_id_;
  std::vector<std::pair<int, long long>> prominence_;
  std::vector<int> by_prominence_;
};

// How likely a career is meant when a question fits several: curated careers
// and whole occupations before O*NET's specialisations of one (15-1299.07 and
// its siblings share the BLS figures of their SOC code, so their employment
// says nothing about them) and before the "All Other" residual groups, then
// by employment. Higher is likelier.
std::pair<int, long long> prominence(const CareerProfile& profile);

// Why a knowledge base could not be loaded: which file, which field, why.
struct KnowledgeError {
  std::string file;
  std::string field;
  std::string reason;
  std::string message() const;
};

// Checks what no single profile can: unique ids and related ids that exist.
std::optional<KnowledgeError> check_consistency(const std::vector<CareerProfile>& profiles);

// Loads every *.json file in `dir`, validated and cross-checked.
std::optional<KnowledgeBase> load_knowledge_dir(const std::filesystem::path& dir,
                                                KnowledgeError& error);

}  // namespace careerbot
