// What several fuzz targets share: the knowledge base careerbot ships with,
// a scratch directory, and the service wired as `careerbot serve` wires it
// (a real store, assistant, outbox and chat inbox) without any network, so
// that a handler can be driven with a WebRequest built from the input.
//
// Everything is built once per fuzzing process, on first use, and never torn
// down: state carries over between inputs as it does between requests.
#pragma once

#include <cstddef>
#include <filesystem>

#include "assistant.hpp"
#include "chat_inbox.hpp"
#include "config.hpp"
#include "conversation.hpp"
#include "handoffs.hpp"
#include "knowledge_service.hpp"
#include "metrics.hpp"
#include "outbox.hpp"
#include "sender_limit.hpp"
#include "snapshot.hpp"
#include "store.hpp"

namespace careerbot::fuzz {

// A private directory for this process: under $CAREERBOT_FUZZ_SCRATCH when
// set (deploy/fuzz.sh points it at a tmpfs and removes it), else /dev/shm or
// the temp directory. Removed at a normal exit.
const std::filesystem::path& scratch_dir();

// The curated profiles and the bundle, as `serve` loads them on first start.
SnapshotPtr shipped_snapshot();
// Matcher settings as `serve` has them: the learned intent model beside the lexicon.
const MatcherSettings& shipped_settings();

// The long-lived objects of `serve` that handlers need.
struct Service {
  Service();

  // Logging off before anything is built: a line per input would cost more
  // than the input.
  struct Quiet {
    Quiet();
  } quiet;
  std::size_t max_question_bytes = Config().max_question_bytes;
  Metrics metrics;
  Store store;
  KnowledgeService knowledge;
  ConversationStore conversations;
  Assistant assistant;
  Outbox outbox;  // never started: queued replies stay in the store
  SenderLimit sender_limit;
  HandoffConfig handoff_config;
  Handoffs handoffs;
  ChatInbox inbox;
};
Service& service();

}  // namespace careerbot::fuzz
