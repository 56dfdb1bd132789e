// The learned intent classifier: a fastText model trained on the intent
// corpus (trainer.hpp), with a calibration temperature.
//
// On disk it is two files: the fastText model (`intent-model.ftz`, quantised)
// and a JSON sidecar beside it (`intent-model.ftz.json`) holding the
// temperature, the number of training examples, the cross-validation figures
// and the fastText settings it was trained with.
#pragma once

#include <array>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "intent.hpp"
#include "understanding/intent_classifier.hpp"  // IntentPrediction; the interface the matcher sees

namespace fasttext {
class Dictionary;
}  // namespace fasttext

namespace careerbot {

class IntentModel final : public IntentClassifier {
 public:
  // Reads the model and its sidecar. Throws std::runtime_error naming the file.
  static std::shared_ptr<const IntentModel> load(const std::filesystem::path& file);

  // Calibrated probabilities over every intent. The text is normalised as
  // split_words does; a text with no words is `unknown` for certain.
  // Safe to call from any number of threads.
  IntentPrediction predict(std::string_view text) const override;
  IntentPrediction predict_words(const std::vector<Word>& words) const override;

  // Whether `word` (normalised) is in the model's vocabulary: it occurred in
  // at least two training examples and survived quantisation, which drops
  // rare words, so one-off misspellings from the corpus are not "known".
  bool knows_word(std::string_view word) const override;

  // p_i is proportional to exp(log p_i / T): above 1 softens, below 1 sharpens.
  float temperature() const { return temperature_; }

  ~IntentModel() override;
  IntentModel(const IntentModel&) = delete;
  IntentModel& operator=(const IntentModel&) = delete;

 private:
  class Classifier;
  struct Scratch;
  class ScratchLease;
  IntentModel();
  void sum_vocabulary();
  void read_line(Scratch& scratch) const;  // scratch.tokens -> scratch.line
  std::int32_t pair_row(Scratch& scratch, std::size_t at) const;
  IntentPrediction predict_tokens(Scratch& scratch) const;  // of scratch.tokens

  std::unique_ptr<Classifier> classifier_;
  std::shared_ptr<const fasttext::Dictionary> dictionary_;
  std::vector<Intent> intent_of_label_;  // fastText's label index -> intent
  std::vector<bool> learnt_;             // by fastText word id: seen in two examples or more
  float temperature_ = 1;
  bool word_pairs_ = false;  // the model reads pairs of neighbouring words
  // By fastText word id: the sum of the word's input rows (dim values each),
  // and how many rows that is.
  std::vector<float> vocabulary_sums_;
  std::vector<std::int32_t> vocabulary_rows_;
  // Buffers reused across calls, one per concurrent caller.
  mutable std::mutex spare_mutex_;
  mutable std::vector<std::unique_ptr<Scratch>> spare_;
};

// The sidecar of a model file: "<file>.json".
std::filesystem::path intent_model_sidecar(const std::filesystem::path& model_file);

}  // namespace careerbot
