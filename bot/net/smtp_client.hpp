// Sends mail through one configured relay (a smarthost): EHLO, STARTTLS or
// implicit TLS with certificate and host-name checks, AUTH PLAIN or LOGIN,
// then the message. One connection per message. Asio stays inside
// smtp_client.cpp; this header is plain C++.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace careerbot {

struct SmtpRelayConfig {
  std::string host;
  int port = 587;
  enum class Tls { none, starttls, implicit } tls = Tls::starttls;
  std::string ca_file;             // PEM; "" = the system's trust store
  bool verify = true;              // certificate chain and host name
  std::string username, password;  // no AUTH when username is empty
  std::string helo_name = "careerbot.localhost";
  std::chrono::milliseconds connect_timeout{10000}, command_timeout{60000};
};

struct SmtpSendResult {
  // sent: the relay took the message (2xx after the data). retry: a 4xx, or
  // the connection, TLS or a timeout failed. failed: a 5xx; do not retry.
  enum class Outcome { sent, retry, failed } outcome = Outcome::retry;
  int code = 0;        // the relay's last reply code, 0 when there was none
  std::string detail;  // what happened, for logs; never holds credentials
};

class SmtpClient {
 public:
  // Owns one io thread. Throws std::runtime_error when the CA file cannot be read.
  explicit SmtpClient(SmtpRelayConfig config);
  // Sends still in progress end with `retry` ("client stopped").
  ~SmtpClient();
  SmtpClient(const SmtpClient&) = delete;
  SmtpClient& operator=(const SmtpClient&) = delete;

  // `data` has CRLF line ends and is not dot-stuffed. `done` is called exactly
  // once, on the client's thread. Safe to call from any thread.
  void send(std::string envelope_from, std::vector<std::string> recipients, std::string data,
            std::function<void(SmtpSendResult)> done);

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace careerbot
