// One published state of the knowledge base with its search index. Immutable
// once built: answers read it without locks, updates publish a new one.
#pragma once

#include <memory>

#include "career_index.hpp"
#include "knowledge_base.hpp"

namespace careerbot {

struct Snapshot {
  explicit Snapshot(KnowledgeBase knowledge) : kb(std::move(knowledge)), index(kb) {}

  const KnowledgeBase kb;
  const CareerIndex index;  // refers to kb; declared after it
};

using SnapshotPtr = std::shared_ptr<const Snapshot>;

}  // namespace careerbot
