// The admin API over a real socket: tokens made with `careerbot admin token`,
// live edits answered on the next question, optimistic concurrency, history,
// rollback, audit, unanswered questions and restarts.
#include <signal.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "http_client.hpp"
#include "server_process.hpp"

using namespace careerbot::test;
using nlohmann::json;

namespace {

using Token = AdminTestToken;

struct AdminServer {
  AdminServer()
      : writer(make_admin_token("alice", "read,write")), reader(make_admin_token("bob", "read")) {
    dir = temp_dir("admin");
    write_file(dir + "/careerbot.json",
               json{{"admin", {{"tokens", {writer.entry, reader.entry}}}}}.dump());
    server = std::make_unique<ServerProcess>(
        std::vector<std::string>{"--config", dir + "/careerbot.json"});
  }
  HttpReply call(const std::string& method, const std::string& path, const std::string& body = "",
                 const Token* token = nullptr, const std::string& if_match = "") {
    std::vector<std::string> headers;
    if (token != nullptr) headers.push_back("Authorization: Bearer " + token->secret);
    if (!if_match.empty()) headers.push_back("If-Match: " + if_match);
    // An import reads the whole public release: seconds here, far longer
    // under the sanitizers on a busy machine.
    return request(server->port(), method, path, body, headers, std::chrono::minutes(2));
  }
  json ask(const std::string& text) {
    return json::parse(post(server->port(), "/v1/ask", json{{"text", text}}.dump()).body);
  }

  Token writer;
  Token reader;
  std::string dir;
  std::unique_ptr<ServerProcess> server;
};

const std::string kNurse = "/admin/v1/careers/registered-nurse";

}  // namespace

TEST_CASE("admin requests need a token with the right scope", "[integration][admin]") {
  AdminServer admin;
  auto none = admin.call("GET", kNurse);
  CHECK(none.status == 401);
  CHECK(none.headers["content-type"] == "application/problem+json");
  CHECK(none.headers.contains("www-authenticate"));
  Token forged{"cbt_0000", {}};
  CHECK(admin.call("GET", kNurse, "", &forged).status == 401);
  CHECK(admin.call("GET", kNurse, "", &admin.reader).status == 200);
  auto denied = admin.call("PATCH", kNurse, R"({"summary": "x"})", &admin.reader, "\"1\"");
  CHECK(denied.status == 403);
  CHECK(admin.server->log().find(admin.writer.secret) == std::string::npos);
}

