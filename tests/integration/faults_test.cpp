// Faults of the machine under careerbot: a full disk (a small tmpfs as the
// data directory, filled up), a damaged database file, a database another
// process holds locked. Nothing acknowledged may be lost, and start-up
// failures must say what to do.
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "crypto.hpp"
#include "http_client.hpp"
#include "peer_process.hpp"
#include "server_process.hpp"

using namespace careerbot::test;
using nlohmann::json;

namespace {

const std::string kSecret = "faults-webhook-secret-0123456789";

// A tmpfs of `megabytes` mounted for the test (the tests run as root).
struct SmallDisk {
  explicit SmallDisk(int megabytes) : path(temp_dir("small-disk")) {
    std::string mount = "mount -t tmpfs -o size=" + std::to_string(megabytes) + "m tmpfs " + path;
    INFO("needs root to mount a tmpfs: " << mount);
    REQUIRE(std::system(mount.c_str()) == 0);
  }
  ~SmallDisk() { std::system(("umount -l " + path).c_str()); }
  SmallDisk(const SmallDisk&) = delete;
  SmallDisk& operator=(const SmallDisk&) = delete;

  // Writes a file until the disk has no room left.
  void fill() {
    std::ofstream out(path + "/filler", std::ios::binary);
    std::string chunk(64 * 1024, 'x');
    while (out.write(chunk.data(), static_cast<std::streamsize>(chunk.size())) && out.flush()) {
    }
  }
  void free_space() { std::remove((path + "/filler").c_str()); }

  std::string path;
};

HttpReply deliver(unsigned short port, const std::string& id, const std::string& text) {
  return post_signed_webhook(
      port, kSecret,
      json{{"message_id", id}, {"conversation_id", "c-" + id}, {"text", text}}.dump());
}

const std::string kSlackSecret = "faults-slack-secret-0123456789";

// A signed Slack message event.
HttpReply slack_event(unsigned short port, const std::string& event_id, const std::string& text) {
  const std::string body =
      json{
          {"type", "event_callback"},
          {"team_id", "T1"},
          {"event_id", event_id},
          {"event",
           {{"type", "message"}, {"channel", "C1"}, {"user", "U1"}, {"text", text}, {"ts", "1.2"}}}}
          .dump();
  const std::string ts = std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                                            std::chrono::system_clock::now().time_since_epoch())
                                            .count());
  return request(port, "POST", "/v1/channels/slack/events", body,
                 {"X-Slack-Request-Timestamp: " + ts,
                  "X-Slack-Signature: v0=" +
                      careerbot::crypto::hmac_sha256_hex(kSlackSecret, "v0:" + ts + ":" + body),
                  "Content-Type: application/json"});
}

