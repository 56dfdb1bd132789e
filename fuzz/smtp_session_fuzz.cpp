// The SMTP server's state machine, driven the way bot/net's listener drives
// it: the greeting, then what the client sent, read in chunks; a message is
// "stored" when the session asks for it, TLS "starts" when it asks for that.
// AUTH is configured, so PLAIN and LOGIN run too.
//
// Input: one byte of settings (TLS offered or required, AUTH only under TLS,
// the store's answer, the read size), then the bytes the client sends.
//
// Besides crashes, one property is checked: what the server replies must not
// depend on how the client's bytes were cut into reads. Without STARTTLS
// (which by design drops what was pipelined behind it), feeding the stream
// in one piece must give exactly the replies of feeding it in chunks.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "fuzz_input.hpp"
#include "smtp_session.hpp"

namespace {

using namespace careerbot;

struct Transcript {
  std::string replies;
  bool tls_started = false;
};

// What the I/O layer does: write each reply, then read, store, start TLS or close.
Transcript converse(const SmtpSessionConfig& config, std::string_view client, std::size_t chunk,
                    StoreResult store) {
  SmtpSession session(config, "192.0.2.1:25");
  Transcript out;
  SmtpStep step = session.greet();
  std::size_t at = 0;
  while (true) {
    out.replies += step.reply;
    if (step.action == SmtpAction::close) break;
    if (step.action == SmtpAction::deliver) {
      (void)session.mail();
      step = session.delivered(store);
      continue;
    }
    if (step.action == SmtpAction::start_tls) {
      session.tls_started();
      out.tls_started = true;
    }
    if (at >= client.size()) break;
    std::size_t n = std::min(chunk, client.size() - at);
    step = session.receive(client.substr(at, n));
    at += n;
  }
  return out;
}

void check_base64(std::string_view raw) {
  auto decoded = smtp::decode_base64(smtp::encode_base64(raw));
  if (!decoded || *decoded != raw) {
    std::fprintf(stderr, "base64 does not round-trip\n");
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::Input input(data, size);
  const std::uint8_t settings = input.take_byte();
  std::string_view client = input.rest();

  SmtpSessionConfig config;
  config.hostname = "mx.example.org";
  config.accept_domains = {"example.org"};
  config.accept_addresses = {"careers@example.com"};
  config.max_message_bytes = 4096;  // small enough for inputs to pass it
  config.max_recipients = 3;
  config.auth_users = {{"test", "1234"}, {"jane", "secret"}};
  config.tls_available = (settings & 1) != 0;
  config.require_tls = (settings & 2) != 0 && config.tls_available;
  config.require_tls_for_auth = (settings & 4) != 0;
  constexpr std::array<StoreResult, 4> kStore = {StoreResult::stored, StoreResult::retry_later,
                                                 StoreResult::rejected, StoreResult::stored};
  StoreResult store = kStore[(settings >> 3) & 3];
  constexpr std::array<std::size_t, 8> kChunks = {1, 2, 3, 7, 64, 512, 4096, 1 << 20};
  std::size_t chunk = kChunks[settings >> 5];

  Transcript chunked = converse(config, client, chunk, store);
  Transcript whole = converse(config, client, client.size() + 1, store);
  if (!chunked.tls_started && !whole.tls_started && chunked.replies != whole.replies) {
    std::fprintf(stderr, "replies depend on read size %zu:\n--- chunked\n%s\n--- whole\n%s\n",
                 chunk, chunked.replies.c_str(), whole.replies.c_str());
    std::abort();
  }

  check_base64(client.substr(0, 256));
  (void)smtp::decode_base64(client);
  (void)smtp::dot_stuff(client);
  return 0;
}
