// The ESMTP state machine, one scripted conversation per feature: commands
// in, replies and actions out, no sockets.
#include <regex>
#include <string>

#include <catch2/catch.hpp>

#include "smtp_session.hpp"

using namespace careerbot;

namespace {

SmtpSessionConfig base_config() {
  SmtpSessionConfig config;
  config.hostname = "mx.test";
  config.accept_domains = {"example.com"};
  config.accept_addresses = {"careers@partner.org"};
  return config;
}

// Feeds `text` and checks that the session wants to read on.
std::string say(SmtpSession& session, std::string_view text) {
  SmtpStep step = session.receive(text);
  INFO(text);
  CHECK(step.action == SmtpAction::read);
  return step.reply;
}

// Every 2xx/4xx/5xx reply line carries an enhanced status code.
bool enhanced(const std::string& replies) {
  static const std::regex line(R"(^[245]\d\d[ -][245]\.\d{1,3}\.\d{1,3}( .*)?$)");
  std::size_t start = 0;
  while (start < replies.size()) {
    auto end = replies.find("\r\n", start);
    if (end == std::string::npos) return false;
    if (!std::regex_match(replies.substr(start, end - start), line)) return false;
    start = end + 2;
  }
  return true;
}

const char* const kPlainTest = "dGVzdAB0ZXN0ADEyMzQ=";  // "test\0test\01234" (CHANNELS.md)

}  // namespace

TEST_CASE("a whole conversation: greeting, EHLO, envelope, data, delivery, QUIT", "[smtp]") {
  auto config = base_config();
  SmtpSession session(config, "192.0.2.1:4000");
  CHECK(session.greet().reply == "220 mx.test ESMTP careerbot ready\r\n");
  CHECK(say(session, "EHLO client.test\r\n") ==
        "250-mx.test greets client.test\r\n250-SIZE 10485760\r\n250-8BITMIME\r\n"
        "250-PIPELINING\r\n250-ENHANCEDSTATUSCODES\r\n250 HELP\r\n");
  std::string replies;
  replies += say(session, "MAIL FROM:<alice@sender.test> BODY=8BITMIME SIZE=300\r\n");
  replies += say(session, "RCPT TO:<Bot@Example.COM>\r\n");
  CHECK(say(session, "DATA\r\n") == "354 End data with <CR><LF>.<CR><LF>\r\n");
  CHECK(session.in_data());
  SmtpStep step = session.receive("Subject: hi\r\n\r\nWhat does a nurse earn? \xc3\xa9\r\n.\r\n");
  CHECK(step.action == SmtpAction::deliver);
  CHECK(step.reply.empty());
  const ReceivedMail& mail = session.mail();
  CHECK(mail.return_path == "alice@sender.test");
  CHECK(mail.recipients == std::vector<std::string>{"Bot@Example.COM"});
  CHECK(mail.data == "Subject: hi\r\n\r\nWhat does a nurse earn? \xc3\xa9\r\n");
  CHECK(mail.helo == "client.test");
  CHECK(mail.remote == "192.0.2.1:4000");
  CHECK_FALSE(mail.tls);
  step = session.delivered(StoreResult::stored);
  replies += step.reply;
  CHECK(step.reply == "250 2.0.0 Message accepted\r\n");
  CHECK(session.messages_stored() == 1);
  replies += say(session, "RSET\r\n") + say(session, "NOOP\r\n") + say(session, "VRFY bob\r\n") +
             say(session, "HELP\r\n") + say(session, "EXPN list\r\n");
  step = session.receive("QUIT\r\n");
  CHECK(step.reply == "221 2.0.0 mx.test closing connection\r\n");
  CHECK(step.action == SmtpAction::close);
  replies += step.reply;
  CHECK(enhanced(replies));
  CHECK(replies.find("252 2.5.0") != std::string::npos);
  CHECK(replies.find("214 2.0.0") != std::string::npos);
  CHECK(replies.find("500 5.5.2") != std::string::npos);  // EXPN is not offered
}

