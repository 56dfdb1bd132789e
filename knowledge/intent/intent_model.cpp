#include "intent_model.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <unordered_map>

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
    if (isQuant() && output) {
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
    input_rows_ = std::dynamic_pointer_cast<const fasttext::DenseMatrix>(input_);
    output_rows_ = std::dynamic_pointer_cast<const fasttext::DenseMatrix>(output_);
  }
  // Whether predict() can use the plain rows: a softmax model whose matrices
  // are (now) dense, which is what the trainer makes.
  bool dense_softmax() const {
    return input_rows_ && output_rows_ && getArgs().loss == fasttext::loss_name::softmax &&
           output_rows_->cols() == input_rows_->cols();
  }
  const fasttext::DenseMatrix& input_rows() const { return *input_rows_; }
  const fasttext::DenseMatrix& output_rows() const { return *output_rows_; }
  std::int32_t labels() const { return static_cast<std::int32_t>(output_->size(0)); }

 private:
  std::shared_ptr<const fasttext::DenseMatrix> input_rows_;
  std::shared_ptr<const fasttext::DenseMatrix> output_rows_;
};

// fastText's input for a line is, for each word, the rows of the word and of
// its character n-grams, then one row per pair of neighbouring words; the
// hidden layer is their mean. The rows of each word of the vocabulary are
// summed once at load (IntentModel::vocabulary_sums_), and a caller remembers the
// row of each pair it met, so a prediction adds one vector per word and one
// per pair rather than some twenty rows per word. Words the model never saw
// (typos, mostly) are summed on each call, as fastText itself does.
struct LineWord {
  const float* sum = nullptr;  // the sum of the word's rows (dim values)
  std::int32_t rows = 0;       // how many rows that is
  std::uint32_t hash = 0;      // fastText's hash of the word, for its pairs
};

// The rows of a word the vocabulary lacks: its character n-grams', summed.
struct UnseenWord {
  std::vector<float> sum;  // dim values
  std::int32_t rows = 0;
};

struct IntentModel::Scratch {
  // Remembered pairs, forgotten all at once past this bound (a few hundred
  // kilobytes per concurrent caller).
  static constexpr std::size_t kPairsKept = 8192;
  std::unordered_map<std::uint64_t, std::int32_t> pairs;  // hashes of a pair -> its row, or -1
  // Remembered words outside the vocabulary (career names the intent corpus
  // never used, common misspellings: they recur from one question to the
  // next), forgotten all at once past this bound (dim x 4 bytes each).
  static constexpr std::size_t kUnseenKept = 2048;
  TextMap<UnseenWord> unseen_words;
  std::vector<std::string> tokens;
  std::vector<LineWord> line;
  std::vector<std::int32_t> subwords;  // of one word not in the vocabulary
  std::vector<std::int32_t> ids;
  std::vector<std::int32_t> labels;
  std::vector<float> hidden;
  std::vector<float> output;
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
    if (!scratch_) scratch_ = std::make_unique<Scratch>();
  }
  ~ScratchLease() {
    std::lock_guard lock(model_.spare_mutex_);
    model_.spare_.push_back(std::move(scratch_));
  }
  ScratchLease(const ScratchLease&) = delete;
  ScratchLease& operator=(const ScratchLease&) = delete;
  Scratch* operator->() const { return scratch_.get(); }
  Scratch& operator*() const { return *scratch_; }

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
  if (!model->classifier_->dense_softmax() || args.wordNgrams > 2)
    throw std::runtime_error("intent model " + name +
                             ": not a softmax classifier over words and word pairs");
  model->word_pairs_ = args.wordNgrams == 2;
  model->sum_vocabulary();
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

namespace {

// Adds the input rows `ids` into `sum` (dim values).
void add_rows(const fasttext::DenseMatrix& input, const std::vector<std::int32_t>& ids,
              float* sum) {
  const auto dim = static_cast<std::size_t>(input.cols());
  for (std::int32_t id : ids) {
    const float* row = input.data() + static_cast<std::int64_t>(id) * input.cols();
    for (std::size_t j = 0; j < dim; ++j) sum[j] += row[j];
  }
}

}  // namespace

void IntentModel::sum_vocabulary() {
  const fasttext::DenseMatrix& input = classifier_->input_rows();
  const auto dim = static_cast<std::size_t>(input.cols());
  const auto words = static_cast<std::size_t>(dictionary_->nwords());
  vocabulary_sums_.assign(words * dim, 0.0F);
  vocabulary_rows_.resize(words);
  for (std::size_t id = 0; id < words; ++id) {
    const auto& ids = dictionary_->getSubwords(static_cast<std::int32_t>(id));
    add_rows(input, ids, vocabulary_sums_.data() + id * dim);
    vocabulary_rows_[id] = static_cast<std::int32_t>(ids.size());
  }
}

