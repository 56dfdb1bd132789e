#include "bundle.hpp"

#include <zstd.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>

#include <nlohmann/json.hpp>

namespace careerbot {
namespace {

using nlohmann::json;

constexpr const char* kFormat = "careerbot-knowledge-bundle";
constexpr int kVersion = 1;
constexpr int kCompressionLevel = 19;
constexpr std::size_t kMaxText = std::size_t{256} << 20;  // refuse a bundle that inflates further

const std::vector<std::string>& source_list() {
  static const std::vector<std::string> sources = {
      "O*NET 29.3 Database (May 2025 release), USDOL/ETA, CC BY 4.0",
      "U.S. Bureau of Labor Statistics, Employment Projections 2024-34 (Table 1.2), public domain",
      "U.S. Bureau of Labor Statistics, Occupational Employment and Wage Statistics, national, "
      "May 2024, public domain"};
  return sources;
}

std::string read_file(const std::filesystem::path& path, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = path.string() + ": cannot open the knowledge-base bundle";
    return {};
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return std::move(buffer).str();
}

// A curated profile takes the figures it does not author from the bundled
// profile of its SOC code: the interest profile and the pay percentiles.
void fill_from(CareerProfile& curated, const CareerProfile& bundled) {
  if (!curated.interests) curated.interests = bundled.interests;
  if (!curated.pay) curated.pay = bundled.pay;
}

// A curated career without an authored ladder takes the bundled one, once
// every id in it is known (after the renames).
void fill_progression(CareerProfile& curated, const CareerProfile& bundled,
                      const std::unordered_map<std::string, std::string>& renamed) {
  if (!curated.progression.empty()) return;
  for (const auto& step : bundled.progression) {
    auto it = renamed.find(step.career);
    if (it == renamed.end() || it->second == curated.id) continue;
    curated.progression.push_back({it->second, {}, step.requirement});
  }
}

}  // namespace

const char* const kPublicDataAttribution =
    "This product includes information from the O*NET 29.3 Database by the U.S. Department of "
    "Labor, Employment and Training Administration (USDOL/ETA). Used under the CC BY 4.0 license. "
    "O*NET\xC2\xAE is a trademark of USDOL/ETA. careerbot has modified the data (joined it with "
    "BLS figures and selected and shortened its lists); USDOL/ETA has not approved, endorsed or "
    "tested these modifications. Pay, growth and openings are from the U.S. Bureau of Labor "
    "Statistics (public domain).";

std::string bundle_text(const std::vector<CareerProfile>& profiles) {
  json header = {
      {"format", kFormat},
      {"version", kVersion},
      {"careers", profiles.size()},
      {"sources", source_list()},
      {"attribution", kPublicDataAttribution},
      {"rebuild", "careerbot kb bundle --onet DIR --bls-projections FILE --oews FILE --out FILE"}};
  std::string text = header.dump() + "\n";
  for (const auto& profile : profiles) {
    CareerProfile stored = profile;
    stored.revision = 0;
    stored.updated_at.clear();
    text += profile_to_json(stored).dump(-1, ' ', false, json::error_handler_t::strict) + "\n";
  }
  return text;
}

void write_bundle(const std::filesystem::path& path, const std::vector<CareerProfile>& profiles) {
  const std::string text = bundle_text(profiles);
  std::string compressed(ZSTD_compressBound(text.size()), '\0');
  std::size_t size = ZSTD_compress(compressed.data(), compressed.size(), text.data(), text.size(),
                                   kCompressionLevel);
  if (ZSTD_isError(size) != 0U)
    throw std::runtime_error(std::string("cannot compress the bundle: ") + ZSTD_getErrorName(size));
  compressed.resize(size);
  const std::filesystem::path temporary = path.string() + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out.write(compressed.data(), static_cast<std::streamsize>(compressed.size()));
    if (!out.flush()) throw std::runtime_error(temporary.string() + ": cannot write the bundle");
  }
  std::filesystem::rename(temporary, path);
}

