// Understanding a message over the knowledge base careerbot ships with (and
// the learned intent model, as `serve` runs it): Matcher::understand on the
// text alone, then the assistant on a whole conversation, which splits each
// message into its questions, carries state from turn to turn (follow-ups,
// clarifications, the quiz) and composes the replies.
//
// Input: any bytes, made valid UTF-8 (what every reader hands on); a 0x1E
// byte (record separator) starts the next message of the same conversation.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_input.hpp"
#include "fuzz_support.hpp"
#include "matcher.hpp"

using namespace careerbot;

namespace {

struct Engine {
  SnapshotPtr snapshot = fuzz::shipped_snapshot();
  Matcher matcher{fuzz::shipped_settings()};
  ConversationStore conversations{1, std::chrono::hours(1)};
  Assistant assistant{snapshot, fuzz::shipped_settings(), conversations};
};

constexpr const char* kConversation = "fuzz";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Engine* engine = new Engine();  // never destroyed, like the service
  const std::string text = fuzz::valid_utf8(fuzz::Input(data, size).rest());
  std::string_view rest = text;
  // Each input is a conversation from its start; what it leaves is cleared
  // again, so that an input frees what it allocated and libFuzzer's leak
  // check (a heap scan, run after any input that does not) stays rare.
  engine->conversations.save(kConversation, {});
  bool first = true;
  while (true) {
    auto end = rest.find('\x1e');
    std::string_view message = rest.substr(0, end);
    if (first) (void)engine->matcher.understand(*engine->snapshot, message, ConversationState{});
    first = false;
    (void)engine->assistant.ask(message, kConversation);
    if (end == std::string_view::npos) break;
    rest.remove_prefix(end + 1);
  }
  engine->conversations.save(kConversation, {});
  return 0;
}
