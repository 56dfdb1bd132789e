#include "http_server.hpp"

#include "http_framing.hpp"
#include "rate_limit.hpp"
#include "thread_role.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <csignal>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>
#include <unordered_map>
#include <vector>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <nlohmann/json.hpp>

#include "log.hpp"
#include "websocket_session.hpp"

namespace careerbot {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

class Session;

struct HttpServer::Impl : SocketRegistry {
  Impl(const HttpConfig& c, const Router& r, Metrics& m) : config(c), router(r), metrics(m) {}

  void socket_opened(SocketPeer* raw, const std::shared_ptr<SocketPeer>& peer) override;
  void socket_closed(SocketPeer* raw) override;
  std::size_t open_count();

  void accept();
  void begin_shutdown();
  void watch_drain();
  void session_started(Session* session, const std::shared_ptr<Session>& shared);
  void session_ended(Session* session);
  void protocol_error(std::string_view reason, const std::string& remote, std::string_view detail);

  const HttpConfig config;
  const Router& router;
  Metrics& metrics;
  std::atomic<bool> stopping{false};
  std::mutex sessions_mutex;
  std::unordered_map<Session*, std::weak_ptr<Session>> sessions;
  std::unordered_map<SocketPeer*, std::weak_ptr<SocketPeer>> sockets;
  Clock::time_point drain_deadline;

  // One event loop per thread, each connection on one of them for its whole
  // life: its handlers never run on two threads at once (no strand), and no
  // completion is handed from one thread to another. The first loop also
  // holds the listening socket, the signals and the shutdown timer.
  // Declared after the state above so that it is destroyed first: pending
  // handlers own sessions, whose destructors still report to this object.
  std::vector<std::unique_ptr<net::io_context>> loops = make_loops(config.threads);
  std::vector<net::executor_work_guard<net::io_context::executor_type>> keep_running =
      guards(loops);
  std::size_t next_loop = 0;  // round robin; only touched by accept(), on the first loop
  net::io_context& ioc = *loops.front();
  tcp::acceptor acceptor{ioc};
  net::signal_set signals{ioc};
  net::steady_timer drain_timer{ioc};
  // Handlers that wait on disk (Router::run_blocking). Declared last, so it is
  // joined first: its work posts answers to the loops above.
  net::thread_pool blocking{static_cast<std::size_t>(std::max(config.blocking_threads, 1))};

  static std::vector<std::unique_ptr<net::io_context>> make_loops(int threads) {
    std::vector<std::unique_ptr<net::io_context>> made;
    made.reserve(static_cast<std::size_t>(std::max(threads, 1)));
    for (int i = 0; i < std::max(threads, 1); ++i)
      made.push_back(std::make_unique<net::io_context>(1));
    return made;
  }
  static std::vector<net::executor_work_guard<net::io_context::executor_type>> guards(
      const std::vector<std::unique_ptr<net::io_context>>& of) {
    std::vector<net::executor_work_guard<net::io_context::executor_type>> made;
    made.reserve(of.size());
    for (const auto& loop : of) made.push_back(net::make_work_guard(*loop));
    return made;
  }
};

namespace {

std::string endpoint_text(const tcp::socket& socket) {
  beast::error_code ec;
  auto endpoint = socket.remote_endpoint(ec);
  if (ec) return "unknown";
  return endpoint.address().to_string() + ":" + std::to_string(endpoint.port());
}

constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
constexpr std::size_t kDrainLimit = std::size_t{8} * 1024 * 1024;

}  // namespace

// One connection: reads requests one at a time (so pipelined requests are
// answered in order), answers each, and keeps the connection while allowed.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, HttpServer::Impl& server)
      : stream_(std::move(socket)), server_(server), remote_(endpoint_text(stream_.socket())) {}

  ~Session() { server_.session_ended(this); }

  void start(bool over_limit) {
    net::dispatch(stream_.get_executor(), [self = shared_from_this(), over_limit] {
      if (over_limit) {
        self->reject_over_limit();
      } else {
        self->wait_for_request();
      }
    });
  }