TEST_CASE("pipelined commands in one chunk are answered in order", "[smtp]") {
  auto config = base_config();
  SmtpSession session(config, "r");
  std::string replies =
      say(session,
          "EHLO c\r\nMAIL FROM:<a@b.test>\r\nRCPT TO:<x@example.com>\r\n"
          "RCPT TO:<x@elsewhere.test>\r\nRCPT TO:<careers@partner.org>\r\nDATA\r\n");
  CHECK(replies.substr(replies.find("250 HELP\r\n") + 10) ==
        "250 2.1.0 Sender OK\r\n250 2.1.5 Recipient OK\r\n"
        "550 5.7.1 Relaying denied: not a local address\r\n250 2.1.5 Recipient OK\r\n"
        "354 End data with <CR><LF>.<CR><LF>\r\n");

  SECTION("the message, the next envelope and QUIT in one chunk") {
    SmtpStep step = session.receive(
        "one\r\n.\r\nMAIL FROM:<>\r\nRCPT TO:<y@example.com>\r\nDATA\r\ntwo\r\n.\r\nQUIT\r\n");
    REQUIRE(step.action == SmtpAction::deliver);
    CHECK(session.mail().data == "one\r\n");
    CHECK(session.mail().recipients ==
          std::vector<std::string>{"x@example.com", "careers@partner.org"});
    step = session.delivered(StoreResult::stored);
    CHECK(step.reply ==
          "250 2.0.0 Message accepted\r\n250 2.1.0 Sender OK\r\n250 2.1.5 Recipient OK\r\n"
          "354 End data with <CR><LF>.<CR><LF>\r\n");
    REQUIRE(step.action == SmtpAction::deliver);
    CHECK(session.mail().return_path.empty());
    CHECK(session.mail().data == "two\r\n");
    step = session.delivered(StoreResult::retry_later);
    CHECK(step.reply ==
          "451 4.3.0 Message not stored, try again later\r\n221 2.0.0 mx.test closing "
          "connection\r\n");
    CHECK(step.action == SmtpAction::close);
  }
  SECTION("a refused message gets 554") {
    REQUIRE(session.receive("x\r\n.\r\n").action == SmtpAction::deliver);
    CHECK(session.delivered(StoreResult::rejected).reply == "554 5.6.0 Message rejected\r\n");
  }
}

TEST_CASE("data is dot-unstuffed and ends only at CRLF . CRLF", "[smtp]") {
  auto config = base_config();
  SmtpSession session(config, "r");
  say(session, "EHLO c\r\nMAIL FROM:<a@b.test>\r\nRCPT TO:<x@example.com>\r\nDATA\r\n");
  std::string body =
      "..\r\n"      // a lone dot, stuffed
      "...two\r\n"  // "..two"
      ".x\r\n"      // an unneeded stuffing dot is still removed
      " .\r\n"      // not at the start of the line
      "bare\n"      // bare LF: stored as CRLF
      ".\n"         // a dot line after a bare LF ends nothing
      "cr\r.\r\n"   // nor does a dot after a lone CR
      "end\r\n"
      ".\r\n";
  std::string expected = ".\r\n..two\r\nx\r\n .\r\nbare\r\n\r\ncr\r.\r\nend\r\n";

  SECTION("in one chunk") {
    SmtpStep step = session.receive(body);
    REQUIRE(step.action == SmtpAction::deliver);
    CHECK(session.mail().data == expected);
  }
  SECTION("one byte at a time") {
    SmtpStep step;
    for (std::size_t i = 0; i < body.size(); ++i) {
      step = session.receive(body.substr(i, 1));
      if (i + 1 < body.size()) REQUIRE(step.action == SmtpAction::read);
    }
    REQUIRE(step.action == SmtpAction::deliver);
    CHECK(session.mail().data == expected);
  }
}

TEST_CASE("commands may end in a bare LF", "[smtp]") {
  auto config = base_config();
  SmtpSession session(config, "r");
  std::string replies =
      say(session, "HELO c\nMAIL FROM:<a@b.test>\nRCPT TO:<x@example.com>\nDATA\n");
  CHECK(replies ==
        "250 mx.test\r\n250 2.1.0 Sender OK\r\n250 2.1.5 Recipient OK\r\n"
        "354 End data with <CR><LF>.<CR><LF>\r\n");
  REQUIRE(session.receive("line\n\r\n.\r\n").action == SmtpAction::deliver);
  CHECK(session.mail().data == "line\r\n\r\n");
}

