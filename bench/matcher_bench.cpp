// Single-thread benchmark of the answering engine alone (matcher + answer
// composer, no network): index build time, then the time to answer each
// question of a labelled set, repeated. Prints medians and percentiles.
//
//   matcher_bench [--questions FILE.jsonl] [--kb default|full] [--kb-dir DIR]
//                 [--bundle FILE|""] [--data-dir DIR] [--rounds N]
//                 [--intent-model FILE|""] [--remembered-texts N]
// By default the shipped knowledge base (curated + bundle); --data-dir
// answers from that data directory's store (e.g. after `careerbot kb
// import`); --kb picks which labelled cases to ask; --intent-model "" leaves
// the learned model out (the lexicon alone). The understanding alone
// (Matcher::understand) is timed apart from whole answers. Each question is
// read afresh every round unless --remembered-texts N (the service's
// matcher.remembered_texts, 2048 by default) lets the matcher remember it. Then guidance: scoring
// every career for one interest profile, a quiz result, and the whole
// recommend path of a free-text question.
#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "assistant.hpp"
#include "bundle.hpp"
#include "guidance/recommendations.hpp"
#include "intent_model.hpp"
#include "knowledge_service.hpp"

using namespace careerbot;
using Clock = std::chrono::steady_clock;

namespace {

// Questions for when no labelled set is given: one of each kind.
const std::vector<std::string> kBuiltIn = {"how much do backend devs make",
                                           "what degree do I need to be a back end developer",
                                           "job outlook for back-end engineers",
                                           "what does a backend developer do all day",
                                           "how do i become a server-side developer",
                                           "how many openings for back end developers",
                                           "hi",
                                           "what's the weather like today",
                                           "engineer salary",
                                           "compare backend and web developers"};

double percentile(std::vector<double> values, double share) {
  std::sort(values.begin(), values.end());
  auto index = static_cast<std::size_t>(share * static_cast<double>(values.size() - 1));
  return values[index];
}

long peak_rss_kb() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
  }
  return -1;
}

}  // namespace

