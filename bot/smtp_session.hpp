// The server side of one ESMTP conversation (RFC 5321 with SIZE, 8BITMIME,
// PIPELINING, ENHANCEDSTATUSCODES, STARTTLS and AUTH PLAIN/LOGIN) as a plain
// state machine: bytes go in, reply text and the next thing for the I/O layer
// to do come out. No sockets, no clocks, no logging, so every exchange can be
// tested without a network.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace careerbot {

// One accepted message, as handed to whoever stores it.
struct ReceivedMail {
  std::string return_path;              // without brackets; "" for the null path <>
  std::vector<std::string> recipients;  // without brackets, as the client wrote them
  std::string data;                     // CRLF line ends, dot-unstuffed, no final "."
  std::string remote;                   // "ip:port" of the client
  std::string helo;                     // the name given in HELO/EHLO
  bool tls = false;
  std::string auth_user;  // "" unless the client authenticated
};

// What became of a received message: stored (250), not stored but worth
// sending again (451), not stored because the disk is full (452), or refused
// for good (554).
enum class StoreResult { stored, retry_later, no_space, rejected };

struct SmtpSessionConfig {
  std::string hostname = "careerbot.localhost";
  std::vector<std::string> accept_domains;    // lower-case; accepts any local part
  std::vector<std::string> accept_addresses;  // lower-case, exact
  std::size_t max_message_bytes = std::size_t{10} * 1024 * 1024;
  std::size_t max_recipients = 100;
  bool tls_available = false;                                   // STARTTLS can be offered
  bool require_tls = false;                                     // MAIL and AUTH only after STARTTLS
  std::vector<std::pair<std::string, std::string>> auth_users;  // user, password
  bool require_tls_for_auth = true;
};

// What the I/O layer does once it has written `reply`.
enum class SmtpAction {
  read,       // read more input and pass it to receive()
  start_tls,  // TLS handshake, then tls_started()
  deliver,    // store mail(), then delivered()
  close,      // close the connection
};

struct SmtpStep {
  std::string reply;  // one or more complete replies, CRLF-terminated; may be empty
  SmtpAction action = SmtpAction::read;
  std::vector<std::string_view> refusals;  // reasons for metrics: "relay_denied", ...
};

class SmtpSession {
 public:
  // `config` must outlive the session.
  SmtpSession(const SmtpSessionConfig& config, std::string remote);

  SmtpStep greet() const;          // 220 banner
  SmtpStep refuse_busy() const;    // 421 4.3.2 at the session limit, then close
  SmtpStep timed_out() const;      // 421 4.4.2, then close
  SmtpStep shutting_down() const;  // 421 4.3.2, then close

  // Takes received bytes and handles every complete line, in order, until the
  // input runs out or the session must wait (TLS, delivery, close).
  SmtpStep receive(std::string_view bytes);

  // The TLS handshake after a start_tls action succeeded: everything said so
  // far is forgotten and the client must EHLO again.
  void tls_started();

  // The outcome of storing mail() after a deliver action; goes on with any
  // commands that were pipelined behind the message.
  SmtpStep delivered(StoreResult result);

  // The message to store; valid from a deliver action until delivered().
  const ReceivedMail& mail() const { return mail_; }

  bool in_data() const { return mode_ == Mode::data; }
  // Between commands with nothing half-received: safe to close at shutdown.
  bool idle() const;
  bool tls() const { return tls_; }
  const std::string& helo() const { return helo_; }
  const std::string& auth_user() const { return auth_user_; }
  std::size_t messages_stored() const { return stored_; }

 private:
  enum class Mode {
    command,
    data,
    auth_plain,
    auth_login_user,
    auth_login_password,
    tls_pending,
    delivering,
    closed,
  };

  void process(SmtpStep& step);
  // `dropped`: octets of the line that were not kept (it was too long).
  void handle_line(std::string_view line, bool crlf, bool overlong, std::size_t dropped,
                   SmtpStep& step);
  void handle_data_line(std::string_view line, bool crlf, bool overlong, std::size_t dropped,
                        SmtpStep& step);
  void handle_command(std::string_view line, SmtpStep& step);
  void handle_auth_response(std::string_view line, SmtpStep& step);
  void end_of_data(SmtpStep& step);

  void ehlo(std::string_view args, bool extended, SmtpStep& step);
  void mail_from(std::string_view args, SmtpStep& step);
  void rcpt_to(std::string_view args, SmtpStep& step);
  void data(std::string_view args, SmtpStep& step);
  void starttls(std::string_view args, SmtpStep& step);
  void auth(std::string_view args, SmtpStep& step);
  void check_plain(std::string_view decoded, SmtpStep& step);
  void check_login(const std::string& user, const std::string& password, SmtpStep& step);
  void finish_auth(std::optional<std::string> user, SmtpStep& step);

  bool accepts_recipient(std::string_view address) const;
  void reset_transaction();
  // A permanent error reply; too many of them end the session.
  void error(SmtpStep& step, std::string_view text, std::string_view refusal = {});
  static void reply(SmtpStep& step, std::string_view text);

  const SmtpSessionConfig& config_;
  std::string remote_;
  Mode mode_ = Mode::command;
  std::string input_;         // received, not yet handled
  std::size_t consumed_ = 0;  // handled prefix of input_
  std::size_t skipped_ = 0;   // octets dropped so far of an overlong line

  std::string helo_;
  bool tls_ = false;
  std::string auth_user_;
  std::string login_user_;  // AUTH LOGIN: the user name while asking for the password

  bool in_transaction_ = false;
  ReceivedMail mail_;
  std::size_t data_bytes_ = 0;
  bool previous_crlf_ = true;  // the last data line ended in CRLF
  bool too_large_ = false;
  bool line_too_long_ = false;

  int errors_ = 0;
  int auth_failures_ = 0;
  std::size_t stored_ = 0;
};

namespace smtp {

// RFC 4648 base64, as used by SMTP AUTH.
std::string encode_base64(std::string_view raw);
// nullopt for anything but well-formed, padded base64.
std::optional<std::string> decode_base64(std::string_view text);

// The bytes to send after a 354 for `data` (CRLF lines, not dot-stuffed):
// bare LFs become CRLF, a line starting with "." gets a second one, the last
// line is ended if it was not, and the terminating ".\r\n" follows.
std::string dot_stuff(std::string_view data);

}  // namespace smtp

}  // namespace careerbot
