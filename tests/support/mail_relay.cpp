#include "mail_relay.hpp"

#include <filesystem>
#include <stdexcept>
#include <thread>

#include "server_process.hpp"

namespace careerbot::test {

namespace fs = std::filesystem;
using nlohmann::json;

MailRelay::MailRelay(unsigned short port) : dir_(temp_dir("relay")) {
  fs::create_directories(dir_ + "/out");
  const TestPki& pki = test_pki();
  process_ = std::make_unique<PeerProcess>(
      std::vector<std::string>{"/usr/bin/python3",
                               CAREERBOT_SOURCE_DIR "/tests/support/smtp_sink.py", "--out",
                               dir_ + "/out", "--mode", "starttls", "--cert", pki.server_cert,
                               "--key", pki.server_key, "--port", std::to_string(port), "--stay"},
      dir_ + "/log");
  for (int i = 0; i < 300 && port_ == 0; ++i) {
    std::string log = read_file(dir_ + "/log");
    auto at = log.find("PORT ");
    if (at != std::string::npos && log.find('\n', at) != std::string::npos) {
      port_ = static_cast<unsigned short>(std::stoi(log.substr(at + 5)));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (port_ == 0) throw std::runtime_error("relay did not start: " + read_file(dir_ + "/log"));
}

std::vector<MailRelay::Message> MailRelay::messages() const {
  std::vector<Message> found;
  for (int i = 1; fs::exists(dir_ + "/out/" + std::to_string(i) + ".json"); ++i) {
    std::string base = dir_ + "/out/" + std::to_string(i);
    found.push_back({json::parse(read_file(base + ".json")), read_file(base + ".eml")});
  }
  return found;
}

std::vector<MailRelay::Message> MailRelay::wait_for(std::size_t count,
                                                    std::chrono::seconds timeout) const {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  auto list = messages();
  while (list.size() < count && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    list = messages();
  }
  return list;
}

}  // namespace careerbot::test
