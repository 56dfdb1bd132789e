#include "inbound_writer.hpp"

#include <algorithm>
#include <chrono>
#include <iterator>

#include "log.hpp"
#include "thread_role.hpp"

namespace careerbot {
namespace {

// How long a batch waits for journal space while the store catches up; after
// that its senders hear of a failure (and their platforms send it again).
constexpr auto kRoomWait = std::chrono::seconds(5);
constexpr auto kGather = std::chrono::milliseconds(10);
constexpr std::size_t kMoveAtOnce = 512;
constexpr auto kFirstRetry = std::chrono::milliseconds(100);
constexpr auto kLastRetry = std::chrono::seconds(5);

}  // namespace

InboundWriter::InboundWriter(Store& store, Stored stored, std::unique_ptr<InboundJournal> journal)
    : store_(store), stored_(std::move(stored)), journal_(std::move(journal)) {
  if (journal_) {
    // What a previous process acknowledged and may not have stored: first.
    for (auto& batch : journal_->recover()) {
      std::move(batch.messages.begin(), batch.messages.end(), std::back_inserter(to_move_));
      last_seq_ = batch.extent.seq;
    }
    if (!to_move_.empty())
      log::write(log::Level::info, "inbound_journal_recovered",
                 {{"messages", static_cast<long long>(to_move_.size())}});
    mover_ = std::thread([this] {
      name_this_thread("cb-inbound-move");
      move_batches();
    });
  }
  writer_ = std::thread([this] {
    name_this_thread("cb-inbound");
    write_batches();
  });
}

InboundWriter::~InboundWriter() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  handed_over_.notify_all();
  writer_.join();
  {
    std::lock_guard lock(mutex_);
    writer_done_ = true;
  }
  journaled_.notify_all();
  if (mover_.joinable()) mover_.join();
}

void InboundWriter::write(Store::Inbound message, Done done) {
  {
    std::lock_guard lock(mutex_);
    messages_.push_back(std::move(message));
    done_.push_back(std::move(done));
  }
  handed_over_.notify_one();
}

void InboundWriter::write_batches() {
  std::unique_lock lock(mutex_);
  for (;;) {
    handed_over_.wait(lock, [this] { return stopping_ || !messages_.empty(); });
    if (messages_.empty()) return;  // stopping, with nothing left
    std::vector<Store::Inbound> messages;
    std::vector<Done> done;
    messages.swap(messages_);
    done.swap(done_);
    lock.unlock();
    std::exception_ptr error;
    try {
      if (journal_) {
        journal(messages);
      } else {
        store(messages);
      }
    } catch (...) {
      error = std::current_exception();  // nothing of the batch is kept
    }
    for (const auto& each : done) each(error);
    lock.lock();
  }
}

void InboundWriter::journal(std::vector<Store::Inbound>& messages) {
  // In pieces of at most a quarter of the ring: a piece waits for room only
  // while the store catches up, never for space the ring does not have.
  const std::size_t piece_bytes = journal_->capacity() / 4;
  std::size_t begin = 0;
  while (begin < messages.size()) {
    std::size_t end = begin + 1;
    std::size_t bytes = InboundJournal::message_bytes(messages[begin]);
    while (end < messages.size() &&
           bytes + InboundJournal::message_bytes(messages[end]) <= piece_bytes) {
      bytes += InboundJournal::message_bytes(messages[end++]);
    }
    std::vector<Store::Inbound> piece;
    if (begin == 0 && end == messages.size()) {
      piece.swap(messages);  // the usual case: all of it at once
    } else {
      piece.assign(std::make_move_iterator(messages.begin() + static_cast<std::ptrdiff_t>(begin)),
                   std::make_move_iterator(messages.begin() + static_cast<std::ptrdiff_t>(end)));
    }
    journal_piece(piece);
    begin = end;
  }
}

void InboundWriter::journal_piece(std::vector<Store::Inbound>& piece) {
  if (InboundJournal::encoded_size(piece) > journal_->capacity()) {
    store(piece);  // one message larger than the whole ring: straight into the store
    return;
  }
  for (;;) {
    auto extent = journal_->append(piece);
    std::unique_lock lock(mutex_);
    if (extent) {
      std::move(piece.begin(), piece.end(), std::back_inserter(to_move_));
      last_seq_ = extent->seq;
      journaled_.notify_one();
      return;
    }
    // No room: the store is behind. Wait for the mover to free some.
    auto released = released_;
    if (!moved_.wait_for(lock, kRoomWait, [&] { return released_ != released; }))
      throw StoreError("inbound journal: full, the store is not keeping up",
                       StoreError::Kind::busy);
  }
}

void InboundWriter::store(const std::vector<Store::Inbound>& messages) {
  auto outcomes = store_.accept_inbound_batch(messages);
  for (std::size_t i = 0; i < messages.size(); ++i) stored_(messages[i].message, outcomes[i]);
}

void InboundWriter::move_batches() {
  std::unique_lock lock(mutex_);
  auto retry = kFirstRetry;
  for (;;) {
    journaled_.wait(lock, [this] { return writer_done_ || !to_move_.empty(); });
    if (to_move_.empty()) return;  // the writer stopped, and everything is stored
    // A moment for more to gather: a larger transaction writes fewer pages
    // per message, and the acknowledgements do not wait for it.
    journaled_.wait_for(lock, kGather,
                        [this] { return writer_done_ || to_move_.size() >= kMoveAtOnce; });
    std::vector<Store::Inbound> messages;
    messages.swap(to_move_);
    auto seq = last_seq_;
    lock.unlock();
    try {
      store(messages);
      retry = kFirstRetry;
    } catch (const std::exception& e) {
      // Kept in the journal; tried again, with what came meanwhile after it.
      log::write(log::Level::error, "inbound_store_failed",
                 {{"messages", static_cast<long long>(messages.size())}, {"error", e.what()}});
      lock.lock();
      to_move_.insert(to_move_.begin(), std::make_move_iterator(messages.begin()),
                      std::make_move_iterator(messages.end()));
      // At a stop the rest stays in the journal for the next start.
      if (journaled_.wait_for(lock, retry, [this] { return writer_done_; })) return;
      retry = std::min<std::chrono::milliseconds>(retry * 2, kLastRetry);
      continue;
    }
    try {
      journal_->release(seq);
    } catch (const std::exception& e) {
      log::write(log::Level::error, "inbound_journal_wipe_failed", {{"error", e.what()}});
    }
    lock.lock();
    ++released_;
    moved_.notify_all();
  }
}

}  // namespace careerbot
