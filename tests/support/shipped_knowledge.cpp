#include "shipped_knowledge.hpp"

#include <stdexcept>

#include "bundle.hpp"
#include "knowledge_base.hpp"

namespace careerbot::test {

std::vector<CareerProfile> shipped_profiles() {
  KnowledgeError kb_error;
  auto curated = load_knowledge_dir(CAREERBOT_TEST_KNOWLEDGE_DIR, kb_error);
  if (!curated) throw std::runtime_error("curated knowledge: " + kb_error.message());
  std::string error;
  auto bundle = read_bundle(CAREERBOT_TEST_KNOWLEDGE_BUNDLE, error);
  if (!bundle) throw std::runtime_error("bundle: " + error);
  return combine_curated_and_bundled(curated->profiles(), std::move(bundle->profiles));
}

const Snapshot& shipped_snapshot() {
  static const Snapshot snapshot{KnowledgeBase(shipped_profiles())};
  return snapshot;
}

}  // namespace careerbot::test
