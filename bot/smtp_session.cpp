// The ESMTP server state machine. Lines are cut at LF (a CR before it is
// dropped), so clients that end commands with a bare LF still work; message
// lines are stored with CRLF whatever the client sent. The end of a message is
// only recognised as CRLF "." CRLF, which keeps "<LF>.<LF>" tricks (SMTP
// smuggling) from ending a message early.
#include "smtp_session.hpp"

#include "crypto.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <utility>

namespace careerbot {
namespace {

// RFC 5321 §4.5.3.1: limits including the CRLF.
constexpr std::size_t kCommandLine = 512;
constexpr std::size_t kTextLine = 1000;
// RFC 4954 §4: AUTH lines (command and responses) may be up to 12288 octets.
constexpr std::size_t kAuthLine = 12288;
constexpr std::size_t kPathMax = 256;
constexpr std::size_t kLocalPartMax = 64;
constexpr std::size_t kDomainMax = 255;
constexpr int kMaxErrors = 20;
constexpr int kMaxAuthFailures = 3;

char lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string to_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = lower(c);
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [](char x, char y) { return lower(x) == lower(y); });
}

bool starts_with_ci(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && iequals(text.substr(0, prefix.size()), prefix);
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// Splits "VERB rest" at the first space.
std::pair<std::string_view, std::string_view> split_word(std::string_view text) {
  auto space = text.find(' ');
  if (space == std::string_view::npos) return {text, {}};
  return {text.substr(0, space), trim(text.substr(space + 1))};
}

// A reverse- or forward-path from MAIL/RCPT, with the parameters after it.
struct Path {
  std::string address;
  std::string_view params;
  std::string problem;  // empty when the path is acceptable
};

bool valid_domain(std::string_view domain) {
  if (domain.empty() || domain.size() > kDomainMax) return false;
  if (domain.front() == '[') return domain.back() == ']' && domain.size() > 2;
  return std::all_of(domain.begin(), domain.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.';
  });
}

Path parse_path(std::string_view text, bool null_allowed, bool bare_postmaster_allowed) {
  Path path;
  text = trim(text);
  if (text.empty() || text.front() != '<') {
    path.problem = "Address must be enclosed in <>";
    return path;
  }
  std::size_t end = 1;
  bool quoted = false;
  for (; end < text.size(); ++end) {
    char c = text[end];
    if (quoted && c == '\\') {
      ++end;
    } else if (c == '"') {
      quoted = !quoted;
    } else if (!quoted && c == '>') {
      break;
    }
  }
  if (end >= text.size()) {
    path.problem = "Missing > after the address";
    return path;
  }
  if (end + 1 > kPathMax) {
    path.problem = "Path longer than 256 octets";
    return path;
  }
  std::string_view inner = text.substr(1, end - 1);
  std::string_view rest = text.substr(end + 1);
  if (!rest.empty() && rest.front() != ' ') {
    path.problem = "Unexpected text after the address";
    return path;
  }
  path.params = trim(rest);
  if (inner.empty()) {
    if (!null_allowed) path.problem = "Empty address";
    return path;
  }
  if (inner.front() == '@') {  // an obsolete source route "@a,@b:user@c" names user@c
    auto colon = inner.find(':');
    if (colon == std::string_view::npos) {
      path.problem = "Bad source route";
      return path;
    }
    inner.remove_prefix(colon + 1);
  }
  bool in_quotes = false;
  for (char c : inner) {
    auto u = static_cast<unsigned char>(c);
    if (c == '"') in_quotes = !in_quotes;
    if (u < 0x20 || u == 0x7f || (c == ' ' && !in_quotes) || c == '<' || c == '>') {
      path.problem = "Bad address syntax";
      return path;
    }
  }
  auto at = inner.rfind('@');
  if (at == std::string_view::npos) {
    // RFC 5321 §4.5.1: "<Postmaster>" without a domain must be accepted.
    if (bare_postmaster_allowed && iequals(inner, "postmaster")) {
      path.address = "postmaster";
    } else {
      path.problem = "Address needs a domain";
    }
    return path;
  }
  std::string_view local = inner.substr(0, at);
  std::string_view domain = inner.substr(at + 1);
  if (local.empty() || local.size() > kLocalPartMax) {
    path.problem = local.empty() ? "Empty local part" : "Local part longer than 64 octets";
  } else if (domain.size() > kDomainMax) {
    path.problem = "Domain longer than 255 octets";
  } else if (!valid_domain(domain)) {
    path.problem = "Bad domain syntax";
  } else {
    path.address = std::string(inner);
  }
  return path;
}

}  // namespace

