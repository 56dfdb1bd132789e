// SMTP on the wire. The listener runs in-process on port 0 and is fed by real
// clients (swaks, Python's smtplib, raw sockets); the relay client sends to an
// aiosmtpd relay (tests/support/smtp_sink.py). Certificates come from a CA
// made with the openssl CLI in a temporary directory for each test run.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <future>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "smtp_client.hpp"
#include "smtp_server.hpp"

extern char** environ;

using namespace careerbot;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;

struct TempDir {
  fs::path path;
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "careerbot-smtp-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string file(const std::string& name) const { return (path / name).string(); }
};

void write_file(const std::string& path, const std::string& content) {
  std::ofstream(path, std::ios::binary) << content;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Starts argv[0] (looked up in PATH) with the given descriptors.
pid_t spawn(const std::vector<std::string>& args, int in_fd, int out_fd) {
  std::vector<char*> argv;
  argv.reserve(args.size() + 1);
  for (const auto& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in_fd, 0);
  posix_spawn_file_actions_adddup2(&actions, out_fd, 1);
  posix_spawn_file_actions_adddup2(&actions, out_fd, 2);
  pid_t pid = -1;
  int rc = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error("cannot start " + args[0]);
  return pid;
}

// Reads from fd until EOF or the deadline.
std::string read_output(int fd, Clock::time_point deadline) {
  std::string text;
  char buffer[4096];
  while (Clock::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (poll(&p, 1, static_cast<int>(std::max<long long>(left.count(), 1))) <= 0) continue;
    ssize_t n = read(fd, buffer, sizeof buffer);
    if (n <= 0) break;
    text.append(buffer, static_cast<std::size_t>(n));
  }
  return text;
}

struct Output {
  int status = -1;
  std::string text;  // stdout and stderr together
};

// Runs a command to completion (killed after `timeout`).
Output run(const std::vector<std::string>& args, std::chrono::seconds timeout = 20s) {
  // Close-on-exec everywhere, so a child holds no descriptor but its own.
  int pipe_fds[2];
  if (pipe2(pipe_fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  int null_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
  pid_t pid = spawn(args, null_fd, pipe_fds[1]);
  close(null_fd);
  close(pipe_fds[1]);
  Output out;
  out.text = read_output(pipe_fds[0], Clock::now() + timeout);
  close(pipe_fds[0]);
  int status = 0;
  if (waitpid(pid, &status, WNOHANG) == 0) {
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
  }
  out.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return out;
}

// A test CA, a certificate for localhost and 127.0.0.1, one for another
// name from the same CA, and an unrelated CA.
struct Pki {
  TempDir dir;
  std::string ca = dir.file("ca.crt"), other_ca = dir.file("other-ca.crt");
  std::string cert = dir.file("server.crt"), key = dir.file("server.key");
  std::string wrong_cert = dir.file("wrong.crt"), wrong_key = dir.file("wrong.key");

  Pki() {
    make_ca("ca");
    make_ca("other-ca");
    make_leaf("server", "localhost", "DNS:localhost,IP:127.0.0.1", "1");
    make_leaf("wrong", "wrong.test", "DNS:wrong.test", "2");
  }

  void openssl(std::vector<std::string> args) {
    args.insert(args.begin(), "openssl");
    Output out = run(args);
    if (out.status != 0) throw std::runtime_error("openssl failed: " + out.text);
  }
  void make_ca(const std::string& name) {
    openssl({"req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
             "-keyout", dir.file(name + ".key"), "-out", dir.file(name + ".crt"), "-subj",
             "/CN=careerbot " + name, "-days", "2", "-addext", "basicConstraints=critical,CA:TRUE",
             "-addext", "keyUsage=critical,keyCertSign"});
  }
  void make_leaf(const std::string& name, const std::string& cn, const std::string& san,
                 const std::string& serial) {
    write_file(dir.file(name + ".ext"), "subjectAltName=" + san +
                                            "\nbasicConstraints=CA:FALSE\n"
                                            "extendedKeyUsage=serverAuth\n");
    openssl({"req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
             "-keyout", dir.file(name + ".key"), "-out", dir.file(name + ".csr"), "-subj",
             "/CN=" + cn});
    openssl({"x509", "-req", "-in", dir.file(name + ".csr"), "-CA", ca, "-CAkey",
             dir.file("ca.key"), "-set_serial", serial, "-days", "2", "-extfile",
             dir.file(name + ".ext"), "-out", dir.file(name + ".crt")});
  }
};

const Pki& pki() {
  static Pki instance;
  return instance;
}

// --- the listener -----------------------------------------------------------

struct Recorder {
  std::mutex mutex;
  std::vector<ReceivedMail> mails;
  std::atomic<StoreResult> result{StoreResult::stored};

  MailSink sink() {
    return [this](const ReceivedMail& mail) {
      std::lock_guard lock(mutex);
      mails.push_back(mail);
      return result.load();
    };
  }
  std::vector<ReceivedMail> taken() {
    std::lock_guard lock(mutex);
    return mails;
  }
};

SmtpServerConfig listener_config() {
  SmtpServerConfig config;
  config.port = 0;
  config.hostname = "mx.careers.test";
  config.accept_domains = {"careers.test"};
  config.tls_cert_file = pki().cert;
  config.tls_key_file = pki().key;
  config.auth_users = {{"test", "1234"}};
  config.command_timeout = 10s;
  config.data_timeout = 10s;
  return config;
}

struct Listener {
  Metrics metrics;
  Recorder recorder;
  SmtpServer server;
  unsigned short port;

  explicit Listener(SmtpServerConfig config = listener_config())
      : server(std::move(config), recorder.sink(), metrics), port(server.listen()) {
    server.start();
  }
};

Output swaks(unsigned short port, std::vector<std::string> extra) {
  std::vector<std::string> args = {"swaks",
                                   "--server",
                                   "127.0.0.1:" + std::to_string(port),
                                   "--helo",
                                   "client.test",
                                   "--from",
                                   "alice@sender.test",
                                   "--timeout",
                                   "10"};
  args.insert(args.end(), extra.begin(), extra.end());
  return run(args);
}

// A plain TCP client for what swaks cannot do (hold a session open, stall).
struct RawClient {
  int fd = -1;
  explicit RawClient(unsigned short port) {
    fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
      throw std::runtime_error("connect failed");
    }
  }
  ~RawClient() { close(fd); }
  RawClient(const RawClient&) = delete;
  RawClient& operator=(const RawClient&) = delete;

  void send_text(const std::string& text) const {
    REQUIRE(::send(fd, text.data(), text.size(), MSG_NOSIGNAL) ==
            static_cast<ssize_t>(text.size()));
  }
  // Everything received until the peer closes or the time is up.
  std::string read_all(std::chrono::milliseconds timeout) const {
    return read_output(fd, Clock::now() + timeout);
  }
  std::string read_until(const std::string& needle, std::chrono::milliseconds timeout) const {
    std::string text;
    auto deadline = Clock::now() + timeout;
    char buffer[1024];
    while (text.find(needle) == std::string::npos && Clock::now() < deadline) {
      pollfd p{fd, POLLIN, 0};
      if (poll(&p, 1, 50) <= 0) continue;
      ssize_t n = recv(fd, buffer, sizeof buffer, 0);
      if (n <= 0) break;
      text.append(buffer, static_cast<std::size_t>(n));
    }
    return text;
  }
};

// --- the relay --------------------------------------------------------------

// tests/support/smtp_sink.py, started for one test and stopped with it.
struct Relay {
  TempDir out;
  pid_t pid = -1;
  int stdin_fd = -1;
  unsigned short port = 0;

  explicit Relay(const std::vector<std::string>& options) {
    std::vector<std::string> args = {"/usr/bin/python3",
                                     CAREERBOT_SOURCE_DIR "/tests/support/smtp_sink.py", "--out",
                                     out.path.string()};
    args.insert(args.end(), options.begin(), options.end());
    int in_pipe[2];
    int out_pipe[2];
    if (pipe2(in_pipe, O_CLOEXEC) != 0 || pipe2(out_pipe, O_CLOEXEC) != 0) {
      throw std::runtime_error("pipe failed");
    }
    pid = spawn(args, in_pipe[0], out_pipe[1]);
    close(in_pipe[0]);
    close(out_pipe[1]);
    stdin_fd = in_pipe[1];  // the relay exits when this closes
    std::string line;
    auto deadline = Clock::now() + 15s;
    char c = 0;
    while (Clock::now() < deadline && line.find('\n') == std::string::npos) {
      pollfd p{out_pipe[0], POLLIN, 0};
      if (poll(&p, 1, 50) <= 0) continue;
      if (read(out_pipe[0], &c, 1) != 1) break;
      line += c;
    }
    close(out_pipe[0]);
    if (line.rfind("PORT ", 0) != 0) {
      stop();
      throw std::runtime_error("the relay did not start: " + line);
    }
    port = static_cast<unsigned short>(std::stoi(line.substr(5)));
  }
  ~Relay() { stop(); }
  Relay(const Relay&) = delete;
  Relay& operator=(const Relay&) = delete;

  void stop() {
    if (stdin_fd >= 0) close(stdin_fd);
    stdin_fd = -1;
    if (pid > 0) {
      kill(pid, SIGTERM);
      waitpid(pid, nullptr, 0);
    }
    pid = -1;
  }

  struct Message {
    nlohmann::json envelope;
    std::string data;
  };
  std::vector<Message> messages() const {
    std::vector<Message> found;
    for (int i = 1; fs::exists(out.path / (std::to_string(i) + ".json")); ++i) {
      found.push_back({nlohmann::json::parse(read_file(out.path / (std::to_string(i) + ".json"))),
                       read_file(out.path / (std::to_string(i) + ".eml"))});
    }
    return found;
  }
};

SmtpRelayConfig relay_config(unsigned short port) {
  SmtpRelayConfig config;
  config.host = "localhost";
  config.port = port;
  config.ca_file = pki().ca;
  config.connect_timeout = 5s;
  config.command_timeout = 5s;
  return config;
}

SmtpSendResult send_one(const SmtpRelayConfig& config, const std::string& data,
                        std::vector<std::string> to = {"someone@dest.test"}) {
  SmtpSendResult result;
  int calls = 0;
  {
    SmtpClient client(config);
    std::promise<SmtpSendResult> promise;
    auto future = promise.get_future();
    client.send("bot@careers.test", std::move(to), data, [&](SmtpSendResult sent) {
      if (++calls == 1) promise.set_value(std::move(sent));
    });
    REQUIRE(future.wait_for(20s) == std::future_status::ready);
    result = future.get();
  }  // joins the client's thread: no late second call goes unseen
  INFO(result.detail);
  CHECK(calls == 1);
  return result;
}

unsigned short unused_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof address;
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) != 0) {
    throw std::runtime_error("cannot find a free port");
  }
  close(fd);
  return ntohs(address.sin_port);
}

