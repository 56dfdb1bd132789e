// One published state of the knowledge base with its search index. Immutable
// once built: answers read it without locks, updates publish a new one.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>

#include "career_index.hpp"
#include "knowledge_base.hpp"
#include "text_search.hpp"

namespace careerbot {

struct Snapshot {
  explicit Snapshot(KnowledgeBase knowledge)
      : id(next_id()), kb(std::move(knowledge)), index(kb), search(kb) {}

  // Unique in the process and larger for a later snapshot: what is worked
  // out from one snapshot is known by it (an address could be reused).
  const std::uint64_t id;

  const KnowledgeBase kb;
  const CareerIndex index;  // built from kb; declared after it
  const TextSearch search;  // likewise

 private:
  static std::uint64_t next_id() {
    static std::atomic<std::uint64_t> last{0};
    return ++last;
  }
};

using SnapshotPtr = std::shared_ptr<const Snapshot>;

}  // namespace careerbot