SmtpSession::SmtpSession(const SmtpSessionConfig& config, std::string remote)
    : config_(config), remote_(std::move(remote)) {}

void SmtpSession::reply(SmtpStep& step, std::string_view text) {
  step.reply.append(text).append("\r\n");
}

void SmtpSession::error(SmtpStep& step, std::string_view text, std::string_view refusal) {
  reply(step, text);
  if (!refusal.empty()) step.refusals.push_back(refusal);
  if (++errors_ >= kMaxErrors && mode_ != Mode::closed) {
    reply(step, "421 4.7.0 " + config_.hostname + " Too many errors, closing connection");
    step.refusals.emplace_back("too_many_errors");
    mode_ = Mode::closed;
    step.action = SmtpAction::close;
  }
}

SmtpStep SmtpSession::greet() const {
  SmtpStep step;
  reply(step, "220 " + config_.hostname + " ESMTP careerbot ready");
  return step;
}

SmtpStep SmtpSession::refuse_busy() const {
  SmtpStep step;
  reply(step, "421 4.3.2 " + config_.hostname + " Too many connections, try again later");
  step.action = SmtpAction::close;
  step.refusals.emplace_back("too_many_sessions");
  return step;
}

SmtpStep SmtpSession::timed_out() const {
  SmtpStep step;
  reply(step, "421 4.4.2 " + config_.hostname + " Timeout exceeded, closing connection");
  step.action = SmtpAction::close;
  step.refusals.emplace_back("timeout");
  return step;
}

SmtpStep SmtpSession::shutting_down() const {
  SmtpStep step;
  reply(step, "421 4.3.2 " + config_.hostname + " Service shutting down, try again later");
  step.action = SmtpAction::close;
  return step;
}

bool SmtpSession::idle() const {
  return mode_ == Mode::command && !in_transaction_ && input_.size() == consumed_ && skipped_ == 0;
}

SmtpStep SmtpSession::receive(std::string_view bytes) {
  SmtpStep step;
  if (mode_ == Mode::closed) {
    step.action = SmtpAction::close;
    return step;
  }
  input_.append(bytes);
  process(step);
  return step;
}

void SmtpSession::process(SmtpStep& step) {
  while (step.action == SmtpAction::read &&
         (mode_ == Mode::command || mode_ == Mode::data || mode_ == Mode::auth_plain ||
          mode_ == Mode::auth_login_user || mode_ == Mode::auth_login_password)) {
    const std::size_t limit = mode_ == Mode::data ? kTextLine + 1 : kAuthLine;
    auto lf = input_.find('\n', consumed_);
    if (lf == std::string::npos) {
      // Never hold more than one line's worth: an overlong line is dropped
      // (all but its last octet, which may be the CR of its CRLF) and noted.
      if (input_.size() - consumed_ > limit) {
        skipped_ += input_.size() - 1 - consumed_;
        consumed_ = input_.size() - 1;
      }
      break;
    }
    std::string_view line(input_.data() + consumed_, lf - consumed_);
    consumed_ = lf + 1;
    // Overlong by the length the client sent, dropped part included, so that
    // a line is judged the same however it was cut into reads.
    const std::size_t dropped = std::exchange(skipped_, 0);
    const bool overlong = dropped + line.size() > limit;
    bool crlf = !line.empty() && line.back() == '\r';
    if (crlf) line.remove_suffix(1);
    handle_line(line, crlf, overlong, dropped, step);
  }
  if (consumed_ > 0) {
    input_.erase(0, consumed_);
    consumed_ = 0;
  }
}