int main(int argc, char** argv) {
  std::string questions_file;
  std::string kb_dir = CAREERBOT_BENCH_KNOWLEDGE_DIR;
  std::string bundle = CAREERBOT_BENCH_KNOWLEDGE_BUNDLE;
  std::string data_dir;
  std::string kb_name = "default";
  std::string intent_model = CAREERBOT_BENCH_INTENT_MODEL;
  int rounds = 200;
  std::size_t remembered = 0;  // read afresh: the work of understanding itself
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--questions") == 0) questions_file = argv[i + 1];
    if (std::strcmp(argv[i], "--kb-dir") == 0) kb_dir = argv[i + 1];
    if (std::strcmp(argv[i], "--bundle") == 0) bundle = argv[i + 1];
    if (std::strcmp(argv[i], "--data-dir") == 0) data_dir = argv[i + 1];
    if (std::strcmp(argv[i], "--kb") == 0) kb_name = argv[i + 1];
    if (std::strcmp(argv[i], "--intent-model") == 0) intent_model = argv[i + 1];
    if (std::strcmp(argv[i], "--rounds") == 0) rounds = std::max(1, std::atoi(argv[i + 1]));
    if (std::strcmp(argv[i], "--remembered-texts") == 0)
      remembered = static_cast<std::size_t>(std::max(0, std::atoi(argv[i + 1])));
  }

  std::vector<std::string> questions;
  if (!questions_file.empty()) {
    std::ifstream in(questions_file);
    std::string line;
    while (std::getline(in, line)) {
      auto doc = nlohmann::json::parse(line, nullptr, false);
      if (doc.is_discarded() || doc.value("kb", "default") != kb_name) continue;
      for (const auto& turn : doc["turns"]) questions.push_back(turn.value("text", ""));
    }
  }
  if (questions.empty()) questions = kBuiltIn;

  auto load_start = Clock::now();
  std::vector<CareerProfile> profiles;
  if (!data_dir.empty()) {
    Store store(data_dir);
    profiles = store.load_all();
  } else {
    KnowledgeError error;
    auto kb = load_knowledge_dir(kb_dir, error);
    if (!kb) {
      std::fprintf(stderr, "cannot load %s: %s\n", kb_dir.c_str(), error.message().c_str());
      return 1;
    }
    profiles = kb->profiles();
    if (!bundle.empty()) {
      std::string problem;
      auto bundled = read_bundle(bundle, problem);
      if (!bundled) {
        std::fprintf(stderr, "%s\n", problem.c_str());
        return 1;
      }
      profiles = combine_curated_and_bundled(std::move(profiles), std::move(bundled->profiles));
    }
  }
  long rss_before_index = peak_rss_kb();
  auto index_start = Clock::now();
  auto snapshot = std::make_shared<const Snapshot>(KnowledgeBase(std::move(profiles)));
  auto index_end = Clock::now();
  long rss_after_index = peak_rss_kb();

  MatcherSettings settings;
  settings.remembered_texts = remembered;
  if (!intent_model.empty()) settings.intent_model = IntentModel::load(intent_model);

  // The understanding alone: reading, names, intent evidence, decision.
  const Matcher matcher(settings);
  std::vector<double> understand_micros;
  for (int round = 0; round < rounds; ++round) {
    for (const auto& question : questions) {
      auto start = Clock::now();
      auto u = matcher.understand(*snapshot, question, {});
      understand_micros.push_back(
          std::chrono::duration<double, std::micro>(Clock::now() - start).count());
      if (u.confidence > 2) return 1;  // keeps the call from being optimised away
    }
  }

  ConversationStore conversations(1000, std::chrono::seconds(3600));
  Assistant assistant(snapshot, settings, conversations);
  std::vector<double> micros;
  micros.reserve(questions.size() * static_cast<std::size_t>(rounds));
  std::size_t answered = 0;
  for (int round = 0; round < rounds; ++round) {
    for (const auto& question : questions) {
      auto start = Clock::now();
      Answer answer = assistant.ask(question, "bench");  // one conversation: follow-ups included
      auto end = Clock::now();
      if (answer.first().status == Status::answered) ++answered;
      micros.push_back(std::chrono::duration<double, std::micro>(end - start).count());
    }
  }
  double total_seconds = 0;
  for (double m : micros) total_seconds += m / 1e6;

  std::printf("careers: %zu, questions: %zu, rounds: %d, answers: %zu (%zu answered)\n",
              snapshot->kb.size(), questions.size(), rounds, micros.size(), answered);
  std::printf("load (parse + validate): %.1f ms, index build: %.1f ms\n",
              std::chrono::duration<double, std::milli>(index_start - load_start).count(),
              std::chrono::duration<double, std::milli>(index_end - index_start).count());
  std::printf("intent model: %s\n",
              intent_model.empty() ? "none (lexicon alone)" : intent_model.c_str());
  std::printf("understand latency (us): median %.1f, p90 %.1f, p99 %.1f\n",
              percentile(understand_micros, 0.5), percentile(understand_micros, 0.9),
              percentile(understand_micros, 0.99));
  std::printf("answer latency (us): median %.1f, p90 %.1f, p99 %.1f, max %.1f\n",
              percentile(micros, 0.5), percentile(micros, 0.9), percentile(micros, 0.99),
              percentile(micros, 1.0));
  std::printf("throughput: %.0f answers/s on one thread\n",
              static_cast<double>(micros.size()) / total_seconds);
  // Guidance: every career scored for one interest profile (ranked, top 10),
  // a whole quiz result, and a free-text recommendation end to end.
  auto time_us = [&](auto&& body) {
    std::vector<double> runs;
    for (int round = 0; round < rounds; ++round) {
      auto start = Clock::now();
      body(round);
      runs.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count());
    }
    return percentile(runs, 0.5);
  };
  const std::array<double, 6> person = {9, 3, 1, 2, 4, 6};
  std::size_t kept = 0;
  double rank_us = time_us(
      [&](int) { kept += rank_by_interests(snapshot->kb.profiles(), person, {}, 10).size(); });
  std::map<std::size_t, Choice> answers;
  for (std::size_t i = 0; i < 30; ++i) answers[i] = static_cast<Choice>(i % 3);
  double quiz_us =
      time_us([&](int) { kept += score_assessment(*snapshot, answers, {}, 50).matches.size(); });
  double recommend_us = time_us([&](int round) {
    Answer answer = assistant.ask("I like working outdoors with my hands, what jobs suit me?",
                                  "recommend-" + std::to_string(round));
    kept += answer.first().matches.size();
  });
  std::printf(
      "guidance (median us): score + rank %zu careers for one profile %.1f, quiz result "
      "%.1f, recommend from free text %.1f (%zu kept)\n",
      snapshot->kb.size(), rank_us, quiz_us, recommend_us, kept);
  std::printf("peak RSS: %.1f MB (snapshot build added %.1f MB)\n",
              static_cast<double>(peak_rss_kb()) / 1024.0,
              static_cast<double>(rss_after_index - rss_before_index) / 1024.0);
  return 0;
}