  // During shutdown: a connection waiting for its next request closes now;
  // one in the middle of a request finishes it first.
  void stop_if_idle() {
    net::post(stream_.get_executor(), [self = shared_from_this()] {
      if (self->idle_) self->stream_.socket().cancel();
    });
  }

 private:
  const HttpConfig& config() const { return server_.config; }

  void wait_for_request() {
    if (server_.stopping) return close();
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(config().max_header_bytes));
    // The route's own limit is applied once the path is known (apply_body_limit).
    body_limit_ = server_.router.largest_body_limit(config().max_body_bytes);
    parser_->body_limit(body_limit_);
    if (buffer_.size() > 0) return read_header();  // a pipelined request is already here
    idle_ = true;
    stream_.expires_after(first_request_ ? config().read_timeout : config().idle_timeout);
    stream_.async_read_some(
        buffer_.prepare(8192), [self = shared_from_this()](beast::error_code ec, std::size_t n) {
          self->idle_ = false;
          if (ec) return self->close();  // closed by the client, idle timeout or shutdown
          self->buffer_.commit(n);
          self->read_header();
        });
  }

  void read_header() {
    first_request_ = false;
    started_ = Clock::now();
    stream_.expires_after(config().read_timeout);
    http::async_read_header(
        stream_, buffer_, *parser_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
          if (ec) return self->on_read_error(ec);
          if (self->refuse_ambiguous_framing()) return;
          if (!self->apply_body_limit()) return self->on_read_error(http::error::body_limit);
          auto& request = self->parser_->get();
          if (beast::iequals(request[http::field::expect], "100-continue") &&
              !self->parser_->is_done()) {
            net::async_write(self->stream_, net::buffer(kContinue.data(), kContinue.size()),
                             [self](beast::error_code write_ec, std::size_t) {
                               if (write_ec) return self->close();
                               self->read_body();
                             });
            return;
          }
          self->read_body();
        });
  }

  // True when the request's length could be read two ways (smuggling): it is
  // answered with a problem and the connection closed, its body never read.
  bool refuse_ambiguous_framing() {
    const auto& request = parser_->get();
    std::vector<std::string_view> transfer_encodings;
    std::vector<std::string_view> content_lengths;
    for (const auto& field : request) {
      if (field.name() == http::field::transfer_encoding)
        transfer_encodings.push_back(field.value());
      if (field.name() == http::field::content_length) content_lengths.push_back(field.value());
    }
    auto problem = framing_problem(transfer_encodings, content_lengths, request.version() % 10);
    if (!problem) return false;
    server_.protocol_error("ambiguous_framing", remote_, problem->detail);
    send_error(problem_response(
        problem->status,
        problem->status == 501 ? "Transfer coding not implemented" : "Ambiguous request framing",
        problem->detail));
    return true;
  }

  // The route's own body limit, known once the path is: false when the
  // declared length is already over it (413 before any body is read, and
  // before a 100 Continue). Chunked bodies are counted as they arrive.
  bool apply_body_limit() {
    std::string_view target = parser_->get().target();
    body_limit_ =
        server_.router.body_limit(target.substr(0, target.find('?')), config().max_body_bytes);
    if (auto length = parser_->content_length(); length && *length > body_limit_) return false;
    parser_->body_limit(body_limit_);
    return true;
  }

  void read_body() {
    if (parser_->is_done()) return handle();
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, std::size_t) {
                       if (ec) return self->on_read_error(ec);
                       self->handle();
                     });
  }

  void on_read_error(beast::error_code ec) {
    if (ec == http::error::end_of_stream || ec == net::error::operation_aborted ||
        ec == net::error::connection_reset || ec == http::error::partial_message ||
        ec == net::error::eof) {
      return close();
    }
    if (ec == beast::error::timeout) {
      // The stream has already closed the socket: nothing can be sent.
      server_.protocol_error("timeout", remote_, "request not received within the read timeout");
      return close();
    }
    if (ec == http::error::body_limit) {
      // Refused on a declared length over every limit, the request line is
      // still known: name the limit of the route asked.
      if (std::string_view target = parser_->get().target(); !target.empty()) {
        body_limit_ =
            server_.router.body_limit(target.substr(0, target.find('?')), config().max_body_bytes);
      }
      server_.protocol_error("body_too_large", remote_, ec.message());
      return send_error(problem_response(
          413, "Request body too large",
          "The body is larger than the limit of " + std::to_string(body_limit_) + " bytes."));
    }
    if (ec == http::error::header_limit) {
      server_.protocol_error("headers_too_large", remote_, ec.message());
      return send_error(problem_response(431, "Request headers too large",
                                         "The request headers are larger than the limit of " +
                                             std::to_string(config().max_header_bytes) +
                                             " bytes."));
    }
    server_.protocol_error("malformed", remote_, ec.message());
    send_error(problem_response(400, "Malformed HTTP request",
                                "The request is not valid HTTP/1.1 (" + ec.message() + ")."));
  }

  void reject_over_limit() {
    server_.metrics.add("careerbot_http_connections_rejected_total", {});
    log::write(log::Level::warn, "http_connection_rejected",
               {{"remote", remote_}, {"reason", "connection limit"}});
    auto response = problem_response(503, "Too many connections",
                                     "The server is at its connection limit; retry shortly.");
    response.headers.emplace_back("Retry-After", "1");
    send_error(std::move(response));
  }

  void handle() {
    auto& request = parser_->get();
    WebRequest web;
    web.method = std::string(request.method_string());
    web.target = std::string(request.target());
    auto question = web.target.find('?');
    web.path = web.target.substr(0, question);
    if (question != std::string::npos) web.query = web.target.substr(question + 1);
    web.headers.reserve(static_cast<std::size_t>(std::distance(request.begin(), request.end())));
    for (const auto& field : request) {
      std::string name(field.name_string());
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      web.headers.emplace_back(std::move(name), std::string(field.value()));
    }
    web.body = std::move(request.body());
    web.remote = remote_;
    std::string forwarded_for;
    if (!config().trusted_proxies.empty()) {
      auto [first, last] = request.equal_range("x-forwarded-for");
      for (auto field = first; field != last; ++field) {
        if (!forwarded_for.empty()) forwarded_for += ',';
        forwarded_for += field->value();
      }
    }
    web.client = client_address(remote_, forwarded_for, config().trusted_proxies);
    if (boost::beast::websocket::is_upgrade(request)) {
      if (const auto* endpoint = server_.router.socket(web.path)) return upgrade(web, *endpoint);
    }

    if (server_.router.blocking(web.path)) {
      // Off the loop, then back to it to answer; the connection reads nothing
      // meanwhile (parser_ keeps the request until then).
      net::post(server_.blocking, [self = shared_from_this(), web = std::move(web)]() mutable {
        std::string route;
        WebResponse response = self->server_.router.handle(web, route);
        auto executor = self->stream_.get_executor();
        net::post(executor, [self = std::move(self), web = std::move(web), route = std::move(route),
                             response = std::move(response)]() mutable {
          self->answer(web, route, std::move(response));
        });
      });
      return;
    }
    std::string route;
    WebResponse response = server_.router.handle(web, route);
    if (response.later) return answer_later(std::move(web), std::move(route), std::move(response));
    answer(web, route, std::move(response));
  }

  // The handler answers when what it started has finished, on whatever
  // thread that was: the response is written from the connection's loop.
  // The connection reads nothing meanwhile, as for the blocking threads.
  void answer_later(WebRequest web, std::string route, WebResponse started) {
    auto later = std::move(started.later);
    later([self = shared_from_this(), web = std::move(web),
           route = std::move(route)](WebResponse response) mutable {
      auto executor = self->stream_.get_executor();
      net::post(executor, [self = std::move(self), web = std::move(web), route = std::move(route),
                           response = std::move(response)]() mutable {
        self->answer(web, route, std::move(response));
      });
    });
  }

  void answer(const WebRequest& web, const std::string& route, WebResponse&& response) {
    auto& request = parser_->get();
    bool keep_alive = request.keep_alive() && !server_.stopping;
    double seconds = std::chrono::duration<double>(Clock::now() - started_).count();
    std::string status = std::to_string(response.status);
    server_.metrics.add("careerbot_http_requests_total",
                        {{"route", route}, {"method", web.method}, {"status", status}});
    server_.metrics.observe("careerbot_http_request_duration_seconds", {{"route", route}}, seconds);
    log::request({web.method, web.path, route, response.status, response.body.size(),
                  seconds * 1000, remote_});
    send(std::move(response), keep_alive, request.version());
  }

  // Hands the connection to a WebSocket session, unless the endpoint refuses
  // the request (an Origin it does not allow).
  void upgrade(WebRequest& web, const SocketEndpoint& endpoint) {
    if (endpoint.check) {
      if (auto refusal = endpoint.check(web)) {
        server_.metrics.add("careerbot_http_requests_total",
                            {{"route", web.path},
                             {"method", web.method},
                             {"status", std::to_string(refusal->status)}});
        log::write(log::Level::warn, "websocket_refused",
                   {{"path", web.path}, {"status", refusal->status}, {"remote", remote_}});
        return send(std::move(*refusal), false, parser_->get().version());
      }
    }
    stream_.expires_never();
    start_websocket(std::move(stream_), parser_->release(), std::move(web), endpoint, server_);
  }

  // The status line and headers, written into this connection's own buffer
  // (reused from one response to the next); the body goes out from the
  // response as it is, in the same write.
  void write_head(const WebResponse& web, bool keep_alive, unsigned version) {
    std::string& head = head_;
    head.clear();
    head += version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
    head += std::to_string(web.status);
    head += ' ';
    head += reason_phrase(web.status);
    head += "\r\nServer: careerbot\r\nContent-Type: ";
    append_header_value(head, web.content_type);
    head += "\r\nX-Content-Type-Options: nosniff\r\nReferrer-Policy: no-referrer\r\n";
    for (const auto& [name, value] : web.headers) {
      append_header_value(head, name);
      head += ": ";
      append_header_value(head, value);
      head += "\r\n";
    }
    // No length for responses that cannot have a body (RFC 9110 8.6).
    if (web.status != 204 && web.status != 304 && web.status >= 200) {
      head += "Content-Length: ";
      head += std::to_string(web.body.size());
      head += "\r\n";
    }
    if (version == 10 && keep_alive) head += "Connection: keep-alive\r\n";
    if (version != 10 && !keep_alive) head += "Connection: close\r\n";
    head += "\r\n";
  }

  // A header name or value as it is, but for CR and LF (which would start a
  // new header): a handler's value can never split the response.
  static void append_header_value(std::string& head, std::string_view value) {
    if (value.find_first_of("\r\n") == std::string_view::npos) {
      head += value;
      return;
    }
    for (char c : value) head += c == '\r' || c == '\n' ? ' ' : c;
  }

  // Writes the response; `then` runs once it is out (or on error, closed).
  template <typename Then>
  void write_response(WebResponse&& web, bool keep_alive, unsigned version, Then then) {
    write_head(web, keep_alive, version);
    body_ = std::move(web.body);
    std::array<net::const_buffer, 2> buffers = {net::buffer(head_), net::buffer(body_)};
    stream_.expires_after(config().read_timeout);
    net::async_write(stream_, buffers,
                     [self = shared_from_this(), then](beast::error_code ec, std::size_t) {
                       if (ec) return self->close();
                       then(*self);
                     });
  }

  void send(WebResponse&& web, bool keep_alive, unsigned version) {
    write_response(std::move(web), keep_alive, version, [keep_alive](Session& self) {
      if (!keep_alive) return self.close();
      self.wait_for_request();
    });
  }

  // Answers a request that cannot be read further, then closes after reading
  // (and discarding) what the client is still sending, so it sees the answer.
  void send_error(WebResponse&& web) {
    write_response(std::move(web), false, 11, [](Session& self) {
      beast::error_code ignored;
      self.stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
      self.drained_ = 0;
      self.stream_.expires_after(std::chrono::seconds(2));
      self.drain();
    });
  }

  void drain() {
    buffer_.clear();
    stream_.async_read_some(buffer_.prepare(65536),
                            [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                              self->drained_ += n;
                              if (ec || self->drained_ > kDrainLimit) return self->close();
                              self->drain();
                            });
  }

  void close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.close();
  }

  beast::tcp_stream stream_;
  HttpServer::Impl& server_;
  std::string remote_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::string head_;  // the response being written: its status line and headers
  std::string body_;  // and its body
  Clock::time_point started_;
  std::size_t drained_ = 0;
  std::size_t body_limit_ = 0;
  bool first_request_ = true;
  bool idle_ = false;
};

