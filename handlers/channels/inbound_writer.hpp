// Makes received chat messages durable in batches, on a thread of its own,
// and tells each caller once its message is safe: the event loops hand a
// message over and go on serving, and every message that arrived while one
// batch was being written goes into the next (one write, one sync).
//
// With a journal (InboundJournal, the SQLite store's data directory), a batch
// is safe once it is in the journal; a second thread moves what gathered
// there into the store in one transaction, reports what storing each message
// did, and frees the journal's space. Without one (PostgreSQL, or a journal
// another process holds), a batch is safe once the store's transaction
// commits. Messages left in the journal by a crash are stored first.
#pragma once

#include <condition_variable>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "inbound_journal.hpp"
#include "store.hpp"

namespace careerbot {

class InboundWriter {
 public:
  // The message is durable (error null), or why it is not.
  using Done = std::function<void(const std::exception_ptr&)>;
  // What storing a message did (accepted, or seen before); on a writer thread.
  using Stored = std::function<void(const InboundMessage&, const InboundOutcome&)>;

  InboundWriter(Store& store, Stored stored, std::unique_ptr<InboundJournal> journal = nullptr);
  // Stores what was handed over already, then stops.
  ~InboundWriter();
  InboundWriter(const InboundWriter&) = delete;
  InboundWriter& operator=(const InboundWriter&) = delete;

  void write(Store::Inbound message, Done done);
  bool journaled() const { return journal_ != nullptr; }

 private:
  void write_batches();
  void move_batches();
  // Puts the batch in the journal, waiting for room while the store catches up.
  void journal(std::vector<Store::Inbound>& messages);
  void journal_piece(std::vector<Store::Inbound>& piece);
  void store(const std::vector<Store::Inbound>& messages);

  Store& store_;
  Stored stored_;
  std::unique_ptr<InboundJournal> journal_;

  std::mutex mutex_;
  std::condition_variable handed_over_;  // messages to write, or stopping
  std::vector<Store::Inbound> messages_;
  std::vector<Done> done_;
  bool stopping_ = false;

  // Journaled batches on their way into the store (the mover's queue).
  std::condition_variable journaled_;  // a batch to move, or the writer stopped
  std::condition_variable moved_;      // journal space freed
  std::vector<Store::Inbound> to_move_;
  std::uint64_t last_seq_ = 0;  // the newest journaled batch in to_move_
  std::uint64_t released_ = 0;  // counts the mover's releases
  bool writer_done_ = false;

  std::thread mover_;  // before writer_: started first, joined last
  std::thread writer_;
};

}  // namespace careerbot
