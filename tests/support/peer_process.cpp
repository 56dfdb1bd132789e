#include "peer_process.hpp"

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "server_process.hpp"

namespace careerbot::test {

PeerProcess::PeerProcess(const std::vector<std::string>& argv, const std::string& log_path) {
  std::vector<std::string> copy = argv;
  std::vector<char*> args;
  for (auto& a : copy) args.push_back(a.data());
  args.push_back(nullptr);
  pid_t pid = ::fork();
  if (pid == 0) {
    int log = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    int in = ::open("/dev/null", O_RDONLY);
    ::dup2(in, 0);
    ::dup2(log, 1);
    ::dup2(log, 2);
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  if (pid < 0) throw std::runtime_error("fork failed");
  pid_ = pid;
}

PeerProcess::~PeerProcess() {
  stop();
}

void PeerProcess::stop() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

namespace {

void run_or_throw(const std::string& command) {
  if (std::system(command.c_str()) != 0) throw std::runtime_error("failed: " + command);
}

void make_ca(const std::string& dir, const std::string& name) {
  run_or_throw("openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj '/CN=careerbot test " +
               name + "' -keyout " + dir + "/" + name + ".key -out " + dir + "/" + name +
               ".pem 2>/dev/null");
}

}  // namespace

const TestPki& test_pki() {
  static const TestPki pki = [] {
    std::string dir = temp_dir("pki");
    make_ca(dir, "ca");
    make_ca(dir, "other-ca");
    write_file(dir + "/san.ext", "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
    run_or_throw("openssl req -newkey rsa:2048 -nodes -subj '/CN=localhost' -keyout " + dir +
                 "/server.key -out " + dir + "/server.csr 2>/dev/null");
    run_or_throw("openssl x509 -req -in " + dir + "/server.csr -CA " + dir + "/ca.pem -CAkey " +
                 dir + "/ca.key -CAcreateserial -days 2 -extfile " + dir + "/san.ext -out " + dir +
                 "/server.pem 2>/dev/null");
    return TestPki{dir + "/ca.pem", dir + "/server.pem", dir + "/server.key",
                   dir + "/other-ca.pem"};
  }();
  return pki;
}

unsigned short free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(fd);
  return ntohs(address.sin_port);
}

FakeApi::FakeApi(const nlohmann::json& script, int port) : dir_(temp_dir("fake-api")) {
  record_ = dir_ + "/requests.jsonl";
  write_file(record_, "");
  write_file(dir_ + "/script.json", script.dump());
  const TestPki& pki = test_pki();
  std::string port_file = dir_ + "/port";
  process_ = std::make_unique<PeerProcess>(
      std::vector<std::string>{
          "/usr/bin/python3", CAREERBOT_SOURCE_DIR "/tests/support/fake_platform.py", "--cert",
          pki.server_cert, "--key", pki.server_key, "--record", record_, "--port-file", port_file,
          "--script", dir_ + "/script.json", "--port", std::to_string(port)},
      dir_ + "/log.txt");
  for (int i = 0; i < 200 && port_ == 0; ++i) {
    if (std::filesystem::exists(port_file)) {
      port_ = static_cast<unsigned short>(std::stoi(read_file(port_file)));
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  if (port_ == 0)
    throw std::runtime_error("the fake platform API did not start: " +
                             read_file(dir_ + "/log.txt"));
}

std::string FakeApi::base_url() const {
  return "https://127.0.0.1:" + std::to_string(port_);
}

std::vector<nlohmann::json> FakeApi::requests() const {
  std::vector<nlohmann::json> list;
  std::istringstream in(read_file(record_));
  for (std::string line; std::getline(in, line);) {
    auto doc = nlohmann::json::parse(line, nullptr, false);
    if (!doc.is_discarded()) list.push_back(doc);
  }
  return list;
}

std::vector<nlohmann::json> FakeApi::wait_for(std::size_t count,
                                              std::chrono::milliseconds timeout) const {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  auto list = requests();
  while (list.size() < count && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    list = requests();
  }
  return list;
}

}  // namespace careerbot::test
