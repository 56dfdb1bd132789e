// Three careerbot instances on one PostgreSQL 15 database, behind nginx
// configured as in deploy/nginx: signed Slack events and emails spread over
// them while one instance is killed (SIGKILL) and restarted and PostgreSQL is
// stopped and started, every event sent again by the "platform"; then every
// acknowledged message has one reply queued and delivered at the TLS fakes.
// Follow-ups alternate instances, an admin edit made through one instance
// is answered by the others within a second, and a web chat's pages open on
// two instances both see what is said on either, and a counselor's answer
// sent through a third.
#include <signal.h>

#include <atomic>
#include <chrono>
#include <map>
#include <set>
#include <thread>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "crypto.hpp"
#include "http_client.hpp"
#include "mail_relay.hpp"
#include "peer_process.hpp"
#include "server_process.hpp"
#include "test_database.hpp"
#include "websocket_client.hpp"

using namespace careerbot::test;
using careerbot::crypto::hmac_sha256_hex;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

const std::string kSlackSecret = "slack-signing-secret-for-cluster";
const std::string kAddress = "careers@example.org";
constexpr int kInstances = 3;
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif
#else
constexpr bool kSanitized = false;
#endif

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  auto at = text.find(from);
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

// The reply's status; 0 when nothing answers on the port.
int status_of(unsigned short port, const std::string& method, const std::string& path,
              const std::string& body, const std::vector<std::string>& headers = {}) {
  try {
    return request(port, method, path, body, headers).status;
  } catch (const std::exception&) {
    return 0;
  }
}