TEST_CASE("message size: SIZE on MAIL and the limit while reading", "[smtp]") {
  auto config = base_config();
  config.max_message_bytes = 100;
  SmtpSession session(config, "r");
  say(session, "EHLO c\r\n");
  CHECK(say(session, "MAIL FROM:<a@b.test> SIZE=101\r\n") ==
        "552 5.3.4 Message size exceeds fixed maximum message size\r\n");
  CHECK(say(session, "MAIL FROM:<a@b.test> SIZE=99999999999999999999999\r\n")
            .starts_with("552 5.3.4"));
  CHECK(say(session, "MAIL FROM:<a@b.test> SIZE=12x\r\n").starts_with("501 5.5.4"));
  CHECK(say(session, "MAIL FROM:<a@b.test> BODY=BINARYMIME\r\n").starts_with("501 5.5.4"));
  CHECK(say(session, "MAIL FROM:<a@b.test> SMTPUTF8\r\n").starts_with("555 5.5.4"));
  CHECK(say(session, "MAIL FROM:<a@b.test> SIZE=100 BODY=8BITMIME\r\n") ==
        "250 2.1.0 Sender OK\r\n");
  say(session, "RCPT TO:<x@example.com>\r\nDATA\r\n");
  // 98 + CRLF = 100 octets fit; one more line does not.
  std::string line(98, 'a');
  CHECK(say(session, line + "\r\n").empty());
  CHECK(say(session, "b\r\n").empty());
  CHECK(say(session, std::string(5000, 'c').substr(0, 900) + "\r\n.\r\n") ==
        "552 5.3.4 Message size exceeds fixed maximum message size\r\n");
  CHECK(session.mail().data.empty());
  // The session goes on; a message within the limit is taken.
  CHECK(say(session, "RCPT TO:<x@example.com>\r\n").starts_with("503 5.5.1"));
  say(session, "MAIL FROM:<a@b.test>\r\nRCPT TO:<x@example.com>\r\nDATA\r\n");
  REQUIRE(session.receive(line + "\r\n.\r\n").action == SmtpAction::deliver);
  CHECK(session.mail().data == line + "\r\n");
}

TEST_CASE("recipients: never an open relay", "[smtp]") {
  auto config = base_config();
  SmtpSession session(config, "r");
  say(session, "EHLO c\r\nMAIL FROM:<a@b.test>\r\n");
  CHECK(say(session, "RCPT TO:<anyone@EXAMPLE.com>\r\n") == "250 2.1.5 Recipient OK\r\n");
  CHECK(say(session, "RCPT TO:<Careers@Partner.org>\r\n") == "250 2.1.5 Recipient OK\r\n");
  CHECK(say(session, "RCPT TO:<postmaster>\r\n") == "250 2.1.5 Recipient OK\r\n");
  for (const char* other :
       {"<other@partner.org>", "<x@sub.example.com>", "<x@example.com.evil.test>",
        "<victim@gmail.test>", "<@example.com:x@evil.test>", "<x@[127.0.0.1]>"}) {
    INFO(other);
    SmtpStep step = session.receive(std::string("RCPT TO:") + other + "\r\n");
    CHECK(step.reply == "550 5.7.1 Relaying denied: not a local address\r\n");
    CHECK(step.refusals == std::vector<std::string_view>{"relay_denied"});
  }
}

TEST_CASE("452 past the recipient limit", "[smtp]") {
  auto config = base_config();
  SmtpSession session(config, "r");
  say(session, "EHLO c\r\nMAIL FROM:<a@b.test>\r\n");
  for (int i = 1; i <= 100; ++i) {
    REQUIRE(say(session, "RCPT TO:<user" + std::to_string(i) + "@example.com>\r\n") ==
            "250 2.1.5 Recipient OK\r\n");
  }
  CHECK(say(session, "RCPT TO:<user101@example.com>\r\n") == "452 4.5.3 Too many recipients\r\n");
  CHECK(say(session, "RCPT TO:<user5@example.com>\r\n") == "250 2.1.5 Recipient OK\r\n");
  say(session, "DATA\r\n");
  REQUIRE(session.receive("x\r\n.\r\n").action == SmtpAction::deliver);
  CHECK(session.mail().recipients.size() == 100);
}

