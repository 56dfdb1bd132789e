// What a question's text alone says (its reading, the careers it names, the
// evidence of what is asked), remembered for the texts asked most recently.
// These stages depend only on the text and the snapshot of the knowledge
// base, not on the conversation, and people ask the same things all day
// ("how much do nurses make"): a text asked again under the same snapshot is
// not read again. Bounded, in process memory only, forgotten when a new
// snapshot is published.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string_view>

#include "lexicon.hpp"
#include "text.hpp"
#include "understanding/career_names.hpp"
#include "understanding/reading.hpp"

namespace careerbot {

struct TextFindings {
  TextFindings() = default;
  // `names` points into `reading`: made in place, never copied or moved.
  TextFindings(const TextFindings&) = delete;
  TextFindings& operator=(const TextFindings&) = delete;

  Reading reading;
  NamedCareers names;
  IntentEvidence evidence;  // before the conversation adds its points
};

using TextFindingsPtr = std::shared_ptr<const TextFindings>;

class RecentFindings {
 public:
  // Remembers up to `capacity` texts (0: none), each at most kLongestText bytes.
  explicit RecentFindings(std::size_t capacity);

  // What was found in `text` under the snapshot `snapshot_id`, if remembered.
  TextFindingsPtr find(std::uint64_t snapshot_id, std::string_view text);
  // Remembers it. A newer snapshot forgets what older ones found; what an
  // older one finds (a request still answering from it) is not kept.
  void keep(std::uint64_t snapshot_id, std::string_view text, TextFindingsPtr findings);

  static constexpr std::size_t kLongestText = 300;  // a chat question; not a letter

 private:
  // Two generations per shard: lookups see both, a hit in the older one moves
  // it to the newer, and a full newer generation becomes the older one (the
  // older one's texts are forgotten): close to least-recently-used, in O(1).
  struct Shard {
    std::mutex mutex;
    std::uint64_t snapshot_id = 0;
    TextMap<TextFindingsPtr> newer;
    TextMap<TextFindingsPtr> older;
  };
  static constexpr std::size_t kShards = 8;

  Shard& shard_for(std::string_view text);
  void add(Shard& shard, std::string_view text, TextFindingsPtr findings) const;

  std::size_t per_generation_;                     // texts in one generation of one shard
  std::atomic<std::uint64_t> newest_snapshot_{0};  // the shards catch up when next written
  std::array<Shard, kShards> shards_;
};

}  // namespace careerbot