void SmtpSession::handle_line(std::string_view line, bool crlf, bool overlong, std::size_t dropped,
                              SmtpStep& step) {
  switch (mode_) {
    case Mode::data:
      return handle_data_line(line, crlf, overlong, dropped, step);
    case Mode::auth_plain:
    case Mode::auth_login_user:
    case Mode::auth_login_password:
      if (overlong) {
        mode_ = Mode::command;
        crypto::wipe(login_user_);
        return error(step, "500 5.5.2 Line too long");
      }
      return handle_auth_response(line, step);
    case Mode::command:
      if (overlong) return error(step, "500 5.5.2 Line too long", "line_too_long");
      return handle_command(line, step);
    case Mode::tls_pending:
    case Mode::delivering:
    case Mode::closed:
      return;
  }
}

void SmtpSession::handle_data_line(std::string_view line, bool crlf, bool overlong,
                                   std::size_t dropped, SmtpStep& step) {
  if (!overlong && crlf && previous_crlf_ && line == ".") return end_of_data(step);
  previous_crlf_ = crlf;
  if (!line.empty() && line.front() == '.') line.remove_prefix(1);
  if (overlong || line.size() > kTextLine - 2) line_too_long_ = true;
  data_bytes_ += dropped + line.size() + 2;  // the size counts what was dropped, too
  if (data_bytes_ > config_.max_message_bytes) too_large_ = true;
  if (too_large_ || line_too_long_) {
    // The message is refused at the final dot; stop holding any of it.
    if (mail_.data.capacity() > 0) std::string().swap(mail_.data);
    return;
  }
  mail_.data.append(line).append("\r\n");
}

void SmtpSession::end_of_data(SmtpStep& step) {
  mode_ = Mode::command;
  if (too_large_) {
    reset_transaction();
    return error(step, "552 5.3.4 Message size exceeds fixed maximum message size",
                 "message_too_large");
  }
  if (line_too_long_) {
    // RFC 5321 §4.5.3.1.6 caps text lines at 1000 octets. 500 is not among
    // the replies allowed after the final dot (§4.3.2), so the message is
    // refused with 552, the "exceeded storage allocation" reply.
    reset_transaction();
    return error(step, "552 5.6.0 Message has a line longer than 1000 octets", "line_too_long");
  }
  mail_.remote = remote_;
  mail_.helo = helo_;
  mail_.tls = tls_;
  mail_.auth_user = auth_user_;
  mode_ = Mode::delivering;
  step.action = SmtpAction::deliver;
}

SmtpStep SmtpSession::delivered(StoreResult result) {
  SmtpStep step;
  if (mode_ != Mode::delivering) return step;
  switch (result) {
    case StoreResult::stored:
      ++stored_;
      reply(step, "250 2.0.0 Message accepted");
      break;
    case StoreResult::retry_later:
      reply(step, "451 4.3.0 Message not stored, try again later");
      break;
    case StoreResult::no_space:
      reply(step, "452 4.3.1 Insufficient system storage, try again later");
      break;
    case StoreResult::rejected:
      reply(step, "554 5.6.0 Message rejected");
      break;
  }
  reset_transaction();
  mode_ = Mode::command;
  process(step);
  return step;
}

void SmtpSession::tls_started() {
  tls_ = true;
  helo_.clear();
  auth_user_.clear();
  crypto::wipe(login_user_);
  reset_transaction();
  input_.clear();
  consumed_ = 0;
  skipped_ = 0;
  mode_ = Mode::command;
}