TEST_CASE("a salary changed through the API is answered on the next question",
          "[integration][admin]") {
  AdminServer admin;
  CHECK(admin.ask("registered nurse salary")["text"].get<std::string>().find("$93,600") !=
        std::string::npos);

  auto current = admin.call("GET", kNurse, "", &admin.reader);
  REQUIRE(current.status == 200);
  REQUIRE(current.headers["etag"] == "\"1\"");
  auto profile = json::parse(current.body);
  profile["median_salary"]["amount"] = 99999;

  auto missing_precondition = admin.call("PUT", kNurse, profile.dump(), &admin.writer);
  CHECK(missing_precondition.status == 428);
  auto updated = admin.call("PUT", kNurse, profile.dump(), &admin.writer, "\"1\"");
  REQUIRE(updated.status == 200);
  CHECK(updated.headers["etag"] == "\"2\"");
  CHECK(admin.ask("registered nurse salary")["text"].get<std::string>().find("$99,999") !=
        std::string::npos);

  auto stale = admin.call("PUT", kNurse, profile.dump(), &admin.writer, "\"1\"");
  CHECK(stale.status == 412);
  CHECK(stale.headers["etag"] == "\"2\"");

  auto patched = admin.call("PATCH", kNurse, R"({"median_salary": {"amount": 101000}})",
                            &admin.writer, "\"2\"");
  REQUIRE(patched.status == 200);
  CHECK(json::parse(patched.body)["median_salary"]["amount"] == 101000);
  CHECK(admin.ask("how much do nurses make")["text"].get<std::string>().find("$101,000") !=
        std::string::npos);

  SECTION("history, rollback and audit") {
    auto history = json::parse(admin.call("GET", kNurse + "/revisions", "", &admin.reader).body);
    REQUIRE(history["revisions"].size() == 3);
    CHECK(history["revisions"][0]["action"] == "patch");
    CHECK(history["revisions"][0]["actor"] == "alice");
    auto first = json::parse(admin.call("GET", kNurse + "/revisions/1", "", &admin.reader).body);
    CHECK(first["profile"]["median_salary"]["amount"] == 93600);
    auto rolled =
        admin.call("POST", kNurse + "/rollback", R"({"revision": 1})", &admin.writer, "\"3\"");
    REQUIRE(rolled.status == 200);
    CHECK(rolled.headers["etag"] == "\"4\"");
    CHECK(admin.ask("registered nurse salary")["text"].get<std::string>().find("$93,600") !=
          std::string::npos);
    auto audit = json::parse(admin.call("GET", "/admin/v1/audit?limit=3", "", &admin.reader).body);
    REQUIRE(audit["entries"].size() == 3);
    CHECK(audit["entries"][0]["action"] == "rollback");
    CHECK(audit["entries"][0]["actor"] == "alice");
    CHECK(audit["entries"][0]["career"] == "registered-nurse");
    CHECK(audit["entries"][1]["detail"]["changed"] == json::array({"median_salary"}));
  }
  SECTION("changes survive a restart") {
    admin.server->signal(SIGTERM);
    REQUIRE(admin.server->wait_exit(std::chrono::seconds(5)) == 0);
    admin.server = std::make_unique<ServerProcess>(std::vector<std::string>{
        "--config", admin.dir + "/careerbot.json", "--data-dir", admin.server->data_dir()});
    CHECK(admin.ask("registered nurse salary")["text"].get<std::string>().find("$101,000") !=
          std::string::npos);
  }
}

TEST_CASE("invalid profiles are refused naming the field", "[integration][admin]") {
  AdminServer admin;
  auto bad = admin.call("PATCH", kNurse, R"({"median_salary": {"amount": "lots"}})", &admin.writer,
                        "\"1\"");
  CHECK(bad.status == 422);
  CHECK(json::parse(bad.body)["field"] == "median_salary.amount");
  auto dangling =
      admin.call("PATCH", kNurse, R"({"related": ["no-such-career"]})", &admin.writer, "\"1\"");
  CHECK(dangling.status == 422);
  CHECK(json::parse(dangling.body)["field"] == "related[0]");
  CHECK(admin.call("PATCH", kNurse, "{not json", &admin.writer, "\"1\"").status == 400);
  CHECK(admin.call("GET", "/admin/v1/careers/no-such-career", "", &admin.reader).status == 404);
}

TEST_CASE("careers are created, found, exported and deleted", "[integration][admin]") {
  AdminServer admin;
  // A career the shipped knowledge base does not know.
  json coach = {{"id", "esports-shoutcaster"},
                {"title", "Esports Shoutcaster"},
                {"title_plural", "Esports Shoutcasters"},
                {"aliases", {"shoutcaster"}},
                {"summary", "Commentates live competitive video game matches."},
                {"tasks", {"Review match recordings before a broadcast."}},
                {"steps", {"Stream your own commentary.", "Cast amateur tournaments."}},
                {"related", {"registered-nurse"}},
                {"median_salary",
                 {{"amount", 48250},
                  {"currency", "USD"},
                  {"period", "year"},
                  {"region", "United States"},
                  {"source", "Team survey"},
                  {"as_of", "2026"}}}};
  const auto before = json::parse(admin.call("GET", "/admin/v1/export", "", &admin.reader).body);
  CHECK(admin.ask("how much does a shoutcaster make")["status"] != "answered");
  auto created = admin.call("POST", "/admin/v1/careers", coach.dump(), &admin.writer);
  REQUIRE(created.status == 201);
  CHECK(created.headers["location"] == "/admin/v1/careers/esports-shoutcaster");
  CHECK(admin.call("POST", "/admin/v1/careers", coach.dump(), &admin.writer).status == 409);
  CHECK(admin.ask("how much does a shoutcaster make")["text"].get<std::string>().find("$48,250") !=
        std::string::npos);

  auto found =
      json::parse(admin.call("GET", "/admin/v1/careers?q=esports", "", &admin.reader).body);
  REQUIRE(found["total"] == 1);
  CHECK(found["items"][0]["id"] == "esports-shoutcaster");
  // Search covers the whole shipped knowledge base.
  auto plumbers =
      json::parse(admin.call("GET", "/admin/v1/careers?q=plumb", "", &admin.reader).body);
  CHECK(plumbers["total"] >= 1);
  auto exported = json::parse(admin.call("GET", "/admin/v1/export", "", &admin.reader).body);
  CHECK(exported["profiles"].size() == before["profiles"].size() + 1);

  CHECK(admin.call("DELETE", "/admin/v1/careers/esports-shoutcaster", "", &admin.writer, "\"0\"")
            .status == 412);
  CHECK(admin.call("DELETE", "/admin/v1/careers/esports-shoutcaster", "", &admin.writer, "\"1\"")
            .status == 204);
  CHECK(admin.ask("how much does a shoutcaster make")["status"] != "answered");
}