void HttpServer::Impl::session_started(Session* session, const std::shared_ptr<Session>& shared) {
  std::size_t count;
  {
    std::lock_guard lock(sessions_mutex);
    sessions.emplace(session, shared);
    count = sessions.size();
  }
  metrics.set("careerbot_http_connections", {}, static_cast<double>(count));
}

void HttpServer::Impl::session_ended(Session* session) {
  std::size_t count;
  {
    std::lock_guard lock(sessions_mutex);
    sessions.erase(session);
    count = sessions.size();
  }
  metrics.set("careerbot_http_connections", {}, static_cast<double>(count));
}

void HttpServer::Impl::socket_opened(SocketPeer* raw, const std::shared_ptr<SocketPeer>& peer) {
  std::size_t count;
  {
    std::lock_guard lock(sessions_mutex);
    sockets.emplace(raw, peer);
    count = sockets.size();
  }
  metrics.set("careerbot_web_sockets", {}, static_cast<double>(count));
  if (stopping) peer->close();
}

void HttpServer::Impl::socket_closed(SocketPeer* raw) {
  std::size_t count;
  {
    std::lock_guard lock(sessions_mutex);
    sockets.erase(raw);
    count = sockets.size();
  }
  metrics.set("careerbot_web_sockets", {}, static_cast<double>(count));
}