TEST_CASE("address syntax and length limits", "[smtp]") {
  auto config = base_config();
  SmtpSession session(config, "r");
  say(session, "EHLO c\r\n");
  CHECK(say(session, "MAIL FROM:a@b.test\r\n").starts_with("501 5.1.7"));
  CHECK(say(session, "MAIL FROM:<a b@c.test>\r\n").starts_with("501 5.1.7"));
  CHECK(say(session, "MAIL FROM:<" + std::string(65, 'a') + "@b.test>\r\n") ==
        "501 5.1.7 Local part longer than 64 octets\r\n");
  CHECK(say(session, "MAIL TO:<a@b.test>\r\n").starts_with("501 5.5.4"));
  CHECK(say(session, "MAIL FROM: <" + std::string(64, 'a') + "@b.test>\r\n") ==
        "250 2.1.0 Sender OK\r\n");
  say(session, "RSET\r\n");
  // A path may be 256 octets with its brackets, no more.
  std::string local(64, 'l');
  std::string domain = std::string(185, 'd') + ".com";  // <64@189> is 256
  CHECK(say(session, "MAIL FROM:<" + local + "@" + domain + ">\r\n") == "250 2.1.0 Sender OK\r\n");
  CHECK(say(session, "RCPT TO:<" + local + "@d" + domain + ">\r\n") ==
        "501 5.1.3 Path longer than 256 octets\r\n");
  CHECK(say(session, "RCPT TO:<x@-bad_domain.com>\r\n").starts_with("501 5.1.3"));
  CHECK(say(session, "RCPT TO:<>\r\n").starts_with("501 5.1.3"));
  CHECK(say(session, "RCPT TO:<x@example.com> NOTIFY=NEVER\r\n").starts_with("555 5.5.4"));
  CHECK(say(session, "RCPT TO:<\"odd name\"@example.com>\r\n") == "250 2.1.5 Recipient OK\r\n");
}

TEST_CASE("commands out of sequence get 503", "[smtp]") {
  auto config = base_config();
  SmtpSession session(config, "r");
  CHECK(say(session, "MAIL FROM:<a@b.test>\r\n") == "503 5.5.1 Send HELO or EHLO first\r\n");
  say(session, "EHLO c\r\n");
  CHECK(say(session, "RCPT TO:<x@example.com>\r\n").starts_with("503 5.5.1"));
  CHECK(say(session, "DATA\r\n").starts_with("503 5.5.1"));
  say(session, "MAIL FROM:<a@b.test>\r\n");
  CHECK(say(session, "MAIL FROM:<a@b.test>\r\n").starts_with("503 5.5.1"));
  CHECK(say(session, "DATA\r\n") == "554 5.5.1 No valid recipients\r\n");
  CHECK(say(session, "EHLO again\r\n").starts_with("250-mx.test"));  // EHLO resets the envelope
  CHECK(say(session, "RCPT TO:<x@example.com>\r\n").starts_with("503 5.5.1"));
  CHECK(say(session, "EHLO\r\n") == "501 5.5.4 Syntax: EHLO hostname\r\n");
}

TEST_CASE("STARTTLS", "[smtp]") {
  auto config = base_config();

  SECTION("454 when no certificate is configured") {
    SmtpSession session(config, "r");
    CHECK(say(session, "EHLO c\r\n").find("STARTTLS") == std::string::npos);
    CHECK(say(session, "STARTTLS\r\n") == "454 4.7.0 TLS not available\r\n");
  }

  config.tls_available = true;
  SmtpSession session(config, "r");
  CHECK(say(session, "EHLO c\r\n").find("250-STARTTLS\r\n") != std::string::npos);
  CHECK(say(session, "STARTTLS now\r\n").starts_with("501 5.5.4"));

  SECTION("everything said before is forgotten, and pipelined plain text is dropped") {
    say(session, "MAIL FROM:<a@b.test>\r\n");
    SmtpStep step = session.receive("STARTTLS\r\nRCPT TO:<x@example.com>\r\n");
    CHECK(step.reply == "220 2.0.0 Ready to start TLS\r\n");
    CHECK(step.action == SmtpAction::start_tls);
    session.tls_started();
    CHECK(session.tls());
    CHECK(session.helo().empty());
    CHECK(say(session, "MAIL FROM:<a@b.test>\r\n") == "503 5.5.1 Send HELO or EHLO first\r\n");
    std::string ehlo = say(session, "EHLO c\r\n");
    CHECK(ehlo.find("STARTTLS") == std::string::npos);
    CHECK(say(session, "STARTTLS\r\n") == "503 5.5.1 TLS already active\r\n");
    CHECK(say(session, "RCPT TO:<x@example.com>\r\n").starts_with("503 5.5.1"));
    say(session, "MAIL FROM:<a@b.test>\r\nRCPT TO:<x@example.com>\r\nDATA\r\n");
    REQUIRE(session.receive("hi\r\n.\r\n").action == SmtpAction::deliver);
    CHECK(session.mail().tls);
  }
  SECTION("require_tls: 530 for MAIL before STARTTLS") {
    config.require_tls = true;
    SmtpSession strict(config, "r");
    say(strict, "EHLO c\r\n");
    CHECK(say(strict, "MAIL FROM:<a@b.test>\r\n") ==
          "530 5.7.0 Must issue a STARTTLS command first\r\n");
    REQUIRE(strict.receive("STARTTLS\r\n").action == SmtpAction::start_tls);
    strict.tls_started();
    CHECK(say(strict, "EHLO c\r\nMAIL FROM:<a@b.test>\r\n").ends_with("250 2.1.0 Sender OK\r\n"));
  }
}

