// Reproducible randomness for the intent corpus and trainer: the same corpus
// must give the same examples, folds and model on every machine, so nothing
// here depends on the standard library's distributions.
#pragma once

#include <cstdint>
#include <string_view>

namespace careerbot {

// SplitMix64 (Steele, Lea, Flood 2014): tiny, fast, and well mixed.
class SeededRandom {
 public:
  explicit SeededRandom(std::uint64_t seed) : state_(seed) {}

  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  // In [0, n); the modulo bias is negligible for the small n used here.
  std::size_t below(std::size_t n) { return n == 0 ? 0 : static_cast<std::size_t>(next() % n); }
  // In [0, 1).
  double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

 private:
  std::uint64_t state_;
};

// FNV-1a, to derive a seed from text (a corpus line seeds its own expansion,
// so editing one line leaves every other line's examples as they were).
inline std::uint64_t text_seed(std::string_view text, std::uint64_t seed = 0) {
  std::uint64_t hash = 0xCBF29CE484222325ULL ^ seed;
  for (char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001B3ULL;
  }
  return hash;
}

}  // namespace careerbot
