// Asio side of the relay client. Each message is a RelayDelivery: a chain of
// "send a command, read the reply, decide" steps on the client's io thread,
// with one timer guarding whichever step is under way. Errors come back as
// error codes and end the chain with a result; nothing throws into run().
#include "smtp_client.hpp"
#include "thread_role.hpp"

#include <openssl/crypto.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include <algorithm>
#include <optional>
#include <stdexcept>
#include <thread>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <nlohmann/json.hpp>

#include "log.hpp"
#include "smtp_session.hpp"

namespace careerbot {

namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
using error_code = boost::system::error_code;
using Outcome = SmtpSendResult::Outcome;

class RelayDelivery;

namespace {

constexpr std::size_t kMaxReplyBytes = std::size_t{64} * 1024;
constexpr std::chrono::seconds kQuitTimeout{5};

std::string upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

void wipe(std::string& secret) {
  if (!secret.empty()) OPENSSL_cleanse(secret.data(), secret.size());
  secret.clear();
}

}  // namespace

struct SmtpClient::Impl {
  explicit Impl(SmtpRelayConfig c);

  const SmtpRelayConfig config;
  ssl::context tls{ssl::context::tls_client};
  std::vector<std::weak_ptr<RelayDelivery>> active;  // touched on the io thread only

  // After the state above: pending handlers own deliveries that refer to it.
  net::io_context ioc;
  net::executor_work_guard<net::io_context::executor_type> work{ioc.get_executor()};
  std::thread thread;
};

// One message, one connection.
class RelayDelivery : public std::enable_shared_from_this<RelayDelivery> {
 public:
  RelayDelivery(SmtpClient::Impl& client, std::string from, std::vector<std::string> to,
                std::string data, std::function<void(SmtpSendResult)> done)
      : client_(client),
        config_(client.config),
        from_(std::move(from)),
        to_(std::move(to)),
        data_(std::move(data)),
        done_(std::move(done)),
        resolver_(client.ioc),
        socket_(client.ioc),
        timer_(client.ioc) {}

  RelayDelivery(const RelayDelivery&) = delete;
  RelayDelivery& operator=(const RelayDelivery&) = delete;

  void start() {
    if (to_.empty()) return finish(Outcome::failed, 0, "no recipients");
    arm(config_.connect_timeout);
    resolver_.async_resolve(
        config_.host, std::to_string(config_.port),
        [self = shared_from_this()](error_code ec, const tcp::resolver::results_type& results) {
          if (ec) return self->fail_io(ec, "resolving " + self->config_.host);
          self->connect(results);
        });
  }

  // The client is going away: end now, with `retry`.
  void abort() {
    aborting_ = true;
    close();
  }

 private:
  struct Reply {
    int code = 0;
    std::vector<std::string> lines;  // text after "ddd-" / "ddd "
  };
  using Step = void (RelayDelivery::*)(const Reply&);
  using Then = void (RelayDelivery::*)();

  tcp::socket& lowest() { return tls_ ? tls_->next_layer() : socket_; }

  template <class Op>
  void with_stream(Op&& op) {
    if (tls_) {
      op(*tls_);
    } else {
      op(socket_);
    }
  }

  // One timer guards whichever step is under way; the generation keeps an
  // expiry queued just as a step finished from failing the next one.
  void arm(std::chrono::steady_clock::duration timeout) {
    auto generation = ++timer_generation_;
    timer_.expires_after(timeout);
    timer_.async_wait([self = shared_from_this(), generation](error_code ec) {
      if (ec || generation != self->timer_generation_) return;
      self->timed_out_ = true;
      self->resolver_.cancel();
      error_code ignored;
      self->lowest().close(ignored);
    });
  }

  void disarm() {
    ++timer_generation_;
    timer_.cancel();
  }

  void connect(const tcp::resolver::results_type& results) {
    net::async_connect(socket_, results,
                       [self = shared_from_this()](error_code ec, const tcp::endpoint&) {
                         self->disarm();
                         if (ec) {
                           return self->fail_io(ec, "connecting to " + self->config_.host + ":" +
                                                        std::to_string(self->config_.port));
                         }
                         self->connected_ = true;
                         error_code ignored;  // (a socket without it still works)
                         self->socket_.set_option(tcp::no_delay(true), ignored);
                         if (self->config_.tls == SmtpRelayConfig::Tls::implicit) {
                           return self->handshake(&RelayDelivery::await_greeting);
                         }
                         self->await_greeting();
                       });
  }

