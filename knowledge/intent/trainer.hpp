// Training the intent model (intent_model.hpp) from corpus examples, and
// measuring it by k-fold cross-validation. Same examples and options give the
// same model file, byte for byte.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <vector>

#include "corpus.hpp"
#include "intent.hpp"

namespace careerbot {

// fastText's settings (a supervised softmax classifier on word bigrams and
// character 2- to 5-grams, so that typos and inflections still land). Chosen
// by 5-fold cross-validation on the corpus: dim 24-64, lr 0.5-1, epoch 15-50
// and 3-6-grams were all within a point; quantising to 10,000 rows costs
// about half a point and takes the file from 13 MB to 0.3 MB.
struct TrainOptions {
  int dim = 32;
  int epoch = 25;
  double lr = 0.8;
  int word_ngrams = 2;
  int minn = 2;
  int maxn = 5;
  int bucket = 50000;
  int seed = 7;  // fastText's, and the shuffle of the training lines
  // Product quantisation keeps the file small enough to commit.
  bool quantize = true;
  std::size_t cutoff = 10000;  // embedding rows kept (words and n-grams with the largest norms)
  bool retrain = true;         // fine-tune the kept rows before quantising
  int retrain_epoch = 10;
  bool qnorm = true;
  int dsub = 2;
};

struct IntentScore {
  std::size_t total = 0;
  std::size_t correct = 0;
  double accuracy() const {
    return total == 0 ? 0 : static_cast<double>(correct) / static_cast<double>(total);
  }
};

struct CrossValidation {
  int folds = 0;
  IntentScore overall;
  std::array<IntentScore, kIntentCount> by_intent{};
  // confusion[expected][predicted], held-out examples.
  std::array<std::array<std::size_t, kIntentCount>, kIntentCount> confusion{};
  // Chosen on the held-out predictions to minimise the negative log-likelihood.
  double temperature = 1;
  double log_loss = 0;       // mean negative log-likelihood at `temperature`
  double log_loss_at_1 = 0;  // and at T = 1
};

// Held-out accuracy with `folds` folds (at least 2). All variants of one
// corpus line (Example::origin) stay in one fold, so the figure is for
// phrasings the model has not seen. Throws std::invalid_argument on bad input.
CrossValidation cross_validate(const std::vector<Example>& examples, int folds = 5,
                               const TrainOptions& options = {});

struct TrainedModel {
  std::filesystem::path file;
  std::uintmax_t bytes = 0;  // the model file, without its sidecar
  std::size_t examples = 0;
};

// Trains on every example and writes `file` and its sidecar. The temperature
// and figures come from `calibration` when given; otherwise T = 1.
// Throws std::invalid_argument on bad input, std::runtime_error on I/O.
TrainedModel train(const std::vector<Example>& examples, const std::filesystem::path& file,
                   const TrainOptions& options = {}, const CrossValidation* calibration = nullptr);

}  // namespace careerbot
