// A write-ahead journal of received chat messages: a batch is on disk after
// one write and one fdatasync into a file of its own, so a platform can be
// told "received" without waiting for the store's transaction; the messages
// move into the store afterwards, and a batch's bytes are wiped once they are
// there.
//
// The file is a ring of 4 KiB blocks, written with zeros before it is first
// used (a write into a block already on disk syncs no metadata). A batch
// starts on a block: a header (magic, CRC-32, sequence number, length) and
// its messages. After a crash the batches still in the file are read back
// in sequence order; one stored before the crash is stored again without
// effect, since the store knows each platform's message id.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <mutex>
#include <optional>
#include <vector>

#include "store.hpp"

namespace careerbot {

class InboundJournal {
 public:
  static constexpr std::size_t kBlock = 4096;
  static constexpr std::size_t kDefaultCapacity = std::size_t{16} << 20;

  // Where a batch lies in the file; `seq` orders batches.
  struct Extent {
    std::uint64_t seq = 0;
    std::size_t offset = 0;
    std::size_t length = 0;  // whole blocks
  };
  struct Batch {
    Extent extent;
    std::vector<Store::Inbound> messages;
  };

  // Opens (creating) the file and locks it: one process per journal. Throws
  // StoreError when it cannot, or when another process holds it.
  explicit InboundJournal(std::filesystem::path file, std::size_t capacity = kDefaultCapacity);
  ~InboundJournal();
  InboundJournal(const InboundJournal&) = delete;
  InboundJournal& operator=(const InboundJournal&) = delete;

  // The batches a previous process left in the file, oldest first. They stay
  // in the journal (new batches are written around them) until released.
  std::vector<Batch> recover();

  // Writes the batch and syncs it (one caller at a time). nullopt: the ring has no room for it
  // until older batches are released (or ever, when it is larger than the ring). Throws StoreError
  // (Kind::full for a full disk) when it cannot be written.
  std::optional<Extent> append(const std::vector<Store::Inbound>& messages);
  // The ring's size: a batch larger than this never fits.
  std::size_t capacity() const { return capacity_; }

  // The batches up to and including `seq` are in the store: their blocks are
  // wiped (not synced: a batch that comes back after a power loss is stored
  // again without effect) and reused. Throws StoreError when wiping fails;
  // the space is free all the same.
  void release(std::uint64_t seq);

  // The bytes a batch takes in the file (whole blocks), and one message's
  // share of them.
  static std::size_t encoded_size(const std::vector<Store::Inbound>& messages);
  static std::size_t message_bytes(const Store::Inbound& message);

 private:
  std::optional<std::size_t> place(std::size_t length) const;  // the caller holds mutex_
  void allocate_up_to(std::size_t end);

  std::filesystem::path file_;
  std::size_t capacity_;
  int fd_ = -1;
  std::size_t allocated_ = 0;  // bytes of the file already written (zeros or batches)

  mutable std::mutex mutex_;  // guards live_, head_ and next_seq_: append and release race
  std::deque<Extent> live_;   // written and not yet released, in sequence order
  std::size_t head_ = 0;      // where the newest batch ends
  std::uint64_t next_seq_ = 1;
};

}  // namespace careerbot