TEST_CASE("AUTH PLAIN and LOGIN", "[smtp]") {
  auto config = base_config();
  config.tls_available = true;
  config.auth_users = {{"other", "secret"}, {"test", "1234"}};
  SmtpSession session(config, "r");
  std::string ehlo = say(session, "EHLO c\r\n");
  CHECK(ehlo.find("AUTH") == std::string::npos);  // not offered before TLS
  CHECK(say(session, std::string("AUTH PLAIN ") + kPlainTest + "\r\n") ==
        "538 5.7.11 Encryption required for requested authentication mechanism\r\n");
  REQUIRE(session.receive("STARTTLS\r\n").action == SmtpAction::start_tls);
  session.tls_started();
  CHECK(say(session, std::string("AUTH PLAIN ") + kPlainTest + "\r\n").starts_with("503 5.5.1"));
  CHECK(say(session, "EHLO c\r\n").find("250-AUTH PLAIN LOGIN\r\n") != std::string::npos);

  SECTION("PLAIN with an initial response (the CHANNELS.md vector)") {
    CHECK(say(session, std::string("AUTH PLAIN ") + kPlainTest + "\r\n") ==
          "235 2.7.0 Authentication successful\r\n");
    CHECK(session.auth_user() == "test");
    CHECK(say(session, std::string("AUTH PLAIN ") + kPlainTest + "\r\n") ==
          "503 5.5.1 Already authenticated\r\n");
    say(session, "MAIL FROM:<a@b.test>\r\nRCPT TO:<x@example.com>\r\nDATA\r\n");
    REQUIRE(session.receive("hi\r\n.\r\n").action == SmtpAction::deliver);
    CHECK(session.mail().auth_user == "test");
  }
  SECTION("PLAIN after an empty 334 challenge") {
    CHECK(say(session, "AUTH plain\r\n") == "334 \r\n");
    CHECK(say(session, std::string(kPlainTest) + "\r\n") ==
          "235 2.7.0 Authentication successful\r\n");
  }
  SECTION("PLAIN with \"=\" (an empty initial response) fails") {
    CHECK(say(session, "AUTH PLAIN =\r\n") == "535 5.7.8 Authentication credentials invalid\r\n");
  }
  SECTION("PLAIN acting for another user is refused") {
    CHECK(say(session, "AUTH PLAIN " +
                           smtp::encode_base64(std::string("other\0test\0"
                                                           "1234",
                                                           15)) +
                           "\r\n")
              .starts_with("535 5.7.8"));
  }
  SECTION("LOGIN") {
    CHECK(say(session, "AUTH LOGIN\r\n") == "334 VXNlcm5hbWU6\r\n");
    CHECK(say(session, "dGVzdA==\r\n") == "334 UGFzc3dvcmQ6\r\n");
    CHECK(say(session, "MTIzNA==\r\n") == "235 2.7.0 Authentication successful\r\n");
    CHECK(session.auth_user() == "test");
  }
  SECTION("LOGIN with the user name as initial response") {
    CHECK(say(session, "AUTH LOGIN b3RoZXI=\r\n") == "334 UGFzc3dvcmQ6\r\n");
    CHECK(say(session, "c2VjcmV0\r\n") == "235 2.7.0 Authentication successful\r\n");
    CHECK(session.auth_user() == "other");
  }
  SECTION("\"*\" cancels") {
    CHECK(say(session, "AUTH LOGIN\r\n") == "334 VXNlcm5hbWU6\r\n");
    CHECK(say(session, "*\r\n") == "501 5.7.0 Authentication cancelled\r\n");
    CHECK(say(session, "NOOP\r\n") == "250 2.0.0 OK\r\n");
    CHECK(session.auth_user().empty());
  }
  SECTION("bad base64, unknown mechanisms, wrong passwords") {
    CHECK(say(session, "AUTH PLAIN !!!!\r\n") == "501 5.5.2 Invalid base64 data\r\n");
    CHECK(say(session, "AUTH CRAM-MD5\r\n") == "504 5.5.4 Unrecognized authentication type\r\n");
    CHECK(say(session, "AUTH PLAIN " +
                           smtp::encode_base64(std::string("\0test\0"
                                                           "12345",
                                                           11)) +
                           "\r\n") == "535 5.7.8 Authentication credentials invalid\r\n");
    CHECK(say(session, "AUTH PLAIN " +
                           smtp::encode_base64(std::string("\0tes\0"
                                                           "1234",
                                                           9)) +
                           "\r\n") == "535 5.7.8 Authentication credentials invalid\r\n");
    SmtpStep step =
        session.receive("AUTH PLAIN " + smtp::encode_base64(std::string("\0x\0y", 4)) + "\r\n");
    CHECK(step.reply ==
          "535 5.7.8 Authentication credentials invalid\r\n"
          "421 4.7.0 mx.test Too many failed authentications\r\n");
    CHECK(step.action == SmtpAction::close);
  }
  SECTION("not during a mail transaction") {
    say(session, "MAIL FROM:<a@b.test>\r\n");
    CHECK(say(session, std::string("AUTH PLAIN ") + kPlainTest + "\r\n").starts_with("503 5.5.1"));
  }
}

