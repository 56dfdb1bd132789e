// The configuration file: JSON with comments, every key checked against the
// defaults, then each value against its rules. load_config reads a file, so
// the input is written to one first (in the scratch directory).
//
// A bad file must end in ConfigError, which `careerbot` reports plainly;
// any other exception escaping load_config is a finding.
#include <stdlib.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <string>

#include "config.hpp"

using namespace careerbot;

namespace {

// A file of our own in a tmpfs when there is one: it is rewritten for every input.
std::string config_path() {
  const char* dir = std::getenv("CAREERBOT_FUZZ_SCRATCH");
  std::string pattern = std::string(dir != nullptr && *dir ? dir : "/tmp") + "/config-XXXXXX";
  int fd = ::mkstemp(pattern.data());
  if (fd < 0) std::abort();
  ::close(fd);
  return pattern;
}

struct ConfigFile {
  std::string path = config_path();
  ~ConfigFile() { ::unlink(path.c_str()); }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static ConfigFile file;
  {
    std::ofstream out(file.path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  // No CAREERBOT_* variables: the file alone decides.
  char* no_environment[] = {nullptr};
  try {
    (void)load_config({file.path, std::nullopt, std::nullopt, std::nullopt}, no_environment);
  } catch (const ConfigError&) {
  }
  return 0;
}
