#include "server_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace careerbot::test {
namespace {

// fork + exec with stdout and stderr sent to files.
int spawn(const std::vector<std::string>& args, const std::vector<std::string>& env,
          const std::string& out_path, const std::string& err_path) {
  std::vector<std::string> full_env;
  for (char** e = environ; *e != nullptr; ++e) full_env.emplace_back(*e);
  full_env.insert(full_env.end(), env.begin(), env.end());
  std::vector<char*> argv;
  std::string binary = binary_path();
  argv.push_back(binary.data());
  std::vector<std::string> arg_copy = args;
  for (auto& a : arg_copy) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<char*> envp;
  for (auto& e : full_env) envp.push_back(e.data());
  envp.push_back(nullptr);

  pid_t pid = ::fork();
  if (pid == 0) {
    int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int in = ::open("/dev/null", O_RDONLY);
    ::dup2(in, 0);
    ::dup2(out, 1);
    ::dup2(err, 2);
    ::execve(argv[0], argv.data(), envp.data());
    ::_exit(127);
  }
  if (pid < 0) throw std::runtime_error("fork failed");
  return pid;
}

}  // namespace

std::string binary_path() {
  return CAREERBOT_BINARY;
}

// Every scratch directory of this test process, removed when it exits
// (CAREERBOT_TEST_KEEP=1 keeps them for a post-mortem).
std::vector<std::filesystem::path>& scratch_dirs() {
  static std::vector<std::filesystem::path> dirs;
  return dirs;
}

void remove_scratch_dirs() {
  if (const char* keep = std::getenv("CAREERBOT_TEST_KEEP"); keep != nullptr && *keep == '1') {
    return;
  }
  std::error_code ignored;
  for (const auto& dir : scratch_dirs()) std::filesystem::remove_all(dir, ignored);
}

std::string temp_dir(const std::string& name) {
  static std::atomic<int> counter{0};
  static std::mutex mutex;
  auto path =
      std::filesystem::temp_directory_path() / ("careerbot-test-" + std::to_string(::getpid()) +
                                                "-" + std::to_string(counter++) + "-" + name);
  std::filesystem::remove_all(path);
  std::filesystem::create_directories(path);
  std::lock_guard lock(mutex);
  if (scratch_dirs().empty()) std::atexit(remove_scratch_dirs);
  scratch_dirs().push_back(path);
  return path.string();
}

void write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

CommandResult run_careerbot(const std::vector<std::string>& args,
                            const std::vector<std::string>& env) {
  std::string dir = temp_dir("cmd");
  // A command given no data directory gets its own, so tests can run side by side.
  std::vector<std::string> full_env = env;
  bool has_data_dir = std::find(args.begin(), args.end(), "--data-dir") != args.end() ||
                      std::any_of(env.begin(), env.end(), [](const std::string& e) {
                        return e.starts_with("CAREERBOT_DATA_DIR=");
                      });
  if (!has_data_dir) full_env.push_back("CAREERBOT_DATA_DIR=" + dir + "/var");
  int pid = spawn(args, full_env, dir + "/out", dir + "/err");
  int status = 0;
  ::waitpid(pid, &status, 0);
  CommandResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = read_file(dir + "/out");
  result.err = read_file(dir + "/err");
  std::filesystem::remove_all(dir);
  return result;
}

ServerProcess::ServerProcess(const std::vector<std::string>& extra_args,
                             const std::vector<std::string>& env) {
  std::string dir = temp_dir("serve");
  log_path_ = dir + "/serve.log";
  // Port 0 (any free port) unless the test names one.
  auto has = [&](const char* flag) {
    return std::find(extra_args.begin(), extra_args.end(), flag) != extra_args.end();
  };
  std::vector<std::string> args = {"serve"};
  if (!has("--port")) args.insert(args.end(), {"--port", "0"});
  if (!has("--smtp-port")) args.insert(args.end(), {"--smtp-port", "0"});
  auto given = std::find(extra_args.begin(), extra_args.end(), "--data-dir");
  data_dir_ =
      given != extra_args.end() && given + 1 != extra_args.end() ? *(given + 1) : dir + "/var";
  if (given == extra_args.end()) args.insert(args.end(), {"--data-dir", data_dir_});
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  // Tests fire questions faster than a person would: the abuse limits are off
  // unless a test sets them (tests/integration/abuse_limits_test.cpp does).
  std::vector<std::string> full_env = env;
  if (std::none_of(env.begin(), env.end(), [](const std::string& e) {
        return e.starts_with("CAREERBOT_LIMITS_ENABLED=");
      })) {
    full_env.push_back("CAREERBOT_LIMITS_ENABLED=false");
  }
  pid_ = spawn(args, full_env, dir + "/stdout", log_path_);
  static const std::regex listening(R"re("event":"http_listening".*"port":(\d+))re");
  // Generous: a sanitizer build on a busy machine loads the bundle slowly.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    std::smatch match;
    std::string text = log();
    if (std::regex_search(text, match, listening)) {
      port_ = static_cast<unsigned short>(std::stoi(match[1]));
      static const std::regex smtp(R"re("event":"smtp_listening".*"port":(\d+))re");
      if (std::regex_search(text, match, smtp)) {
        smtp_port_ = static_cast<unsigned short>(std::stoi(match[1]));
      }
      return;
    }
    if (wait_exit(std::chrono::milliseconds(0))) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  throw std::runtime_error("careerbot serve did not start; its log:\n" + log());
}

ServerProcess::~ServerProcess() {
  if (!exited_) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
}

void ServerProcess::signal(int signal_number) {
  ::kill(pid_, signal_number);
}

std::optional<int> ServerProcess::wait_exit(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      exited_ = true;
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

std::string ServerProcess::log() const {
  return read_file(log_path_);
}

AdminTestToken make_admin_token(const std::string& name, const std::string& scopes) {
  auto result = run_careerbot({"admin", "token", "--name", name, "--scopes", scopes});
  std::smatch match;
  if (result.exit_code != 0 ||
      !std::regex_search(result.out, match, std::regex("(cbt_[0-9a-f]+)"))) {
    throw std::runtime_error("careerbot admin token failed: " + result.err);
  }
  return {match[1], nlohmann::json::parse(result.out.substr(result.out.find('{')))};
}

}  // namespace careerbot::test