const std::string kRelayData =
    "From: bot@careers.test\r\nSubject: Re: nurses\r\n\r\n.leading dot\r\n..two dots\r\n.\r\n"
    "Nurses earn \xe2\x82\xac 40k.\r\n";

}  // namespace

// ---------------------------------------------------------------------------

TEST_CASE("swaks: a plain message arrives with its envelope and exact data", "[smtp]") {
  Listener listener;
  TempDir tmp;
  write_file(tmp.file("msg"), "Subject: plain\n\n.dot line\nWhat does a nurse earn?");
  Output out = swaks(listener.port, {"--to", "bot@careers.test", "--data", "@" + tmp.file("msg")});
  INFO(out.text);
  CHECK(out.status == 0);
  CHECK(out.text.find("<-  220 mx.careers.test ESMTP") != std::string::npos);
  CHECK(out.text.find("<-  250 2.0.0 Message accepted") != std::string::npos);
  auto mails = listener.recorder.taken();
  REQUIRE(mails.size() == 1);
  CHECK(mails[0].return_path == "alice@sender.test");
  CHECK(mails[0].recipients == std::vector<std::string>{"bot@careers.test"});
  CHECK(mails[0].data == "Subject: plain\r\n\r\n.dot line\r\nWhat does a nurse earn?\r\n");
  CHECK(mails[0].helo == "client.test");
  CHECK(mails[0].remote.rfind("127.0.0.1:", 0) == 0);
  CHECK_FALSE(mails[0].tls);
  CHECK(listener.metrics.value("careerbot_smtp_messages_total", {{"result", "stored"}}) == 1);
}

