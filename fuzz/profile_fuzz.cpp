// A career profile as the admin API and the importers validate it: JSON
// parsed without exceptions, then every field checked (parse_profile names
// the first bad one).
//
// Besides crashes, one property is checked: a profile that passes writes
// back (profile_to_json) to a document that passes again and writes back the
// same, so what the store keeps reads back unchanged.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include <nlohmann/json.hpp>

#include "fuzz_input.hpp"
#include "profile.hpp"

using namespace careerbot;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text = fuzz::Input(data, size).rest();
  auto doc = nlohmann::json::parse(text, nullptr, false);
  if (doc.is_discarded()) return 0;
  ProfileError error;
  auto profile = parse_profile(doc, error);
  if (!profile) return 0;

  nlohmann::json written = profile_to_json(*profile);
  auto again = parse_profile(nlohmann::json::parse(written.dump()), error);
  if (!again || profile_to_json(*again) != written) {
    std::fprintf(stderr, "profile does not read back: %s\n%s: %s\n", written.dump().c_str(),
                 error.field.c_str(), error.reason.c_str());
    std::abort();
  }
  (void)is_soc_code(text);
  return 0;
}