TEST_CASE("AUTH is offered before TLS only when so configured", "[smtp]") {
  auto config = base_config();
  SmtpSession none(config, "r");
  CHECK(say(none, "EHLO c\r\n").find("AUTH") == std::string::npos);
  CHECK(say(none, "AUTH PLAIN =\r\n").starts_with("502 5.5.1"));

  config.auth_users = {{"test", "1234"}};
  config.require_tls_for_auth = false;
  SmtpSession open(config, "r");
  CHECK(say(open, "EHLO c\r\n").find("250-AUTH PLAIN LOGIN\r\n") != std::string::npos);
  CHECK(say(open, std::string("AUTH PLAIN ") + kPlainTest + "\r\n") ==
        "235 2.7.0 Authentication successful\r\n");
}

TEST_CASE("overlong lines", "[smtp]") {
  auto config = base_config();
  SmtpSession session(config, "r");
  say(session, "EHLO c\r\n");

  SECTION("a command line over 512 octets gets 500 and the session goes on") {
    CHECK(say(session, "NOOP " + std::string(505, 'x') + "\r\n") == "250 2.0.0 OK\r\n");  // 512
    CHECK(say(session, "NOOP " + std::string(506, 'x') + "\r\n") == "500 5.5.2 Line too long\r\n");
    // A huge line without a newline is not buffered: it is dropped as it comes.
    for (int i = 0; i < 20; ++i) CHECK(say(session, std::string(4000, 'y')).empty());
    CHECK(say(session, "\r\nNOOP\r\n") == "500 5.5.2 Line too long\r\n250 2.0.0 OK\r\n");
  }
  SECTION("a text line over 1000 octets refuses the message at the final dot") {
    say(session, "MAIL FROM:<a@b.test>\r\nRCPT TO:<x@example.com>\r\nDATA\r\n");
    CHECK(say(session, std::string(998, 'a') + "\r\n." + std::string(998, 'b') + "\r\n").empty());
    CHECK(say(session, std::string(999, 'c') + "\r\n").empty());
    CHECK(say(session, ".\r\n") == "552 5.6.0 Message has a line longer than 1000 octets\r\n");
    CHECK(say(session, "NOOP\r\n") == "250 2.0.0 OK\r\n");
  }
  SECTION("a text line with no end in sight") {
    say(session, "MAIL FROM:<a@b.test>\r\nRCPT TO:<x@example.com>\r\nDATA\r\n");
    for (int i = 0; i < 10; ++i) CHECK(say(session, std::string(3000, 'z')).empty());
    CHECK(say(session, "\r\n.\r\n") == "552 5.6.0 Message has a line longer than 1000 octets\r\n");
  }
}

