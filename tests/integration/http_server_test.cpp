// The HTTP server's behaviour on the wire: keep-alive, pipelining, limits,
// timeouts and graceful shutdown, tested against the real process.
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "http_client.hpp"
#include "server_process.hpp"

using namespace careerbot::test;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

std::string ask_body(const std::string& text) {
  return json{{"text", text}}.dump();
}

std::string intent_of(const HttpReply& reply) {
  return json::parse(reply.body)["intent"];
}

// The threads of process `pid` as `top -H` shows them (or only its main
// thread): name -> niceness.
std::multimap<std::string, int> threads_of(int pid, bool main_only = false) {
  std::multimap<std::string, int> threads;
  for (const auto& task :
       std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/task")) {
    if (main_only && task.path().filename() != std::to_string(pid)) continue;
    std::ifstream in(task.path() / "stat");
    std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto open = stat.find('('), close = stat.rfind(')');
    if (open == std::string::npos || close == std::string::npos) continue;  // it just ended
    // After "(name) " comes field 3 of proc(5)'s list (state); nice is field 19.
    std::istringstream fields(stat.substr(close + 2));
    std::string field;
    for (int number = 3; number <= 19; ++number) fields >> field;
    threads.emplace(stat.substr(open + 1, close - open - 1), std::stoi(field));
  }
  return threads;
}

}  // namespace

TEST_CASE("keep-alive serves several requests on one connection", "[integration][http]") {
  ServerProcess server;
  Connection connection(server.port());
  for (const char* text : {"backend developer salary", "backend developer education", "hi"}) {
    REQUIRE(connection.send(post_request("/v1/ask", ask_body(text))));
    auto reply = connection.read_reply();
    REQUIRE(reply);
    CHECK(reply->status == 200);
  }
}

TEST_CASE("pipelined requests are answered in order", "[integration][http]") {
  ServerProcess server;
  Connection connection(server.port());
  std::string batch = post_request("/v1/ask", ask_body("backend developer salary")) +
                      get_request("/healthz") +
                      post_request("/v1/ask", ask_body("how do i become a backend developer")) +
                      post_request("/v1/ask", ask_body("hello"), false);
  REQUIRE(connection.send(batch));
  auto first = connection.read_reply();
  auto second = connection.read_reply();
  auto third = connection.read_reply();
  auto fourth = connection.read_reply();
  REQUIRE((first && second && third && fourth));
  CHECK(intent_of(*first) == "salary");
  CHECK(json::parse(second->body)["status"] == "ok");
  CHECK(intent_of(*third) == "steps");
  CHECK(intent_of(*fourth) == "greeting");
  CHECK(fourth->headers["connection"] == "close");
  CHECK(connection.closed_by_peer(2s));
}

TEST_CASE("a client that stalls mid-request is cut off by the read timeout",
          "[integration][http]") {
  ServerProcess server({}, {"CAREERBOT_HTTP_READ_TIMEOUT_MS=300"});
  Connection stalled(server.port());
  REQUIRE(stalled.send("POST /v1/ask HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\n{\"text\":"));
  INFO(server.log());
  CHECK(stalled.closed_by_peer(3s));
  // Others are served meanwhile and after.
  CHECK(post(server.port(), "/v1/ask", ask_body("hi")).status == 200);
  // The stream closes the socket when its timer fires, just before the
  // server's handler logs it: give the log line a moment.
  bool logged = false;
  for (int i = 0; i < 200 && !logged; ++i) {
    logged = server.log().find("\"reason\":\"timeout\"") != std::string::npos;
    if (!logged) std::this_thread::sleep_for(10ms);
  }
  CHECK(logged);
}

TEST_CASE("an idle keep-alive connection is closed after the idle timeout", "[integration][http]") {
  ServerProcess server({}, {"CAREERBOT_HTTP_IDLE_TIMEOUT_MS=300"});
  Connection connection(server.port());
  REQUIRE(connection.send(get_request("/healthz")));
  REQUIRE(connection.read_reply());
  CHECK(connection.closed_by_peer(3s));
}