TEST_CASE("swaks: STARTTLS, then AUTH", "[smtp]") {
  Listener listener;
  std::string mechanism = GENERATE(as<std::string>{}, "PLAIN", "LOGIN");
  Output out = swaks(listener.port, {"--to", "bot@careers.test", "--tls", "--tls-verify",
                                     "--tls-ca-path", pki().ca, "--auth", mechanism, "--auth-user",
                                     "test", "--auth-password", "1234", "--body", "hello"});
  INFO(out.text);
  CHECK(out.status == 0);
  CHECK(out.text.find("=== TLS started") != std::string::npos);
  CHECK(out.text.find("235 2.7.0 Authentication successful") != std::string::npos);
  auto mails = listener.recorder.taken();
  REQUIRE(mails.size() == 1);
  CHECK(mails[0].tls);
  CHECK(mails[0].auth_user == "test");
}

TEST_CASE("swaks: a wrong password gets 535", "[smtp]") {
  Listener listener;
  Output out = swaks(listener.port, {"--to", "bot@careers.test", "--tls", "--auth", "PLAIN",
                                     "--auth-user", "test", "--auth-password", "wrong"});
  INFO(out.text);
  CHECK(out.status != 0);
  CHECK(out.text.find("535 5.7.8") != std::string::npos);
  CHECK(listener.recorder.taken().empty());
}

