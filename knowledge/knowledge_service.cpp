#include "knowledge_service.hpp"

#include <malloc.h>

#include <set>
#include <stdexcept>

#include "bundle.hpp"
#include "text.hpp"

namespace careerbot {
namespace {

constexpr std::size_t kUnansweredBatch = 100;
constexpr std::size_t kUnansweredTextLimit = 300;

}  // namespace

KnowledgeService::KnowledgeService(Store& store, const std::filesystem::path& seed_dir,
                                   const std::filesystem::path& bundle)
    : store_(store) {
  if (!store_.has_profiles()) {
    KnowledgeError error;
    auto kb = load_knowledge_dir(seed_dir, error);
    if (!kb) throw std::runtime_error("knowledge base: " + error.message());
    std::vector<CareerProfile> bundled;
    if (!bundle.empty()) {
      std::string problem;
      auto read = read_bundle(bundle, problem);
      if (!read) throw std::runtime_error("knowledge base: " + problem);
      bundled = std::move(read->profiles);
    }
    store_.seed(combine_curated_and_bundled(kb->profiles(), std::move(bundled)), "seed");
  }
  std::lock_guard lock(mutex_);
  loaded_version_ = store_.knowledge_version();
  publish_locked(store_.load_all());
}

SnapshotPtr KnowledgeService::snapshot() const {
  return snapshot_.load();
}

bool KnowledgeService::refresh() {
  // This instance's own changes move the version too: it then loads once
  // more, which also takes in any change made elsewhere meanwhile.
  if (store_.knowledge_version() == loaded_version_) return false;
  std::lock_guard lock(mutex_);
  // Read before loading: a change landing in between is loaded now and
  // seen again next time, never missed.
  const long long version = store_.knowledge_version();
  if (version == loaded_version_) return false;
  publish_locked(store_.load_all());
  loaded_version_ = version;
  return true;
}

void KnowledgeService::subscribe(Assistant& assistant) {
  std::lock_guard lock(mutex_);
  subscribers_.push_back(&assistant);
  assistant.publish(snapshot_.load());
}

std::chrono::microseconds KnowledgeService::last_publish_time() const {
  std::lock_guard lock(mutex_);
  return last_publish_;
}

std::vector<CareerProfile> KnowledgeService::with_change(const std::string& id,
                                                         const CareerProfile* changed) const {
  const auto& current = snapshot_.load()->kb.profiles();
  std::vector<CareerProfile> all;
  all.reserve(current.size() + 1);
  bool replaced = false;
  for (const auto& profile : current) {
    if (profile.id != id) {
      all.push_back(profile);
    } else if (changed != nullptr) {
      all.push_back(*changed);
      replaced = true;
    }
  }
  if (changed != nullptr && !replaced) all.push_back(*changed);
  return all;
}

void KnowledgeService::publish_locked(std::vector<CareerProfile> profiles) {
  auto start = std::chrono::steady_clock::now();
  SnapshotPtr next = std::make_shared<const Snapshot>(KnowledgeBase(std::move(profiles)));
  snapshot_.store(next);
  for (auto* assistant : subscribers_) assistant->publish(next);
  next.reset();
#ifdef __GLIBC__
  // The previous snapshot is usually freed by now; hand its memory back
  // instead of letting every update grow the heap.
  ::malloc_trim(0);
#endif
  last_publish_ = std::chrono::duration_cast<std::chrono::microseconds>(
      std::chrono::steady_clock::now() - start);
}

std::optional<ProfileError> KnowledgeService::check(const CareerProfile& profile) const {
  ProfileError error;
  if (!parse_profile(profile_to_json(profile), error)) return error;
  for (std::size_t i = 0; i < profile.related.size(); ++i) {
    const auto& related = profile.related[i];
    if (related == profile.id || !exists(related)) {
      return ProfileError{
          "related[" + std::to_string(i) + "]",
          "names '" + related + "', which is not another career in the knowledge base"};
    }
  }
  for (std::size_t i = 0; i < profile.progression.size(); ++i) {
    const auto& next = profile.progression[i].career;
    if (!next.empty() && (next == profile.id || !exists(next))) {
      return ProfileError{
          "progression[" + std::to_string(i) + "].career",
          "names '" + next + "', which is not another career in the knowledge base"};
    }
  }
  return std::nullopt;
}

WriteResult KnowledgeService::create(CareerProfile profile, const std::string& actor) {
  std::lock_guard lock(mutex_);
  if (auto error = check(profile)) return WriteResult::invalid(*error);
  auto result = store_.create(std::move(profile), actor);
  if (result.status == WriteStatus::ok)
    publish_locked(with_change(result.profile.id, &result.profile));
  return result;
}

WriteResult KnowledgeService::replace(CareerProfile profile, long long expected_revision,
                                      const std::string& actor, const std::string& action) {
  std::lock_guard lock(mutex_);
  if (!exists(profile.id)) return WriteResult::failed(WriteStatus::not_found);
  if (auto error = check(profile)) return WriteResult::invalid(*error);
  auto result = store_.replace(std::move(profile), expected_revision, actor, action);
  if (result.status == WriteStatus::ok)
    publish_locked(with_change(result.profile.id, &result.profile));
  return result;
}

WriteResult KnowledgeService::remove(const std::string& id, long long expected_revision,
                                     const std::string& actor) {
  std::lock_guard lock(mutex_);
  auto result = store_.remove(id, expected_revision, actor);
  if (result.status == WriteStatus::ok) publish_locked(with_change(id, nullptr));
  return result;
}

WriteResult KnowledgeService::rollback(const std::string& id, long long to_revision,
                                       long long expected_revision, const std::string& actor) {
  auto old = store_.revision(id, to_revision);
  if (!old) return WriteResult::failed(WriteStatus::not_found);
  if (!old->document) {
    return WriteResult::invalid(
        {"revision", "revision " + std::to_string(to_revision) + " is a deletion"});
  }
  ProfileError error;
  auto profile = parse_profile(*old->document, error);
  if (!profile) return WriteResult::invalid(error);
  profile->id = id;
  if (!exists(id)) {
    // Bringing back a deleted career: the caller must have seen the deletion.
    auto history = store_.history(id);
    if (history.empty() || history.front().revision != expected_revision) {
      return WriteResult::failed(WriteStatus::conflict,
                                 history.empty() ? 0 : history.front().revision);
    }
    return create(std::move(*profile), actor);
  }
  return replace(std::move(*profile), expected_revision, actor, "rollback");
}

ImportReport KnowledgeService::import_public_data(const ImportSources& sources,
                                                  const std::string& actor) {
  auto start = std::chrono::steady_clock::now();
  // Built exactly as the shipped bundle is, then joined with the curated
  // careers the same way: one rule for both.
  std::vector<CareerProfile> curated;
  for (const auto& profile : snapshot_.load()->kb.profiles()) {
    if (profile.origin != "imported") curated.push_back(profile);
  }
  ImportResult built = ::careerbot::import_public_data(sources, {});
  if (!built.error.empty()) {
    ImportReport report;
    report.error = built.error;
    return report;
  }
  std::map<std::string, std::string> curated_by_soc;
  for (const auto& profile : curated) {
    if (!profile.soc_code.empty()) curated_by_soc.emplace(profile.soc_code, profile.id);
  }
  for (const auto& profile : built.profiles) {
    if (auto it = curated_by_soc.find(profile.soc_code); it != curated_by_soc.end()) {
      built.skipped.push_back(
          {profile.soc_code, it->second, "curated profile '" + it->second + "' covers this code"});
    }
  }
  std::vector<CareerProfile> imported;
  for (auto& profile : combine_curated_and_bundled(std::move(curated), std::move(built.profiles))) {
    if (profile.origin == "imported") imported.push_back(std::move(profile));
  }
  ImportReport report = import_profiles(std::move(imported), actor);
  report.skipped = std::move(built.skipped);
  report.warnings = std::move(built.warnings);
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

ImportReport KnowledgeService::import_profiles(std::vector<CareerProfile> profiles,
                                               const std::string& actor) {
  auto start = std::chrono::steady_clock::now();
  ImportReport report;
  std::lock_guard lock(mutex_);
  // Related ids may point within the batch, so check against both.
  std::set<std::string> batch_ids;
  for (const auto& profile : profiles) batch_ids.insert(profile.id);
  auto known = [&](const std::string& id) { return exists(id) || batch_ids.contains(id); };
  std::vector<CareerProfile> accepted;
  for (auto& profile : profiles) {
    ProfileError error;
    if (!parse_profile(profile_to_json(profile), error)) {
      report.skipped.push_back(
          {profile.soc_code, profile.id, "invalid: " + error.field + " " + error.reason});
      continue;
    }
    std::erase_if(profile.related,
                  [&](const std::string& id) { return id == profile.id || !known(id); });
    std::erase_if(profile.progression, [&](const ProgressionStep& step) {
      return !step.career.empty() && (step.career == profile.id || !known(step.career));
    });
    accepted.push_back(std::move(profile));
  }
  report.counts = store_.import(accepted, actor);
  if (!report.counts.added.empty() || !report.counts.changed.empty()) {
    publish_locked(store_.load_all());
  }
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

void KnowledgeService::note_unanswered(const std::string& question, const std::string& channel) {
  std::string text;
  for (const auto& word : split_words(question)) {
    if (text.size() + word.size() + 1 > kUnansweredTextLimit) break;
    text += (text.empty() ? "" : " ") + word;
  }
  if (text.empty()) return;
  bool full;
  {
    std::lock_guard lock(unanswered_mutex_);
    auto& entry = unanswered_[text];
    entry.text = text;
    entry.count += 1;
    entry.last_seen = utc_now();
    entry.channel = channel;
    full = unanswered_.size() >= kUnansweredBatch;
  }
  if (full) flush_unanswered();
}

void KnowledgeService::flush_unanswered() {
  std::map<std::string, UnansweredQuestion> batch;
  {
    std::lock_guard lock(unanswered_mutex_);
    batch.swap(unanswered_);
  }
  std::vector<UnansweredQuestion> list;
  list.reserve(batch.size());
  for (auto& [text, question] : batch) list.push_back(std::move(question));
  store_.record_unanswered(list);
}

}  // namespace careerbot
