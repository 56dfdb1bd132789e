#include "http_client.hpp"

#include "crypto.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <stdexcept>

namespace careerbot::test {

Connection::Connection(unsigned short port) {
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd_ < 0 || ::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    throw std::runtime_error("cannot connect to 127.0.0.1:" + std::to_string(port));
  }
}

Connection::~Connection() {
  if (fd_ >= 0) ::close(fd_);
}

bool Connection::send(const std::string& bytes) {
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    auto n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<std::size_t>(n);
  }
  return true;
}

bool Connection::fill(std::chrono::steady_clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - std::chrono::steady_clock::now());
  if (left.count() <= 0) return false;
  pollfd p{fd_, POLLIN, 0};
  if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
  char chunk[65536];
  auto n = ::recv(fd_, chunk, sizeof chunk, 0);
  if (n <= 0) return false;
  buffer_.append(chunk, static_cast<std::size_t>(n));
  return true;
}

std::optional<HttpReply> Connection::read_reply(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  std::size_t end;
  while ((end = buffer_.find("\r\n\r\n")) == std::string::npos) {
    if (!fill(deadline)) return std::nullopt;
  }
  HttpReply reply;
  std::string head = buffer_.substr(0, end);
  std::size_t line_end = head.find("\r\n");
  std::string status_line = head.substr(0, line_end);
  reply.status = std::stoi(status_line.substr(9, 3));
  std::size_t pos = line_end == std::string::npos ? head.size() : line_end + 2;
  while (pos < head.size()) {
    std::size_t next = head.find("\r\n", pos);
    if (next == std::string::npos) next = head.size();
    std::string line = head.substr(pos, next - pos);
    auto colon = line.find(':');
    std::string name = line.substr(0, colon);
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.erase(value.begin());
    reply.headers[name] = value;
    pos = next + 2;
  }
  std::size_t length =
      reply.headers.contains("content-length") ? std::stoul(reply.headers["content-length"]) : 0;
  while (buffer_.size() < end + 4 + length) {
    if (!fill(deadline)) return std::nullopt;
  }
  reply.body = buffer_.substr(end + 4, length);
  buffer_.erase(0, end + 4 + length);
  return reply;
}

bool Connection::closed_by_peer(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd p{fd_, POLLIN, 0};
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (::poll(&p, 1, static_cast<int>(std::max<long long>(left.count(), 1))) <= 0) return false;
    char chunk[4096];
    auto n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n <= 0) return true;
  }
  return false;
}

std::string post_request(const std::string& path, const std::string& body, bool keep_alive) {
  return "POST " + path +
         " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: " +
         std::to_string(body.size()) + (keep_alive ? "" : "\r\nConnection: close") + "\r\n\r\n" +
         body;
}

std::string get_request(const std::string& path, bool keep_alive) {
  return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1" +
         (keep_alive ? "" : "\r\nConnection: close") + "\r\n\r\n";
}

HttpReply request(unsigned short port, const std::string& method, const std::string& path,
                  const std::string& body, const std::vector<std::string>& headers,
                  std::chrono::milliseconds timeout) {
  std::string text = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
  for (const auto& header : headers) text += header + "\r\n";
  if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH") {
    text +=
        "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
  }
  text += "\r\n" + body;
  Connection c(port);
  c.send(text);
  auto reply = c.read_reply(timeout);
  if (!reply) throw std::runtime_error("no reply to " + method + " " + path);
  return *reply;
}

HttpReply post(unsigned short port, const std::string& path, const std::string& body) {
  Connection c(port);
  c.send(post_request(path, body, false));
  auto reply = c.read_reply();
  if (!reply) throw std::runtime_error("no reply to POST " + path);
  return *reply;
}

HttpReply get(unsigned short port, const std::string& path) {
  Connection c(port);
  c.send(get_request(path, false));
  auto reply = c.read_reply();
  if (!reply) throw std::runtime_error("no reply to GET " + path);
  return *reply;
}

HttpReply post_signed_webhook(unsigned short port, const std::string& secret,
                              const std::string& body, long long clock_offset) {
  auto now = std::chrono::duration_cast<std::chrono::seconds>(
      std::chrono::system_clock::now().time_since_epoch());
  std::string ts = std::to_string(now.count() + clock_offset);
  std::string signature =
      "v0=" + careerbot::crypto::hmac_sha256_hex(secret, "v0:" + ts + ":" + body);
  return request(port, "POST", "/v1/channels/webhook", body,
                 {"X-Careerbot-Timestamp: " + ts, "X-Careerbot-Signature: " + signature});
}

}  // namespace careerbot::test