// swaks's transcript of sending one question to careerbot's SMTP port.
std::string send_mail(unsigned short smtp_port, const std::string& subject) {
  std::string out = temp_dir("swaks") + "/out";
  std::string command = "swaks --server 127.0.0.1:" + std::to_string(smtp_port) +
                        " --timeout 20 --from student@example.net --to careers@example.org"
                        " --header 'Subject: " +
                        subject + "' --body 'how much do plumbers make' >" + out + " 2>&1";
  std::system(command.c_str());
  return read_file(out);
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE(
    "a full disk: webhooks get 503 and mail 452, nothing acknowledged is lost, and service "
    "resumes when space returns",
    "[integration][faults]") {
  SmallDisk disk(96);
  // (Slack's replies go nowhere: only its acknowledgements are looked at.)
  ServerProcess server({"--data-dir", disk.path + "/var"},
                       {"CAREERBOT_CHANNELS_WEBHOOK_SECRET=" + kSecret,
                        "CAREERBOT_EMAIL_ADDRESS=careers@example.org",
                        "CAREERBOT_CHANNELS_SLACK_SIGNING_SECRET=" + kSlackSecret,
                        "CAREERBOT_CHANNELS_SLACK_BOT_TOKEN=xoxb-faults",
                        "CAREERBOT_CHANNELS_SLACK_API_BASE=https://127.0.0.1:9"});
  REQUIRE(deliver(server.port(), "m-0", "how much do plumbers make").status == 200);

  // The write-ahead log emptied into the database file, so that the next
  // write needs new space; then no space is left.
  REQUIRE(std::system(("/usr/bin/python3 -c \"import sqlite3; sqlite3.connect('" + disk.path +
                       "/var/careerbot.db').execute('PRAGMA wal_checkpoint(TRUNCATE)')\"")
                          .c_str()) == 0);
  disk.fill();
  CHECK(get(server.port(), "/readyz").status == 503);
  std::string refused_id;
  HttpReply refused;
  for (int i = 1; i <= 50 && refused_id.empty(); ++i) {
    std::string id = "m-" + std::to_string(i);
    refused = deliver(server.port(), id, "what do registered nurses earn");
    if (refused.status != 200) refused_id = id;
  }
  REQUIRE_FALSE(refused_id.empty());
  CHECK(refused.status == 503);
  CHECK(refused.headers.contains("retry-after"));
  CHECK(contains(send_mail(server.smtp_port(), "full"), "<** 452 4.3.1"));
  // Slack's events, acknowledged once stored without holding a thread: the same 503.
  auto slack_refused = slack_event(server.port(), "Ev-full", "what do plumbers earn");
  CHECK(slack_refused.status == 503);
  CHECK(slack_refused.headers.contains("retry-after"));
  CHECK(contains(server.log(), "\"disk_full\":true"));

  disk.free_space();
  // The platform's retry of the refused message is answered, once.
  auto answered = deliver(server.port(), refused_id, "what do registered nurses earn");
  REQUIRE(answered.status == 200);
  CHECK(json::parse(answered.body)["intent"] == "salary");
  auto again = deliver(server.port(), refused_id, "what do registered nurses earn");
  CHECK(again.status == 200);
  CHECK(again.body == answered.body);
  CHECK(contains(send_mail(server.smtp_port(), "space again"), "<-  250 2.0.0"));
  CHECK(slack_event(server.port(), "Ev-full", "what do plumbers earn").status == 200);
  CHECK(get(server.port(), "/readyz").status == 200);
}

TEST_CASE("a damaged database stops start-up with a message saying what to do",
          "[integration][faults]") {
  std::string dir = temp_dir("damaged");
  std::filesystem::create_directories(dir + "/var");
  std::string noise(200000, '\0');
  for (std::size_t i = 0; i < noise.size(); ++i) noise[i] = static_cast<char>((i * 7919) % 251);
  write_file(dir + "/var/careerbot.db", noise);
  auto result =
      run_careerbot({"serve", "--port", "0", "--smtp-port", "0", "--data-dir", dir + "/var"});
  CHECK(result.exit_code == 1);
  CHECK(contains(result.err, "is damaged or not a careerbot database"));
  CHECK(contains(result.err, "careerbot.db"));
  CHECK(contains(result.err, "restore it from a backup"));
}

TEST_CASE("a database locked by another process stops start-up with a message",
          "[integration][faults]") {
  std::string dir = temp_dir("locked");
  {
    auto seeded =
        run_careerbot({"ask", "how much do plumbers make"}, {"CAREERBOT_DATA_DIR=" + dir + "/var"});
    REQUIRE(seeded.exit_code == 0);
  }
  // Python's sqlite3 holds an exclusive lock on the database meanwhile.
  PeerProcess holder({"/usr/bin/python3", "-c",
                      "import sqlite3, time\n"
                      "c = sqlite3.connect('" +
                          dir +
                          "/var/careerbot.db', isolation_level=None)\n"
                          "c.execute('BEGIN EXCLUSIVE')\n"
                          "open('" +
                          dir +
                          "/locked', 'w').close()\n"
                          "time.sleep(60)\n"},
                     dir + "/holder.log");
  for (int i = 0; i < 100 && !std::filesystem::exists(dir + "/locked"); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  REQUIRE(std::filesystem::exists(dir + "/locked"));
  auto result =
      run_careerbot({"serve", "--port", "0", "--smtp-port", "0", "--data-dir", dir + "/var"});
  CHECK(result.exit_code == 1);
  CHECK(contains(result.err, "is locked by another process"));
}