TEST_CASE("swaks --pipeline: several recipients, replies in order", "[smtp]") {
  Listener listener;
  Output out = swaks(listener.port, {"--pipeline", "--to", "bot@careers.test,jobs@Careers.Test",
                                     "--body", "pipelined"});
  INFO(out.text);
  CHECK(out.status == 0);
  CHECK(out.text.find("PIPELINING") != std::string::npos);
  auto mails = listener.recorder.taken();
  REQUIRE(mails.size() == 1);
  CHECK(mails[0].recipients == std::vector<std::string>{"bot@careers.test", "jobs@Careers.Test"});
}

TEST_CASE("swaks: an 8-bit UTF-8 body arrives byte for byte", "[smtp]") {
  Listener listener;
  TempDir tmp;
  std::string body =
      "Subject: =?UTF-8?Q?caf=C3=A9?=\nContent-Type: text/plain; charset=utf-8\n"
      "Content-Transfer-Encoding: 8bit\n\nCaf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x91\x8d";
  write_file(tmp.file("msg"), body);
  Output out = swaks(listener.port, {"--to", "bot@careers.test", "--data", "@" + tmp.file("msg")});
  INFO(out.text);
  CHECK(out.status == 0);
  auto mails = listener.recorder.taken();
  REQUIRE(mails.size() == 1);
  CHECK(mails[0].data ==
        "Subject: =?UTF-8?Q?caf=C3=A9?=\r\nContent-Type: text/plain; charset=utf-8\r\n"
        "Content-Transfer-Encoding: 8bit\r\n\r\nCaf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x91\x8d\r\n");
}

TEST_CASE("Python smtplib: STARTTLS verified against the test CA, AUTH, BODY=8BITMIME", "[smtp]") {
  Listener listener;
  const char* script = R"(
import smtplib, ssl, sys
port, ca = int(sys.argv[1]), sys.argv[2]
with smtplib.SMTP("127.0.0.1", port, local_hostname="py.test", timeout=10) as s:
    s.starttls(context=ssl.create_default_context(cafile=ca))
    s.login("test", "1234")
    data = "Subject: smtplib\r\n\r\n.a dot\r\nna\u00efve \u20ac\r\n".encode()
    refused = s.sendmail("py@sender.test", ["bot@careers.test", "x@elsewhere.test"], data,
                         mail_options=["BODY=8BITMIME"])
    print("refused", sorted(refused))
)";
  Output out = run({"/usr/bin/python3", "-c", script, std::to_string(listener.port), pki().ca});
  INFO(out.text);
  CHECK(out.status == 0);
  CHECK(out.text.find("refused ['x@elsewhere.test']") != std::string::npos);
  auto mails = listener.recorder.taken();
  REQUIRE(mails.size() == 1);
  CHECK(mails[0].return_path == "py@sender.test");
  CHECK(mails[0].recipients == std::vector<std::string>{"bot@careers.test"});
  CHECK(mails[0].data == "Subject: smtplib\r\n\r\n.a dot\r\nna\xc3\xafve \xe2\x82\xac\r\n");
  CHECK(mails[0].helo == "py.test");
  CHECK(mails[0].tls);
  CHECK(mails[0].auth_user == "test");
}

