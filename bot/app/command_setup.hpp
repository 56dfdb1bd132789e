// What every subcommand does first: read the configuration, open the store
// and the knowledge base on it, and report a failure to start plainly.
#pragma once

#include <iostream>
#include <memory>
#include <optional>

#include "commands.hpp"
#include "config.hpp"
#include "knowledge_service.hpp"
#include "log.hpp"
#include "store.hpp"

namespace careerbot::setup {

// The configuration (file, environment, flags), with the log level set and
// the learned intent model loaded.
Config load(const CommonOptions& common, std::optional<int> port = std::nullopt,
            std::optional<int> smtp_port = std::nullopt);

// The store the configuration names: the data directory's SQLite file, or
// the PostgreSQL database several instances share.
StoreOptions store_options(const Config& config);

// The configured store and the live knowledge base on top of it.
struct Knowledge {
  explicit Knowledge(const Config& config)
      : store(std::make_unique<Store>(store_options(config))),
        service(std::make_unique<KnowledgeService>(*store, config.knowledge_dir,
                                                   config.knowledge_bundle)) {}
  std::unique_ptr<Store> store;
  std::unique_ptr<KnowledgeService> service;
};

// Start-up failures are reported once, plainly, with a non-zero exit.
template <typename Body>
int guarded(const char* command, Body body) {
  try {
    return body();
  } catch (const StoreError& e) {
    std::string message = explain(e);
    log::write(log::Level::error, "startup_failed", {{"command", command}, {"error", message}});
    std::cerr << "careerbot " << command << ": " << message << "\n";
    return 1;
  } catch (const std::exception& e) {
    log::write(log::Level::error, "startup_failed", {{"command", command}, {"error", e.what()}});
    std::cerr << "careerbot " << command << ": " << e.what() << "\n";
    return 1;
  }
}

}  // namespace careerbot::setup
