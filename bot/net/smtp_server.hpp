// The SMTP listener: accepts connections, drives one SmtpSession per
// connection over TCP (and TLS after STARTTLS), hands each complete message to
// a sink on a worker thread and answers the final dot with the sink's result.
// Asio stays inside smtp_server.cpp; this header is plain C++.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "metrics.hpp"
#include "smtp_session.hpp"

namespace careerbot {

struct SmtpServerConfig {
  std::string host = "127.0.0.1";
  int port = 2525;                               // 0 = any free port
  std::string hostname = "careerbot.localhost";  // greeting and EHLO name
  std::vector<std::string> accept_domains;       // "example.com" accepts *@example.com
  std::vector<std::string> accept_addresses;     // exact addresses
  std::size_t max_message_bytes = std::size_t{10} * 1024 * 1024;
  std::size_t max_recipients = 100;
  int max_sessions = 100;
  std::string tls_cert_file, tls_key_file;  // PEM; both or neither
  bool require_tls = false;
  std::vector<std::pair<std::string, std::string>> auth_users;  // user, password
  bool require_tls_for_auth = true;
  std::chrono::seconds command_timeout{300}, data_timeout{120}, session_limit{1800};
};

// Stores one message; blocking. Must return `stored` only once the message is
// durable: the client is told 250 on that alone. May be called from several
// threads at once.
using MailSink = std::function<StoreResult(const ReceivedMail&)>;

class SmtpServer {
 public:
  SmtpServer(SmtpServerConfig config, MailSink sink, Metrics& metrics);
  ~SmtpServer();  // stops first when still running
  SmtpServer(const SmtpServer&) = delete;
  SmtpServer& operator=(const SmtpServer&) = delete;

  // Loads the TLS certificate and key, binds, and returns the bound port.
  // Throws std::runtime_error naming the problem (unreadable certificate or
  // key, address in use, inconsistent settings).
  unsigned short listen();

  // Serves on a thread of its own; returns at once.
  void start();

  // Stops accepting, closes idle sessions with 421, lets a message in
  // progress finish within a short grace period, then closes the rest and
  // joins the threads. Safe to call more than once.
  void stop();

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace careerbot