std::size_t HttpServer::Impl::open_count() {
  std::lock_guard lock(sessions_mutex);
  return sessions.size() + sockets.size();
}

void HttpServer::Impl::protocol_error(std::string_view reason, const std::string& remote,
                                      std::string_view detail) {
  metrics.add("careerbot_http_protocol_errors_total", {{"reason", std::string(reason)}});
  log::write(log::Level::warn, "http_protocol_error",
             {{"reason", reason}, {"detail", detail}, {"remote", remote}});
}

void HttpServer::Impl::accept() {
  auto& loop = *loops[next_loop++ % loops.size()];
  acceptor.async_accept(loop, [this](beast::error_code ec, tcp::socket socket) {
    if (ec == net::error::operation_aborted || !acceptor.is_open()) return;
    if (ec) {
      // Out of file descriptors and the like: log, pause briefly, go on.
      log::write(log::Level::error, "http_accept_failed", {{"error", ec.message()}});
      auto pause = std::make_shared<net::steady_timer>(ioc, std::chrono::milliseconds(50));
      pause->async_wait([this, pause](beast::error_code) { accept(); });
      return;
    }
    // Each response is one write; without Nagle's algorithm the answer to a
    // pipelined request does not wait for the client's ACK of the one before.
    beast::error_code ignored;  // (a socket without it still works)
    socket.set_option(tcp::no_delay(true), ignored);
    bool over_limit;
    {
      std::lock_guard lock(sessions_mutex);
      over_limit = sessions.size() >= static_cast<std::size_t>(config.max_connections);
    }
    auto session = std::make_shared<Session>(std::move(socket), *this);
    session_started(session.get(), session);
    session->start(over_limit);
    accept();
  });
}