TEST_CASE("concurrent writers racing on one revision: exactly one wins", "[integration][admin]") {
  AdminServer admin;
  constexpr int kWriters = 8;
  std::atomic<int> won{0};
  std::atomic<int> stale{0};
  std::vector<std::thread> writers;
  for (int i = 0; i < kWriters; ++i) {
    writers.emplace_back([&, i] {
      auto reply =
          admin.call("PATCH", kNurse, json{{"median_salary", {{"amount", 90000 + i}}}}.dump(),
                     &admin.writer, "\"1\"");
      if (reply.status == 200) ++won;
      if (reply.status == 412) ++stale;
    });
  }
  for (auto& t : writers) t.join();
  CHECK(won == 1);
  CHECK(stale == kWriters - 1);
  auto history = json::parse(admin.call("GET", kNurse + "/revisions", "", &admin.reader).body);
  CHECK(history["revisions"].size() == 2);
}

TEST_CASE("questions careerbot could not answer are listed for admins", "[integration][admin]") {
  AdminServer admin;
  admin.ask("how do I fix my bicycle");
  admin.ask("How do I fix my bicycle?");
  admin.ask("backend developer salary");
  auto list = json::parse(admin.call("GET", "/admin/v1/unanswered", "", &admin.reader).body);
  REQUIRE(list["questions"].size() == 1);
  CHECK(list["questions"][0]["text"] == "how do i fix my bicycle");
  CHECK(list["questions"][0]["count"] == 2);
  CHECK(list["questions"][0]["channel"] == "api");
}

TEST_CASE("profiles can be imported as careerbot JSON through the API", "[integration][admin]") {
  AdminServer admin;
  auto exported = json::parse(admin.call("GET", "/admin/v1/export", "", &admin.reader).body);
  auto again = admin.call("POST", "/admin/v1/import", exported.dump(), &admin.writer);
  REQUIRE(again.status == 200);
  auto report = json::parse(again.body);
  CHECK(report["added"] == 0);
  CHECK(report["changed"] == 0);
  CHECK(report["unchanged"] == exported["profiles"].size());
  CHECK(report["unchanged"] > 1000);
}

TEST_CASE("a running service imports the public data through the API",
          "[integration][admin][import]") {
  std::string data = std::string(CAREERBOT_SHARED_DIR) + "/data";
  if (!std::filesystem::exists(data)) {
    WARN("skipped: " << data << " is absent");
    return;
  }
  AdminServer admin;
  // The shipped bundle already holds this release: a fresh import of it adds
  // nothing, changes nothing, and leaves the curated careers alone.
  json paths = {{"onet_dir", data + "/onet-29.3"},
                {"bls_projections", data + "/bls/employment-projections-2024-34.csv"},
                {"oews", data + "/bls/oews-national-may-2024.tsv"}};
  auto reply = admin.call("POST", "/admin/v1/import", paths.dump(), &admin.writer);
  REQUIRE(reply.status == 200);
  auto report = json::parse(reply.body);
  CHECK(report["added"] == 0);
  CHECK(report["changed"] == 0);
  CHECK(report["unchanged"] == 979);
  CHECK(report["careers"] == 1017);
  CHECK(report["skipped"].size() == 37);
  auto answer = admin.ask("how much do plumbers make");
  CHECK(answer["career"]["soc_code"] == "47-2152.00");
  CHECK(answer["text"].get<std::string>().find("$62,970") != std::string::npos);
  CHECK(admin
            .call("POST", "/admin/v1/import",
                  R"({"onet_dir": "/nowhere", "bls_projections": "/x", "oews": "/y"})",
                  &admin.writer)
            .status == 422);
  CHECK(admin.call("POST", "/admin/v1/import", paths.dump(), &admin.reader).status == 403);
}

