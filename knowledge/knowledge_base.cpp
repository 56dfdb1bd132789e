#include "knowledge_base.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

namespace careerbot {

std::pair<int, long long> prominence(const CareerProfile& profile) {
  const bool specialisation = profile.origin != "curated" && profile.soc_code.size() == 10 &&
                              !profile.soc_code.ends_with(".00");
  // "Engineers, All Other" is where the statistics put what has no name.
  const bool residual = profile.title.ends_with(", All Other");
  return {specialisation || residual ? 0 : 1, profile.employment ? profile.employment->count : 0};
}

KnowledgeBase::KnowledgeBase(std::vector<CareerProfile> profiles) : profiles_(std::move(profiles)) {
  std::sort(profiles_.begin(), profiles_.end(),
            [](const CareerProfile& a, const CareerProfile& b) { return a.id < b.id; });
  prominence_.reserve(profiles_.size());
  by_prominence_.reserve(profiles_.size());
  for (std::size_t i = 0; i < profiles_.size(); ++i) {
    by_id_.emplace(profiles_[i].id, static_cast<int>(i));
    prominence_.push_back(prominence(profiles_[i]));
    by_prominence_.push_back(static_cast<int>(i));
  }
  std::stable_sort(by_prominence_.begin(), by_prominence_.end(),
                   [&](int a, int b) { return prominence_at(a) > prominence_at(b); });
}

const CareerProfile* KnowledgeBase::find(std::string_view id) const {
  int index = index_of(id);
  return index < 0 ? nullptr : &profiles_[static_cast<std::size_t>(index)];
}

int KnowledgeBase::index_of(std::string_view id) const {
  auto it = by_id_.find(std::string(id));
  return it == by_id_.end() ? -1 : it->second;
}

std::string KnowledgeError::message() const {
  std::string text = file;
  if (!field.empty()) text += (text.empty() ? "" : ": ") + std::string("field '") + field + "'";
  return text + (text.empty() ? "" : ": ") + reason;
}

std::optional<KnowledgeError> check_consistency(const std::vector<CareerProfile>& profiles) {
  std::unordered_map<std::string, std::size_t> ids;
  for (std::size_t i = 0; i < profiles.size(); ++i) {
    if (!ids.emplace(profiles[i].id, i).second) {
      return KnowledgeError{profiles[i].id, "id", "is used by more than one profile"};
    }
  }
  for (const auto& profile : profiles) {
    for (std::size_t r = 0; r < profile.related.size(); ++r) {
      const auto& related = profile.related[r];
      if (!ids.contains(related)) {
        return KnowledgeError{profile.id, "related[" + std::to_string(r) + "]",
                              "names '" + related + "', which is not in the knowledge base"};
      }
      if (related == profile.id) {
        return KnowledgeError{profile.id, "related[" + std::to_string(r) + "]",
                              "names the profile itself"};
      }
    }
    for (std::size_t n = 0; n < profile.progression.size(); ++n) {
      const auto& next = profile.progression[n].career;
      if (next.empty()) continue;
      if (!ids.contains(next) || next == profile.id) {
        return KnowledgeError{profile.id, "progression[" + std::to_string(n) + "].career",
                              "names '" + next + "', which is not another career here"};
      }
    }
  }
  return std::nullopt;
}

std::optional<KnowledgeBase> load_knowledge_dir(const std::filesystem::path& dir,
                                                KnowledgeError& error) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    error = {dir.string(), "", "is not a readable directory"};
    return std::nullopt;
  }
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.is_regular_file() && entry.path().extension() == ".json")
      files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  if (files.empty()) {
    error = {dir.string(), "", "holds no profile (*.json) files"};
    return std::nullopt;
  }

  std::vector<CareerProfile> profiles;
  std::unordered_map<std::string, std::string> file_of;
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    auto doc = nlohmann::json::parse(buffer.str(), nullptr, false);
    if (doc.is_discarded()) {
      error = {file.string(), "", "is not valid JSON"};
      return std::nullopt;
    }
    ProfileError problem;
    auto profile = parse_profile(doc, problem);
    if (!profile) {
      error = {file.string(), problem.field, problem.reason};
      return std::nullopt;
    }
    if (profile->id != file.stem().string()) {
      error = {file.string(), "id", "must match the file name ('" + file.stem().string() + "')"};
      return std::nullopt;
    }
    file_of[profile->id] = file.string();
    profiles.push_back(std::move(*profile));
  }
  if (auto problem = check_consistency(profiles)) {
    problem->file = file_of[problem->file];
    error = *problem;
    return std::nullopt;
  }
  return KnowledgeBase(std::move(profiles));
}

}  // namespace careerbot
