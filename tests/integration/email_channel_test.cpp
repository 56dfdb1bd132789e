// The email channel end to end, with real peers: mail goes in with swaks,
// curl and Python's smtplib (plain and STARTTLS) or through the provider
// webhooks, and replies are caught by a real SMTP relay (aiosmtpd with
// STARTTLS, tests/support/smtp_sink.py). Automatic mail gets no reply, an
// open-relay attempt is refused, and a reply survives the relay being down
// and the server being killed.
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <set>
#include <thread>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "chat_common.hpp"
#include "crypto.hpp"
#include "http_client.hpp"
#include "mail_relay.hpp"
#include "peer_process.hpp"
#include "server_process.hpp"

using namespace careerbot::test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const std::string kAddress = "careers@example.org";

std::vector<std::string> email_env(unsigned short relay_port) {
  const TestPki& pki = test_pki();
  return {"CAREERBOT_EMAIL_ADDRESS=" + kAddress,
          "CAREERBOT_EMAIL_RELAY_HOST=localhost",
          "CAREERBOT_EMAIL_RELAY_PORT=" + std::to_string(relay_port),
          "CAREERBOT_EMAIL_RELAY_TLS=starttls",
          "CAREERBOT_EMAIL_RELAY_CA_FILE=" + pki.ca_cert,
          "CAREERBOT_EMAIL_SMTP_TLS_CERT_FILE=" + pki.server_cert,
          "CAREERBOT_EMAIL_SMTP_TLS_KEY_FILE=" + pki.server_key,
          "CAREERBOT_DELIVERY_FIRST_RETRY_MS=200"};
}

struct Shell {
  int status = -1;
  std::string output;
};

// Runs a shell command, capturing its output and exit status.
Shell shell(const std::string& command) {
  std::string file = temp_dir("shell") + "/out";
  int status = std::system((command + " >" + file + " 2>&1").c_str());
  return {WEXITSTATUS(status), read_file(file)};
}

Shell swaks(const ServerProcess& server, const std::string& options) {
  return shell("swaks --server 127.0.0.1:" + std::to_string(server.smtp_port()) + " --timeout 20 " +
               options);
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// A header's value from a raw message (first occurrence, unfolded).
std::string header(const std::string& data, const std::string& name) {
  std::string needle = "\n" + name + ":";
  auto at = ("\n" + data).find(needle);
  if (at == std::string::npos) return "";
  std::string rest = data.substr(at + name.size());
  if (!rest.empty() && rest.front() == ':') rest.erase(0, 1);
  std::string value;
  std::size_t pos = 0;
  while (pos < rest.size()) {
    auto end = rest.find('\n', pos);
    std::string line = rest.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (pos > 0 && (line.empty() || (line.front() != ' ' && line.front() != '\t'))) break;
    value += line;
    if (end == std::string::npos) break;
    pos = end + 1;
  }
  auto first = value.find_first_not_of(" \t");
  return first == std::string::npos ? "" : value.substr(first);
}

void settle() {
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
}

}  // namespace

TEST_CASE("email: a question sent with swaks gets one threaded reply with both answers",
          "[integration][email]") {
  MailRelay relay;
  ServerProcess server({}, email_env(relay.port()));
  REQUIRE(server.smtp_port() != 0);
  std::string question =
      "--from ana@example.net --to careers@example.org --header 'Subject: Re: Re: career question' "
      "--header 'Message-Id: <q1@example.net>' --header 'References: <q0@example.net>' "
      "--body 'What does a back end developer earn and what degree do I need?'";
  auto sent = swaks(server, question);
  REQUIRE(sent.status == 0);
  CHECK(contains(sent.output, "250 2.0.0"));

  auto messages = relay.wait_for(1);
  REQUIRE(messages.size() == 1);
  const auto& reply = messages[0];
  CHECK(reply.envelope["mail_from"] == kAddress);
  CHECK(reply.envelope["rcpt_tos"] == json::array({"ana@example.net"}));
  CHECK(reply.envelope["tls"] == true);  // STARTTLS, verified against the test CA
  CHECK(header(reply.data, "Subject") == "Re: career question");
  CHECK(header(reply.data, "To") == "ana@example.net");
  CHECK(header(reply.data, "In-Reply-To") == "<q1@example.net>");
  CHECK(header(reply.data, "References") == "<q0@example.net> <q1@example.net>");
  CHECK(header(reply.data, "Auto-Submitted") == "auto-replied");
  CHECK(contains(header(reply.data, "Content-Type"), "multipart/alternative"));
  CHECK(contains(reply.data, "text/plain"));
  CHECK(contains(reply.data, "text/html"));
  CHECK(contains(reply.data, "$121,668"));
  CHECK(contains(reply.data, "Bachelor"));
  CHECK(!header(reply.data, "Message-Id").empty());

  // The same message again (a client retrying after a lost 250): no second reply.
  CHECK(swaks(server, question).status == 0);
  settle();
  CHECK(relay.messages().size() == 1);
}