TEST_CASE("the publishers' files uploaded as a form (curl -F) are imported like paths",
          "[integration][admin][import]") {
  std::string data = std::string(CAREERBOT_SHARED_DIR) + "/data";
  if (!std::filesystem::exists(data)) {
    WARN("skipped: " << data << " is absent");
    return;
  }
  AdminServer admin;
  std::string dir = temp_dir("upload");
  // The release as the publisher ships it: a zip holding the text files' folder.
  REQUIRE(std::system(("cd '" + data + "' && zip -qr '" + dir + "/onet.zip' onet-29.3").c_str()) ==
          0);
  auto upload = [&](const Token& token, const std::string& parts) {
    std::string out = dir + "/reply.txt";
    std::string command = "curl -s -o '" + out + "' -w '%{http_code}' -H 'Authorization: Bearer " +
                          token.secret + "' " + parts +
                          " http://127.0.0.1:" + std::to_string(admin.server->port()) +
                          "/admin/v1/import > '" + dir + "/status.txt'";
    REQUIRE(std::system(command.c_str()) == 0);
    return std::make_pair(std::stoi(read_file(dir + "/status.txt")), read_file(out));
  };
  std::string files = "-F onet=@" + dir + "/onet.zip -F bls_projections=@" + data +
                      "/bls/employment-projections-2024-34.csv -F oews=@" + data +
                      "/bls/oews-national-may-2024.tsv";
  auto [status, body] = upload(admin.writer, files);
  REQUIRE(status == 200);
  auto report = json::parse(body);
  CHECK(report["unchanged"] == 979);
  CHECK(report["careers"] == 1017);
  CHECK(upload(admin.reader, files).first == 403);
  // A file missing or of the wrong kind is named.
  auto [missing, why] = upload(admin.writer, "-F onet=@" + dir + "/onet.zip");
  CHECK(missing == 400);
  CHECK(why.find("bls_projections") != std::string::npos);
  write_file(dir + "/notes.doc", "not a table");
  auto [wrong, what] = upload(admin.writer, "-F onet=@" + dir + "/notes.doc -F bls_projections=@" +
                                                dir + "/notes.doc -F oews=@" + dir + "/notes.doc");
  CHECK(wrong == 400);
  CHECK(what.find("O*NET") != std::string::npos);
  // Each file in its own slot: wages are not the O*NET release.
  auto [swapped, which] = upload(admin.writer, "-F onet=@" + data +
                                                   "/bls/oews-national-may-2024.tsv -F "
                                                   "bls_projections=@" +
                                                   dir + "/onet.zip -F oews=@" + dir + "/onet.zip");
  CHECK(swapped == 400);
  CHECK(which.find(".zip") != std::string::npos);
  // What the importer cannot read is named as it was uploaded, not by a path on the server.
  write_file(dir + "/broken.zip", "not a zip at all");
  auto [unreadable, reason] =
      upload(admin.writer, "-F onet=@" + dir + "/broken.zip -F bls_projections=@" + data +
                               "/bls/employment-projections-2024-34.csv -F oews=@" + data +
                               "/bls/oews-national-may-2024.tsv");
  CHECK(unreadable == 422);
  CHECK(reason.find("broken.zip") != std::string::npos);
  CHECK(reason.find("careerbot-import-") == std::string::npos);
  // Uploaded files do not stay behind.
  CHECK(std::system("ls -d /tmp/careerbot-import-* >/dev/null 2>&1") != 0);
}