  void handshake(Then then) {
    in_.clear();  // nothing said in plain text may be read as said under TLS
    tls_.emplace(std::move(socket_), client_.tls);
    SSL* handle = tls_->native_handle();
    const std::string& host = config_.host;
    error_code not_ip;
    net::ip::make_address(host, not_ip);
    if (not_ip) {
      // SNI; SSL_set_tlsext_host_name is a macro around this call.
      SSL_ctrl(handle, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
               const_cast<char*>(host.c_str()));
    }
    if (config_.verify) {
      error_code ec;
      tls_->set_verify_mode(ssl::verify_peer, ec);
      X509_VERIFY_PARAM* param = SSL_get0_param(handle);
      X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
      int set = not_ip ? SSL_set1_host(handle, host.c_str())
                       : X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str());
      if (ec || set != 1) {
        broken_ = true;
        finish(Outcome::failed, 0, "cannot set up certificate checks for " + host);
        return close();
      }
    } else {
      error_code ignored;
      tls_->set_verify_mode(ssl::verify_none, ignored);
    }
    arm(config_.command_timeout);
    tls_->async_handshake(ssl::stream_base::client,
                          [self = shared_from_this(), then](error_code ec) {
                            self->disarm();
                            if (ec) return self->fail_tls(ec);
                            self->tls_active_ = true;
                            (self.get()->*then)();
                          });
  }

  void await_greeting() { read_reply(&RelayDelivery::on_greeting); }

  // Reads lines until a complete (possibly multi-line) reply is in, then hands it on.
  void read_reply(Step next) {
    next_ = next;
    parse_reply();
  }

  void parse_reply() {
    for (auto lf = in_.find('\n'); lf != std::string::npos; lf = in_.find('\n')) {
      std::string line = in_.substr(0, lf);
      in_.erase(0, lf + 1);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      bool digits = line.size() >= 3 && std::all_of(line.begin(), line.begin() + 3,
                                                    [](char c) { return c >= '0' && c <= '9'; });
      if (!digits || (line.size() > 3 && line[3] != ' ' && line[3] != '-')) {
        broken_ = true;
        finish(Outcome::retry, 0, "the relay sent something that is not an SMTP reply");
        return close();
      }
      reply_.code = std::stoi(line.substr(0, 3));
      reply_.lines.push_back(line.size() > 4 ? line.substr(4) : "");
      if (line.size() == 3 || line[3] == ' ') {
        disarm();
        Reply reply = std::move(reply_);
        reply_ = Reply{};
        return (this->*next_)(reply);
      }
    }
    arm(finished_ ? std::chrono::steady_clock::duration(kQuitTimeout) : config_.command_timeout);
    with_stream([this](auto& stream) {
      net::async_read_until(stream, net::dynamic_buffer(in_, kMaxReplyBytes), "\n",
                            [self = shared_from_this()](error_code ec, std::size_t) {
                              if (ec) return self->fail_io(ec, "reading the relay's reply");
                              self->parse_reply();
                            });
    });
  }

  // Writes `bytes`, then reads the reply. Credentials are wiped once sent.
  void send_then_read(std::string bytes, Step next, bool secret = false) {
    out_ = std::move(bytes);
    secret_ = secret;
    arm(finished_ ? std::chrono::steady_clock::duration(kQuitTimeout) : config_.command_timeout);
    with_stream([this, next](auto& stream) {
      net::async_write(stream, net::buffer(out_),
                       [self = shared_from_this(), next](error_code ec, std::size_t) {
                         self->disarm();
                         if (self->secret_) wipe(self->out_);
                         if (ec) return self->fail_io(ec, "writing to the relay");
                         self->read_reply(next);
                       });
    });
  }

  void command(std::string text, Step next, bool secret = false) {
    text += "\r\n";
    send_then_read(std::move(text), next, secret);
  }

  void on_greeting(const Reply& r) {
    if (r.code != 220) return finish_reply(r, "greeting");
    ehlo();
  }

  void ehlo() { command("EHLO " + config_.helo_name, &RelayDelivery::on_ehlo); }

  void on_ehlo(const Reply& r) {
    if (r.code == 250) {
      extensions_.assign(r.lines.begin() + 1, r.lines.end());
      for (auto& extension : extensions_) extension = upper(extension);
      return after_greeting();
    }
    if (r.code >= 500) return command("HELO " + config_.helo_name, &RelayDelivery::on_helo);
    finish_reply(r, "EHLO");
  }

  void on_helo(const Reply& r) {
    if (r.code != 250) return finish_reply(r, "HELO");
    extensions_.clear();
    after_greeting();
  }

  bool offers(std::string_view keyword) const {
    return std::any_of(extensions_.begin(), extensions_.end(), [&](const std::string& line) {
      return line.compare(0, keyword.size(), keyword) == 0 &&
             (line.size() == keyword.size() || line[keyword.size()] == ' ');
    });
  }

