// careerbot: answers career questions. See README.md for the commands.
#include <array>
#include <iostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "commands.hpp"

int main(int argc, char** argv) {
  using careerbot::CommonOptions;
  CLI::App app{"careerbot: answers career questions with sourced facts and next steps"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "careerbot 0.1.0");

  CommonOptions common;
  std::string data_dir;
  auto add_common = [&](CLI::App* command) {
    command->add_option("--config", common.config_file, "JSON configuration file")
        ->check(CLI::ExistingFile);
    command->add_option("--data-dir", data_dir, "Data directory (default ./var)");
  };

  auto* serve = app.add_subcommand("serve", "Run the service");
  add_common(serve);
  int port = -1;
  serve->add_option("--port", port, "HTTP port (0 = any free port)")->check(CLI::Range(0, 65535));
  int smtp_port = -1;
  serve->add_option("--smtp-port", smtp_port, "SMTP port (0 = any free port)")
      ->check(CLI::Range(0, 65535));

  auto* ask = app.add_subcommand("ask", "Answer one question on standard output");
  add_common(ask);
  bool as_json = false;
  std::string conversation;
  std::vector<std::string> words;
  ask->add_flag("--json", as_json, "Print the full JSON answer, as POST /v1/ask returns it");
  ask->add_option("--conversation", conversation, "Conversation id, for follow-up questions");
  ask->add_option("question", words, "The question")->required();

  auto* kb = app.add_subcommand("kb", "Work with the knowledge base");
  kb->require_subcommand(1);
  auto* validate = kb->add_subcommand("validate", "Check every profile in a knowledge directory");
  add_common(validate);
  std::string kb_dir;
  validate->add_option("--dir", kb_dir,
                       "Directory of profile JSON files (default: the configured one)");

  auto* import =
      kb->add_subcommand("import", "Load careers into the data directory's knowledge base");
  add_common(import);
  careerbot::ImportOptions import_options;
  auto add_public_data = [](CLI::App* command, careerbot::ImportOptions& options) {
    auto* onet_option =
        command
            ->add_option("--onet", options.onet_dir,
                         "O*NET text release: its zip as published, or the unpacked directory")
            ->check(CLI::ExistingPath);
    auto* projections_option =
        command
            ->add_option("--bls-projections", options.bls_projections,
                         "BLS Employment Projections occupation table: the published .xlsx, or "
                         "CSV/TSV")
            ->check(CLI::ExistingFile);
    auto* oews_option = command
                            ->add_option("--oews", options.oews,
                                         "BLS OEWS national wages: the published .xlsx, or TSV/CSV")
                            ->check(CLI::ExistingFile);
    return std::array<CLI::Option*, 3>{onet_option, projections_option, oews_option};
  };
  auto [onet, projections, oews] = add_public_data(import, import_options);
  auto* json_file =
      import
          ->add_option("--json", import_options.json_file, "careerbot JSON ({\"profiles\": [...]})")
          ->check(CLI::ExistingFile);
  onet->needs(projections, oews);
  projections->needs(onet);
  oews->needs(onet);
  json_file->excludes(onet);

  auto* bundle = kb->add_subcommand(
      "bundle", "Build the knowledge-base bundle from the O*NET release and the BLS tables");
  add_common(bundle);
  careerbot::ImportOptions bundle_options;
  for (auto* option : add_public_data(bundle, bundle_options)) option->required();
  std::string bundle_file;
  bundle->add_option("--out", bundle_file, "Bundle file to write (zstd-compressed JSON Lines)")
      ->required();

  auto* export_command = kb->add_subcommand("export", "Write every career as careerbot JSON");
  add_common(export_command);
  std::string export_file;
  export_command->add_option("--out", export_file, "File to write (default: standard output)");

  auto* admin = app.add_subcommand("admin", "Administration helpers");
  admin->require_subcommand(1);
  auto* token =
      admin->add_subcommand("token", "Make an admin API token and its configuration entry");
  add_common(token);
  std::string token_name;
  std::string token_scopes = "read";
  token->add_option("--name", token_name, "Who uses the token (shown in the audit log)")
      ->required();
  token->add_option("--scopes", token_scopes, "read, write or read,write")
      ->check(CLI::IsMember({"read", "write", "read,write", "write,read"}));

  auto* privacy = app.add_subcommand("privacy", "Personal data: erase one person, purge old data");
  privacy->require_subcommand(1);
  auto* erase = privacy->add_subcommand(
      "erase", "Delete everything stored about one person and say what was deleted");
  add_common(erase);
  std::string erase_channel;
  std::string erase_sender;
  erase
      ->add_option("--channel", erase_channel,
                   "slack, telegram, whatsapp, twilio, discord, "
                   "webhook, email or web")
      ->required();
  erase
      ->add_option("--sender", erase_sender,
                   "The id the channel knows them by: chat or user id, phone number, email "
                   "address, web session id")
      ->required();
  auto* purge = privacy->add_subcommand("purge", "Delete personal data past its retention period");
  add_common(purge);

  auto* eval =
      app.add_subcommand("eval", "Score the answers on a labelled question set (JSON Lines)");
  add_common(eval);
  std::string eval_file;
  std::string eval_kb = "default";
  double min_accuracy = 0;
  eval->add_option("file", eval_file, "Labelled questions, one case per line")
      ->required()
      ->check(CLI::ExistingFile);
  eval->add_option("--kb", eval_kb, "Which cases to run: those labelled with this knowledge base")
      ->check(CLI::IsMember({"default", "full"}));
  std::string public_data;
  eval->add_option("--public-data", public_data,
                   "For --kb full: directory with onet-29.3/ and bls/ (default: ../data beside "
                   "FILE's directory)");
  eval->add_option("--min-accuracy", min_accuracy,
                   "Exit with status 1 below this share of passing cases (0-1)")
      ->check(CLI::Range(0.0, 1.0));

  auto* intent = app.add_subcommand("intent", "Train and measure the learned intent classifier");
  intent->require_subcommand(1);
  std::string intent_corpus;
  int intent_folds = 5;
  auto add_corpus = [&](CLI::App* command) {
    command
        ->add_option("--corpus", intent_corpus,
                     "Corpus directory: one <intent>.txt per intent and careers.txt")
        ->required()
        ->check(CLI::ExistingDirectory);
  };
  auto* intent_train = intent->add_subcommand(
      "train", "Train the intent model on a corpus and write it with its calibration");
  add_corpus(intent_train);
  std::string intent_out;
  intent_train
      ->add_option("--out", intent_out,
                   "Model file to write; its calibration goes beside it, in FILE.json")
      ->required();
  intent_train
      ->add_option("--folds", intent_folds,
                   "Cross-validation folds, for the figures and the temperature (0 = skip)")
      ->check(CLI::Range(0, 20));
  auto* intent_cv = intent->add_subcommand(
      "cv", "Cross-validate the intent model on a corpus and print the figures");
  add_corpus(intent_cv);
  intent_cv->add_option("--folds", intent_folds, "Cross-validation folds")
      ->check(CLI::Range(2, 20));
  auto* intent_predict = intent->add_subcommand(
      "predict", "Print what the configured intent model reads in a question, likeliest first");
  add_common(intent_predict);
  std::vector<std::string> predict_words;
  intent_predict->add_option("question", predict_words, "The question")->required();

  CLI11_PARSE(app, argc, argv);
  if (!data_dir.empty()) common.data_dir = data_dir;

  if (serve->parsed())
    return careerbot::run_serve(common, port >= 0 ? std::optional<int>(port) : std::nullopt,
                                smtp_port >= 0 ? std::optional<int>(smtp_port) : std::nullopt);
  if (ask->parsed()) {
    std::string question;
    for (const auto& word : words) question += (question.empty() ? "" : " ") + word;
    return careerbot::run_ask(common, question, as_json, conversation);
  }
  if (validate->parsed()) return careerbot::run_kb_validate(common, kb_dir);
  if (import->parsed()) {
    if (import_options.onet_dir.empty() && import_options.json_file.empty()) {
      std::cerr << "careerbot kb import: give --onet, --bls-projections and --oews, or --json\n";
      return 2;
    }
    return careerbot::run_kb_import(common, import_options);
  }
  if (bundle->parsed()) return careerbot::run_kb_bundle(common, bundle_options, bundle_file);
  if (export_command->parsed()) return careerbot::run_kb_export(common, export_file);
  if (intent_train->parsed())
    return careerbot::run_intent_train(intent_corpus, intent_out, intent_folds);
  if (intent_cv->parsed()) return careerbot::run_intent_cv(intent_corpus, intent_folds);
  if (intent_predict->parsed()) {
    std::string question;
    for (const auto& word : predict_words) question += (question.empty() ? "" : " ") + word;
    return careerbot::run_intent_predict(common, question);
  }
  if (token->parsed()) return careerbot::run_admin_token(common, token_name, token_scopes);
  if (erase->parsed()) return careerbot::run_privacy_erase(common, erase_channel, erase_sender);
  if (purge->parsed()) return careerbot::run_privacy_purge(common);
  if (eval->parsed())
    return careerbot::run_eval(common, eval_file, eval_kb, min_accuracy, public_data);
  std::cerr << app.help();
  return 2;
}
