#include "websocket_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <random>
#include <stdexcept>

namespace careerbot::test {

namespace {
constexpr int kContinuation = 0;
constexpr int kText = 1;
constexpr int kClose = 8;
constexpr int kPing = 9;
constexpr int kPong = 10;
}  // namespace

WebSocketClient::WebSocketClient(unsigned short port, const std::string& path,
                                 const std::vector<std::string>& headers) {
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd_ < 0 || ::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    throw std::runtime_error("cannot connect to 127.0.0.1:" + std::to_string(port));
  }
  std::string request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) +
                        "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                        "Sec-WebSocket-Version: 13\r\n";
  for (const auto& header : headers) request += header + "\r\n";
  request += "\r\n";
  ::send(fd_, request.data(), request.size(), MSG_NOSIGNAL);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  std::size_t end;
  while ((end = buffer_.find("\r\n\r\n")) == std::string::npos) {
    if (!fill(deadline)) return;
  }
  if (buffer_.starts_with("HTTP/1.1 ")) status_ = std::stoi(buffer_.substr(9, 3));
  buffer_.erase(0, end + 4);
}

WebSocketClient::~WebSocketClient() {
  if (fd_ >= 0) ::close(fd_);
}

bool WebSocketClient::fill(std::chrono::steady_clock::time_point deadline) {
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

bool WebSocketClient::send_frame(int opcode, const std::string& payload) {
  std::string frame;
  frame += static_cast<char>(0x80 | opcode);
  const std::size_t size = payload.size();
  if (size < 126) {
    frame += static_cast<char>(0x80 | size);
  } else if (size < 65536) {
    frame += static_cast<char>(0x80 | 126);
    frame += static_cast<char>(size >> 8);
    frame += static_cast<char>(size & 0xff);
  } else {
    frame += static_cast<char>(0x80 | 127);
    for (int shift = 56; shift >= 0; shift -= 8) frame += static_cast<char>((size >> shift) & 0xff);
  }
  static std::mt19937 random(7);
  char mask[4];
  for (auto& byte : mask) byte = static_cast<char>(random() & 0xff);
  frame.append(mask, 4);
  for (std::size_t i = 0; i < size; ++i) frame += static_cast<char>(payload[i] ^ mask[i % 4]);
  std::size_t sent = 0;
  while (sent < frame.size()) {
    auto n = ::send(fd_, frame.data() + sent, frame.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<std::size_t>(n);
  }
  return true;
}

bool WebSocketClient::send_text(const std::string& text) {
  return send_frame(kText, text);
}

std::optional<std::string> WebSocketClient::read_text(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  std::string message;  // a text message may come in fragments
  while (true) {
    // A whole frame: two bytes, the extended length, then the payload (a
    // server's frames are not masked).
    while (buffer_.size() < 2) {
      if (!fill(deadline)) return std::nullopt;
    }
    const bool final = (static_cast<unsigned char>(buffer_[0]) & 0x80) != 0;
    int opcode = static_cast<unsigned char>(buffer_[0]) & 0x0f;
    std::size_t size = static_cast<unsigned char>(buffer_[1]) & 0x7f;
    std::size_t header = 2;
    if (size >= 126) {
      std::size_t bytes = size == 126 ? 2 : 8;
      while (buffer_.size() < 2 + bytes) {
        if (!fill(deadline)) return std::nullopt;
      }
      size = 0;
      for (std::size_t i = 0; i < bytes; ++i)
        size = (size << 8) | static_cast<unsigned char>(buffer_[2 + i]);
      header += bytes;
    }
    while (buffer_.size() < header + size) {
      if (!fill(deadline)) return std::nullopt;
    }
    std::string payload = buffer_.substr(header, size);
    buffer_.erase(0, header + size);
    if (opcode == kText || opcode == kContinuation) {
      message += payload;
      if (final) return message;
      continue;
    }
    if (opcode == kPing) send_frame(kPong, payload);
    if (opcode == kClose) {
      if (payload.size() >= 2) {
        close_code_ =
            (static_cast<unsigned char>(payload[0]) << 8) | static_cast<unsigned char>(payload[1]);
      }
      return std::nullopt;
    }
  }
}

}  // namespace careerbot::test
