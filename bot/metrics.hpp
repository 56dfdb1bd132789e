// Process metrics in the Prometheus text format: counters, gauges and
// latency histograms, each a family of series told apart by labels.
//
// Counters and histograms are kept per thread (each thread writes its own
// shard, behind a lock only a scrape ever contends for) and summed when
// scraped, so the request path neither allocates once a series exists nor
// waits for other threads. Gauges hold one value and are kept centrally.
#pragma once

#include <array>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace careerbot {

using Label = std::pair<std::string_view, std::string_view>;
// Written at the call: {{"route", route}, {"status", "200"}}; read during the call only.
using Labels = std::initializer_list<Label>;

class Metrics {
 public:
  Metrics();
  ~Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  void add(std::string_view name, Labels labels, double amount = 1);
  void set(std::string_view name, Labels labels, double value);
  void observe(std::string_view name, Labels labels, double seconds);

  // Value of one counter or gauge series (0 when absent); for tests and readiness.
  double value(std::string_view name, Labels labels) const;

  std::string render() const;

 private:
  static constexpr std::array<double, 12> kBuckets = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005,
                                                      0.01,   0.025,   0.05,   0.1,   0.5,    2.5};
  enum class Type { counter, gauge, histogram };
  struct Histogram {
    std::array<long long, kBuckets.size()> counts{};
    long long count = 0;
    double sum = 0;
    void merge(const Histogram& other);
  };
  struct Family {
    Type type;
    std::string help;
    std::size_t index;  // into the per-family vectors below
  };
  using Series = std::map<std::string, double, std::less<>>;  // label text -> value
  using HistogramSeries = std::map<std::string, Histogram, std::less<>>;
  // One thread's counters and histograms.
  struct Shard {
    std::mutex mutex;
    std::vector<Series> counters;
    std::vector<HistogramSeries> histograms;
  };

  void declare(std::string name, Type type, std::string help);
  const Family* family(std::string_view name) const;
  Shard& shard();
  Series counters_of(const Family& family) const;  // summed over the shards

  std::map<std::string, Family, std::less<>> families_;  // fixed once constructed
  const std::uint64_t id_;                               // tells this object's shards apart
  mutable std::mutex mutex_;                             // shards_ (the list) and gauges_
  std::vector<std::unique_ptr<Shard>> shards_;
  std::vector<Series> gauges_;
};

}  // namespace careerbot