void SmtpSession::reset_transaction() {
  in_transaction_ = false;
  mail_ = ReceivedMail{};
  data_bytes_ = 0;
  too_large_ = false;
  line_too_long_ = false;
}

void SmtpSession::handle_command(std::string_view line, SmtpStep& step) {
  auto [verb, args] = split_word(line);
  if (!iequals(verb, "AUTH") && line.size() > kCommandLine - 2) {
    return error(step, "500 5.5.2 Line too long", "line_too_long");
  }
  if (iequals(verb, "EHLO")) return ehlo(args, true, step);
  if (iequals(verb, "HELO")) return ehlo(args, false, step);
  if (iequals(verb, "MAIL")) return mail_from(args, step);
  if (iequals(verb, "RCPT")) return rcpt_to(args, step);
  if (iequals(verb, "DATA")) return data(args, step);
  if (iequals(verb, "STARTTLS")) return starttls(args, step);
  if (iequals(verb, "AUTH")) return auth(args, step);
  if (iequals(verb, "RSET")) {
    if (!args.empty()) return error(step, "501 5.5.4 Syntax: RSET");
    reset_transaction();
    return reply(step, "250 2.0.0 OK");
  }
  if (iequals(verb, "NOOP")) return reply(step, "250 2.0.0 OK");
  if (iequals(verb, "QUIT")) {
    reply(step, "221 2.0.0 " + config_.hostname + " closing connection");
    mode_ = Mode::closed;
    step.action = SmtpAction::close;
    return;
  }
  if (iequals(verb, "VRFY")) {
    if (args.empty()) return error(step, "501 5.5.4 Syntax: VRFY <address>");
    return reply(step,
                 "252 2.5.0 Cannot verify the user, but will accept mail for local addresses");
  }
  if (iequals(verb, "HELP")) {
    return reply(step,
                 "214 2.0.0 Commands: EHLO HELO MAIL RCPT DATA RSET NOOP QUIT VRFY HELP STARTTLS "
                 "AUTH");
  }
  error(step, "500 5.5.2 Command not recognized", "bad_command");
}

void SmtpSession::ehlo(std::string_view args, bool extended, SmtpStep& step) {
  auto name = split_word(args).first;
  if (name.empty() || name.size() > kDomainMax) {
    return error(step,
                 extended ? "501 5.5.4 Syntax: EHLO hostname" : "501 5.5.4 Syntax: HELO hostname");
  }
  // Like RSET, a new greeting ends any transaction (RFC 5321 §4.1.4).
  reset_transaction();
  helo_ = std::string(name);
  // RFC 2034: replies to HELO and EHLO carry no enhanced status code.
  if (!extended) return reply(step, "250 " + config_.hostname);
  std::vector<std::string> lines = {config_.hostname + " greets " + helo_,
                                    "SIZE " + std::to_string(config_.max_message_bytes), "8BITMIME",
                                    "PIPELINING", "ENHANCEDSTATUSCODES"};
  if (config_.tls_available && !tls_) lines.emplace_back("STARTTLS");
  if (!config_.auth_users.empty() && (tls_ || !config_.require_tls_for_auth)) {
    lines.emplace_back("AUTH PLAIN LOGIN");
  }
  lines.emplace_back("HELP");
  for (std::size_t i = 0; i < lines.size(); ++i) {
    reply(step, (i + 1 < lines.size() ? "250-" : "250 ") + lines[i]);
  }
}

