#include "fuzz_support.hpp"

#include <stdlib.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <stdexcept>
#include <system_error>

#include "bundle.hpp"
#include "intent_model.hpp"
#include "knowledge_base.hpp"
#include "log.hpp"

namespace careerbot::fuzz {
namespace {

namespace fs = std::filesystem;

// Removes the scratch directory when the process ends normally (a crash
// leaves it for deploy/fuzz.sh, which removes the parent).
struct Scratch {
  fs::path dir;
  ~Scratch() {
    std::error_code ignored;
    if (!dir.empty()) fs::remove_all(dir, ignored);
  }
};

fs::path scratch_parent() {
  if (const char* chosen = std::getenv("CAREERBOT_FUZZ_SCRATCH"); chosen != nullptr && *chosen)
    return chosen;
  // A tmpfs makes the store's fsyncs free, and every accepted message syncs.
  if (::access("/dev/shm", W_OK) == 0) return "/dev/shm";
  return fs::temp_directory_path();
}

}  // namespace

const fs::path& scratch_dir() {
  static Scratch scratch = [] {
    std::string pattern = (scratch_parent() / "careerbot-fuzz-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
      throw std::system_error(errno, std::generic_category(), "mkdtemp " + pattern);
    }
    return Scratch{pattern};
  }();
  return scratch.dir;
}

SnapshotPtr shipped_snapshot() {
  static const SnapshotPtr snapshot = [] {
    KnowledgeError kb_error;
    auto curated = load_knowledge_dir(CAREERBOT_FUZZ_KNOWLEDGE_DIR, kb_error);
    if (!curated) throw std::runtime_error("curated knowledge: " + kb_error.message());
    std::string error;
    auto bundle = read_bundle(CAREERBOT_FUZZ_KNOWLEDGE_BUNDLE, error);
    if (!bundle) throw std::runtime_error("bundle: " + error);
    return std::make_shared<const Snapshot>(KnowledgeBase(
        combine_curated_and_bundled(curated->profiles(), std::move(bundle->profiles))));
  }();
  return snapshot;
}

const MatcherSettings& shipped_settings() {
  static const MatcherSettings settings = [] {
    MatcherSettings s = Config().matcher;
    s.intent_model = IntentModel::load(CAREERBOT_FUZZ_INTENT_MODEL);
    return s;
  }();
  return settings;
}

Service::Quiet::Quiet() {
  log::set_level(log::Level::off);
}

// The store is seeded with the curated profiles only (a quick start); the
// assistant answers from the whole shipped knowledge base.
Service::Service()
    : store(scratch_dir()),
      knowledge(store, CAREERBOT_FUZZ_KNOWLEDGE_DIR),
      conversations(1000, std::chrono::hours(1)),
      assistant(shipped_snapshot(), shipped_settings(), conversations),
      outbox(store, OutboxConfig{}, metrics),
      sender_limit(0, std::chrono::seconds(60)),
      handoffs(handoff_config, store, outbox, metrics),
      inbox(assistant, knowledge, outbox, metrics, sender_limit, handoffs, max_question_bytes) {}

Service& service() {
  // Never destroyed: nothing is left to tear down in the wrong order at exit.
  static Service* instance = new Service();
  return *instance;
}

}  // namespace careerbot::fuzz
