// A small WebSocket client (RFC 6455) over a plain socket, for tests: the
// upgrade request with chosen headers, masked text frames out, frames in
// (pings answered), and the close code the server sent.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace careerbot::test {

class WebSocketClient {
 public:
  // Connects to 127.0.0.1:port and asks to upgrade `path`; extra headers as
  // "Name: value". handshake_status() tells how the server answered.
  WebSocketClient(unsigned short port, const std::string& path,
                  const std::vector<std::string>& headers = {});
  ~WebSocketClient();
  WebSocketClient(const WebSocketClient&) = delete;
  WebSocketClient& operator=(const WebSocketClient&) = delete;

  int handshake_status() const { return status_; }
  bool send_text(const std::string& text);
  // The next text message; nullopt on a timeout or once the server closed.
  std::optional<std::string> read_text(
      std::chrono::milliseconds timeout = std::chrono::seconds(10));
  // The status code of the server's close frame, once one arrived.
  std::optional<int> close_code() const { return close_code_; }

 private:
  bool fill(std::chrono::steady_clock::time_point deadline);
  bool send_frame(int opcode, const std::string& payload);

  int fd_ = -1;
  int status_ = 0;
  std::string buffer_;
  std::optional<int> close_code_;
};

}  // namespace careerbot::test
