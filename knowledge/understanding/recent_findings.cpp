#include "understanding/recent_findings.hpp"

#include <algorithm>
#include <utility>

namespace careerbot {

RecentFindings::RecentFindings(std::size_t capacity)
    : per_generation_(capacity == 0 ? 0 : std::max<std::size_t>(1, capacity / (2 * kShards))) {}

RecentFindings::Shard& RecentFindings::shard_for(std::string_view text) {
  // The map hashes the text again; the high bits pick the shard so that the
  // two uses of one hash do not correlate.
  return shards_[(TextHash{}(text) >> 56U) % kShards];
}

TextFindingsPtr RecentFindings::find(std::uint64_t snapshot_id, std::string_view text) {
  if (per_generation_ == 0 || text.size() > kLongestText) return nullptr;
  if (snapshot_id != newest_snapshot_.load(std::memory_order_relaxed)) return nullptr;
  Shard& shard = shard_for(text);
  std::lock_guard lock(shard.mutex);
  if (shard.snapshot_id != snapshot_id) return nullptr;
  if (auto it = shard.newer.find(text); it != shard.newer.end()) return it->second;
  auto it = shard.older.find(text);
  if (it == shard.older.end()) return nullptr;
  TextFindingsPtr found = std::move(it->second);
  shard.older.erase(it);
  add(shard, text, found);
  return found;
}

void RecentFindings::keep(std::uint64_t snapshot_id, std::string_view text,
                          TextFindingsPtr findings) {
  if (per_generation_ == 0 || text.size() > kLongestText) return;
  std::uint64_t newest = newest_snapshot_.load(std::memory_order_relaxed);
  while (newest < snapshot_id &&
         !newest_snapshot_.compare_exchange_weak(newest, snapshot_id, std::memory_order_relaxed)) {
  }
  if (snapshot_id < newest) return;
  Shard& shard = shard_for(text);
  TextMap<TextFindingsPtr> forgotten_newer;
  TextMap<TextFindingsPtr> forgotten_older;  // freed after the lock is let go
  std::lock_guard lock(shard.mutex);
  if (snapshot_id < shard.snapshot_id) return;
  if (snapshot_id > shard.snapshot_id) {
    forgotten_newer.swap(shard.newer);
    forgotten_older.swap(shard.older);
    shard.snapshot_id = snapshot_id;
  }
  add(shard, text, std::move(findings));
}

void RecentFindings::add(Shard& shard, std::string_view text, TextFindingsPtr findings) const {
  if (shard.newer.size() >= per_generation_) {
    shard.older.clear();
    shard.older.swap(shard.newer);
  }
  shard.newer.insert_or_assign(std::string(text), std::move(findings));
}

}  // namespace careerbot
