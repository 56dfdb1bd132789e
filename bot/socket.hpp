// A WebSocket endpoint as the handlers see it: plain C++, no Beast. The
// server (bot/net) does the upgrade, the framing, pings and timeouts; the
// handler sees whole text messages and a peer to send to.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "web.hpp"

namespace careerbot {

// The server's side of one open socket.
class SocketPeer {
 public:
  virtual ~SocketPeer() = default;
  // Queues a text message; safe from any thread, sent in order.
  virtual void send(std::string text) = 0;
  // Closes the socket (normal closure) after what is queued.
  virtual void close() = 0;
};

// What a handler does with one open socket.
struct SocketListener {
  // Each text message, one at a time, in order; the next is read after it returns.
  std::function<void(std::string_view message)> on_message;
  std::function<void()> on_close;
};

struct SocketEndpoint {
  // Before the upgrade: nullopt accepts it, a response refuses it (403 for an
  // Origin that is not allowed).
  std::function<std::optional<WebResponse>(const WebRequest& request)> check;
  // After the upgrade.
  std::function<SocketListener(const std::shared_ptr<SocketPeer>& peer, const WebRequest& request)>
      open;
  // A longer message closes the socket (1009); handlers check their own, smaller limits.
  std::size_t max_message_bytes = 65536;
  // A socket silent this long is pinged; one that does not answer is closed.
  std::chrono::seconds idle_timeout{120};
};

}  // namespace careerbot
