// The careerbot subcommands (SPEC section 2). Each returns the exit code.
#pragma once

#include <optional>
#include <string>

namespace careerbot {

// Options every subcommand takes.
struct CommonOptions {
  std::string config_file;
  std::optional<std::string> data_dir;
};

int run_serve(const CommonOptions& common, std::optional<int> port);
int run_ask(const CommonOptions& common, const std::string& question, bool as_json,
            const std::string& conversation);
int run_kb_validate(const CommonOptions& common, const std::string& dir);
int run_eval(const CommonOptions& common, const std::string& file, const std::string& kb,
             double min_accuracy);

}  // namespace careerbot
