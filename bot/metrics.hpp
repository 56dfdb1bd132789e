// Process metrics in the Prometheus text format: counters, gauges and
// latency histograms, each a family of series told apart by labels.
#pragma once

#include <array>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace careerbot {

using Labels = std::vector<std::pair<std::string, std::string>>;

class Metrics {
 public:
  Metrics();

  void add(std::string_view name, const Labels& labels, double amount = 1);
  void set(std::string_view name, const Labels& labels, double value);
  void observe(std::string_view name, const Labels& labels, double seconds);

  // Value of one counter or gauge series (0 when absent); for tests and readiness.
  double value(std::string_view name, const Labels& labels) const;

  std::string render() const;

 private:
  static constexpr std::array<double, 12> kBuckets = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005,
                                                      0.01,   0.025,   0.05,   0.1,   0.5,    2.5};
  struct Histogram {
    std::array<long long, kBuckets.size()> counts{};
    long long count = 0;
    double sum = 0;
  };
  struct Family {
    std::string type;  // "counter", "gauge", "histogram"
    std::string help;
    std::map<std::string, double> values;         // label text -> value
    std::map<std::string, Histogram> histograms;  // label text -> histogram
  };

  void declare(std::string name, std::string type, std::string help);
  Family* family(std::string_view name);

  mutable std::mutex mutex_;
  std::map<std::string, Family, std::less<>> families_;
};

}  // namespace careerbot
