// One published state of the knowledge base with its search index. Immutable
// once built: answers read it without locks, updates publish a new one.
#pragma once

#include <memory>

#include "career_index.hpp"
#include "knowledge_base.hpp"
#include "text_search.hpp"

namespace careerbot {

struct Snapshot {
  explicit Snapshot(KnowledgeBase knowledge) : kb(std::move(knowledge)), index(kb), search(kb) {}

  const KnowledgeBase kb;
  const CareerIndex index;  // built from kb; declared after it
  const TextSearch search;  // likewise
};

using SnapshotPtr = std::shared_ptr<const Snapshot>;

}  // namespace careerbot
