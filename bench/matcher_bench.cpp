// Single-thread benchmark of the answering engine alone (matcher + answer
// composer, no network): index build time, then the time to answer each
// question of a labelled set, repeated. Prints medians and percentiles.
//
//   matcher_bench [--questions FILE.jsonl] [--kb default|full] [--kb-dir DIR]
//                 [--data-dir DIR] [--rounds N]
// --data-dir answers from that data directory's store (e.g. after
// `careerbot kb import`); --kb picks which labelled cases to ask.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "assistant.hpp"
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
  std::string data_dir;
  std::string kb_name = "default";
  int rounds = 200;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--questions") == 0) questions_file = argv[i + 1];
    if (std::strcmp(argv[i], "--kb-dir") == 0) kb_dir = argv[i + 1];
    if (std::strcmp(argv[i], "--data-dir") == 0) data_dir = argv[i + 1];
    if (std::strcmp(argv[i], "--kb") == 0) kb_name = argv[i + 1];
    if (std::strcmp(argv[i], "--rounds") == 0) rounds = std::max(1, std::atoi(argv[i + 1]));
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
  }
  long rss_before_index = peak_rss_kb();
  auto index_start = Clock::now();
  auto snapshot = std::make_shared<const Snapshot>(KnowledgeBase(std::move(profiles)));
  auto index_end = Clock::now();
  long rss_after_index = peak_rss_kb();

  ConversationStore conversations(1000, std::chrono::seconds(3600));
  Assistant assistant(snapshot, MatcherSettings{}, conversations);
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
  std::printf("answer latency (us): median %.1f, p90 %.1f, p99 %.1f, max %.1f\n",
              percentile(micros, 0.5), percentile(micros, 0.9), percentile(micros, 0.99),
              percentile(micros, 1.0));
  std::printf("throughput: %.0f answers/s on one thread\n",
              static_cast<double>(micros.size()) / total_seconds);
  std::printf("peak RSS: %.1f MB (snapshot build added %.1f MB)\n",
              static_cast<double>(peak_rss_kb()) / 1024.0,
              static_cast<double>(rss_after_index - rss_before_index) / 1024.0);
  return 0;
}
