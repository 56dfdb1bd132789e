// The inbound journal over a real file: what was appended and not released
// comes back after the process that wrote it is gone, in order and whole; a
// released batch's bytes are wiped; the ring waits for releases rather than
// overwrite a batch; a torn batch is skipped. And the InboundWriter in front
// of it: acknowledged once journaled, stored afterwards, a previous process's
// batches stored first.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <future>
#include <iterator>
#include <mutex>
#include <random>
#include <string>

#include <catch2/catch.hpp>

#include "inbound_journal.hpp"
#include "inbound_writer.hpp"
#include "store.hpp"

using namespace careerbot;
namespace fs = std::filesystem;

namespace {

struct ScratchDir {
  fs::path path = fs::temp_directory_path() /
                  ("careerbot-journal-test-" + std::to_string(std::random_device()()));
  ScratchDir() { fs::create_directories(path); }
  ~ScratchDir() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
};

Store::Inbound message(const std::string& id, std::size_t payload_bytes = 40) {
  Store::Inbound inbound{{"slack", id, "slack:T1:C1"}, {}};
  OutboxEntry answer;
  answer.channel = "answer";
  answer.rate_key = "answer:slack:C1";
  answer.payload = "{\"text\":\"question " + id + "\"," + std::string(payload_bytes, 'x') + "}";
  answer.next_attempt_ms = 1770000000000;
  inbound.entries.push_back(answer);
  OutboxEntry ack;
  ack.channel = "telegram";
  ack.rate_key = "telegram:1";
  ack.payload = "caf\xc3\xa9 \"quoted\"\n";
  inbound.entries.push_back(ack);
  return inbound;
}

std::vector<std::string> ids(const std::vector<InboundJournal::Batch>& batches) {
  std::vector<std::string> all;
  for (const auto& batch : batches) {
    for (const auto& m : batch.messages) all.push_back(m.message.message_id);
  }
  return all;
}

std::string file_text(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

}  // namespace

TEST_CASE("journaled batches come back whole and in order after the writer is gone", "[journal]") {
  ScratchDir dir;
  auto file = dir.path / "inbound.journal";
  {
    InboundJournal journal(file);
    CHECK(journal.recover().empty());
    REQUIRE(journal.append({message("Ev1"), message("Ev2")}));
    REQUIRE(journal.append({message("Ev3")}));
  }
  InboundJournal journal(file);
  auto batches = journal.recover();
  REQUIRE(batches.size() == 2);
  CHECK(ids(batches) == std::vector<std::string>{"Ev1", "Ev2", "Ev3"});
  CHECK(batches[0].extent.seq < batches[1].extent.seq);
  const auto& back = batches[0].messages[1];
  const auto sent = message("Ev2");
  CHECK(back.message.channel == "slack");
  CHECK(back.message.conversation == "slack:T1:C1");
  REQUIRE(back.entries.size() == 2);
  CHECK(back.entries[0].payload == sent.entries[0].payload);
  CHECK(back.entries[0].rate_key == "answer:slack:C1");
  CHECK(back.entries[0].next_attempt_ms == 1770000000000);
  CHECK(back.entries[1].payload == sent.entries[1].payload);
  CHECK(back.entries[1].message_id == "Ev2");

  // Released: wiped from the file, and not recovered again.
  journal.release(batches[0].extent.seq);
  CHECK(file_text(file).find("question Ev1") == std::string::npos);
  CHECK(file_text(file).find("question Ev3") != std::string::npos);
}

TEST_CASE("a journal in use by another process is refused", "[journal]") {
  ScratchDir dir;
  InboundJournal first(dir.path / "inbound.journal");
  CHECK_THROWS_AS(InboundJournal(dir.path / "inbound.journal"), StoreError);
}

TEST_CASE("the ring waits for releases instead of overwriting, then wraps", "[journal]") {
  ScratchDir dir;
  auto file = dir.path / "inbound.journal";
  const std::size_t capacity = 8 * InboundJournal::kBlock;
  std::vector<InboundJournal::Extent> written;
  {
    InboundJournal journal(file, capacity);
    // Each batch takes two blocks: four fill the ring.
    for (int i = 0; i < 4; ++i) {
      auto extent = journal.append({message("Ev" + std::to_string(i), 5000)});
      REQUIRE(extent);
      CHECK(extent->length == 2 * InboundJournal::kBlock);
      written.push_back(*extent);
    }
    CHECK_FALSE(journal.append({message("Ev4", 5000)}));
    journal.release(written[1].seq);  // the first two are stored
    auto wrapped = journal.append({message("Ev4", 5000)});
    REQUIRE(wrapped);
    CHECK(wrapped->offset == 0);
    CHECK(journal.append({message("Ev5", 5000)}));
    CHECK_FALSE(journal.append({message("Ev6", 5000)}));
    CHECK(InboundJournal::encoded_size({message("big", capacity)}) > journal.capacity());
  }
  InboundJournal journal(file, capacity);
  CHECK(ids(journal.recover()) == std::vector<std::string>{"Ev2", "Ev3", "Ev4", "Ev5"});
  // Written around what came back: the oldest still waits for its release.
  CHECK_FALSE(journal.append({message("Ev6", 5000)}));
}

TEST_CASE("a torn or damaged batch is skipped, the others come back", "[journal]") {
  ScratchDir dir;
  auto file = dir.path / "inbound.journal";
  {
    InboundJournal journal(file);
    REQUIRE(journal.append({message("Ev1")}));
    REQUIRE(journal.append({message("Ev2")}));
    REQUIRE(journal.append({message("Ev3")}));
  }
  auto text = file_text(file);
  auto at = text.find("question Ev2");
  REQUIRE(at != std::string::npos);
  {
    std::fstream out(file, std::ios::in | std::ios::out | std::ios::binary);
    out.seekp(static_cast<std::streamoff>(at));
    out.put('Q');
  }
  InboundJournal journal(file);
  CHECK(ids(journal.recover()) == std::vector<std::string>{"Ev1", "Ev3"});
}

namespace {

// What the writer reported storing.
struct StoredLog {
  std::mutex mutex;
  std::vector<std::pair<std::string, bool>> seen;  // message id, accepted
  InboundWriter::Stored sink() {
    return [this](const InboundMessage& m, const InboundOutcome& outcome) {
      std::lock_guard lock(mutex);
      seen.emplace_back(m.message_id, outcome.accepted);
    };
  }
};

void write_and_wait(InboundWriter& writer, Store::Inbound inbound) {
  std::promise<std::exception_ptr> done;
  auto acknowledged = done.get_future();
  writer.write(std::move(inbound),
               [&done](const std::exception_ptr& error) { done.set_value(error); });
  REQUIRE(acknowledged.get() == nullptr);
}

}  // namespace

TEST_CASE("the writer acknowledges once journaled and stores each message once", "[journal]") {
  ScratchDir dir;
  Store store(dir.path);
  StoredLog log;
  {
    InboundWriter writer(store, log.sink(),
                         std::make_unique<InboundJournal>(dir.path / "inbound.journal"));
    CHECK(writer.journaled());
    write_and_wait(writer, message("Ev1"));
    write_and_wait(writer, message("Ev2"));
    write_and_wait(writer, message("Ev1"));  // the platform's retry
  }                                          // stops once everything is stored
  CHECK(log.seen ==
        std::vector<std::pair<std::string, bool>>{{"Ev1", true}, {"Ev2", true}, {"Ev1", false}});
  CHECK(store.find_inbound("slack", "Ev2"));
  InboundJournal after(dir.path / "inbound.journal");
  CHECK(after.recover().empty());
}

TEST_CASE("what a previous process journaled is stored before anything new", "[journal]") {
  ScratchDir dir;
  Store store(dir.path);
  {
    InboundJournal crashed(dir.path / "inbound.journal");
    REQUIRE(crashed.append({message("Ev1"), message("Ev2")}));
  }
  StoredLog log;
  {
    InboundWriter writer(store, log.sink(),
                         std::make_unique<InboundJournal>(dir.path / "inbound.journal"));
    write_and_wait(writer, message("Ev3"));
  }
  CHECK(log.seen ==
        std::vector<std::pair<std::string, bool>>{{"Ev1", true}, {"Ev2", true}, {"Ev3", true}});
  // One chat: its answers go one at a time, the previous process's first.
  auto pending = store.pending_outbox(10);
  auto answer = std::find_if(pending.begin(), pending.end(),
                             [](const OutboxEntry& e) { return e.channel == "answer"; });
  REQUIRE(answer != pending.end());
  CHECK(answer->message_id == "Ev1");
  InboundJournal after(dir.path / "inbound.journal");
  CHECK(after.recover().empty());
}

TEST_CASE("more than the ring holds at once is journaled in pieces as the store catches up",
          "[journal]") {
  ScratchDir dir;
  Store store(dir.path);
  StoredLog log;
  std::vector<std::promise<std::exception_ptr>> acknowledged(40);
  {
    InboundWriter writer(
        store, log.sink(),
        std::make_unique<InboundJournal>(dir.path / "inbound.journal", 8 * InboundJournal::kBlock));
    for (std::size_t i = 0; i < acknowledged.size(); ++i) {
      writer.write(message("Ev" + std::to_string(i), 3000),
                   [&acknowledged, i](const std::exception_ptr& error) {
                     acknowledged[i].set_value(error);
                   });
    }
    for (auto& each : acknowledged) CHECK(each.get_future().get() == nullptr);
  }
  REQUIRE(log.seen.size() == acknowledged.size());
  for (std::size_t i = 0; i < acknowledged.size(); ++i) {
    CHECK(log.seen[i] == std::pair<std::string, bool>{"Ev" + std::to_string(i), true});
  }
}

TEST_CASE("a batch larger than the whole journal goes straight into the store", "[journal]") {
  ScratchDir dir;
  Store store(dir.path);
  StoredLog log;
  {
    InboundWriter writer(
        store, log.sink(),
        std::make_unique<InboundJournal>(dir.path / "inbound.journal", InboundJournal::kBlock));
    write_and_wait(writer, message("Ev1", 2 * InboundJournal::kBlock));
    CHECK(store.find_inbound("slack", "Ev1"));
  }
  CHECK(log.seen == std::vector<std::pair<std::string, bool>>{{"Ev1", true}});
}
