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

struct ImportOptions {
  std::string onet_dir;
  std::string bls_projections;
  std::string oews;
  std::string json_file;  // careerbot JSON instead of the public data
};

int run_serve(const CommonOptions& common, std::optional<int> port, std::optional<int> smtp_port);
int run_ask(const CommonOptions& common, const std::string& question, bool as_json,
            const std::string& conversation);
int run_kb_validate(const CommonOptions& common, const std::string& dir);
int run_kb_import(const CommonOptions& common, const ImportOptions& options);
int run_kb_bundle(const CommonOptions& common, const ImportOptions& options,
                  const std::string& out_file);
int run_kb_export(const CommonOptions& common, const std::string& out_file);
// Runs on a scratch knowledge base: the bundled one, plus (kb "full") an
// import of the public data in `public_data` (onet-29.3/ and bls/).
int run_eval(const CommonOptions& common, const std::string& file, const std::string& kb,
             double min_accuracy, const std::string& public_data);
// The learned intent classifier: trains on the corpus directory and writes
// the model and its calibration (cross-validating first unless folds is 0),
// or only cross-validates and prints the figures.
int run_intent_train(const std::string& corpus, const std::string& out_file, int folds);
int run_intent_cv(const std::string& corpus, int folds);
// The configured model's probabilities for one question (for debugging a reading).
int run_intent_predict(const CommonOptions& common, const std::string& question);
int run_privacy_erase(const CommonOptions& common, const std::string& channel,
                      const std::string& sender);
int run_privacy_purge(const CommonOptions& common);
int run_admin_token(const CommonOptions& common, const std::string& name,
                    const std::string& scopes);

}  // namespace careerbot
