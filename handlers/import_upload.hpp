// The publishers' files uploaded from the console (POST /admin/v1/import as
// multipart/form-data): the O*NET release as a zip ("onet"), the BLS
// projections ("bls_projections") and OEWS wages ("oews"), each a workbook,
// CSV or TSV. They are written to a private temporary directory for the
// importer, which is removed when the upload goes out of scope.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "importer.hpp"
#include "web.hpp"

namespace careerbot {

class ImportUpload {
 public:
  ImportUpload() = default;
  ~ImportUpload();
  ImportUpload(const ImportUpload&) = delete;
  ImportUpload& operator=(const ImportUpload&) = delete;

  // The saved files, or nullopt with `error` saying what is missing or wrong.
  std::optional<ImportSources> save(const WebRequest& request, std::string& error);
  // The importer's message with the saved files named as the admin uploaded them.
  std::string in_user_terms(std::string message) const;

 private:
  std::filesystem::path dir_;
  std::vector<std::pair<std::string, std::string>> names_;  // saved path, uploaded name
};

bool is_multipart(const WebRequest& request);

}  // namespace careerbot