TEST_CASE("email: bounces, automatic mail, lists and system senders get no reply",
          "[integration][email]") {
  MailRelay relay;
  ServerProcess server({}, email_env(relay.port()));
  const std::string ask =
      "--to careers@example.org --header 'Subject: salary' --body 'how much do nurses make?'";
  CHECK(swaks(server, "--from '<>' " + ask).status == 0);  // MAIL FROM:<>, a bounce
  CHECK(swaks(server, "--from robot@example.net --header 'Auto-Submitted: auto-generated' " + ask)
            .status == 0);
  CHECK(swaks(server,
              "--from member@example.net --header 'List-Id: <careers.lists.example.net>' " + ask)
            .status == 0);
  CHECK(swaks(server, "--from news@example.net --header 'Precedence: bulk' " + ask).status == 0);
  CHECK(swaks(server, "--from MAILER-DAEMON@example.net " + ask).status == 0);
  CHECK(swaks(server, "--from noreply@example.net " + ask).status == 0);
  CHECK(swaks(server, "--from careers@example.org " + ask).status == 0);  // our own address
  // A person's question after all that is answered: the only reply.
  CHECK(swaks(server, "--from ben@example.net " + ask).status == 0);
  auto messages = relay.wait_for(1);
  settle();
  messages = relay.messages();
  REQUIRE(messages.size() == 1);
  CHECK(messages[0].envelope["rcpt_tos"] == json::array({"ben@example.net"}));
  auto metrics = get(server.port(), "/metrics").body;
  for (const char* reason : {"bounce", "auto_submitted", "mailing_list", "bulk_precedence",
                             "system_sender", "own_message"}) {
    CHECK(contains(metrics,
                   std::string(R"(careerbot_channel_skipped_total{channel="email",reason=")") +
                       reason + "\"}"));
  }
  CHECK(contains(server.log(), R"("event":"email_not_answered")"));
}

TEST_CASE("email: an open-relay attempt is refused; curl and smtplib over STARTTLS are answered",
          "[integration][email]") {
  MailRelay relay;
  ServerProcess server({}, email_env(relay.port()));
  auto relay_attempt =
      swaks(server, "--from spam@example.net --to victim@elsewhere.example --body hi");
  CHECK(relay_attempt.status != 0);
  CHECK(contains(relay_attempt.output, "550"));

  std::string dir = temp_dir("curl-mail");
  write_file(
      dir + "/mail.txt",
      "From: Cleo <cleo@example.net>\r\nTo: careers@example.org\r\nSubject: nurses\r\n"
      "Message-ID: <curl-1@example.net>\r\n\r\nWhat education do registered nurses need?\r\n");
  auto curl = shell("curl -sS smtp://127.0.0.1:" + std::to_string(server.smtp_port()) +
                    " --mail-from cleo@example.net --mail-rcpt careers@example.org -T " + dir +
                    "/mail.txt");
  CHECK(curl.status == 0);

  write_file(dir + "/send.py",
             "import smtplib, ssl, sys\n"
             "ctx = ssl.create_default_context(cafile=sys.argv[2])\n"
             "with smtplib.SMTP('localhost', int(sys.argv[1]), timeout=20) as s:\n"
             "    s.starttls(context=ctx)\n"
             "    s.sendmail('dan@example.net', ['careers@example.org'],\n"
             "        'From: dan@example.net\\r\\nTo: careers@example.org\\r\\nSubject: "
             "=?utf-8?q?Caf=C3=A9?=\\r\\n'\n"
             "        'Message-ID: <py-1@example.net>\\r\\nContent-Type: text/plain; "
             "charset=utf-8\\r\\n\\r\\n'\n"
             "        'How much do electricians make?\\r\\n'.encode())\n");
  auto python = shell("/usr/bin/python3 " + dir + "/send.py " + std::to_string(server.smtp_port()) +
                      " " + test_pki().ca_cert);
  CHECK(python.status == 0);
  INFO(python.output);
  auto messages = relay.wait_for(2);
  REQUIRE(messages.size() == 2);
  std::set<std::string> recipients;
  for (const auto& m : messages) recipients.insert(m.envelope["rcpt_tos"][0].get<std::string>());
  CHECK(recipients == std::set<std::string>{"cleo@example.net", "dan@example.net"});
}