  bool offers_auth(std::string_view mechanism) const {
    for (const auto& line : extensions_) {
      // "AUTH PLAIN LOGIN", or the pre-standard "AUTH=PLAIN LOGIN"
      if (line.compare(0, 5, "AUTH ") != 0 && line.compare(0, 5, "AUTH=") != 0) continue;
      std::string_view rest = std::string_view(line).substr(5);
      while (!rest.empty()) {
        auto space = rest.find(' ');
        if (rest.substr(0, space) == mechanism) return true;
        if (space == std::string_view::npos) break;
        rest.remove_prefix(space + 1);
      }
    }
    return false;
  }

  void after_greeting() {
    if (config_.tls == SmtpRelayConfig::Tls::starttls && !tls_active_) {
      if (!offers("STARTTLS")) {
        return finish(Outcome::retry, 0, "the relay does not offer STARTTLS");
      }
      return command("STARTTLS", &RelayDelivery::on_starttls);
    }
    if (!config_.username.empty()) return authenticate();
    mail();
  }

  void on_starttls(const Reply& r) {
    if (r.code != 220) return finish_reply(r, "STARTTLS");
    handshake(&RelayDelivery::ehlo);
  }

  void authenticate() {
    if (!tls_active_ && config_.tls != SmtpRelayConfig::Tls::none) {
      return finish(Outcome::failed, 0, "refusing to send credentials without TLS");
    }
    if (offers_auth("PLAIN")) {
      std::string credentials;
      credentials.append(1, '\0').append(config_.username).append(1, '\0').append(config_.password);
      std::string line = "AUTH PLAIN " + smtp::encode_base64(credentials);
      wipe(credentials);
      command(std::move(line), &RelayDelivery::on_auth, true);
      return;
    }
    if (offers_auth("LOGIN")) return command("AUTH LOGIN", &RelayDelivery::on_login_user);
    finish(Outcome::failed, 0, "the relay offers neither AUTH PLAIN nor AUTH LOGIN");
  }

  void on_login_user(const Reply& r) {
    if (r.code != 334) return finish_reply(r, "AUTH LOGIN");
    command(smtp::encode_base64(config_.username), &RelayDelivery::on_login_password, true);
  }

  void on_login_password(const Reply& r) {
    if (r.code != 334) return finish_reply(r, "AUTH LOGIN user name");
    command(smtp::encode_base64(config_.password), &RelayDelivery::on_auth, true);
  }

  void on_auth(const Reply& r) {
    if (r.code != 235) return finish_reply(r, "AUTH");
    mail();
  }

