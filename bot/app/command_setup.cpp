#include "command_setup.hpp"

#include "intent_model.hpp"

extern char** environ;

namespace careerbot::setup {

Config load(const CommonOptions& common, std::optional<int> port, std::optional<int> smtp_port) {
  Config config = load_config({common.config_file, common.data_dir, port, smtp_port}, environ);
  log::Level level = log::Level::info;
  log::parse_level(config.log_level, level);
  log::set_level(level);
  // The learned intent model beside the lexicon; a configured model that
  // cannot be read stops the start, as a missing knowledge base does.
  if (!config.intent_model.empty()) {
    auto model = IntentModel::load(config.intent_model);
    log::write(log::Level::debug, "intent_model_loaded",
               {{"file", config.intent_model}, {"temperature", model->temperature()}});
    config.matcher.intent_model = std::move(model);
  }
  return config;
}

StoreOptions store_options(const Config& config) {
  StoreOptions options;
  options.data_dir = config.data_dir;
  if (config.store.backend == "postgresql") {
    options.backend = StoreOptions::Backend::postgresql;
    options.postgresql_url = config.store.postgresql_url;
  }
  return options;
}

}  // namespace careerbot::setup