TEST_CASE("oversized headers get 431 and garbage gets 400", "[integration][http]") {
  ServerProcess server;
  {
    Connection connection(server.port());
    connection.send("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(40000, 'b') +
                    "\r\n\r\n");
    auto reply = connection.read_reply();
    REQUIRE(reply);
    CHECK(reply->status == 431);
  }
  {
    Connection connection(server.port());
    connection.send("THIS IS NOT HTTP\r\n\r\n");
    auto reply = connection.read_reply();
    REQUIRE(reply);
    CHECK(reply->status == 400);
    CHECK(reply->headers["content-type"] == "application/problem+json");
  }
  CHECK(get(server.port(), "/healthz").status == 200);
}

TEST_CASE("connections beyond the limit are refused with 503", "[integration][http]") {
  ServerProcess server({}, {"CAREERBOT_HTTP_MAX_CONNECTIONS=2"});
  Connection a(server.port());
  Connection b(server.port());
  REQUIRE(a.send(get_request("/healthz")));
  REQUIRE(b.send(get_request("/healthz")));
  REQUIRE(a.read_reply());
  REQUIRE(b.read_reply());
  Connection c(server.port());
  c.send(get_request("/healthz"));
  auto refused = c.read_reply();
  REQUIRE(refused);
  CHECK(refused->status == 503);
  CHECK(refused->headers.contains("retry-after"));
}

TEST_CASE("SIGTERM stops accepting, finishes the request in flight and exits 0",
          "[integration][http]") {
  ServerProcess server;
  Connection in_flight(server.port());
  Connection idle(server.port());
  REQUIRE(idle.send(get_request("/healthz")));
  REQUIRE(idle.read_reply());

  std::string body = ask_body("how much do back end developers make");
  std::string request = post_request("/v1/ask", body);
  std::size_t half = request.size() - body.size() / 2;
  REQUIRE(in_flight.send(request.substr(0, half)));
  std::this_thread::sleep_for(200ms);  // the server is now reading this request

  server.signal(SIGTERM);
  CHECK(idle.closed_by_peer(3s));  // idle connections close at once
  REQUIRE(in_flight.send(request.substr(half)));
  auto reply = in_flight.read_reply();
  REQUIRE(reply);
  CHECK(reply->status == 200);
  CHECK(json::parse(reply->body)["text"].get<std::string>().find("$121,668") != std::string::npos);
  CHECK(reply->headers["connection"] == "close");

  auto code = server.wait_exit(5s);
  REQUIRE(code);
  CHECK(*code == 0);
  CHECK_THROWS(Connection(server.port()));  // no longer accepting
}

TEST_CASE("health, readiness and metrics", "[integration][http]") {
  ServerProcess server;
  auto health = get(server.port(), "/healthz");
  CHECK(health.status == 200);
  auto ready = get(server.port(), "/readyz");
  CHECK(ready.status == 200);
  CHECK(json::parse(ready.body)["careers"].get<int>() >= 1);
  post(server.port(), "/v1/ask", ask_body("backend developer salary"));
  auto metrics = get(server.port(), "/metrics");
  CHECK(metrics.status == 200);
  CHECK(metrics.headers["content-type"].find("text/plain") == 0);
  CHECK(metrics.body.find(
            R"(careerbot_http_requests_total{route="/v1/ask",method="POST",status="200"} 1)") !=
        std::string::npos);
  CHECK(metrics.body.find(R"(careerbot_answers_total{status="answered",intent="salary"} 1)") !=
        std::string::npos);
  CHECK(metrics.body.find(
            "careerbot_http_request_duration_seconds_bucket{route=\"/v1/ask\",le=\"+Inf\"} 1") !=
        std::string::npos);
}

