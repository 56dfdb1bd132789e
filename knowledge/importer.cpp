#include "importer.hpp"

#include "import/import_error.hpp"
#include "import/profile_builder.hpp"

namespace careerbot {

ImportResult import_public_data(const ImportSources& sources,
                                const std::map<std::string, std::string>& curated_by_soc) {
  PublicData data;
  try {
    data.onet = read_onet_release(sources.onet_dir);
    data.projections = read_projections(sources.bls_projections.string());
    data.wages = read_wages(sources.oews.string());
  } catch (const ImportFailure& failure) {
    ImportResult result;
    result.error = failure.what();
    return result;
  }
  return build_profiles(data, curated_by_soc);
}

}  // namespace careerbot