TEST_CASE("Python smtplib: SIZE over the limit is refused at MAIL", "[smtp]") {
  auto config = listener_config();
  config.max_message_bytes = 1000;
  Listener listener(config);
  const char* script = R"(
import smtplib, sys
with smtplib.SMTP("127.0.0.1", int(sys.argv[1]), timeout=10) as s:
    try:
        s.sendmail("a@sender.test", ["bot@careers.test"], b"x" * 2000)
    except smtplib.SMTPSenderRefused as e:
        print("refused", e.smtp_code)
)";
  Output out = run({"/usr/bin/python3", "-c", script, std::to_string(listener.port)});
  INFO(out.text);
  CHECK(out.text.find("refused 552") != std::string::npos);
  CHECK(listener.recorder.taken().empty());
}

TEST_CASE("swaks: a message over the size limit gets 552 after the dot", "[smtp]") {
  auto config = listener_config();
  config.max_message_bytes = 1000;
  Listener listener(config);
  Output out = swaks(listener.port, {"--to", "bot@careers.test", "--body", std::string(1500, 'b')});
  INFO(out.text);
  CHECK(out.text.find("552 5.3.4") != std::string::npos);
  CHECK(listener.recorder.taken().empty());
}

TEST_CASE("swaks: mail for other domains is refused (no open relay)", "[smtp]") {
  Listener listener;
  Output out = swaks(listener.port, {"--to", "victim@elsewhere.test"});
  INFO(out.text);
  CHECK(out.status != 0);
  CHECK(out.text.find("<** 550 5.7.1") != std::string::npos);
  CHECK(listener.recorder.taken().empty());
  CHECK(listener.metrics.value("careerbot_smtp_rejected_total", {{"reason", "relay_denied"}}) == 1);
}

TEST_CASE("a store that cannot keep the message gives the client 451", "[smtp]") {
  Listener listener;
  listener.recorder.result = StoreResult::retry_later;
  Output out = swaks(listener.port, {"--to", "bot@careers.test"});
  INFO(out.text);
  CHECK(out.status != 0);
  CHECK(out.text.find("<** 451 4.3.0") != std::string::npos);
  CHECK(listener.metrics.value("careerbot_smtp_messages_total", {{"result", "retry_later"}}) == 1);
}

TEST_CASE("sessions over max_sessions get 421 4.3.2", "[smtp]") {
  auto config = listener_config();
  config.max_sessions = 1;
  Listener listener(config);
  RawClient first(listener.port);
  CHECK(first.read_until("\r\n", 5s).rfind("220 ", 0) == 0);
  RawClient second(listener.port);
  CHECK(second.read_all(5s) ==
        "421 4.3.2 mx.careers.test Too many connections, try again later\r\n");
}

TEST_CASE("a stalled client is told 421 4.4.2 and disconnected", "[smtp]") {
  auto config = listener_config();
  config.command_timeout = 1s;
  Listener listener(config);
  RawClient client(listener.port);
  std::string text = client.read_all(5s);
  CHECK(text.find("421 4.4.2 mx.careers.test Timeout exceeded") != std::string::npos);
}

