// A deliberately small HTTP/1.1 client over a plain socket, for tests that
// need control a library would hide: partial writes, stalls, pipelining.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace careerbot::test {

struct HttpReply {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
};

class Connection {
 public:
  explicit Connection(unsigned short port);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  bool send(const std::string& bytes);
  // Reads one response; nullopt when the connection closed or timed out first.
  std::optional<HttpReply> read_reply(std::chrono::milliseconds timeout = std::chrono::seconds(10));
  // True when the server closed the connection within the timeout.
  bool closed_by_peer(std::chrono::milliseconds timeout);

 private:
  bool fill(std::chrono::steady_clock::time_point deadline);
  int fd_ = -1;
  std::string buffer_;
};

std::string post_request(const std::string& path, const std::string& body, bool keep_alive = true);
std::string get_request(const std::string& path, bool keep_alive = true);

// Any request, with extra headers ("Name: value"), on its own connection.
// `timeout`: how long to wait for the reply before giving up on it.
HttpReply request(unsigned short port, const std::string& method, const std::string& path,
                  const std::string& body, const std::vector<std::string>& headers = {},
                  std::chrono::milliseconds timeout = std::chrono::seconds(10));

// A message to the generic JSON webhook (POST /v1/channels/webhook), signed
// with `secret` the way careerbot checks it, `clock_offset` seconds off now.
HttpReply post_signed_webhook(unsigned short port, const std::string& secret,
                              const std::string& body, long long clock_offset = 0);

// One request on its own connection.
HttpReply post(unsigned short port, const std::string& path, const std::string& body);
HttpReply get(unsigned short port, const std::string& path);

}  // namespace careerbot::test