// Found by fuzz/smtp_session_fuzz: the replies to a line over the limits
// depended on how its bytes were cut into reads (a whole AUTH line of any
// length was decoded; the octets of a dropped line did not count towards SIZE).
TEST_CASE("an overlong line is judged by its length however it is read", "[smtp]") {
  auto config = base_config();
  config.auth_users = {{"test", "1234"}};
  config.require_tls_for_auth = false;
  config.max_message_bytes = 4096;
  auto replies = [&](const std::string& client, std::size_t chunk) {
    SmtpSession session(config, "r");
    std::string out;
    for (std::size_t at = 0; at < client.size(); at += chunk) {
      out += session.receive(std::string_view(client).substr(at, chunk)).reply;
    }
    return out;
  };

  SECTION("an AUTH line over 12288 octets") {
    std::string client = "EHLO c\r\nAUTH PLAIN " + std::string(13000, 'A') + "\r\nNOOP\r\n";
    std::string expected =
        "250-mx.test greets c\r\n250-SIZE 4096\r\n250-8BITMIME\r\n250-PIPELINING\r\n"
        "250-ENHANCEDSTATUSCODES\r\n250-AUTH PLAIN LOGIN\r\n250 HELP\r\n"
        "500 5.5.2 Line too long\r\n250 2.0.0 OK\r\n";
    CHECK(replies(client, client.size()) == expected);
    CHECK(replies(client, 1) == expected);
  }
  SECTION("a text line that alone is over the message size") {
    std::string client = "EHLO c\r\nMAIL FROM:<a@b.test>\r\nRCPT TO:<x@example.com>\r\nDATA\r\n" +
                         std::string(5000, 'x') + "\r\n.\r\n";
    std::string whole = replies(client, client.size());
    CHECK(whole.ends_with("\r\n552 5.3.4 Message size exceeds fixed maximum message size\r\n"));
    CHECK(replies(client, 1) == whole);
    CHECK(replies(client, 7) == whole);
  }
}

TEST_CASE("too many errors end the session", "[smtp]") {
  auto config = base_config();
  SmtpSession session(config, "r");
  SmtpStep step;
  for (int i = 0; i < 20; ++i) step = session.receive("BOGUS\r\n");
  CHECK(step.reply ==
        "500 5.5.2 Command not recognized\r\n421 4.7.0 mx.test Too many errors, closing "
        "connection\r\n");
  CHECK(step.action == SmtpAction::close);
  CHECK(session.receive("NOOP\r\n").action == SmtpAction::close);
}

TEST_CASE("service replies: busy, timeout, shutdown", "[smtp]") {
  auto config = base_config();
  SmtpSession session(config, "r");
  CHECK(session.refuse_busy().reply ==
        "421 4.3.2 mx.test Too many connections, try again later\r\n");
  CHECK(session.timed_out().reply == "421 4.4.2 mx.test Timeout exceeded, closing connection\r\n");
  CHECK(session.shutting_down().action == SmtpAction::close);
  CHECK(session.idle());
  say(session, "EHLO c\r\nMAIL FROM:<a@b.test>\r\n");
  CHECK_FALSE(session.idle());
}

TEST_CASE("base64 and dot-stuffing helpers", "[smtp]") {
  CHECK(smtp::encode_base64(std::string("test\0test\0"
                                        "1234",
                                        14)) == kPlainTest);
  CHECK(smtp::decode_base64(kPlainTest) == std::string("test\0test\0"
                                                       "1234",
                                                       14));
  CHECK(smtp::encode_base64("").empty());
  CHECK(smtp::encode_base64("ab") == "YWI=");
  CHECK(smtp::decode_base64("YWI=") == "ab");
  CHECK_FALSE(smtp::decode_base64("YWI"));
  CHECK_FALSE(smtp::decode_base64("Y=Jj"));
  CHECK_FALSE(smtp::decode_base64("YW=I"));
  CHECK(smtp::dot_stuff("a\r\n.b\r\n.\r\n") == "a\r\n..b\r\n..\r\n.\r\n");
  CHECK(smtp::dot_stuff(".start\nbare") == "..start\r\nbare\r\n.\r\n");
  CHECK(smtp::dot_stuff("") == ".\r\n");
}