void SmtpSession::mail_from(std::string_view args, SmtpStep& step) {
  if (helo_.empty()) return error(step, "503 5.5.1 Send HELO or EHLO first", "bad_sequence");
  if (config_.require_tls && !tls_) {
    return error(step, "530 5.7.0 Must issue a STARTTLS command first", "tls_required");
  }
  if (in_transaction_) return error(step, "503 5.5.1 Sender already given", "bad_sequence");
  if (!starts_with_ci(args, "FROM:")) return error(step, "501 5.5.4 Syntax: MAIL FROM:<address>");
  Path path = parse_path(args.substr(5), true, false);
  if (!path.problem.empty()) return error(step, "501 5.1.7 " + path.problem, "bad_address");
  std::string_view params = path.params;
  while (!params.empty()) {
    auto [param, rest] = split_word(params);
    params = rest;
    auto equals = param.find('=');
    std::string_view key = param.substr(0, equals);
    std::string_view value = equals == std::string_view::npos ? "" : param.substr(equals + 1);
    if (iequals(key, "SIZE")) {
      unsigned long long size = 0;
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), size);
      if (value.empty() || end != value.data() + value.size() ||
          (ec != std::errc() && ec != std::errc::result_out_of_range)) {
        return error(step, "501 5.5.4 Bad SIZE parameter");
      }
      if (ec == std::errc::result_out_of_range || size > config_.max_message_bytes) {
        return error(step, "552 5.3.4 Message size exceeds fixed maximum message size",
                     "message_too_large");
      }
    } else if (iequals(key, "BODY")) {
      if (!iequals(value, "7BIT") && !iequals(value, "8BITMIME")) {
        return error(step, "501 5.5.4 Unsupported BODY type");
      }
    } else if (!iequals(key, "AUTH")) {  // AUTH=<mailbox> (RFC 4954 §5) is allowed and ignored
      return error(step, "555 5.5.4 Unsupported MAIL parameter");
    }
  }
  mail_ = ReceivedMail{};
  mail_.return_path = std::move(path.address);
  in_transaction_ = true;
  reply(step, "250 2.1.0 Sender OK");
}

bool SmtpSession::accepts_recipient(std::string_view address) const {
  std::string lowered = to_lower(address);
  if (lowered == "postmaster") return true;
  std::string_view domain = std::string_view(lowered).substr(lowered.rfind('@') + 1);
  return std::find(config_.accept_domains.begin(), config_.accept_domains.end(), domain) !=
             config_.accept_domains.end() ||
         std::find(config_.accept_addresses.begin(), config_.accept_addresses.end(), lowered) !=
             config_.accept_addresses.end();
}

void SmtpSession::rcpt_to(std::string_view args, SmtpStep& step) {
  if (!in_transaction_) return error(step, "503 5.5.1 Need MAIL before RCPT", "bad_sequence");
  if (!starts_with_ci(args, "TO:")) return error(step, "501 5.5.4 Syntax: RCPT TO:<address>");
  Path path = parse_path(args.substr(3), false, true);
  if (!path.problem.empty()) return error(step, "501 5.1.3 " + path.problem, "bad_address");
  if (!path.params.empty()) return error(step, "555 5.5.4 Unsupported RCPT parameter");
  if (!accepts_recipient(path.address)) {
    return error(step, "550 5.7.1 Relaying denied: not a local address", "relay_denied");
  }
  auto& recipients = mail_.recipients;
  bool known = std::any_of(recipients.begin(), recipients.end(),
                           [&](const std::string& r) { return iequals(r, path.address); });
  if (known) return reply(step, "250 2.1.5 Recipient OK");
  if (recipients.size() >= config_.max_recipients) {
    step.refusals.emplace_back("too_many_recipients");
    return reply(step, "452 4.5.3 Too many recipients");
  }
  recipients.push_back(std::move(path.address));
  reply(step, "250 2.1.5 Recipient OK");
}

void SmtpSession::data(std::string_view args, SmtpStep& step) {
  if (!args.empty()) return error(step, "501 5.5.4 Syntax: DATA");
  if (!in_transaction_) return error(step, "503 5.5.1 Need MAIL before DATA", "bad_sequence");
  if (mail_.recipients.empty()) return error(step, "554 5.5.1 No valid recipients", "bad_sequence");
  mode_ = Mode::data;
  data_bytes_ = 0;
  too_large_ = false;
  line_too_long_ = false;
  previous_crlf_ = true;
  mail_.data.clear();
  reply(step, "354 End data with <CR><LF>.<CR><LF>");
}