void IntentModel::read_line(Scratch& scratch) const {
  const fasttext::DenseMatrix& input = classifier_->input_rows();
  const auto dim = static_cast<std::size_t>(input.cols());
  scratch.line.assign(scratch.tokens.size(), LineWord{});
  // (Cleared only here, between lines: a line's words point into it.)
  if (scratch.unseen_words.size() > Scratch::kUnseenKept) scratch.unseen_words.clear();
  for (std::size_t i = 0; i < scratch.tokens.size(); ++i) {
    const std::string& token = scratch.tokens[i];
    LineWord& word = scratch.line[i];
    word.hash = dictionary_->hash(token);
    const std::int32_t id = dictionary_->getId(token, word.hash);
    if (id >= 0 && static_cast<std::size_t>(id) < vocabulary_rows_.size()) {
      word.sum = vocabulary_sums_.data() + static_cast<std::size_t>(id) * dim;
      word.rows = vocabulary_rows_[static_cast<std::size_t>(id)];
      continue;
    }
    auto seen = scratch.unseen_words.find(token);
    if (seen == scratch.unseen_words.end()) {
      // What Dictionary::getSubwords(token) gives, into a vector kept between calls.
      scratch.subwords.clear();
      if (id >= 0) {
        scratch.subwords = dictionary_->getSubwords(id);
      } else if (token != fasttext::Dictionary::EOS) {
        dictionary_->computeSubwords(fasttext::Dictionary::BOW + token + fasttext::Dictionary::EOW,
                                     scratch.subwords);
      }
      UnseenWord unseen{std::vector<float>(dim, 0.0F),
                        static_cast<std::int32_t>(scratch.subwords.size())};
      add_rows(input, scratch.subwords, unseen.sum.data());
      seen = scratch.unseen_words.emplace(token, std::move(unseen)).first;
    }
    word.sum = seen->second.sum.data();
    word.rows = seen->second.rows;
  }
}

// The row fastText gives the pair `first second`, or -1 (dropped when the
// model was pruned): what reading the two words adds after their own rows.
std::int32_t IntentModel::pair_row(Scratch& scratch, std::size_t at) const {
  const LineWord& first = scratch.line[at];
  const LineWord& second = scratch.line[at + 1];
  const std::uint64_t key = (static_cast<std::uint64_t>(first.hash) << 32U) | second.hash;
  if (auto found = scratch.pairs.find(key); found != scratch.pairs.end()) return found->second;
  std::istringstream pair(scratch.tokens[at] + ' ' + scratch.tokens[at + 1]);
  dictionary_->getLine(pair, scratch.ids, scratch.labels);
  const std::size_t own =
      static_cast<std::size_t>(first.rows) + static_cast<std::size_t>(second.rows);
  const std::int32_t row = scratch.ids.size() > own ? scratch.ids.back() : -1;
  scratch.pairs.emplace(key, row);
  return row;
}

IntentPrediction IntentModel::predict(std::string_view text) const {
  ScratchLease lease(*this);
  lease->tokens = split_words(text);
  return predict_tokens(*lease);
}

IntentPrediction IntentModel::predict_words(const std::vector<Word>& words) const {
  ScratchLease lease(*this);
  lease->tokens.resize(words.size());
  for (std::size_t i = 0; i < words.size(); ++i) lease->tokens[i] = words[i].text;
  return predict_tokens(*lease);
}

IntentPrediction IntentModel::predict_tokens(Scratch& scratch) const {
  IntentPrediction out;
  const fasttext::DenseMatrix& input = classifier_->input_rows();
  const fasttext::DenseMatrix& output = classifier_->output_rows();
  const auto dim = static_cast<std::size_t>(input.cols());
  if (scratch.pairs.size() > Scratch::kPairsKept) scratch.pairs.clear();

  // The line as fastText reads it: the words, then its end-of-line token,
  // which every training line ended with.
  if (!scratch.tokens.empty()) scratch.tokens.push_back(fasttext::Dictionary::EOS);
  read_line(scratch);

  // The hidden layer: the mean of every row the line reads.
  scratch.hidden.assign(dim, 0.0F);
  std::int64_t rows = 0;
  for (const LineWord& word : scratch.line) {
    for (std::size_t j = 0; j < dim; ++j) scratch.hidden[j] += word.sum[j];
    rows += word.rows;
  }
  for (std::size_t at = 0; word_pairs_ && at + 1 < scratch.line.size(); ++at) {
    const std::int32_t row = pair_row(scratch, at);
    if (row < 0) continue;
    const float* values = input.data() + static_cast<std::int64_t>(row) * input.cols();
    for (std::size_t j = 0; j < dim; ++j) scratch.hidden[j] += values[j];
    ++rows;
  }
  if (rows == 0) {
    out.probability[static_cast<std::size_t>(Intent::unknown)] = 1;
    out.best = Intent::unknown;
    out.confidence = 1;
    return out;
  }
  const auto scale = static_cast<float>(1.0 / static_cast<double>(rows));
  for (auto& value : scratch.hidden) value *= scale;

  // fastText's softmax over the labels, and its log-probabilities (log(p +
  // 1e-5)), scaled by 1/T and normalised again.
  const auto labels = static_cast<std::size_t>(output.rows());
  scratch.output.assign(labels, 0.0F);
  for (std::size_t i = 0; i < labels; ++i) {
    const float* row = output.data() + static_cast<std::int64_t>(i) * output.cols();
    float dot = 0;
    for (std::size_t j = 0; j < dim; ++j) dot += row[j] * scratch.hidden[j];
    scratch.output[i] = dot;
  }
  const float most = *std::max_element(scratch.output.begin(), scratch.output.end());
  float z = 0;
  for (auto& value : scratch.output) {
    value = std::exp(value - most);
    z += value;
  }
  for (auto& value : scratch.output) value = std::log(value / z + 1e-5F);
  const float top = *std::max_element(scratch.output.begin(), scratch.output.end());
  float sum = 0;
  for (std::size_t i = 0; i < labels; ++i) {
    const float p = std::exp((scratch.output[i] - top) / temperature_);
    out.probability[static_cast<std::size_t>(intent_of_label_[i])] += p;
    sum += p;
  }
  for (auto& p : out.probability) p /= sum;
  auto best = std::max_element(out.probability.begin(), out.probability.end());
  out.best = static_cast<Intent>(best - out.probability.begin());
  out.confidence = *best;
  return out;
}

}  // namespace careerbot