std::optional<std::string> read_bundle_text(const std::filesystem::path& path, std::string& error) {
  std::string compressed = read_file(path, error);
  if (!error.empty()) return std::nullopt;
  unsigned long long size = ZSTD_getFrameContentSize(compressed.data(), compressed.size());
  if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN) {
    error = path.string() + ": not a knowledge-base bundle (not a zstd frame with its size)";
    return std::nullopt;
  }
  if (size > kMaxText) {
    error = path.string() + ": the bundle would inflate to " + std::to_string(size) +
            " bytes, more than the " + std::to_string(kMaxText) + " allowed";
    return std::nullopt;
  }
  std::string text(static_cast<std::size_t>(size), '\0');
  std::size_t got = ZSTD_decompress(text.data(), text.size(), compressed.data(), compressed.size());
  if (ZSTD_isError(got) != 0U || got != text.size()) {
    error = path.string() + ": the bundle is damaged (" +
            (ZSTD_isError(got) != 0U ? ZSTD_getErrorName(got) : "short") + ")";
    return std::nullopt;
  }
  return text;
}

std::optional<Bundle> read_bundle(const std::filesystem::path& path, std::string& error) {
  auto text = read_bundle_text(path, error);
  if (!text) return std::nullopt;
  Bundle bundle;
  std::string_view rest(*text);
  std::size_t line = 0;
  std::size_t expected = 0;
  auto fail = [&](const std::string& reason) {
    error = path.string() + ": line " + std::to_string(line) + ": " + reason;
    return std::nullopt;
  };
  while (!rest.empty()) {
    std::size_t end = rest.find('\n');
    std::string_view record = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    ++line;
    json doc = json::parse(record, nullptr, false);
    if (doc.is_discarded()) return fail("not valid JSON");
    if (line == 1) {
      if (!doc.is_object() || doc.value("format", "") != kFormat ||
          doc.value("version", 0) != kVersion || !doc["careers"].is_number_unsigned()) {
        return fail("not a careerbot knowledge-base bundle of version " + std::to_string(kVersion));
      }
      bundle.attribution = doc.value("attribution", "");
      for (const auto& source : doc.value("sources", json::array()))
        if (source.is_string()) bundle.sources.push_back(source.get<std::string>());
      expected = doc["careers"].get<std::size_t>();
      bundle.profiles.reserve(expected);
      continue;
    }
    ProfileError problem;
    auto profile = parse_profile(doc, problem);
    if (!profile) return fail(problem.field + " " + problem.reason);
    bundle.profiles.push_back(std::move(*profile));
  }
  if (line == 0) return fail("empty");
  if (bundle.profiles.size() != expected) {
    return fail("the header promises " + std::to_string(expected) + " careers, the bundle holds " +
                std::to_string(bundle.profiles.size()));
  }
  return bundle;
}

std::vector<CareerProfile> combine_curated_and_bundled(std::vector<CareerProfile> curated,
                                                       std::vector<CareerProfile> bundled) {
  std::unordered_map<std::string, std::string> curated_by_soc;
  std::unordered_set<std::string> taken;
  for (const auto& p : curated) {
    taken.insert(p.id);
    if (!p.soc_code.empty()) curated_by_soc.emplace(p.soc_code, p.id);
  }
  std::unordered_map<std::string, std::string> renamed;  // bundled id -> id in the result
  std::vector<CareerProfile> kept;
  for (auto& p : bundled) {
    if (auto it = curated_by_soc.find(p.soc_code); it != curated_by_soc.end()) {
      renamed[p.id] = it->second;
      for (auto& c : curated) {  // two curated careers may share a code
        if (c.soc_code == p.soc_code) fill_from(c, p);
      }
      continue;
    }
    std::string id = p.id;
    if (taken.contains(id)) {
      std::string digits;
      for (char c : p.soc_code)
        if (c >= '0' && c <= '9') digits += c;
      id += "-" + digits;
    }
    taken.insert(id);
    renamed[p.id] = id;
    p.id = id;
    kept.push_back(std::move(p));
  }
  for (auto& p : kept) {
    std::vector<std::string> related;
    for (const auto& r : p.related) {
      auto it = renamed.find(r);
      if (it == renamed.end() || it->second == p.id) continue;
      if (std::find(related.begin(), related.end(), it->second) == related.end())
        related.push_back(it->second);
    }
    p.related = std::move(related);
    std::vector<ProgressionStep> progression;
    for (auto& step : p.progression) {
      auto it = renamed.find(step.career);
      if (it == renamed.end() || it->second == p.id) continue;
      step.career = it->second;
      progression.push_back(std::move(step));
    }
    p.progression = std::move(progression);
  }
  for (const auto& p : bundled) {
    auto it = curated_by_soc.find(p.soc_code);
    if (it == curated_by_soc.end()) continue;
    for (auto& c : curated) {
      if (c.soc_code == p.soc_code) fill_progression(c, p, renamed);
    }
  }
  for (auto& p : kept) curated.push_back(std::move(p));
  return curated;
}

}  // namespace careerbot