void SmtpSession::starttls(std::string_view args, SmtpStep& step) {
  if (!args.empty()) return error(step, "501 5.5.4 Syntax: STARTTLS");
  if (tls_) return error(step, "503 5.5.1 TLS already active", "bad_sequence");
  if (!config_.tls_available) {
    step.refusals.emplace_back("tls_unavailable");
    return reply(step, "454 4.7.0 TLS not available");
  }
  reply(step, "220 2.0.0 Ready to start TLS");
  // Anything pipelined after STARTTLS arrived in plain text and must not be
  // taken as said under TLS (CVE-2011-0411): drop it.
  input_.clear();
  consumed_ = 0;
  mode_ = Mode::tls_pending;
  step.action = SmtpAction::start_tls;
}

void SmtpSession::auth(std::string_view args, SmtpStep& step) {
  if (config_.auth_users.empty()) return error(step, "502 5.5.1 AUTH not available");
  if (helo_.empty()) return error(step, "503 5.5.1 Send EHLO first", "bad_sequence");
  if (!auth_user_.empty()) return error(step, "503 5.5.1 Already authenticated", "bad_sequence");
  if (in_transaction_) {
    return error(step, "503 5.5.1 AUTH not allowed during a mail transaction", "bad_sequence");
  }
  if (config_.require_tls && !tls_) {
    return error(step, "530 5.7.0 Must issue a STARTTLS command first", "tls_required");
  }
  if (config_.require_tls_for_auth && !tls_) {
    return error(step, "538 5.7.11 Encryption required for requested authentication mechanism",
                 "tls_required");
  }
  auto [mechanism, initial] = split_word(args);
  bool plain = iequals(mechanism, "PLAIN");
  if (!plain && !iequals(mechanism, "LOGIN")) {
    return error(step, "504 5.5.4 Unrecognized authentication type");
  }
  if (initial.empty()) {
    mode_ = plain ? Mode::auth_plain : Mode::auth_login_user;
    return reply(step, plain ? "334 " : "334 VXNlcm5hbWU6");  // "Username:"
  }
  auto decoded = initial == "=" ? std::optional<std::string>("") : smtp::decode_base64(initial);
  if (!decoded) return error(step, "501 5.5.2 Invalid base64 data");
  if (plain) {
    check_plain(*decoded, step);
  } else {
    login_user_ = std::move(*decoded);
    mode_ = Mode::auth_login_password;
    reply(step, "334 UGFzc3dvcmQ6");  // "Password:"
  }
  crypto::wipe(*decoded);
}

void SmtpSession::handle_auth_response(std::string_view line, SmtpStep& step) {
  Mode mode = mode_;
  mode_ = Mode::command;
  if (line == "*") {
    crypto::wipe(login_user_);
    return error(step, "501 5.7.0 Authentication cancelled");
  }
  auto decoded = line == "=" ? std::optional<std::string>("") : smtp::decode_base64(line);
  if (!decoded) {
    crypto::wipe(login_user_);
    return error(step, "501 5.5.2 Invalid base64 data");
  }
  if (mode == Mode::auth_plain) {
    check_plain(*decoded, step);
  } else if (mode == Mode::auth_login_user) {
    login_user_ = *decoded;
    mode_ = Mode::auth_login_password;
    reply(step, "334 UGFzc3dvcmQ6");
  } else {
    check_login(login_user_, *decoded, step);
    crypto::wipe(login_user_);
  }
  crypto::wipe(*decoded);
}