TEST_CASE("stop() tells an idle session 421 and returns", "[smtp]") {
  Listener listener;
  RawClient client(listener.port);
  client.send_text("EHLO raw.test\r\n");
  CHECK(client.read_until("250 HELP\r\n", 5s).find("250 HELP") != std::string::npos);
  listener.server.stop();
  CHECK(client.read_all(5s) ==
        "421 4.3.2 mx.careers.test Service shutting down, try again later\r\n");
}

TEST_CASE("an unreadable certificate stops start-up with a clear message", "[smtp]") {
  Metrics metrics;
  auto config = listener_config();
  config.tls_cert_file = "/nonexistent/cert.pem";
  SmtpServer server(
      config, [](const ReceivedMail&) { return StoreResult::stored; }, metrics);
  CHECK_THROWS_WITH(server.listen(), Catch::Contains("/nonexistent/cert.pem"));
}

// ---------------------------------------------------------------------------

TEST_CASE("relay client: STARTTLS verified against the test CA, AUTH PLAIN", "[smtp]") {
  Relay relay(
      {"--mode", "starttls", "--cert", pki().cert, "--key", pki().key, "--auth", "test:1234"});
  auto config = relay_config(relay.port);
  config.host = GENERATE(as<std::string>{}, "localhost",
                         "127.0.0.1");  // a DNS name and an IP address in the SAN
  config.username = "test";
  config.password = "1234";
  SmtpSendResult result = send_one(config, kRelayData);
  CHECK(result.outcome == SmtpSendResult::Outcome::sent);
  CHECK(result.code == 250);
  auto messages = relay.messages();
  REQUIRE(messages.size() == 1);
  CHECK(messages[0].data == kRelayData);
  CHECK(messages[0].envelope["mail_from"] == "bot@careers.test");
  CHECK(messages[0].envelope["rcpt_tos"] == nlohmann::json::array({"someone@dest.test"}));
  CHECK(messages[0].envelope["auth_user"] == "test");
  CHECK(messages[0].envelope["tls"] == true);
}

TEST_CASE("relay client: AUTH LOGIN when the relay offers only LOGIN", "[smtp]") {
  Relay relay({"--mode", "starttls", "--cert", pki().cert, "--key", pki().key, "--auth",
               "test:1234", "--login-only"});
  auto config = relay_config(relay.port);
  config.username = "test";
  config.password = "1234";
  CHECK(send_one(config, kRelayData).outcome == SmtpSendResult::Outcome::sent);
  auto messages = relay.messages();
  REQUIRE(messages.size() == 1);
  CHECK(messages[0].envelope["auth_user"] == "test");
}

TEST_CASE("relay client: implicit TLS", "[smtp]") {
  Relay relay({"--mode", "implicit", "--cert", pki().cert, "--key", pki().key});
  auto config = relay_config(relay.port);
  config.tls = SmtpRelayConfig::Tls::implicit;
  SmtpSendResult result = send_one(config, kRelayData, {"a@dest.test", "b@dest.test"});
  CHECK(result.outcome == SmtpSendResult::Outcome::sent);
  auto messages = relay.messages();
  REQUIRE(messages.size() == 1);
  CHECK(messages[0].data == kRelayData);
  CHECK(messages[0].envelope["rcpt_tos"] == nlohmann::json::array({"a@dest.test", "b@dest.test"}));
  CHECK(messages[0].envelope["tls"] == true);
}

TEST_CASE("relay client: certificates that do not check out are not trusted", "[smtp]") {
  SECTION("signed by another CA") {
    Relay relay({"--mode", "implicit", "--cert", pki().cert, "--key", pki().key});
    auto config = relay_config(relay.port);
    config.tls = SmtpRelayConfig::Tls::implicit;
    config.ca_file = pki().other_ca;
    SmtpSendResult result = send_one(config, kRelayData);
    CHECK(result.outcome == SmtpSendResult::Outcome::retry);
    CHECK_THAT(result.detail,
               Catch::Contains("certificate not accepted (unable to get local issuer"));
    CHECK(relay.messages().empty());
  }
  SECTION("issued for another host name") {
    Relay relay({"--mode", "starttls", "--cert", pki().wrong_cert, "--key", pki().wrong_key});
    auto config = relay_config(relay.port);
    config.username = "test";
    config.password = "secret";
    SmtpSendResult result = send_one(config, kRelayData);
    CHECK(result.outcome == SmtpSendResult::Outcome::retry);
    CHECK_THAT(result.detail, Catch::Contains("certificate not accepted (hostname mismatch)"));
    CHECK(relay.messages().empty());
  }
}

