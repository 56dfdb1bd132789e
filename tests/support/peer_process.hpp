// Other programs the integration tests talk to: real peers such as the fake
// platform API (Python over TLS), started and stopped with the test, and a
// throwaway certificate authority made with the openssl command at test time.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace careerbot::test {

// A child process, killed (SIGKILL) when this object goes away.
class PeerProcess {
 public:
  PeerProcess(const std::vector<std::string>& argv, const std::string& log_path);
  ~PeerProcess();
  PeerProcess(const PeerProcess&) = delete;
  PeerProcess& operator=(const PeerProcess&) = delete;
  void stop();

 private:
  int pid_ = -1;
};

// A CA and a certificate for 127.0.0.1 and localhost signed by it, made once
// per test run; `other_ca_cert` is a second, unrelated CA.
struct TestPki {
  std::string ca_cert;
  std::string server_cert;
  std::string server_key;
  std::string other_ca_cert;
};
const TestPki& test_pki();

// The stand-in for a chat platform's API (tests/support/fake_platform.py):
// answers over TLS with the test CA's certificate, records every request.
// `script` lists the first answers ({"status", "headers", "body"}).
class FakeApi {
 public:
  explicit FakeApi(const nlohmann::json& script = nlohmann::json::array(), int port = 0);
  unsigned short port() const { return port_; }
  std::string base_url() const;
  std::vector<nlohmann::json> requests() const;
  // Waits until at least `count` requests arrived, then returns them all.
  std::vector<nlohmann::json> wait_for(
      std::size_t count, std::chrono::milliseconds timeout = std::chrono::seconds(15)) const;
  void stop() { process_.reset(); }

 private:
  std::string dir_;
  std::string record_;
  unsigned short port_ = 0;
  std::unique_ptr<PeerProcess> process_;
};

// An unused local port (bound and released).
unsigned short free_port();

}  // namespace careerbot::test
