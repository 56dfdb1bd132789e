// The relay careerbot sends replies through, in tests: aiosmtpd with STARTTLS
// and the test CA's certificate (tests/support/smtp_sink.py), keeping every
// message it accepts.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "peer_process.hpp"

namespace careerbot::test {

class MailRelay {
 public:
  // On a free port unless `port` names one (a relay coming back).
  explicit MailRelay(unsigned short port = 0);
  unsigned short port() const { return port_; }

  struct Message {
    nlohmann::json envelope;
    std::string data;
  };
  std::vector<Message> messages() const;
  // Waits until at least `count` messages arrived, then returns them all.
  std::vector<Message> wait_for(std::size_t count,
                                std::chrono::seconds timeout = std::chrono::seconds(15)) const;

 private:
  std::string dir_;
  unsigned short port_ = 0;
  std::unique_ptr<PeerProcess> process_;
};

}  // namespace careerbot::test