TEST_CASE("threads carry names; answering and delivering yield the CPU to acknowledging",
          "[integration][http]") {
  // Started under `nice -n 2` (the niceness of the thread that forks), the
  // background threads go 10 further and the others keep the process's.
  const int started = std::min(getpriority(PRIO_PROCESS, 0) + 2, 19);
  const int background = std::min(started + 10, 19);
  std::optional<ServerProcess> server;
  int niced = -1;
  std::exception_ptr failed;  // (Catch's assertions belong to the test's thread)
  std::thread starter([&] {
    niced = setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), started);
    try {
      if (niced == 0) server.emplace();
    } catch (...) {
      failed = std::current_exception();
    }
  });
  starter.join();
  REQUIRE(niced == 0);
  if (failed) std::rethrow_exception(failed);
  REQUIRE(server);
  REQUIRE(get(server->port(), "/healthz").status == 200);
  // The main thread keeps the program's name (`ps` and `pkill` see it).
  auto main_thread = threads_of(server->pid(), true);
  REQUIRE(main_thread.size() == 1);
  CHECK(main_thread.begin()->first == "careerbot");
  CHECK(main_thread.begin()->second == started);
  // Each thread names itself once it runs (the access log's after the first
  // request's line): wait for all of them.
  const std::vector<std::string> named = {"cb-inbound",  "cb-access-log", "cb-conversation",
                                          "cb-answerer", "cb-outbox",     "cb-https-client",
                                          "cb-privacy"};
  auto threads = threads_of(server->pid());
  for (int i = 0;
       i < 100 && !std::all_of(named.begin(), named.end(),
                               [&](const auto& name) { return threads.count(name) == 1; });
       ++i) {
    std::this_thread::sleep_for(50ms);
    threads = threads_of(server->pid());
  }
  for (const char* name : {"cb-inbound", "cb-access-log", "cb-conversation"}) {
    INFO(name);
    REQUIRE(threads.count(name) == 1);
    CHECK(threads.find(name)->second == started);
  }
  for (const char* name : {"cb-answerer", "cb-outbox", "cb-https-client", "cb-privacy"}) {
    INFO(name);
    REQUIRE(threads.count(name) == 1);
    CHECK(threads.find(name)->second == background);
  }
}

TEST_CASE("each request leaves one JSON access-log line without its body", "[integration][http]") {
  ServerProcess server;
  post(server.port(), "/v1/ask", ask_body("my secret question about backend developer salary"));
  get(server.port(), "/nowhere?token=hunter2");
  // The access log is written in batches (every 50 ms): wait for both lines.
  auto access_lines = [](const std::string& log) {
    std::vector<json> lines;
    std::size_t start = 0;
    while (start < log.size()) {
      auto end = log.find('\n', start);
      if (end == std::string::npos) end = log.size();
      auto line = json::parse(log.substr(start, end - start), nullptr, false);
      REQUIRE(!line.is_discarded());  // every log line is JSON
      if (line["event"] == "http_request") lines.push_back(line);
      start = end + 1;
    }
    return lines;
  };
  auto deadline = std::chrono::steady_clock::now() + 5s;
  while (access_lines(server.log()).size() < 2 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(20ms);
  }
  std::this_thread::sleep_for(200ms);  // and no third line after them
  std::string log = server.log();
  auto lines = access_lines(log);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0]["path"] == "/v1/ask");
  CHECK(lines[0]["status"] == 200);
  CHECK(lines[0]["level"] == "info");
  CHECK(lines[0]["time"].get<std::string>().size() == 24);  // 2026-11-30T13:05:09.123Z
  CHECK(lines[0].contains("duration_ms"));
  CHECK(lines[1]["path"] == "/nowhere");
  CHECK(lines[1]["status"] == 404);
  CHECK(log.find("secret question") == std::string::npos);
  CHECK(log.find("hunter2") == std::string::npos);
}
