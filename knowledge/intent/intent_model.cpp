#include "intent_model.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <fasttext/fasttext.h>
#include <nlohmann/json.hpp>

#include "text.hpp"

namespace careerbot {

// fastText's classifier, with the quantised input matrix decoded once at load:
// predicting then adds plain rows instead of decoding each on every call
// (ten words: 9.5 -> 5.8 us), for 4 bytes x dim per kept row (1.3 MB).
class IntentModel::Classifier : public fasttext::FastText {
 public:
  void decode_input() {
    auto output = std::dynamic_pointer_cast<fasttext::DenseMatrix>(output_);
    if (!isQuant() || !output) return;
    const std::int64_t rows = input_->size(0);
    const std::int64_t dim = input_->size(1);
    auto decoded = std::make_shared<fasttext::DenseMatrix>(rows, dim);
    fasttext::Vector row(dim);
    for (std::int64_t i = 0; i < rows; ++i) {
      row.zero();
      input_->addRowToVector(row, static_cast<std::int32_t>(i));
      std::copy(row.data(), row.data() + dim, decoded->data() + i * dim);
    }
    setMatrices(decoded, output);
  }

  std::int32_t labels() const { return static_cast<std::int32_t>(output_->size(0)); }
  std::int32_t dimension() const { return static_cast<std::int32_t>(input_->size(1)); }

  // FastText::predict, with the caller's state instead of a new one per call.
  void predict(const std::vector<std::int32_t>& words, fasttext::Predictions& predictions,
               fasttext::Model::State& state) const {
    model_->predict(words, labels(), 0.0F, predictions, state);
  }
};

struct IntentModel::Scratch {
  explicit Scratch(const Classifier& classifier)
      : state(classifier.dimension(), classifier.labels(), 0) {}
  std::string line;
  std::istringstream stream;
  std::vector<std::int32_t> words;
  std::vector<std::int32_t> labels;
  fasttext::Predictions predictions;
  fasttext::Model::State state;
};

// Borrows a Scratch from the model's spares for one call, or makes one.
class IntentModel::ScratchLease {
 public:
  explicit ScratchLease(const IntentModel& model) : model_(model) {
    std::lock_guard lock(model_.spare_mutex_);
    if (!model_.spare_.empty()) {
      scratch_ = std::move(model_.spare_.back());
      model_.spare_.pop_back();
    }
    if (!scratch_) scratch_ = std::make_unique<Scratch>(*model_.classifier_);
  }
  ~ScratchLease() {
    std::lock_guard lock(model_.spare_mutex_);
    model_.spare_.push_back(std::move(scratch_));
  }
  ScratchLease(const ScratchLease&) = delete;
  ScratchLease& operator=(const ScratchLease&) = delete;
  Scratch* operator->() const { return scratch_.get(); }

 private:
  const IntentModel& model_;
  std::unique_ptr<Scratch> scratch_;
};

IntentModel::IntentModel() = default;
IntentModel::~IntentModel() = default;

std::filesystem::path intent_model_sidecar(const std::filesystem::path& model_file) {
  return std::filesystem::path(model_file.string() + ".json");
}

namespace {

float read_temperature(const std::filesystem::path& sidecar) {
  std::ifstream in(sidecar, std::ios::binary);
  if (!in) throw std::runtime_error("intent model calibration " + sidecar.string() + ": missing");
  std::stringstream text;
  text << in.rdbuf();
  auto doc = nlohmann::json::parse(text.str(), nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || doc.value("format", "") != "careerbot-intent-model")
    throw std::runtime_error("intent model calibration " + sidecar.string() +
                             ": not a careerbot intent model sidecar");
  auto t = doc.find("temperature");
  if (t == doc.end() || !t->is_number() || !(t->get<double>() > 0.01 && t->get<double>() < 100))
    throw std::runtime_error("intent model calibration " + sidecar.string() +
                             ": temperature must be a number in (0.01, 100)");
  return t->get<float>();
}

}  // namespace

std::shared_ptr<const IntentModel> IntentModel::load(const std::filesystem::path& file) {
  const std::string name = file.string();
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec))
    throw std::runtime_error("intent model " + name + ": no such file");
  std::shared_ptr<IntentModel> model(new IntentModel());
  model->temperature_ = read_temperature(intent_model_sidecar(file));
  model->classifier_ = std::make_unique<Classifier>();
  try {
    model->classifier_->loadModel(name);
  } catch (const std::exception& e) {
    throw std::runtime_error("intent model " + name + ": " + e.what());
  }
  const fasttext::Args args = model->classifier_->getArgs();
  model->dictionary_ = model->classifier_->getDictionary();
  if (args.model != fasttext::model_name::sup || model->dictionary_->nlabels() < 1 ||
      model->classifier_->labels() != model->dictionary_->nlabels())
    throw std::runtime_error("intent model " + name + ": not a supervised classifier");
  for (std::int64_t count : model->dictionary_->getCounts(fasttext::entry_type::word)) {
    model->learnt_.push_back(count >= 2);
  }
  model->classifier_->decode_input();
  for (std::int32_t i = 0; i < model->dictionary_->nlabels(); ++i) {
    std::string label = model->dictionary_->getLabel(i);
    auto intent = intent_from_name(std::string_view(label).substr(
        label.starts_with(args.label) ? args.label.size() : label.size()));
    if (!intent) throw std::runtime_error("intent model " + name + ": unknown label " + label);
    model->intent_of_label_.push_back(*intent);
  }
  return model;
}

bool IntentModel::knows_word(std::string_view word) const {
  std::int32_t id = dictionary_->getId(std::string(word));
  return id >= 0 && static_cast<std::size_t>(id) < learnt_.size() &&
         learnt_[static_cast<std::size_t>(id)];
}

IntentPrediction IntentModel::predict(std::string_view text) const {
  IntentPrediction out;
  ScratchLease scratch(*this);
  scratch->line.clear();
  for (const auto& word : split_words(text)) {
    if (!scratch->line.empty()) scratch->line += ' ';
    scratch->line += word;
  }
  if (!scratch->line.empty()) {
    // The newline is fastText's end-of-sentence token, which every training
    // line ended with.
    scratch->line += '\n';
    scratch->stream.clear();
    scratch->stream.str(scratch->line);
    dictionary_->getLine(scratch->stream, scratch->words, scratch->labels);
  } else {
    scratch->words.clear();
  }
  scratch->predictions.clear();
  if (!scratch->words.empty())
    classifier_->predict(scratch->words, scratch->predictions, scratch->state);
  if (scratch->predictions.empty()) {
    out.probability[static_cast<std::size_t>(Intent::unknown)] = 1;
    out.best = Intent::unknown;
    out.confidence = 1;
    return out;
  }
  // Sorted best first; log-probabilities, scaled by 1/T and renormalised.
  const float top = scratch->predictions.front().first;
  float sum = 0;
  for (const auto& [log_p, label] : scratch->predictions) {
    float p = std::exp((log_p - top) / temperature_);
    out.probability[static_cast<std::size_t>(intent_of_label_[static_cast<std::size_t>(label)])] +=
        p;
    sum += p;
  }
  for (auto& p : out.probability) p /= sum;
  auto best = std::max_element(out.probability.begin(), out.probability.end());
  out.best = static_cast<Intent>(best - out.probability.begin());
  out.confidence = *best;
  return out;
}

}  // namespace careerbot
