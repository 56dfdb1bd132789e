#include "commands.hpp"

#include "command_setup.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <stdlib.h>

#include <nlohmann/json.hpp>

#include "admin_auth.hpp"
#include "bundle.hpp"
#include "evaluation.hpp"
#include "intent_model.hpp"
#include "knowledge_service.hpp"
#include "log.hpp"
#include "privacy.hpp"

namespace careerbot {
namespace {

using nlohmann::json;
using setup::guarded;
using setup::Knowledge;
using setup::load;
using setup::store_options;

void print_report(const ImportReport& report, std::size_t careers) {
  std::cout << "import: " << report.counts.added.size() << " added, "
            << report.counts.changed.size() << " changed, " << report.counts.unchanged.size()
            << " unchanged, " << report.skipped.size() << " skipped, " << report.warnings.size()
            << " with warnings, in " << report.seconds << " s\n";
  for (const auto& note : report.skipped) {
    std::cout << "  skipped " << note.soc_code << (note.id.empty() ? "" : " (" + note.id + ")")
              << ": " << note.reason << "\n";
  }
  std::cout << "knowledge base: " << careers << " careers\n";
}

}  // namespace

int run_ask(const CommonOptions& common, const std::string& question, bool as_json,
            const std::string& conversation) {
  return guarded("ask", [&] {
    Config config = load(common);
    if (question.find_first_not_of(" \t\r\n") == std::string::npos) {
      std::cerr << "careerbot ask: the question is empty\n";
      return 2;
    }
    if (question.size() > config.max_question_bytes) {
      std::cerr << "careerbot ask: the question is longer than " << config.max_question_bytes
                << " bytes\n";
      return 2;
    }
    Knowledge knowledge(config);
    ConversationStore conversations(16, config.conversations.ttl);
    Assistant assistant(knowledge.service->snapshot(), config.matcher, conversations);
    Answer answer = assistant.ask(question, conversation);
    if (went_unanswered(answer)) {
      knowledge.service->note_unanswered(question, "cli");
      knowledge.service->flush_unanswered();
    }
    if (as_json) {
      std::cout << answer_to_json(answer).dump(2, ' ', false, json::error_handler_t::replace)
                << "\n";
    } else {
      std::cout << answer.text() << "\n";
    }
    return 0;
  });
}

int run_kb_validate(const CommonOptions& common, const std::string& dir) {
  return guarded("kb validate", [&] {
    Config config = load(common);
    std::string target = dir.empty() ? config.knowledge_dir : dir;
    KnowledgeError error;
    auto kb = load_knowledge_dir(target, error);
    if (!kb) {
      std::cerr << "invalid: " << error.message() << "\n";
      return 1;
    }
    std::cout << "ok: " << kb->size() << " career profiles in " << target << "\n";
    return 0;
  });
}

int run_kb_import(const CommonOptions& common, const ImportOptions& options) {
  return guarded("kb import", [&] {
    Config config = load(common);
    Knowledge knowledge(config);
    ImportReport report;
    if (!options.json_file.empty()) {
      std::ifstream in(options.json_file, std::ios::binary);
      std::stringstream buffer;
      buffer << in.rdbuf();
      auto doc = json::parse(buffer.str(), nullptr, false);
      const json* list =
          doc.is_array()
              ? &doc
              : (doc.is_object() && doc.contains("profiles") ? &doc["profiles"] : nullptr);
      if (list == nullptr || !list->is_array()) {
        std::cerr << "careerbot kb import: " << options.json_file
                  << " is not {\"profiles\": [...]} or an array\n";
        return 1;
      }
      std::vector<CareerProfile> profiles;
      for (std::size_t i = 0; i < list->size(); ++i) {
        ProfileError error;
        auto profile = parse_profile((*list)[i], error);
        if (!profile) {
          std::cerr << "careerbot kb import: " << options.json_file << ": profiles[" << i << "]."
                    << error.field << " " << error.reason << "\n";
          return 1;
        }
        profiles.push_back(std::move(*profile));
      }
      report = knowledge.service->import_profiles(std::move(profiles), "cli");
    } else {
      report = knowledge.service->import_public_data(
          {options.onet_dir, options.bls_projections, options.oews}, "cli");
      if (!report.error.empty()) {
        std::cerr << "careerbot kb import: " << report.error << "\n";
        return 1;
      }
    }
    print_report(report, knowledge.service->snapshot()->kb.size());
    return 0;
  });
}

int run_kb_bundle(const CommonOptions& common, const ImportOptions& options,
                  const std::string& out_file) {
  return guarded("kb bundle", [&] {
    load(common);
    auto start = std::chrono::steady_clock::now();
    ImportResult result =
        import_public_data({options.onet_dir, options.bls_projections, options.oews}, {});
    if (!result.error.empty()) {
      std::cerr << "careerbot kb bundle: " << result.error << "\n";
      return 1;
    }
    write_bundle(out_file, result.profiles);
    std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    std::cout << "bundle: " << result.profiles.size() << " careers, " << result.skipped.size()
              << " skipped, " << result.warnings.size() << " warnings, "
              << std::filesystem::file_size(out_file) << " bytes, in " << took.count()
              << " s: " << out_file << "\n";
    for (const auto& note : result.skipped) {
      std::cout << "  skipped " << note.soc_code << ": " << note.reason << "\n";
    }
    return 0;
  });
}

int run_kb_export(const CommonOptions& common, const std::string& out_file) {
  return guarded("kb export", [&] {
    Config config = load(common);
    Knowledge knowledge(config);
    json profiles = json::array();
    for (const auto& p : knowledge.service->snapshot()->kb.profiles())
      profiles.push_back(profile_to_json(p));
    std::string text =
        json{{"profiles", profiles}}.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
    if (out_file.empty()) {
      std::cout << text;
    } else {
      std::ofstream(out_file, std::ios::binary | std::ios::trunc) << text;
      std::cerr << "exported " << profiles.size() << " careers to " << out_file << "\n";
    }
    return 0;
  });
}

int run_eval(const CommonOptions& common, const std::string& file, const std::string& kb,
             double min_accuracy, const std::string& public_data) {
  return guarded("eval", [&] {
    Config config = load(common);
    log::set_level(log::Level::warn);
    // A scratch data directory, so that the labelled set meets exactly the
    // knowledge base it is labelled for, whatever the real data directory holds.
    std::string scratch_template =
        (std::filesystem::temp_directory_path() / "careerbot-eval-XXXXXX").string();
    if (::mkdtemp(scratch_template.data()) == nullptr)
      throw std::runtime_error("cannot make a scratch directory");
    std::filesystem::path scratch = scratch_template;
    struct Cleanup {
      std::filesystem::path dir;
      ~Cleanup() {
        std::error_code ignored;
        std::filesystem::remove_all(dir, ignored);
      }
    } cleanup{scratch};
    config.data_dir = scratch.string();
    Knowledge knowledge(config);
    if (kb == "full") {
      std::filesystem::path data =
          public_data.empty() ? std::filesystem::absolute(file).parent_path().parent_path() / "data"
                              : std::filesystem::path(public_data);
      auto report = knowledge.service->import_public_data(
          {data / "onet-29.3", data / "bls" / "employment-projections-2024-34.csv",
           data / "bls" / "oews-national-may-2024.tsv"},
          "eval");
      if (!report.error.empty())
        throw std::runtime_error("--kb full needs the public data: " + report.error);
    }
    ConversationStore conversations(100000, config.conversations.ttl);
    Assistant assistant(knowledge.service->snapshot(), config.matcher, conversations);
    std::ifstream in(file);
    EvalReport report = run_evaluation(in, kb, assistant);
    std::cout << "careers: " << knowledge.service->snapshot()->kb.size() << "\n"
              << format_report(report);
    if (report.overall.total == 0) {
      std::cerr << "careerbot eval: no cases for knowledge base '" << kb << "' in " << file << "\n";
      return 1;
    }
    return report.overall.accuracy() + 1e-9 < min_accuracy ? 1 : 0;
  });
}

int run_privacy_erase(const CommonOptions& common, const std::string& channel,
                      const std::string& sender) {
  return guarded("privacy erase", [&] {
    Config config = load(common);
    Store store(store_options(config));
    PersonalDataCounts counts = store.erase_person(channel, sender);
    std::cout << json{{"channel", channel}, {"erased", to_json(counts)}}.dump() << "\n";
    log::write(log::Level::info, "privacy_erased", to_json(counts));
    return 0;
  });
}

int run_privacy_purge(const CommonOptions& common) {
  return guarded("privacy purge", [&] {
    Config config = load(common);
    Store store(store_options(config));
    Metrics metrics;
    Privacy privacy(store, config.privacy, metrics);
    std::cout << json{{"purged", to_json(privacy.purge())}}.dump() << "\n";
    return 0;
  });
}

int run_admin_token(const CommonOptions&, const std::string& name, const std::string& scopes) {
  return guarded("admin token", [&] {
    bool write = scopes.find("write") != std::string::npos;
    bool read = scopes.find("read") != std::string::npos;
    NewToken made = generate_token(name, read, write);
    json scope_list = json::array();
    if (read) scope_list.push_back("read");
    if (write) scope_list.push_back("write");
    json entry = {{"name", made.entry.name},
                  {"salt", made.entry.salt},
                  {"sha256", made.entry.sha256},
                  {"scopes", scope_list}};
    std::cout << "token (give it to the admin; it is not stored anywhere): " << made.token << "\n"
              << "add to admin.tokens in the configuration:\n"
              << entry.dump() << "\n";
    return 0;
  });
}

int run_intent_predict(const CommonOptions& common, const std::string& question) {
  return guarded("intent predict", [&] {
    Config config = load(common);
    if (!config.matcher.intent_model) {
      std::cerr << "careerbot intent predict: no intent model is configured (intent_model)\n";
      return 2;
    }
    auto prediction = config.matcher.intent_model->predict(question);
    std::vector<std::pair<float, Intent>> ranked;
    ranked.reserve(kIntentCount);
    for (int i = 0; i < kIntentCount; ++i)
      ranked.emplace_back(prediction.probability[static_cast<std::size_t>(i)],
                          static_cast<Intent>(i));
    std::sort(ranked.rbegin(), ranked.rend());
    for (std::size_t i = 0; i < 5 && i < ranked.size(); ++i)
      std::printf("%-12s %.3f\n", std::string(intent_name(ranked[i].second)).c_str(),
                  ranked[i].first);
    return 0;
  });
}

}  // namespace careerbot
