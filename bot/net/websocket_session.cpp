#include "websocket_session.hpp"

#include <deque>
#include <exception>
#include <string>

#include <boost/asio/post.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <nlohmann/json.hpp>

#include "log.hpp"

namespace careerbot {

namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace net = boost::asio;

namespace {

constexpr std::chrono::seconds kHandshakeTimeout{10};
constexpr std::size_t kMaxQueuedMessages = 256;

class WebSocketSession : public SocketPeer, public std::enable_shared_from_this<WebSocketSession> {
 public:
  WebSocketSession(beast::tcp_stream stream, const SocketEndpoint& endpoint,
                   SocketRegistry& registry, std::string remote)
      : ws_(std::move(stream)),
        endpoint_(endpoint),
        registry_(registry),
        remote_(std::move(remote)) {}

  ~WebSocketSession() override {
    if (opened_) registry_.socket_closed(this);
  }

  void start(const http::request<http::string_body>& request, WebRequest web) {
    beast::get_lowest_layer(ws_).expires_never();
    websocket::stream_base::timeout timeout{};
    timeout.handshake_timeout = kHandshakeTimeout;
    timeout.idle_timeout = endpoint_.idle_timeout;
    timeout.keep_alive_pings = true;
    ws_.set_option(timeout);
    ws_.read_message_max(endpoint_.max_message_bytes);
    ws_.auto_fragment(false);  // an answer goes out as one frame
    ws_.set_option(websocket::stream_base::decorator([](websocket::response_type& response) {
      response.set(http::field::server, "careerbot");
    }));
    ws_.async_accept(
        request, [self = shared_from_this(), web = std::move(web)](beast::error_code ec) mutable {
          if (ec) {
            log::write(log::Level::warn, "websocket_handshake_failed",
                       {{"remote", self->remote_}, {"error", ec.message()}});
            return;
          }
          self->opened_ = true;
          self->registry_.socket_opened(self.get(), self);
          log::write(log::Level::info, "websocket_opened",
                     {{"path", web.path}, {"remote", self->remote_}});
          self->listener_ = self->endpoint_.open(self, web);
          self->read();
        });
  }

  void send(std::string text) override {
    net::post(ws_.get_executor(), [self = shared_from_this(), text = std::move(text)]() mutable {
      if (self->closing_ || self->finished_) return;
      if (self->queue_.size() >= kMaxQueuedMessages) {
        // A reader this far behind is gone or hostile: let it go.
        log::write(log::Level::warn, "websocket_send_queue_full", {{"remote", self->remote_}});
        return self->close_now(websocket::close_code::policy_error);
      }
      self->queue_.push_back(std::move(text));
      if (self->queue_.size() == 1) self->write_next();
    });
  }

  void close() override {
    net::post(ws_.get_executor(), [self = shared_from_this()] {
      self->close_after_writes_ = true;
      if (self->queue_.empty()) self->close_now(websocket::close_code::going_away);
    });
  }

 private:
  void read() {
    ws_.async_read(buffer_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return self->finish(ec);
      std::string text = beast::buffers_to_string(self->buffer_.data());
      self->buffer_.consume(self->buffer_.size());
      if (!self->ws_.got_text()) {
        log::write(log::Level::warn, "websocket_binary_refused", {{"remote", self->remote_}});
        self->close_now(websocket::close_code::unknown_data);
        return self->read();  // ends with the peer's close (or an error): finish()
      }
      try {
        if (self->listener_.on_message) self->listener_.on_message(text);
      } catch (const std::exception& e) {
        log::write(log::Level::error, "websocket_handler_failed",
                   {{"remote", self->remote_}, {"error", e.what()}});
      }
      self->read();
    });
  }

  void write_next() {
    ws_.text(true);
    ws_.async_write(net::buffer(queue_.front()),
                    [self = shared_from_this()](beast::error_code ec, std::size_t) {
                      if (ec) {
                        self->queue_.clear();  // the read side sees the end and finishes
                        return;
                      }
                      self->queue_.pop_front();
                      if (!self->queue_.empty()) return self->write_next();
                      if (self->close_after_writes_)
                        self->close_now(websocket::close_code::going_away);
                    });
  }

  void close_now(websocket::close_code code) {
    if (closing_) return;
    closing_ = true;
    queue_.clear();
    ws_.async_close(code, [self = shared_from_this()](beast::error_code) {});
  }

  void finish(beast::error_code ec) {
    if (finished_) return;
    finished_ = true;
    if (ec != websocket::error::closed && ec != net::error::operation_aborted &&
        ec != net::error::eof) {
      log::write(log::Level::info, "websocket_ended",
                 {{"remote", remote_}, {"reason", ec.message()}});
    }
    if (listener_.on_close) listener_.on_close();
  }

  websocket::stream<beast::tcp_stream> ws_;
  const SocketEndpoint& endpoint_;
  SocketRegistry& registry_;
  std::string remote_;
  beast::flat_buffer buffer_;
  std::deque<std::string> queue_;
  SocketListener listener_;
  bool opened_ = false;
  bool closing_ = false;
  bool close_after_writes_ = false;
  bool finished_ = false;
};

}  // namespace

void start_websocket(beast::tcp_stream stream, const http::request<http::string_body>& request,
                     WebRequest web, const SocketEndpoint& endpoint, SocketRegistry& registry) {
  std::string remote = web.remote;
  auto session =
      std::make_shared<WebSocketSession>(std::move(stream), endpoint, registry, std::move(remote));
  session->start(request, std::move(web));
}

}  // namespace careerbot
