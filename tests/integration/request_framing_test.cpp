// Request smuggling: a request whose length could be read two ways is refused
// with a problem and the connection closed, so a request hidden in its body is
// never answered. Raw sockets, the real process.
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "http_client.hpp"
#include "peer_process.hpp"
#include "server_process.hpp"

using namespace careerbot::test;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

// A second request hidden after the first one's body, as a front-end proxy
// that read the framing differently would forward it.
const std::string kHidden = "GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n";

struct Attack {
  std::string name;
  std::string framing;  // header lines, each ending in CRLF
  std::string body;
  int status;
};

std::string body_hiding_a_request() {
  return "0\r\n\r\n" + kHidden;
}

}  // namespace

TEST_CASE("ambiguous framing is refused and the connection closed", "[integration][http]") {
  ServerProcess server;
  std::string hidden = body_hiding_a_request();
  std::string length = std::to_string(hidden.size());
  std::vector<Attack> attacks = {
      {"an unknown coding beside a length",
       "Transfer-Encoding: xchunked\r\nContent-Length: " + length + "\r\n", hidden, 400},
      {"chunked beside a length",
       "Transfer-Encoding: chunked\r\nContent-Length: " + length + "\r\n", hidden, 400},
      {"chunked twice", "Transfer-Encoding: chunked, chunked\r\n", hidden, 400},
      {"chunked on two lines", "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n",
       hidden, 400},
      {"chunked not last", "Transfer-Encoding: chunked, identity\r\n", hidden, 400},
      {"a coding careerbot does not decode", "Transfer-Encoding: gzip, chunked\r\n", hidden, 501},
      {"an empty coding", "Transfer-Encoding: \r\nContent-Length: " + length + "\r\n", hidden, 400},
      {"two equal lengths", "Content-Length: " + length + "\r\nContent-Length: " + length + "\r\n",
       hidden, 400},
      {"two lengths in one line", "Content-Length: " + length + ", " + length + "\r\n", hidden,
       400},
      {"a signed length", "Content-Length: +" + length + "\r\n", hidden, 400},
      {"a space before the colon",
       "Transfer-Encoding : chunked\r\nContent-Length: " + length + "\r\n", hidden, 400},
  };
  for (const auto& attack : attacks) {
    INFO(attack.name);
    Connection connection(server.port());
    REQUIRE(connection.send("POST /v1/ask HTTP/1.1\r\nHost: x\r\n" + attack.framing + "\r\n" +
                            attack.body));
    auto reply = connection.read_reply();
    REQUIRE(reply);
    CHECK(reply->status == attack.status);
    CHECK(reply->headers["content-type"] == "application/problem+json");
    // Nothing more: the hidden request gets no answer, the connection is closed.
    CHECK(connection.closed_by_peer(3s));
  }
  {
    INFO("Transfer-Encoding in HTTP/1.0");
    Connection connection(server.port());
    REQUIRE(connection.send(
        "POST /v1/ask HTTP/1.0\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + hidden));
    auto reply = connection.read_reply();
    REQUIRE(reply);
    CHECK(reply->status == 400);
    CHECK(connection.closed_by_peer(3s));
  }
  CHECK(server.log().find("/smuggled") == std::string::npos);
  CHECK(server.log().find("\"reason\":\"ambiguous_framing\"") != std::string::npos);
}

TEST_CASE("plain chunked and plain length requests are still served", "[integration][http]") {
  ServerProcess server;
  std::string body = json{{"text", "how much do plumbers make"}}.dump();
  Connection connection(server.port());
  char size[16];
  std::snprintf(size, sizeof size, "%zx", body.size());
  REQUIRE(
      connection.send("POST /v1/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                      "Transfer-Encoding: Chunked\r\n\r\n" +
                      std::string(size) + "\r\n" + body + "\r\n0\r\n\r\n"));
  auto chunked = connection.read_reply();
  REQUIRE(chunked);
  CHECK(chunked->status == 200);
  CHECK(json::parse(chunked->body)["career"]["id"] == "plumbers-pipefitters-and-steamfitters");
  REQUIRE(connection.send(post_request("/v1/ask", body)));
  auto plain = connection.read_reply();
  REQUIRE(plain);
  CHECK(plain->status == 200);
}

namespace {

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

std::size_t occurrences(const std::string& text, const std::string& word) {
  std::size_t count = 0;
  for (auto at = text.find(word); at != std::string::npos; at = text.find(word, at + 1)) ++count;
  return count;
}

bool accepts_connections(unsigned short port) {
  try {
    Connection probe(port);
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace

TEST_CASE("through nginx configured as in deploy/, careerbot sees no request nginx did not",
          "[integration][http][nginx]") {
  ServerProcess server({}, {R"(CAREERBOT_HTTP_TRUSTED_PROXIES=["127.0.0.1"])"});
  std::string dir = temp_dir("nginx");
  unsigned short nginx_port = free_port();
  std::string site = read_file(CAREERBOT_SOURCE_DIR "/deploy/nginx/careerbot.conf");
  site =
      replaced(site, "server 127.0.0.1:8080", "server 127.0.0.1:" + std::to_string(server.port()));
  site = replaced(site, "listen 80;", "listen 127.0.0.1:" + std::to_string(nginx_port) + ";");
  write_file(dir + "/careerbot.conf", site);
  write_file(dir + "/nginx.conf",
             "daemon off; master_process off; worker_processes 1;\n"
             "pid " +
                 dir + "/nginx.pid; error_log " + dir +
                 "/error.log info;\n"
                 "events { worker_connections 64; }\n"
                 "http {\n  access_log " +
                 dir +
                 "/access.log;\n"
                 "  client_body_temp_path " +
                 dir + "/body; proxy_temp_path " + dir +
                 "/proxy;\n"
                 "  fastcgi_temp_path " +
                 dir + "/fastcgi; uwsgi_temp_path " + dir +
                 "/uwsgi;\n"
                 "  scgi_temp_path " +
                 dir + "/scgi;\n  include " + dir + "/careerbot.conf;\n}\n");
  PeerProcess nginx(
      {"/usr/sbin/nginx", "-p", dir, "-c", dir + "/nginx.conf", "-e", dir + "/error.log"},
      dir + "/nginx.out");
  for (int i = 0; i < 100 && !accepts_connections(nginx_port); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  REQUIRE(accepts_connections(nginx_port));

  std::string hidden = body_hiding_a_request();
  std::string length = std::to_string(hidden.size());
  const std::vector<std::string> framings = {
      "Transfer-Encoding: xchunked\r\nContent-Length: " + length + "\r\n",
      "Transfer-Encoding: chunked\r\nContent-Length: " + length + "\r\n",
      "Transfer-Encoding: chunked, chunked\r\n",
      "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n",
      "Transfer-Encoding: chunked, identity\r\n",
      "Content-Length: " + length + "\r\nContent-Length: " + length + "\r\n",
      "Content-Length: " + length + ", " + length + "\r\n",
      "Transfer-Encoding : chunked\r\nContent-Length: " + length + "\r\n",
      "Transfer-Encoding:\tchunked\r\nContent-Length: " + length + "\r\n",
  };
  for (const auto& framing : framings) {
    INFO(framing);
    Connection connection(nginx_port);
    REQUIRE(connection.send("POST /v1/ask HTTP/1.1\r\nHost: x\r\n" + framing + "\r\n" + hidden));
    auto reply = connection.read_reply(std::chrono::seconds(5));
    REQUIRE(reply);
    CHECK(reply->status >= 400);
    // Whatever nginx makes of the rest, careerbot must agree with it.
    connection.read_reply(std::chrono::milliseconds(500));
  }
  // A plain question still goes through, with the client's address forwarded.
  std::string body = json{{"text", "how much do plumbers make"}}.dump();
  CHECK(post(nginx_port, "/v1/ask", body).status == 200);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  std::string seen_by_nginx = read_file(dir + "/access.log");
  CHECK(occurrences(server.log(), "/smuggled") <= occurrences(seen_by_nginx, "/smuggled"));
  std::size_t asked = occurrences(server.log(), "\"path\":\"/v1/ask\"");
  CHECK(asked >= 1);
  CHECK(asked <= occurrences(seen_by_nginx, "\"POST /v1/ask "));
}