TEST_CASE("email: a relay that is down for a while still gets the reply once",
          "[integration][email][outbox]") {
  unsigned short relay_port = free_port();
  ServerProcess server({}, email_env(relay_port));
  REQUIRE(
      swaks(server, "--from eve@example.net --to careers@example.org --body 'accountant salary?'")
          .status == 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(800));
  CHECK(contains(server.log(), R"("event":"outbox_retry")"));
  MailRelay relay(relay_port);
  auto messages = relay.wait_for(1, std::chrono::seconds(20));
  REQUIRE(messages.size() == 1);
  settle();
  CHECK(relay.messages().size() == 1);
}

TEST_CASE("email: a message acknowledged before kill -9 is answered after the restart",
          "[integration][email][outbox]") {
  std::string dir = temp_dir("email-crash");
  std::vector<std::string> args = {"--data-dir", dir + "/var"};
  unsigned short relay_port = free_port();
  {
    ServerProcess server(args, email_env(relay_port));
    auto sent = swaks(server,
                      "--from fay@example.net --to careers@example.org --header "
                      "'Message-Id: <crash-1@example.net>' --body 'what do lawyers earn?'");
    REQUIRE(contains(sent.output, "250 2.0.0"));
    server.signal(SIGKILL);
    server.wait_exit(std::chrono::seconds(5));
  }
  MailRelay relay(relay_port);
  ServerProcess server(args, email_env(relay_port));
  auto messages = relay.wait_for(1, std::chrono::seconds(20));
  REQUIRE(messages.size() == 1);
  CHECK(header(messages[0].data, "In-Reply-To") == "<crash-1@example.net>");
}

TEST_CASE("email: MIME in every encoding is read, and a malformed message does no harm",
          "[integration][email]") {
  MailRelay relay;
  ServerProcess server({}, email_env(relay.port()));
  std::string data_dir = CAREERBOT_SOURCE_DIR "/tests/data/mail/";
  int sent = 0;
  for (const auto& entry : fs::directory_iterator(data_dir)) {
    auto result =
        swaks(server, "--from gus" + std::to_string(sent) +
                          "@example.net --to careers@example.org --data @" + entry.path().string());
    INFO(entry.path().string() << "\n" << result.output);
    // RFC 5321 caps a line at 1000 octets with its CRLF; longer ones are refused.
    std::string raw = read_file(entry.path().string());
    bool long_line = false;
    for (std::size_t start = 0; start < raw.size();) {
      auto end = raw.find('\n', start);
      if (end == std::string::npos) end = raw.size();
      long_line = long_line || end - start > 999;
      start = end + 1;
    }
    CHECK(contains(result.output, long_line ? "552 5.6.0" : "250 2.0.0"));
    ++sent;
  }
  REQUIRE(sent >= 5);
  settle();
  // The server is alive and still answering.
  CHECK(get(server.port(), "/healthz").status == 200);
  CHECK(!relay.wait_for(1).empty());
}

namespace {

std::string now_text(long long offset = 0) {
  auto now = std::chrono::duration_cast<std::chrono::seconds>(
      std::chrono::system_clock::now().time_since_epoch());
  return std::to_string(now.count() + offset);
}

}  // namespace

