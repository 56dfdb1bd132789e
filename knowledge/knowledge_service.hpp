// Keeps the knowledge base current: every change goes to the durable store
// first, then a new snapshot is built and published to the assistant, so the
// next question is answered from it without a restart. Readers never wait:
// they keep the snapshot they hold until they finish.
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "assistant.hpp"
#include "importer.hpp"
#include "store.hpp"

namespace careerbot {

struct ImportReport {
  ImportCounts counts;
  std::vector<ImportNote> skipped;
  std::vector<ImportNote> warnings;
  std::string error;
  double seconds = 0;
};

class KnowledgeService {
 public:
  // Loads the store; on first start seeds it from the curated profiles in
  // `seed_dir` and the bundled ones in `bundle` (none when empty), curated
  // winning for the same SOC code. Throws StoreError or std::runtime_error
  // naming the file and field when invalid.
  KnowledgeService(Store& store, const std::filesystem::path& seed_dir,
                   const std::filesystem::path& bundle = {});

  SnapshotPtr snapshot() const;
  // Loads the profiles again when another instance sharing the database
  // changed them (the store's knowledge version moved); true when it did.
  bool refresh();
  // Assistants that should answer from every new snapshot.
  void subscribe(Assistant& assistant);

  WriteResult create(CareerProfile profile, const std::string& actor);
  WriteResult replace(CareerProfile profile, long long expected_revision, const std::string& actor,
                      const std::string& action = "replace");
  WriteResult remove(const std::string& id, long long expected_revision, const std::string& actor);
  // Puts an old revision back as a new revision.
  WriteResult rollback(const std::string& id, long long to_revision, long long expected_revision,
                       const std::string& actor);
  ImportReport import_public_data(const ImportSources& sources, const std::string& actor);
  ImportReport import_profiles(std::vector<CareerProfile> profiles, const std::string& actor);

  // Questions careerbot could not answer, counted in memory and written to
  // the store in batches (and by flush_unanswered).
  void note_unanswered(const std::string& question, const std::string& channel);
  void flush_unanswered();

  Store& store() { return store_; }
  // How long building the last snapshot took.
  std::chrono::microseconds last_publish_time() const;

 private:
  std::optional<ProfileError> check(const CareerProfile& profile) const;
  bool exists(const std::string& id) const { return snapshot_.load()->kb.find(id) != nullptr; }
  // Builds and publishes a snapshot of `profiles`; the caller holds mutex_.
  void publish_locked(std::vector<CareerProfile> profiles);
  // The current profiles with one changed (or removed, when `changed` is null).
  std::vector<CareerProfile> with_change(const std::string& id, const CareerProfile* changed) const;

  Store& store_;
  mutable std::mutex mutex_;           // serialises writers; readers use the snapshot
  std::atomic<SnapshotPtr> snapshot_;  // the one copy of the profiles in memory
  std::vector<Assistant*> subscribers_;
  std::chrono::microseconds last_publish_{0};
  std::atomic<long long> loaded_version_{-1};  // the store's knowledge version last loaded in full

  std::mutex unanswered_mutex_;
  std::map<std::string, UnansweredQuestion> unanswered_;
};

}  // namespace careerbot