void HttpServer::Impl::begin_shutdown() {
  if (stopping.exchange(true)) return;
  beast::error_code ignored;
  acceptor.close(ignored);
  signals.cancel(ignored);
  std::vector<std::shared_ptr<Session>> open;
  std::vector<std::shared_ptr<SocketPeer>> open_sockets;
  {
    std::lock_guard lock(sessions_mutex);
    for (auto& [raw, weak] : sessions) {
      if (auto session = weak.lock()) open.push_back(std::move(session));
    }
    for (auto& [raw, weak] : sockets) {
      if (auto socket = weak.lock()) open_sockets.push_back(std::move(socket));
    }
  }
  log::write(log::Level::info, "http_shutting_down",
             {{"open_connections", open.size()}, {"grace_ms", config.shutdown_grace.count()}});
  for (auto& session : open) session->stop_if_idle();
  for (auto& socket : open_sockets) socket->close();
  drain_deadline = Clock::now() + config.shutdown_grace;
  watch_drain();
}

void HttpServer::Impl::watch_drain() {
  std::size_t open = open_count();
  if (open == 0 || Clock::now() >= drain_deadline) {
    if (open > 0)
      log::write(log::Level::warn, "http_grace_period_over", {{"closing_connections", open}});
    keep_running.clear();
    for (auto& loop : loops) loop->stop();
    return;
  }
  drain_timer.expires_after(std::chrono::milliseconds(20));
  drain_timer.async_wait([this](beast::error_code ec) {
    if (!ec) watch_drain();
  });
}