TEST_CASE("email: Mailgun, SendGrid and Postmark webhooks are verified and answered",
          "[integration][email][webhooks]") {
  MailRelay relay;
  auto env = email_env(relay.port());
  env.emplace_back("CAREERBOT_EMAIL_MAILGUN_SIGNING_KEY=key-test");
  env.emplace_back("CAREERBOT_EMAIL_SENDGRID_PASSWORD=sg-pass");
  env.emplace_back("CAREERBOT_EMAIL_POSTMARK_PASSWORD=pm-pass");
  ServerProcess server({}, env);

  auto mailgun = [&](const std::string& token, long long offset, const std::string& id) {
    std::string ts = now_text(offset);
    std::string signature = careerbot::crypto::hmac_sha256_hex("key-test", ts + token);
    std::string headers =
        json::array({json::array({"Message-Id", "<" + id + ">"}), json::array({"Subject", "pay"})})
            .dump();
    std::string body = careerbot::form_encode({{"sender", "hal@example.net"},
                                               {"from", "Hal <hal@example.net>"},
                                               {"recipient", "careers@example.org"},
                                               {"subject", "pay"},
                                               {"body-plain", "How much do accountants make?"},
                                               {"timestamp", ts},
                                               {"token", token},
                                               {"signature", signature},
                                               {"message-headers", headers}});
    return request(server.port(), "POST", "/v1/channels/email/mailgun", body,
                   {"Content-Type: application/x-www-form-urlencoded"});
  };
  CHECK(mailgun("token-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 0, "mg-1@example.net")
            .status == 200);
  CHECK(mailgun("token-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 0, "mg-2@example.net")
            .status == 401);  // a reused token
  CHECK(mailgun("token-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", -3600, "mg-3@example.net")
            .status == 401);  // stale

  std::string boundary = "xYzZY";
  std::string form =
      "--" + boundary +
      "\r\nContent-Disposition: form-data; name=\"headers\"\r\n\r\n"
      "Message-ID: <sg-1@example.net>\r\nSubject: nurse\r\n\r\n--" +
      boundary +
      "\r\nContent-Disposition: form-data; name=\"from\"\r\n\r\nIvy <ivy@example.net>\r\n--" +
      boundary + "\r\nContent-Disposition: form-data; name=\"subject\"\r\n\r\nnurse\r\n--" +
      boundary +
      "\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\nWhat do registered nurses "
      "do?\r\n--" +
      boundary +
      "\r\nContent-Disposition: form-data; "
      "name=\"envelope\"\r\n\r\n{\"to\":[\"careers@example.org\"],\"from\":\"ivy@example.net\"}"
      "\r\n--" +
      boundary + "--\r\n";
  std::string basic =
      "Authorization: Basic " + careerbot::crypto::base64_encode("sendgrid:sg-pass");
  CHECK(request(server.port(), "POST", "/v1/channels/email/sendgrid", form,
                {"Content-Type: multipart/form-data; boundary=" + boundary, basic})
            .status == 200);
  CHECK(request(server.port(), "POST", "/v1/channels/email/sendgrid", form,
                {"Content-Type: multipart/form-data; boundary=" + boundary})
            .status == 401);

  json postmark = {{"FromFull", {{"Email", "joe@example.net"}, {"Name", "Joe"}}},
                   {"Subject", "electrician"},
                   {"MessageID", "pm-0001"},
                   {"TextBody", "Is the electrician job outlook good?"},
                   {"Headers", {{{"Name", "Message-ID"}, {"Value", "<pm-1@example.net>"}}}}};
  CHECK(request(server.port(), "POST", "/v1/channels/email/postmark", postmark.dump(),
                {"Authorization: Basic " + careerbot::crypto::base64_encode("postmark:pm-pass")})
            .status == 200);
  CHECK(request(server.port(), "POST", "/v1/channels/email/postmark", postmark.dump(),
                {"Authorization: Basic " + careerbot::crypto::base64_encode("postmark:wrong")})
            .status == 401);

  auto messages = relay.wait_for(3);
  settle();
  messages = relay.messages();
  REQUIRE(messages.size() == 3);
  std::set<std::string> recipients;
  for (const auto& m : messages) recipients.insert(m.envelope["rcpt_tos"][0].get<std::string>());
  CHECK(recipients ==
        std::set<std::string>{"hal@example.net", "ivy@example.net", "joe@example.net"});
}

TEST_CASE("email: the career quiz comes whole in one reply and is scored from the answers",
          "[integration][email][guidance]") {
  MailRelay relay;
  ServerProcess server({}, email_env(relay.port()));
  auto started = swaks(server,
                       "--from carla@example.net --to careers@example.org --header 'Subject: "
                       "career ideas' --header 'Message-Id: <quiz1@example.net>' "
                       "--body 'Hi, can I take the career quiz please?'");
  REQUIRE(started.status == 0);
  auto first = relay.wait_for(1);
  REQUIRE(first.size() == 1);
  CHECK(contains(first[0].data, "1. Repair a bicycle"));
  CHECK(contains(first[0].data, "30. "));
  CHECK(contains(first[0].data, "Reply with the number and your answer"));

  // The reply lists the answers the ways people write them, above the quoted quiz.
  std::string body;
  for (int item = 1; item <= 30; ++item) {
    const bool realistic = item % 6 == 1;  // the areas take turns, R first
    std::string answer = realistic ? "like" : (item % 2 == 0 ? "no" : "dislike");
    body +=
        (item % 3 == 0 ? std::to_string(item) + ") " : std::to_string(item) + ": ") + answer + "\n";
  }
  body += "\nOn Mon, careerbot wrote:\n> 1. Repair a bicycle\n> 2. Test river water\n";
  const std::string file = temp_dir("quiz-answers") + "/body.txt";
  write_file(file, body);
  auto answered = swaks(server,
                        "--from carla@example.net --to careers@example.org --header 'Subject: Re: "
                        "career ideas' --header 'In-Reply-To: <quiz1@example.net>' --body " +
                            file);
  REQUIRE(answered.status == 0);
  auto both = relay.wait_for(2);
  REQUIRE(both.size() == 2);
  const std::string& result = both[1].data;
  CHECK(contains(result, "Your interest code is R"));
  CHECK(contains(result, "Realistic: 10"));
  CHECK(contains(result, "% match)"));
}

TEST_CASE("email: asking for a person goes to the advisers' inbox, and their answer is threaded",
          "[integration][email][handoff]") {
  MailRelay relay;
  auto token = make_admin_token("sam", "read,write");
  const std::string& secret = token.secret;
  auto env = email_env(relay.port());
  env.push_back("CAREERBOT_ADMIN_TOKENS=" + json::array({token.entry}).dump());
  env.emplace_back("CAREERBOT_HANDOFF_EMAIL=advisers@example.org");
  ServerProcess server({}, env);
  auto sent =
      swaks(server,
            "--from ana@example.net --to careers@example.org --header 'Subject: my options' "
            "--header 'Message-Id: <h1@example.net>' "
            "--body 'Can I talk to a person about my options?'");
  REQUIRE(sent.status == 0);
  auto messages = relay.wait_for(2);
  REQUIRE(messages.size() == 2);
  std::set<std::string> recipients;
  for (const auto& m : messages) recipients.insert(m.envelope["rcpt_tos"][0].get<std::string>());
  CHECK(recipients == std::set<std::string>{"ana@example.net", "advisers@example.org"});
  for (const auto& m : messages) {
    if (m.envelope["rcpt_tos"][0] == "advisers@example.org") {
      CHECK(contains(m.data, "Can I talk to a person about my options?"));
    } else {
      CHECK(contains(m.data, "careers adviser"));
    }
  }
  // Held for the adviser: no automatic answer to the next mail.
  REQUIRE(
      swaks(server,
            "--from ana@example.net --to careers@example.org --header 'Subject: Re: my options' "
            "--header 'Message-Id: <h2@example.net>' --body 'I work in retail now.'")
          .status == 0);
  settle();
  CHECK(relay.messages().size() == 2);

  std::vector<std::string> auth = {"Authorization: Bearer " + secret};
  json handoffs =
      json::parse(request(server.port(), "GET", "/admin/v1/handoffs", "", auth).body)["handoffs"];
  REQUIRE(handoffs.size() == 1);
  CHECK(handoffs[0]["channel"] == "email");
  CHECK(contains(handoffs[0]["transcript"].dump(), "I work in retail now."));
  std::string id = std::to_string(handoffs[0]["id"].get<long long>());
  REQUIRE(request(server.port(), "POST", "/admin/v1/handoffs/" + id + "/reply",
                  R"({"text":"Sam here: retail experience counts. Shall we meet?"})", auth)
              .status == 200);
  messages = relay.wait_for(3);
  REQUIRE(messages.size() == 3);
  CHECK(messages[2].envelope["rcpt_tos"] == json::array({"ana@example.net"}));
  CHECK(header(messages[2].data, "In-Reply-To") == "<h1@example.net>");
  CHECK(header(messages[2].data, "Subject") == "Re: my options");
  CHECK(contains(messages[2].data, "Shall we meet?"));
}
