// One WebSocket connection, taken over from an HTTP session after the
// upgrade request was read: the handshake, text messages handed to the
// endpoint's listener one at a time, an ordered send queue, pings on idle.
#pragma once

#include <memory>

#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include "metrics.hpp"
#include "socket.hpp"

namespace careerbot {

// The server's list of open sockets, closed at shutdown.
class SocketRegistry {
 public:
  virtual ~SocketRegistry() = default;
  virtual void socket_opened(SocketPeer* raw, const std::shared_ptr<SocketPeer>& peer) = 0;
  virtual void socket_closed(SocketPeer* raw) = 0;
};

void start_websocket(boost::beast::tcp_stream stream,
                     const boost::beast::http::request<boost::beast::http::string_body>& request,
                     WebRequest web, const SocketEndpoint& endpoint, SocketRegistry& registry);

}  // namespace careerbot