HttpServer::HttpServer(const HttpConfig& config, const Router& router, Metrics& metrics)
    : impl_(std::make_unique<Impl>(config, router, metrics)) {}

HttpServer::~HttpServer() = default;

unsigned short HttpServer::listen() {
  auto& acceptor = impl_->acceptor;
  const auto& config = impl_->config;
  beast::error_code ec;
  tcp::resolver resolver(impl_->ioc);
  auto results =
      resolver.resolve(config.host, std::to_string(config.port), tcp::resolver::passive, ec);
  if (ec || results.empty()) {
    throw std::runtime_error("cannot resolve http.host '" + config.host + "': " + ec.message());
  }
  tcp::endpoint endpoint = results.begin()->endpoint();
  auto fail = [&](const char* what) {
    throw std::runtime_error(std::string("cannot listen on ") + config.host + ":" +
                             std::to_string(config.port) + " (" + what + "): " + ec.message());
  };
  acceptor.open(endpoint.protocol(), ec);
  if (ec) fail("open");
  acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (ec) fail("reuse_address");
  acceptor.bind(endpoint, ec);
  if (ec) fail("bind");
  acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) fail("listen");
  return acceptor.local_endpoint().port();
}

void HttpServer::run() {
  auto& impl = *impl_;
  impl.signals.add(SIGINT);
  impl.signals.add(SIGTERM);
  impl.signals.async_wait([&impl](beast::error_code ec, int signal) {
    if (ec) return;
    log::write(log::Level::info, "signal_received",
               {{"signal", signal == SIGTERM ? "SIGTERM" : "SIGINT"}});
    impl.begin_shutdown();
  });
  impl.accept();
  std::vector<std::thread> workers;
  for (std::size_t i = 1; i < impl.loops.size(); ++i)
    workers.emplace_back([loop = impl.loops[i].get()] {
      name_this_thread("cb-http");
      loop->run();
    });
  impl.ioc.run();
  for (auto& worker : workers) worker.join();
  impl.blocking.join();  // what is still running finishes (stored; its answer goes nowhere)
}

void HttpServer::stop() {
  net::post(impl_->ioc, [impl = impl_.get()] { impl->begin_shutdown(); });
}

}  // namespace careerbot