void SmtpSession::check_plain(std::string_view decoded, SmtpStep& step) {
  // authzid NUL authcid NUL password; acting for another user is not supported.
  auto first = decoded.find('\0');
  auto second = first == std::string_view::npos ? first : decoded.find('\0', first + 1);
  if (second == std::string_view::npos) return finish_auth(std::nullopt, step);
  std::string_view authzid = decoded.substr(0, first);
  std::string user(decoded.substr(first + 1, second - first - 1));
  std::string password(decoded.substr(second + 1));
  if (!authzid.empty() && authzid != user) {
    crypto::wipe(password);
    return finish_auth(std::nullopt, step);
  }
  check_login(user, password, step);
  crypto::wipe(password);
}

void SmtpSession::check_login(const std::string& user, const std::string& password,
                              SmtpStep& step) {
  // Every configured user is compared, so the time taken does not tell which
  // (or whether any) user name matched.
  std::optional<std::string> matched;
  for (const auto& [name, secret] : config_.auth_users) {
    bool name_ok = crypto::same_secret(name, user);
    bool secret_ok = crypto::same_secret(secret, password);
    if (name_ok && secret_ok) matched = name;
  }
  finish_auth(std::move(matched), step);
}

void SmtpSession::finish_auth(std::optional<std::string> user, SmtpStep& step) {
  if (user) {
    auth_user_ = std::move(*user);
    return reply(step, "235 2.7.0 Authentication successful");
  }
  error(step, "535 5.7.8 Authentication credentials invalid", "auth_failed");
  if (++auth_failures_ >= kMaxAuthFailures && mode_ != Mode::closed) {
    reply(step, "421 4.7.0 " + config_.hostname + " Too many failed authentications");
    mode_ = Mode::closed;
    step.action = SmtpAction::close;
  }
}

namespace smtp {
namespace {
constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int sextet(char c) {
  auto at = kAlphabet.find(c);
  return at == std::string_view::npos ? -1 : static_cast<int>(at);
}
}  // namespace

std::string encode_base64(std::string_view raw) {
  std::string out;
  out.reserve((raw.size() + 2) / 3 * 4);
  for (std::size_t i = 0; i < raw.size(); i += 3) {
    std::size_t n = std::min<std::size_t>(3, raw.size() - i);
    std::uint32_t group = 0;
    for (std::size_t k = 0; k < 3; ++k) {
      group <<= 8;
      if (k < n) group |= static_cast<unsigned char>(raw[i + k]);
    }
    for (std::size_t k = 0; k < 4; ++k) {
      out += k <= n ? kAlphabet[(group >> (18 - 6 * k)) & 0x3f] : '=';
    }
  }
  return out;
}

std::optional<std::string> decode_base64(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  std::string out;
  out.reserve(text.size() / 4 * 3);
  for (std::size_t i = 0; i < text.size(); i += 4) {
    bool last = i + 4 == text.size();
    std::size_t padding = 0;
    std::uint32_t group = 0;
    for (std::size_t k = 0; k < 4; ++k) {
      char c = text[i + k];
      int value = 0;
      if (c == '=' && last && k >= 2) {
        ++padding;
      } else {
        value = sextet(c);
        if (value < 0 || padding > 0) return std::nullopt;  // bad letter, or data after '='
      }
      group = (group << 6) | static_cast<std::uint32_t>(value);
    }
    for (std::size_t k = 0; k < 3 - padding; ++k) {
      out += static_cast<char>((group >> (16 - 8 * k)) & 0xff);
    }
  }
  return out;
}

std::string dot_stuff(std::string_view data) {
  std::string out;
  out.reserve(data.size() + data.size() / 64 + 5);
  bool line_start = true;
  for (std::size_t i = 0; i < data.size(); ++i) {
    char c = data[i];
    if (line_start && c == '.') out += '.';
    line_start = false;
    if (c == '\n') {
      if (i == 0 || data[i - 1] != '\r') out += '\r';
      line_start = true;
    }
    out += c;
  }
  if (!line_start) out += "\r\n";
  out += ".\r\n";
  return out;
}

}  // namespace smtp
}  // namespace careerbot