TEST_CASE("relay client: a relay that is down means retry", "[smtp]") {
  auto config = relay_config(unused_port());
  SmtpSendResult result = send_one(config, kRelayData);
  CHECK(result.outcome == SmtpSendResult::Outcome::retry);
  CHECK(result.code == 0);
  CHECK_THAT(result.detail, Catch::Contains("connecting to localhost"));
}

TEST_CASE("relay client: a relay that never answers means retry after the timeout", "[smtp]") {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  REQUIRE(listen(fd, 4) == 0);  // connections complete in the backlog; nobody speaks
  socklen_t size = sizeof address;
  REQUIRE(getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) == 0);
  auto config = relay_config(ntohs(address.sin_port));
  config.command_timeout = 300ms;
  SmtpSendResult result = send_one(config, kRelayData);
  close(fd);
  CHECK(result.outcome == SmtpSendResult::Outcome::retry);
  CHECK_THAT(result.detail, Catch::Contains("timed out"));
}

TEST_CASE("relay client: 5xx replies mean failed", "[smtp]") {
  Relay relay({"--mode", "starttls", "--cert", pki().cert, "--key", pki().key, "--auth",
               "test:1234", "--reject", "nobody@dest.test"});
  auto config = relay_config(relay.port);
  config.username = "test";
  SECTION("a refused recipient") {
    config.password = "1234";
    SmtpSendResult result = send_one(config, kRelayData, {"nobody@dest.test"});
    CHECK(result.outcome == SmtpSendResult::Outcome::failed);
    CHECK(result.code == 550);
    CHECK_THAT(result.detail, Catch::Contains("RCPT TO <nobody@dest.test>: 550"));
  }
  SECTION("a wrong password") {
    config.password = "not-it";
    SmtpSendResult result = send_one(config, kRelayData);
    CHECK(result.outcome == SmtpSendResult::Outcome::failed);
    CHECK(result.code == 535);
    CHECK(result.detail.find("not-it") == std::string::npos);
  }
  CHECK(relay.messages().empty());
}

TEST_CASE("relay client: plain text only when chosen explicitly", "[smtp]") {
  Relay relay({"--mode", "plain", "--auth", "test:1234"});
  auto config = relay_config(relay.port);
  config.username = "test";
  config.password = "1234";
  SECTION("STARTTLS wanted but not offered: retry, no credentials sent") {
    SmtpSendResult result = send_one(config, kRelayData);
    CHECK(result.outcome == SmtpSendResult::Outcome::retry);
    CHECK_THAT(result.detail, Catch::Contains("does not offer STARTTLS"));
    CHECK(relay.messages().empty());
  }
  SECTION("tls = none") {
    config.tls = SmtpRelayConfig::Tls::none;
    CHECK(send_one(config, kRelayData).outcome == SmtpSendResult::Outcome::sent);
    auto messages = relay.messages();
    REQUIRE(messages.size() == 1);
    CHECK(messages[0].envelope["auth_user"] == "test");
    CHECK(messages[0].envelope["tls"] == false);
  }
}

TEST_CASE("relay client and listener: one to the other over STARTTLS", "[smtp]") {
  Listener listener;
  auto config = relay_config(listener.port);
  config.username = "test";
  config.password = "1234";
  SmtpSendResult result = send_one(config, kRelayData, {"bot@careers.test"});
  CHECK(result.outcome == SmtpSendResult::Outcome::sent);
  CHECK(result.detail == "accepted: 250 2.0.0 Message accepted");
  auto mails = listener.recorder.taken();
  REQUIRE(mails.size() == 1);
  CHECK(mails[0].data == kRelayData);
  CHECK(mails[0].return_path == "bot@careers.test");
  CHECK(mails[0].tls);
  CHECK(mails[0].auth_user == "test");
  CHECK(mails[0].helo == "careerbot.localhost");
}
