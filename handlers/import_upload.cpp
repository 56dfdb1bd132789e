#include "import_upload.hpp"

#include <cstdlib>
#include <fstream>
#include <initializer_list>
#include <string_view>

#include "form_data.hpp"

namespace careerbot {
namespace {

// The file's extension when it is one of `allowed` ("" otherwise).
std::string extension_among(const std::string& filename,
                            std::initializer_list<std::string_view> allowed) {
  auto dot = filename.rfind('.');
  if (dot == std::string::npos) return "";
  std::string ext = filename.substr(dot);
  for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (auto known : allowed) {
    if (ext == known) return ext;
  }
  return "";
}

void replace_all(std::string& text, const std::string& from, const std::string& to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
}

}  // namespace

bool is_multipart(const WebRequest& request) {
  return request.header("content-type").starts_with("multipart/form-data");
}

ImportUpload::~ImportUpload() {
  std::error_code ignored;
  if (!dir_.empty()) std::filesystem::remove_all(dir_, ignored);
}

std::optional<ImportSources> ImportUpload::save(const WebRequest& request, std::string& error) {
  auto parts = email::parse_form_data(request.header("content-type"), request.body);
  if (!parts) {
    error = "The body is not multipart/form-data with a boundary.";
    return std::nullopt;
  }
  std::string pattern =
      (std::filesystem::temp_directory_path() / "careerbot-import-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    error = "No temporary directory for the upload.";
    return std::nullopt;
  }
  dir_ = pattern;
  ImportSources sources;
  struct Wanted {
    const char* name;
    std::filesystem::path* path;
    const char* what;
    std::initializer_list<std::string_view> extensions;
  };
  const std::initializer_list<std::string_view> tables = {".xlsx", ".csv", ".tsv", ".txt"};
  for (const Wanted& wanted :
       {Wanted{"onet", &sources.onet_dir, "the O*NET text release (.zip)", {".zip"}},
        Wanted{"bls_projections", &sources.bls_projections,
               "the BLS employment projections (.xlsx, .csv or .tsv)", tables},
        Wanted{"oews", &sources.oews, "the OEWS wages (.xlsx, .csv or .tsv)", tables}}) {
    const email::FormPart* part = nullptr;
    for (const auto& p : *parts) {
      if (p.name == wanted.name && !p.filename.empty()) part = &p;
    }
    if (part == nullptr || part->value.empty()) {
      error = std::string("The upload needs a file '") + wanted.name + "': " + wanted.what + ".";
      return std::nullopt;
    }
    std::string ext = extension_among(part->filename, wanted.extensions);
    if (ext.empty()) {
      error = std::string("The file '") + wanted.name + "' must be " + wanted.what + ".";
      return std::nullopt;
    }
    *wanted.path = dir_ / (std::string(wanted.name) + ext);
    std::ofstream out(*wanted.path, std::ios::binary);
    out.write(part->value.data(), static_cast<std::streamsize>(part->value.size()));
    if (!out) {
      error = "Could not keep the uploaded files (disk full?).";
      return std::nullopt;
    }
    names_.emplace_back(wanted.path->string(), part->filename);
  }
  return sources;
}

std::string ImportUpload::in_user_terms(std::string message) const {
  for (const auto& [saved, uploaded] : names_) replace_all(message, saved, uploaded);
  return message;
}

}  // namespace careerbot
