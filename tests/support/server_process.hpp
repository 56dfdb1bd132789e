// Runs the real careerbot binary for integration tests: `careerbot serve`
// on port 0 (the bound port is read from its log), or any subcommand to
// completion with its output captured.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace careerbot::test {

std::string binary_path();
// A fresh temporary directory, removed by the operating system's tmp cleaner.
std::string temp_dir(const std::string& name);
void write_file(const std::string& path, const std::string& text);
std::string read_file(const std::string& path);

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs `careerbot args...` with extra environment variables ("KEY=value").
CommandResult run_careerbot(const std::vector<std::string>& args,
                            const std::vector<std::string>& env = {});

// An admin API token made the way an admin would (`careerbot admin token`):
// the secret to send and the configuration entry for admin.tokens.
struct AdminTestToken {
  std::string secret;
  nlohmann::json entry;
};
AdminTestToken make_admin_token(const std::string& name, const std::string& scopes);

class ServerProcess {
 public:
  // Starts `careerbot serve --port 0 --smtp-port 0 --data-dir <tmp> extra...` and waits until
  // it listens. With "--data-dir D", "--port N" or "--smtp-port N" among the
  // extra arguments, those are used instead.
  explicit ServerProcess(const std::vector<std::string>& extra_args = {},
                         const std::vector<std::string>& env = {});
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  unsigned short port() const { return port_; }
  unsigned short smtp_port() const { return smtp_port_; }
  int pid() const { return pid_; }
  void signal(int signal_number);
  // Exit code once the process ends, or nullopt if still running after the timeout.
  std::optional<int> wait_exit(std::chrono::milliseconds timeout);
  std::string log() const;
  const std::string& data_dir() const { return data_dir_; }

 private:
  int pid_ = -1;
  unsigned short port_ = 0;
  unsigned short smtp_port_ = 0;
  std::string log_path_;
  std::string data_dir_;
  bool exited_ = false;
};

}  // namespace careerbot::test