  void mail() {
    wire_ = smtp::dot_stuff(data_);
    std::string line = "MAIL FROM:<" + from_ + ">";
    bool eight_bit = std::any_of(data_.begin(), data_.end(),
                                 [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
    if (eight_bit && offers("8BITMIME")) line += " BODY=8BITMIME";
    if (offers("SIZE")) line += " SIZE=" + std::to_string(wire_.size());
    command(std::move(line), &RelayDelivery::on_mail);
  }

  void on_mail(const Reply& r) {
    if (r.code / 100 != 2) return finish_reply(r, "MAIL FROM");
    rcpt();
  }

  void rcpt() { command("RCPT TO:<" + to_[next_recipient_] + ">", &RelayDelivery::on_rcpt); }

  // Any refused recipient ends the attempt, so a retry never repeats the
  // message to the recipients that did take it.
  void on_rcpt(const Reply& r) {
    if (r.code / 100 != 2) return finish_reply(r, "RCPT TO <" + to_[next_recipient_] + ">");
    if (++next_recipient_ < to_.size()) return rcpt();
    command("DATA", &RelayDelivery::on_data);
  }

  void on_data(const Reply& r) {
    if (r.code != 354) return finish_reply(r, "DATA");
    send_then_read(std::move(wire_), &RelayDelivery::on_end_of_data);
  }

  void on_end_of_data(const Reply& r) {
    if (r.code / 100 != 2) return finish_reply(r, "end of data");
    finish(Outcome::sent, r.code, "accepted: " + text_of(r));
  }

  static std::string text_of(const Reply& r) {
    std::string text = std::to_string(r.code);
    for (const auto& line : r.lines) text += " " + line;
    if (text.size() > 300) text.resize(300);
    for (char& c : text) {
      if (static_cast<unsigned char>(c) < 0x20) c = ' ';
    }
    return text;
  }

  void finish_reply(const Reply& r, const std::string& stage) {
    Outcome outcome = r.code >= 500 && r.code < 600 ? Outcome::failed : Outcome::retry;
    finish(outcome, r.code, stage + ": " + text_of(r));
  }

  void fail_io(error_code ec, const std::string& stage) {
    broken_ = true;
    if (aborting_) {
      finish(Outcome::retry, 0, "the SMTP client stopped");
    } else if (timed_out_) {
      finish(Outcome::retry, 0, stage + ": timed out");
    } else {
      finish(Outcome::retry, 0, stage + ": " + ec.message());
    }
    close();
  }

  void fail_tls(error_code ec) {
    broken_ = true;
    std::string detail = "TLS with " + config_.host + " failed: ";
    long verify = tls_ ? SSL_get_verify_result(tls_->native_handle()) : X509_V_OK;
    if (aborting_) {
      detail = "the SMTP client stopped";
    } else if (timed_out_) {
      detail += "timed out";
    } else if (verify != X509_V_OK) {
      detail +=
          std::string("certificate not accepted (") + X509_verify_cert_error_string(verify) + ")";
    } else {
      detail += ec.message();
    }
    finish(Outcome::retry, 0, detail);
    close();
  }

  // Reports the result (once), then says QUIT when the connection is sound.
  void finish(Outcome outcome, int code, std::string detail) {
    if (finished_) return;
    finished_ = true;
    SmtpSendResult result{outcome, code, std::move(detail)};
    try {
      done_(std::move(result));
    } catch (const std::exception& e) {
      log::write(log::Level::error, "smtp_relay_callback_failed", {{"error", e.what()}});
    } catch (...) {
      log::write(log::Level::error, "smtp_relay_callback_failed");
    }
    if (connected_ && !broken_ && !aborting_) {
      command("QUIT", &RelayDelivery::on_quit);
    } else {
      close();
    }
  }

  void on_quit(const Reply&) { close(); }

  void close() {
    disarm();
    resolver_.cancel();
    error_code ignored;
    lowest().shutdown(tcp::socket::shutdown_both, ignored);
    lowest().close(ignored);
  }

  SmtpClient::Impl& client_;
  const SmtpRelayConfig& config_;
  std::string from_;
  std::vector<std::string> to_;
  std::string data_;
  std::function<void(SmtpSendResult)> done_;
  tcp::resolver resolver_;
  tcp::socket socket_;
  std::optional<ssl::stream<tcp::socket>> tls_;  // takes over socket_ for TLS
  net::steady_timer timer_;
  unsigned timer_generation_ = 0;
  std::string in_;
  std::string out_;
  std::string wire_;  // the dot-stuffed message
  Reply reply_;
  Step next_ = nullptr;
  std::vector<std::string> extensions_;  // EHLO keywords, upper-case
  std::size_t next_recipient_ = 0;
  bool connected_ = false;
  bool tls_active_ = false;
  bool timed_out_ = false;
  bool broken_ = false;  // no further commands can be sent
  bool aborting_ = false;
  bool finished_ = false;
  bool secret_ = false;
};

SmtpClient::Impl::Impl(SmtpRelayConfig c) : config(std::move(c)) {
  error_code ec;
  tls.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                      ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1,
                  ec);
  if (ec || SSL_CTX_set_min_proto_version(tls.native_handle(), TLS1_2_VERSION) != 1) {
    throw std::runtime_error("smtp relay: cannot restrict TLS to version 1.2 and later");
  }
  if (config.tls == SmtpRelayConfig::Tls::none || !config.verify) return;
  if (config.ca_file.empty()) {
    tls.set_default_verify_paths(ec);
    if (ec)
      throw std::runtime_error("smtp relay: cannot load the system CA store: " + ec.message());
  } else {
    tls.load_verify_file(config.ca_file, ec);
    if (ec) {
      throw std::runtime_error("smtp relay: cannot read the CA file '" + config.ca_file +
                               "': " + ec.message());
    }
  }
}

SmtpClient::SmtpClient(SmtpRelayConfig config) : impl_(std::make_unique<Impl>(std::move(config))) {
  impl_->thread = std::thread([impl = impl_.get()] {
    name_background_thread("cb-smtp-client");
    impl->ioc.run();
  });
}

SmtpClient::~SmtpClient() {
  net::post(impl_->ioc, [impl = impl_.get()] {
    for (auto& weak : impl->active) {
      if (auto delivery = weak.lock()) delivery->abort();
    }
    impl->active.clear();
  });
  impl_->work.reset();
  impl_->thread.join();
}

void SmtpClient::send(std::string envelope_from, std::vector<std::string> recipients,
                      std::string data, std::function<void(SmtpSendResult)> done) {
  net::post(impl_->ioc, [impl = impl_.get(), from = std::move(envelope_from),
                         to = std::move(recipients), data = std::move(data),
                         done = std::move(done)]() mutable {
    auto delivery = std::make_shared<RelayDelivery>(*impl, std::move(from), std::move(to),
                                                    std::move(data), std::move(done));
    std::erase_if(impl->active, [](const std::weak_ptr<RelayDelivery>& w) { return w.expired(); });
    impl->active.push_back(delivery);
    delivery->start();
  });
}

}  // namespace careerbot
