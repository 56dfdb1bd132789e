// `careerbot intent train` and `careerbot intent cv`: the learned intent
// classifier, trained and measured from the corpus in knowledge/intent/corpus.
#include <array>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "commands.hpp"
#include "corpus.hpp"
#include "trainer.hpp"

namespace careerbot {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

template <typename Body>
int guarded_intent(const char* command, Body body) {
  try {
    return body();
  } catch (const std::exception& e) {
    std::cerr << "careerbot " << command << ": " << e.what() << "\n";
    return 1;
  }
}

std::vector<Example> read_examples(const std::string& corpus) {
  std::vector<Example> examples = read_corpus(corpus);
  std::set<std::string> lines;
  std::set<Intent> intents;
  for (const auto& e : examples) {
    lines.insert(e.origin);
    intents.insert(e.label);
  }
  std::printf("corpus: %zu examples from %zu lines, %zu intents\n", examples.size(), lines.size(),
              intents.size());
  return examples;
}

void print_table(const std::vector<Example>& examples, const CrossValidation& cv) {
  std::array<std::size_t, kIntentCount> count{};
  for (const auto& e : examples) count[static_cast<std::size_t>(e.label)]++;
  std::printf(
      "cross-validation, %d folds (a line's variants held out together): %.1f%% (%zu/%zu)\n",
      cv.folds, 100 * cv.overall.accuracy(), cv.overall.correct, cv.overall.total);
  std::printf("  %-12s %8s %9s  %s\n", "intent", "examples", "accuracy", "most often taken for");
  for (std::size_t i = 0; i < kIntentCount; ++i) {
    if (count[i] == 0) continue;
    std::size_t worst = i;
    for (std::size_t j = 0; j < kIntentCount; ++j) {
      if (j != i && (worst == i || cv.confusion[i][j] > cv.confusion[i][worst])) worst = j;
    }
    std::string confused = cv.confusion[i][worst] == 0
                               ? std::string("-")
                               : std::string(intent_name(static_cast<Intent>(worst))) + " (" +
                                     std::to_string(cv.confusion[i][worst]) + ")";
    std::printf("  %-12s %8zu %8.1f%%  %s\n",
                std::string(intent_name(static_cast<Intent>(i))).c_str(), count[i],
                100 * cv.by_intent[i].accuracy(), confused.c_str());
  }
}

}  // namespace

int run_intent_train(const std::string& corpus, const std::string& out_file, int folds) {
  return guarded_intent("intent train", [&] {
    if (folds == 1) {
      std::cerr << "careerbot intent train: --folds must be 0 (skip) or at least 2\n";
      return 2;
    }
    std::vector<Example> examples = read_examples(corpus);
    std::optional<CrossValidation> cv;
    double cv_seconds = 0;
    if (folds > 0) {
      auto start = Clock::now();
      cv = cross_validate(examples, folds);
      cv_seconds = seconds_since(start);
      print_table(examples, *cv);
      std::printf("temperature: %.1f (held-out log loss %.3f; %.3f at T = 1)\n", cv->temperature,
                  cv->log_loss, cv->log_loss_at_1);
    } else {
      std::printf("temperature: 1 (no cross-validation)\n");
    }
    auto start = Clock::now();
    TrainedModel model = train(examples, out_file, {}, cv ? &*cv : nullptr);
    std::printf("model: %s, %ju bytes (+ %s.json); trained in %.1f s", out_file.c_str(),
                model.bytes, out_file.c_str(), seconds_since(start));
    if (folds > 0) std::printf(", cross-validated in %.1f s", cv_seconds);
    std::printf("\n");
    return 0;
  });
}

int run_intent_cv(const std::string& corpus, int folds) {
  return guarded_intent("intent cv", [&] {
    std::vector<Example> examples = read_examples(corpus);
    print_table(examples, cross_validate(examples, folds));
    return 0;
  });
}

}  // namespace careerbot
