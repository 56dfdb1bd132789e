// Asio side of the SMTP listener. Each connection runs on its own strand:
// read a chunk, let the SmtpSession handle every complete line, write its
// replies, then do what it asks (read on, STARTTLS, store, close). Storing
// runs on a small thread pool so one slow fsync does not hold up the others.
#include "smtp_server.hpp"
#include "thread_role.hpp"

#include <openssl/ssl.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>
#include <unordered_map>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/write.hpp>
#include <nlohmann/json.hpp>

#include "log.hpp"

namespace careerbot {

namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
using error_code = boost::system::error_code;
using Clock = std::chrono::steady_clock;

class SmtpConnection;

namespace {

// How long a message in progress may take to finish once stop() is called.
constexpr std::chrono::seconds kShutdownGrace{5};
// A reply must be written within this, whatever the phase.
constexpr std::chrono::seconds kWriteTimeout{30};
constexpr std::size_t kStorageThreads = 8;  // they mostly wait for a commit they share

SmtpSessionConfig session_config(const SmtpServerConfig& c) {
  auto lowered = [](std::vector<std::string> names) {
    for (auto& name : names) {
      std::transform(name.begin(), name.end(), name.begin(),
                     [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    }
    return names;
  };
  SmtpSessionConfig s;
  s.hostname = c.hostname;
  s.accept_domains = lowered(c.accept_domains);
  s.accept_addresses = lowered(c.accept_addresses);
  s.max_message_bytes = c.max_message_bytes;
  s.max_recipients = c.max_recipients;
  s.require_tls = c.require_tls;
  s.auth_users = c.auth_users;
  s.require_tls_for_auth = c.require_tls_for_auth;
  return s;
}

std::string_view result_name(StoreResult result) {
  switch (result) {
    case StoreResult::stored:
      return "stored";
    case StoreResult::retry_later:
      return "retry_later";
    case StoreResult::no_space:
      return "no_space";
    case StoreResult::rejected:
      return "rejected";
  }
  return "unknown";
}

}  // namespace

struct SmtpServer::Impl {
  Impl(SmtpServerConfig c, MailSink s, Metrics& m)
      : config(std::move(c)), session(session_config(config)), sink(std::move(s)), metrics(m) {}

  void load_tls();
  void accept();
  void begin_shutdown();
  void watch_drain();
  void session_started(SmtpConnection* raw, const std::shared_ptr<SmtpConnection>& shared);
  void session_ended(SmtpConnection* raw);

  const SmtpServerConfig config;
  SmtpSessionConfig session;  // tls_available is set by listen(), then fixed
  const MailSink sink;
  Metrics& metrics;
  std::optional<ssl::context> tls;
  std::atomic<bool> stopping{false};
  bool stopped = false;
  std::mutex sessions_mutex;
  std::unordered_map<SmtpConnection*, std::weak_ptr<SmtpConnection>> sessions;
  Clock::time_point drain_deadline;

  // Declared after the state above so that it goes first: pending handlers
  // own connections, whose destructors still report to this object.
  net::io_context ioc;
  tcp::acceptor acceptor{ioc};
  net::steady_timer drain_timer{ioc};
  net::thread_pool storage{kStorageThreads};
  std::thread io_thread;
};

// One client connection.
class SmtpConnection : public std::enable_shared_from_this<SmtpConnection> {
 public:
  SmtpConnection(tcp::socket socket, SmtpServer::Impl& server)
      : server_(server),
        executor_(socket.get_executor()),
        socket_(std::move(socket)),
        timer_(executor_),
        remote_(remote_text(socket_)),
        smtp_(server.session, remote_) {}

  ~SmtpConnection() {
    finish("shutdown");
    server_.session_ended(this);
  }

  SmtpConnection(const SmtpConnection&) = delete;
  SmtpConnection& operator=(const SmtpConnection&) = delete;

  void start(bool over_limit) {
    net::dispatch(executor_, [self = shared_from_this(), over_limit] {
      self->started_ = Clock::now();
      self->deadline_ = self->started_ + self->server_.config.session_limit;
      if (over_limit) {
        self->result_ = "too_many_sessions";
        return self->act(self->smtp_.refuse_busy());
      }
      self->act(self->smtp_.greet());
    });
  }

  // At shutdown: a session waiting for its next command is told 421 now; one
  // in the middle of a message finishes it first (see read()).
  void stop_if_idle() {
    net::post(executor_, [self = shared_from_this()] {
      self->stop_requested_ = true;
      if (self->reading_ && self->smtp_.idle()) {
        error_code ignored;
        self->lowest().cancel(ignored);
      }
    });
  }

 private:
  static std::string remote_text(const tcp::socket& socket) {
    error_code ec;
    auto endpoint = socket.remote_endpoint(ec);
    if (ec) return "unknown";
    return endpoint.address().to_string() + ":" + std::to_string(endpoint.port());
  }

  tcp::socket& lowest() { return tls_ ? tls_->next_layer() : socket_; }

  // Runs `op` with whichever stream is current: the plain socket or TLS.
  template <class Op>
  void with_stream(Op&& op) {
    if (tls_) {
      op(*tls_);
    } else {
      op(socket_);
    }
  }

  // Starts the timer for the next operation; it never runs past the session
  // limit. The generation keeps an expiry already queued when the operation
  // finished from cutting short the one after it.
  void arm(Clock::duration timeout) {
    auto generation = ++timer_generation_;
    timed_out_ = false;
    timer_.expires_at(std::min(Clock::now() + timeout, deadline_));
    timer_.async_wait([self = shared_from_this(), generation](error_code ec) {
      if (ec || generation != self->timer_generation_) return;  // cancelled or re-armed
      self->timed_out_ = true;
      error_code ignored;
      self->lowest().cancel(ignored);
    });
  }

  void disarm() {
    ++timer_generation_;
    timer_.cancel();
  }

  void read() {
    if (stop_requested_ && smtp_.idle()) {
      result_ = "shutdown";
      return act(smtp_.shutting_down());
    }
    arm(smtp_.in_data() ? server_.config.data_timeout : server_.config.command_timeout);
    reading_ = true;
    with_stream([this](auto& stream) {
      stream.async_read_some(
          net::buffer(buffer_),
          [self = shared_from_this()](error_code ec, std::size_t n) { self->on_read(ec, n); });
    });
  }

  void on_read(error_code ec, std::size_t n) {
    reading_ = false;
    disarm();
    if (ec) {
      if (timed_out_) {
        timed_out_ = false;
        result_ = "timeout";
        return act(smtp_.timed_out());
      }
      if (stop_requested_ && ec == net::error::operation_aborted) {
        result_ = "shutdown";
        return act(smtp_.shutting_down());
      }
      return close(ec == net::error::eof || ec == ssl::error::stream_truncated ? "disconnected"
                                                                               : "read_error");
    }
    act(smtp_.receive(std::string_view(buffer_.data(), n)));
  }

  // Writes the step's replies, then does what the session asked for.
  void act(SmtpStep step) {
    for (auto reason : step.refusals) {
      server_.metrics.add("careerbot_smtp_rejected_total", {{"reason", std::string(reason)}});
    }
    if (step.action == SmtpAction::close && result_.empty()) {
      result_ = step.refusals.empty() ? "quit" : std::string(step.refusals.back());
    }
    auto action = step.action;
    if (step.reply.empty()) return next(action);
    out_ = std::move(step.reply);
    arm(kWriteTimeout);
    with_stream([this, action](auto& stream) {
      net::async_write(stream, net::buffer(out_),
                       [self = shared_from_this(), action](error_code ec, std::size_t) {
                         self->disarm();
                         if (ec) return self->close("write_error");
                         self->next(action);
                       });
    });
  }

  void next(SmtpAction action) {
    switch (action) {
      case SmtpAction::read:
        return read();
      case SmtpAction::start_tls:
        return start_tls();
      case SmtpAction::deliver:
        return deliver();
      case SmtpAction::close:
        return close(result_);
    }
  }

  void start_tls() {
    // The session only asks for TLS when the server has a context.
    tls_.emplace(std::move(socket_), *server_.tls);
    arm(server_.config.command_timeout);
    tls_->async_handshake(ssl::stream_base::server, [self = shared_from_this()](error_code ec) {
      self->disarm();
      if (ec) {
        self->detail_ = ec.message();
        self->server_.metrics.add("careerbot_smtp_rejected_total", {{"reason", "tls_failed"}});
        return self->close("tls_failed");
      }
      self->smtp_.tls_started();
      self->read();
    });
  }

  // Stores the message off the io thread; the reply waits for the result.
  void deliver() {
    net::post(server_.storage, [self = shared_from_this()] {
      StoreResult result = StoreResult::retry_later;
      try {
        result = self->server_.sink(self->smtp_.mail());
      } catch (const std::exception& e) {
        log::write(log::Level::error, "smtp_store_failed",
                   {{"remote", self->remote_}, {"error", e.what()}});
      } catch (...) {
        log::write(log::Level::error, "smtp_store_failed", {{"remote", self->remote_}});
      }
      net::post(self->executor_, [self, result] {
        self->server_.metrics.add("careerbot_smtp_messages_total",
                                  {{"result", std::string(result_name(result))}});
        self->act(self->smtp_.delivered(result));
      });
    });
  }

  void close(const std::string& result) {
    disarm();
    error_code ignored;
    lowest().shutdown(tcp::socket::shutdown_both, ignored);
    lowest().close(ignored);
    finish(result);
  }

  // The one log line per session.
  void finish(const std::string& result) {
    if (finished_) return;
    finished_ = true;
    nlohmann::json fields = {
        {"remote", remote_},
        {"helo", smtp_.helo()},
        {"tls", smtp_.tls()},
        {"messages", smtp_.messages_stored()},
        {"result", result},
        {"duration_ms",
         std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started_).count()}};
    if (!smtp_.auth_user().empty()) fields["auth_user"] = smtp_.auth_user();
    if (!detail_.empty()) fields["error"] = detail_;
    bool trouble = result != "quit" && result != "disconnected" && result != "shutdown";
    log::write(trouble ? log::Level::warn : log::Level::info, "smtp_session", fields);
  }

  SmtpServer::Impl& server_;
  net::any_io_executor executor_;
  tcp::socket socket_;
  std::optional<ssl::stream<tcp::socket>> tls_;  // takes over socket_ at STARTTLS
  net::steady_timer timer_;
  unsigned timer_generation_ = 0;
  std::string remote_;
  SmtpSession smtp_;
  std::array<char, 16384> buffer_{};
  std::string out_;
  std::string result_;
  std::string detail_;
  Clock::time_point started_ = Clock::now();
  Clock::time_point deadline_ = Clock::time_point::max();
  bool reading_ = false;
  bool timed_out_ = false;
  bool stop_requested_ = false;
  bool finished_ = false;
};

void SmtpServer::Impl::session_started(SmtpConnection* raw,
                                       const std::shared_ptr<SmtpConnection>& shared) {
  std::size_t count;
  {
    std::lock_guard lock(sessions_mutex);
    sessions.emplace(raw, shared);
    count = sessions.size();
  }
  metrics.add("careerbot_smtp_sessions_total", {});
  metrics.set("careerbot_smtp_sessions", {}, static_cast<double>(count));
}

void SmtpServer::Impl::session_ended(SmtpConnection* raw) {
  std::size_t count;
  {
    std::lock_guard lock(sessions_mutex);
    sessions.erase(raw);
    count = sessions.size();
  }
  metrics.set("careerbot_smtp_sessions", {}, static_cast<double>(count));
}

void SmtpServer::Impl::accept() {
  acceptor.async_accept(net::make_strand(ioc), [this](error_code ec, tcp::socket socket) {
    if (ec == net::error::operation_aborted || !acceptor.is_open()) return;
    if (ec) {
      // Out of file descriptors and the like: log, pause briefly, go on.
      log::write(log::Level::error, "smtp_accept_failed", {{"error", ec.message()}});
      auto pause = std::make_shared<net::steady_timer>(ioc, std::chrono::milliseconds(50));
      pause->async_wait([this, pause](error_code) { accept(); });
      return;
    }
    // Replies to pipelined commands go out as they are ready, not after the
    // client's ACK of the one before (Nagle's algorithm).
    error_code ignored;  // (a socket without it still works)
    socket.set_option(tcp::no_delay(true), ignored);
    bool over_limit;
    {
      std::lock_guard lock(sessions_mutex);
      over_limit = sessions.size() >= static_cast<std::size_t>(std::max(config.max_sessions, 0));
    }
    auto connection = std::make_shared<SmtpConnection>(std::move(socket), *this);
    session_started(connection.get(), connection);
    connection->start(over_limit);
    accept();
  });
}

void SmtpServer::Impl::begin_shutdown() {
  if (stopping.exchange(true)) return;
  error_code ignored;
  acceptor.close(ignored);
  std::vector<std::shared_ptr<SmtpConnection>> open;
  {
    std::lock_guard lock(sessions_mutex);
    for (auto& [raw, weak] : sessions) {
      if (auto connection = weak.lock()) open.push_back(std::move(connection));
    }
  }
  for (auto& connection : open) connection->stop_if_idle();
  drain_deadline = Clock::now() + kShutdownGrace;
  watch_drain();
}

void SmtpServer::Impl::watch_drain() {
  std::size_t open;
  {
    std::lock_guard lock(sessions_mutex);
    open = sessions.size();
  }
  if (open == 0 || Clock::now() >= drain_deadline) {
    if (open > 0)
      log::write(log::Level::warn, "smtp_grace_period_over", {{"closing_sessions", open}});
    ioc.stop();
    return;
  }
  drain_timer.expires_after(std::chrono::milliseconds(20));
  drain_timer.async_wait([this](error_code ec) {
    if (!ec) watch_drain();
  });
}

void SmtpServer::Impl::load_tls() {
  if (config.tls_cert_file.empty() && config.tls_key_file.empty()) {
    if (config.require_tls) {
      throw std::runtime_error("smtp: require_tls is set but no TLS certificate and key are");
    }
    return;
  }
  if (config.tls_cert_file.empty() || config.tls_key_file.empty()) {
    throw std::runtime_error("smtp: set both the TLS certificate file and the key file");
  }
  ssl::context context(ssl::context::tls_server);
  error_code ec;
  context.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                          ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
                          ssl::context::no_tlsv1_1 | ssl::context::single_dh_use,
                      ec);
  if (ec || SSL_CTX_set_min_proto_version(context.native_handle(), TLS1_2_VERSION) != 1) {
    throw std::runtime_error("smtp: cannot restrict TLS to version 1.2 and later");
  }
  context.use_certificate_chain_file(config.tls_cert_file, ec);
  if (ec) {
    throw std::runtime_error("smtp: cannot read the TLS certificate '" + config.tls_cert_file +
                             "': " + ec.message());
  }
  context.use_private_key_file(config.tls_key_file, ssl::context::pem, ec);
  if (ec) {
    throw std::runtime_error("smtp: cannot read the TLS key '" + config.tls_key_file +
                             "': " + ec.message());
  }
  if (SSL_CTX_check_private_key(context.native_handle()) != 1) {
    throw std::runtime_error("smtp: the TLS key '" + config.tls_key_file +
                             "' does not match the certificate '" + config.tls_cert_file + "'");
  }
  tls.emplace(std::move(context));
  session.tls_available = true;
}

SmtpServer::SmtpServer(SmtpServerConfig config, MailSink sink, Metrics& metrics)
    : impl_(std::make_unique<Impl>(std::move(config), std::move(sink), metrics)) {}

SmtpServer::~SmtpServer() {
  stop();
}

unsigned short SmtpServer::listen() {
  auto& impl = *impl_;
  const auto& config = impl.config;
  impl.load_tls();
  error_code ec;
  tcp::resolver resolver(impl.ioc);
  auto results =
      resolver.resolve(config.host, std::to_string(config.port), tcp::resolver::passive, ec);
  if (ec || results.empty()) {
    throw std::runtime_error("smtp: cannot resolve host '" + config.host + "': " + ec.message());
  }
  tcp::endpoint endpoint = results.begin()->endpoint();
  auto fail = [&](const char* what) {
    throw std::runtime_error("smtp: cannot listen on " + config.host + ":" +
                             std::to_string(config.port) + " (" + what + "): " + ec.message());
  };
  impl.acceptor.open(endpoint.protocol(), ec);
  if (ec) fail("open");
  impl.acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (ec) fail("reuse_address");
  impl.acceptor.bind(endpoint, ec);
  if (ec) fail("bind");
  impl.acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) fail("listen");
  return impl.acceptor.local_endpoint().port();
}

void SmtpServer::start() {
  auto& impl = *impl_;
  if (impl.io_thread.joinable() || impl.stopped) return;
  impl.accept();
  impl.io_thread = std::thread([&impl] {
    name_this_thread("cb-smtp-server");
    impl.ioc.run();
  });
}

void SmtpServer::stop() {
  auto& impl = *impl_;
  if (impl.stopped) return;
  impl.stopped = true;
  if (!impl.io_thread.joinable()) return;
  net::post(impl.ioc, [&impl] { impl.begin_shutdown(); });
  impl.io_thread.join();
  // Stores already under way finish; their replies have nowhere to go.
  impl.storage.join();
}

}  // namespace careerbot