// Whether `condition` holds within `timeout`, asked every 100 ms.
template <typename Condition>
bool eventually(std::chrono::seconds timeout, Condition condition) {
  const auto deadline = Clock::now() + timeout;
  while (!condition()) {
    if (Clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return true;
}

bool accepts(unsigned short port) {
  return status_of(port, "GET", "/healthz", "") == 200;
}

// nginx with deploy/nginx/careerbot.conf, its upstream listing the instances.
class Nginx {
 public:
  explicit Nginx(const std::vector<unsigned short>& instances) : dir_(temp_dir("nginx")) {
    port_ = free_port();
    std::string upstream;
    for (auto port : instances) {
      upstream +=
          "    server 127.0.0.1:" + std::to_string(port) + " max_fails=3 fail_timeout=2s;\n";
    }
    std::string site = read_file(CAREERBOT_SOURCE_DIR "/deploy/nginx/careerbot.conf");
    site = replaced(site, "    server 127.0.0.1:8080 max_fails=3 fail_timeout=10s;\n", upstream);
    site = replaced(site, "listen 80;", "listen 127.0.0.1:" + std::to_string(port_) + ";");
    write_file(dir_ + "/nginx.conf",
               "daemon off; master_process on; worker_processes 1; pid " + dir_ +
                   "/nginx.pid; error_log " + dir_ +
                   "/error.log; events { worker_connections 256; } http { access_log " + dir_ +
                   "/access.log; client_body_temp_path " + dir_ + "; proxy_temp_path " + dir_ +
                   "; " + site + " }");
    process_ = std::make_unique<PeerProcess>(
        std::vector<std::string>{"/usr/sbin/nginx", "-p", dir_, "-c", dir_ + "/nginx.conf", "-e",
                                 dir_ + "/error.log"},
        dir_ + "/nginx.out");
    for (int i = 0; i < 100 && !accepts(port_); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  unsigned short port() const { return port_; }

 private:
  std::string dir_;
  unsigned short port_ = 0;
  std::unique_ptr<PeerProcess> process_;
};

void cluster_command(const std::string& command) {
  const char* state = std::getenv("CAREERBOT_TEST_POSTGRES");
  REQUIRE(state != nullptr);
  REQUIRE(std::system(("bash " CAREERBOT_SOURCE_DIR "/tests/support/postgres_cluster.sh " +
                       command + " " + state)
                          .c_str()) == 0);
}

// One database and everything around the instances.
struct Cluster {
  careerbot::testing::TestDatabase database{"postgresql", "cluster"};
  FakeApi api;
  MailRelay relay;
  AdminTestToken admin = make_admin_token("ops", "read,write");
  std::string config = temp_dir("cluster") + "/careerbot.json";
  std::vector<unsigned short> ports;
  std::vector<unsigned short> smtp_ports;
  std::vector<std::unique_ptr<ServerProcess>> instances;

  // `settings`: more of the instances' configuration.
  explicit Cluster(json settings = json::object()) {
    settings["admin"] = {{"tokens", {admin.entry}}};
    write_file(config, settings.dump());
    for (int i = 0; i < kInstances; ++i) {
      ports.push_back(free_port());
      smtp_ports.push_back(free_port());
      instances.emplace_back();
      start(i);
    }
  }

  void start(int i) {
    const TestPki& pki = test_pki();
    const auto n = static_cast<std::size_t>(i);
    std::vector<std::string> env = {
        "CAREERBOT_STORE_BACKEND=postgresql",
        "CAREERBOT_STORE_POSTGRESQL_URL=" + database.options().postgresql_url,
        "CAREERBOT_CHANNELS_SLACK_SIGNING_SECRET=" + kSlackSecret,
        "CAREERBOT_CHANNELS_SLACK_BOT_TOKEN=xoxb-cluster",
        "CAREERBOT_CHANNELS_SLACK_API_BASE=" + api.base_url(),
        "CAREERBOT_DELIVERY_CA_FILE=" + pki.ca_cert, "CAREERBOT_DELIVERY_FIRST_RETRY_MS=200",
        "CAREERBOT_DELIVERY_CONNECT_TIMEOUT_MS=1000", "CAREERBOT_DELIVERY_REQUEST_TIMEOUT_MS=1500",
        "CAREERBOT_EMAIL_ADDRESS=" + kAddress, "CAREERBOT_EMAIL_RELAY_HOST=localhost",
        "CAREERBOT_EMAIL_RELAY_PORT=" + std::to_string(relay.port()),
        "CAREERBOT_EMAIL_RELAY_TLS=starttls", "CAREERBOT_EMAIL_RELAY_CA_FILE=" + pki.ca_cert,
        // Per-sender limits would drop the stream's later messages.
        "CAREERBOT_CHANNELS_SENDER_MESSAGES_PER_WINDOW=0"};
    instances[n] = std::make_unique<ServerProcess>(
        std::vector<std::string>{"--config", config, "--port", std::to_string(ports[n]),
                                 "--smtp-port", std::to_string(smtp_ports[n])},
        env);
  }

  long long count(const std::string& sql) {
    return std::stoll(careerbot::testing::postgres_query(database.options().postgresql_url, sql));
  }
};

std::string slack_event(int i) {
  json event = {
      {"type", "message"},
      {"channel", "C" + std::to_string(i % 7)},
      {"user", "U" + std::to_string(i % 11)},
      {"text", i % 2 == 0 ? "how much do registered nurses make?" : "what do electricians do?"},
      {"ts", "1700000000." + std::to_string(100000 + i)},
      {"channel_type", "channel"}};
  return json{{"type", "event_callback"},
              {"team_id", "T1"},
              {"event_id", "Ev" + std::to_string(i)},
              {"event_time", 1700000000},
              {"event", event}}
      .dump();
}

int slack_post(unsigned short port, const std::string& body) {
  auto now = std::chrono::duration_cast<std::chrono::seconds>(
      std::chrono::system_clock::now().time_since_epoch());
  std::string ts = std::to_string(now.count());
  return status_of(
      port, "POST", "/v1/channels/slack/events", body,
      {"X-Slack-Request-Timestamp: " + ts,
       "X-Slack-Signature: v0=" + hmac_sha256_hex(kSlackSecret, "v0:" + ts + ":" + body),
       "Content-Type: application/json"});
}

// Sends mail number `i` the way a mail server does: again after a temporary
// refusal (a 4xx while the database was away, swaks's exit code 26).
int send_mail(unsigned short smtp_port, int i) {
  const std::string command = "swaks --server 127.0.0.1:" + std::to_string(smtp_port) +
                              " --timeout 20 --to " + kAddress + " --from student" +
                              std::to_string(i) + "@example.net --header 'Message-ID: <mail" +
                              std::to_string(i) +
                              "@example.net>' --header 'Subject: careers' --body 'What do "
                              "electricians earn?' >/dev/null 2>&1";
  int status = WEXITSTATUS(std::system(command.c_str()));
  for (int attempt = 0; status == 26 && attempt < 30; ++attempt) {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    status = WEXITSTATUS(std::system(command.c_str()));
  }
  return status;
}

}  // namespace

TEST_CASE("three instances on PostgreSQL lose no acknowledged message and answer none twice",
          "[cluster]") {
  Cluster cluster;
  Nginx nginx(cluster.ports);
  REQUIRE(accepts(nginx.port()));

  // The platform's stream, through nginx, while an instance is killed and
  // restarted and the database goes away and comes back.
  constexpr int kEvents = 120;
  std::set<int> acknowledged;
  int refused = 0;
  const std::string question =
      json{{"text", "how much do electricians make?"}, {"conversation_id", "c-outage"}}.dump();
  for (int i = 0; i < kEvents; ++i) {
    if (i == 30) cluster.instances[1]->signal(SIGKILL);
    if (i == 60) cluster.start(1);
    if (i == 80) {
      cluster_command("halt");
      // Not ready, and a question of a conversation (kept in the database)
      // gets 503 rather than an answer without its memory.
      CHECK(eventually(std::chrono::seconds(5),
                       [&] { return status_of(cluster.ports[0], "GET", "/readyz", "") == 503; }));
      CHECK(status_of(cluster.ports[0], "POST", "/v1/ask", question) == 503);
      CHECK(status_of(cluster.ports[0], "POST", "/v1/ask", question) == 503);
    }
    if (i == 90) {
      cluster_command("resume");
      CHECK(eventually(std::chrono::seconds(15),
                       [&] { return status_of(cluster.ports[0], "GET", "/readyz", "") == 200; }));
    }
    const int status = slack_post(nginx.port(), slack_event(i));
    if (status == 200) {
      acknowledged.insert(i);
    } else {
      ++refused;  // not acknowledged: the platform sends it again
    }
  }
  INFO("refused while an instance or the database was down: " << refused);
  CHECK(refused > 0);  // the outage was real
  // The conversation answers again once the database is back.
  CHECK(eventually(std::chrono::seconds(15), [&] {
    return status_of(cluster.ports[0], "POST", "/v1/ask", question) == 200;
  }));

  // Emails straight to each instance's SMTP listener; each is sent twice,
  // the second time to another instance.
  constexpr int kMails = 12;
  for (int i = 0; i < kMails; ++i) {
    CHECK(send_mail(cluster.smtp_ports[static_cast<std::size_t>(i % kInstances)], i) == 0);
    CHECK(send_mail(cluster.smtp_ports[static_cast<std::size_t>((i + 1) % kInstances)], i) == 0);
  }

  // The platform retries every event, acknowledged or not, until each is.
  for (int round = 0; round < 20 && acknowledged.size() < kEvents; ++round) {
    for (int i = 0; i < kEvents; ++i) {
      if (slack_post(cluster.ports[static_cast<std::size_t>((i + round) % kInstances)],
                     slack_event(i)) == 200)
        acknowledged.insert(i);
    }
  }
  REQUIRE(acknowledged.size() == kEvents);

  // Everything queued is answered and goes out (the killed instance's claims
  // run out first).
  auto deadline = Clock::now() + std::chrono::seconds(60);
  while (cluster.count("SELECT COUNT(*) FROM outbox WHERE state <> 'sent'") > 0 &&
         Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  CHECK(cluster.count("SELECT COUNT(*) FROM outbox WHERE state <> 'sent'") == 0);

  // Every message was stored once, answered once, with one reply queued.
  CHECK(cluster.count("SELECT COUNT(*) FROM inbound_messages WHERE channel = 'slack'") == kEvents);
  CHECK(cluster.count("SELECT COUNT(*) FROM outbox WHERE channel = 'answer'") == kEvents);
  CHECK(cluster.count("SELECT COUNT(*) FROM outbox WHERE channel = 'slack'") == kEvents);
  CHECK(cluster.count("SELECT COUNT(*) FROM inbound_messages WHERE channel = 'email'") == kMails);
  CHECK(cluster.count("SELECT COUNT(*) FROM outbox WHERE channel = 'email'") == kMails);

  std::map<std::string, int> replies;  // by the event's ts
  for (const auto& r : cluster.api.requests()) {
    if (r["path"] != "/api/chat.postMessage") continue;
    auto body = json::parse(r["body"].get<std::string>(), nullptr, false);
    if (body.is_object() && body.contains("thread_ts")) ++replies[body["thread_ts"]];
  }
  int twice = 0;
  for (int i = 0; i < kEvents; ++i) {
    const int got = replies["1700000000." + std::to_string(100000 + i)];
    CHECK(got >= 1);
    twice += got > 1 ? got - 1 : 0;
  }
  std::map<std::string, int> mail_replies;  // by the question's Message-ID
  for (const auto& m : cluster.relay.wait_for(kMails)) {
    auto at = m.data.find("In-Reply-To: <");
    if (at != std::string::npos)
      ++mail_replies[m.data.substr(at + 14, m.data.find('>', at) - at - 14)];
  }
  CHECK(mail_replies.size() == static_cast<std::size_t>(kMails));
  for (const auto& [id, got] : mail_replies) twice += got > 1 ? got - 1 : 0;
  // At-least-once: only a reply in flight when its instance was killed may
  // go out twice (its claim ran out and another instance sent it again).
  WARN("replies delivered twice (in flight at the SIGKILL): " << twice);
  CHECK(twice <= 64);
}

TEST_CASE("follow-ups alternate instances, and an edit reaches every instance within a second",
          "[cluster]") {
  Cluster cluster;
  auto ask = [&](int instance, const std::string& text, const std::string& conversation) {
    json body = {{"text", text}};
    if (!conversation.empty()) body["conversation_id"] = conversation;
    auto reply =
        request(cluster.ports[static_cast<std::size_t>(instance)], "POST", "/v1/ask", body.dump());
    REQUIRE(reply.status == 200);
    return json::parse(reply.body);
  };
  // A conversation whose turns go to different instances.
  auto first = ask(0, "how much do electricians make?", "conv-1");
  REQUIRE(first["career"]["id"] == "electrician");
  auto second = ask(1, "what education do they need?", "conv-1");
  CHECK(second["career"]["id"] == "electrician");
  CHECK(second["intent"] == "education");
  auto third = ask(2, "and the job outlook?", "conv-1");
  CHECK(third["career"]["id"] == "electrician");
  // A conversation the first question began (no id given), followed up a
  // moment later on another instance.
  auto opened = ask(1, "what do lawyers do?", "");
  REQUIRE(opened["career"]["id"] == "lawyer");
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  auto followed = ask(2, "how much do they make?", opened["conversation_id"]);
  CHECK(followed["career"]["id"] == "lawyer");
  CHECK(followed["intent"] == "salary");

  // An edit through instance 0, asked on the others.
  const auto port0 = cluster.ports[0];
  auto current = request(port0, "GET", "/admin/v1/careers/electrician", "",
                         {"Authorization: Bearer " + cluster.admin.secret});
  REQUIRE(current.status == 200);
  auto profile = json::parse(current.body);
  profile["median_salary"]["amount"] = 123457;
  // (The edit's own time is not what is measured: under the sanitizers, on
  // a busy machine, storing it and building the new snapshot can take
  // seconds.)
  auto saved = request(port0, "PUT", "/admin/v1/careers/electrician", profile.dump(),
                       {"Authorization: Bearer " + cluster.admin.secret,
                        "If-Match: " + current.headers["etag"], "Content-Type: application/json"},
                       std::chrono::seconds(60));
  REQUIRE(saved.status == 200);
  const auto edited = Clock::now();
  // Each other instance asked on its own thread, from the moment the edit
  // was acknowledged, until it answers with the new figure.
  std::vector<long long> took(kInstances, -1);
  std::vector<std::thread> askers;
  for (int instance = 1; instance < kInstances; ++instance) {
    askers.emplace_back([&, instance] {
      const auto port = cluster.ports[static_cast<std::size_t>(instance)];
      const std::string body = json{{"text", "electrician salary"}}.dump();
      while (Clock::now() - edited < std::chrono::seconds(10)) {
        std::string answer;
        try {
          answer = request(port, "POST", "/v1/ask", body).body;
        } catch (const std::exception&) {  // asked again
        }
        if (answer.find("$123,457") != std::string::npos) {
          took[static_cast<std::size_t>(instance)] =
              std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - edited).count();
          return;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
    });
  }
  for (auto& asker : askers) asker.join();
  for (int instance = 1; instance < kInstances; ++instance) {
    const long long ms = took[static_cast<std::size_t>(instance)];
    INFO("instance " << instance << " answered with the edit after " << ms << " ms");
    CHECK(ms >= 0);
    // Within a second; a sanitizer build (several times slower, beside
    // other tests: 5.06 s seen once on a busy 2-core machine) gets eight.
    CHECK(ms <= (kSanitized ? 8000 : 1000));
  }
}

namespace {

json frame_of(WebSocketClient& page, std::chrono::milliseconds timeout) {
  auto text = page.read_text(timeout);
  REQUIRE(text);
  return json::parse(*text);
}

}  // namespace

TEST_CASE("a web chat's pages on two instances see every message, and a counselor's answer",
          "[cluster][web]") {
  Cluster cluster(json{{"handoff", {{"email", "advisers@example.edu"}}}});
  // Live on the other instance within a second (five under sanitizers).
  const auto live = std::chrono::milliseconds(kSanitized ? 5000 : 1000);
  WebSocketClient here(cluster.ports[0], "/chat/socket");
  REQUIRE(here.handshake_status() == 101);
  REQUIRE(here.send_text(R"({"type":"hello","after":0})"));
  json welcome = frame_of(here, live);
  REQUIRE(welcome["type"] == "welcome");
  const std::string session = welcome["session"];
  WebSocketClient there(cluster.ports[1], "/chat/socket");
  REQUIRE(there.handshake_status() == 101);
  REQUIRE(there.send_text(json{{"type", "hello"}, {"session", session}, {"after", 0}}.dump()));
  json resumed = frame_of(there, live);
  REQUIRE(resumed["type"] == "welcome");
  CHECK(resumed["resumed"] == true);

  // Each page gets the question and its answer once, in order.
  auto exchange = [&](const std::string& text, const std::string& client_id) {
    REQUIRE(here.send_text(json{{"type", "ask"}, {"text", text}, {"client_id", client_id}}.dump()));
    std::vector<json> seen;
    for (auto* page : {&here, &there}) {
      json asked = frame_of(*page, live)["message"];
      json answered = frame_of(*page, live)["message"];
      CHECK(asked["text"] == text);
      CHECK(asked["role"] == "user");
      CHECK(answered["role"] == "bot");
      CHECK(answered["id"] > asked["id"]);
      seen.push_back(answered);
    }
    CHECK(seen[0] == seen[1]);
    return seen[0];
  };
  CHECK(exchange("how much do electricians make", "q-1")["reply"]["intent"] == "salary");
  CHECK(exchange("can I talk to a real person please?", "q-2")["reply"]["intent"] == "handoff");

  // A counselor answers through the third instance: both pages get it.
  const std::vector<std::string> auth = {"Authorization: Bearer " + cluster.admin.secret};
  auto open = request(cluster.ports[2], "GET", "/admin/v1/handoffs", "", auth);
  REQUIRE(open.status == 200);
  json handoffs = json::parse(open.body)["handoffs"];
  REQUIRE(handoffs.size() == 1);
  const std::string id = std::to_string(handoffs[0]["id"].get<long long>());
  auto replied = request(cluster.ports[2], "POST", "/admin/v1/handoffs/" + id + "/reply",
                         json{{"text", "Hello, I'm Sam."}}.dump(),
                         {auth[0], "Content-Type: application/json"});
  REQUIRE(replied.status == 200);
  for (auto* page : {&here, &there}) {
    json counselor = frame_of(*page, live)["message"];
    CHECK(counselor["role"] == "counselor");
    CHECK(counselor["text"] == "Hello, I'm Sam.");
  }
  // Nothing was sent twice.
  CHECK(!here.read_text(std::chrono::milliseconds(500)));
  CHECK(!there.read_text(std::chrono::milliseconds(100)));
}
