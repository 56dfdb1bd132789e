#include "zip_archive.hpp"

#include <zip.h>

#include "import_error.hpp"

namespace careerbot {
namespace {

std::string describe(int code) {
  zip_error_t error;
  zip_error_init_with_code(&error, code);
  std::string text = zip_error_strerror(&error);
  zip_error_fini(&error);
  return text;
}

struct FileCloser {
  void operator()(zip_file_t* file) const { zip_fclose(file); }
};

}  // namespace

void ZipArchive::Closer::operator()(zip* archive) const {
  zip_discard(archive);
}

ZipArchive::ZipArchive(const std::filesystem::path& path) : path_(path.string()) {
  int code = ZIP_ER_OK;
  archive_.reset(zip_open(path_.c_str(), ZIP_RDONLY, &code));
  if (archive_) return;
  const bool not_zip = code == ZIP_ER_NOZIP || code == ZIP_ER_INCONS || code == ZIP_ER_MULTIDISK;
  throw ImportFailure(path_ + (not_zip ? ": not a zip archive (" : ": cannot open (") +
                      describe(code) + ")");
}

ZipArchive::~ZipArchive() = default;
ZipArchive::ZipArchive(ZipArchive&&) noexcept = default;
ZipArchive& ZipArchive::operator=(ZipArchive&&) noexcept = default;

std::vector<std::string> ZipArchive::names() const {
  std::vector<std::string> result;
  const zip_int64_t count = zip_get_num_entries(archive_.get(), 0);
  for (zip_int64_t i = 0; i < count; ++i) {
    const char* name = zip_get_name(archive_.get(), static_cast<zip_uint64_t>(i), 0);
    result.emplace_back(name != nullptr ? name : "");
  }
  return result;
}

std::optional<std::string> ZipArchive::find(std::string_view file_name) const {
  std::optional<std::string> best;
  if (file_name.empty()) return best;
  for (auto& name : names()) {
    const std::string_view full = name;
    if (full.ends_with('/')) continue;
    const auto slash = full.rfind('/');
    const auto base = slash == std::string_view::npos ? full : full.substr(slash + 1);
    if (base == file_name && (!best || name.size() < best->size())) best = std::move(name);
  }
  return best;
}

std::string ZipArchive::read(const std::string& entry, std::size_t max_bytes) const {
  const std::string where = path_ + ": " + entry + ": ";
  const zip_int64_t index = zip_name_locate(archive_.get(), entry.c_str(), 0);
  if (index < 0) throw ImportFailure(where + "no such entry");
  const auto at = static_cast<zip_uint64_t>(index);

  zip_stat_t stat;
  zip_stat_init(&stat);
  if (zip_stat_index(archive_.get(), at, 0, &stat) != 0) {
    throw ImportFailure(where + "cannot read (" + zip_strerror(archive_.get()) + ")");
  }
  const std::string limit = "more than the limit of " + std::to_string(max_bytes) + " bytes";
  if ((stat.valid & ZIP_STAT_SIZE) != 0 && stat.size > max_bytes) {
    throw ImportFailure(where + std::to_string(stat.size) + " bytes uncompressed, " + limit);
  }

  std::unique_ptr<zip_file_t, FileCloser> file(zip_fopen_index(archive_.get(), at, 0));
  if (!file) throw ImportFailure(where + "cannot read (" + zip_strerror(archive_.get()) + ")");

  // The declared size may lie, so read in chunks and stop one byte past the limit.
  constexpr std::size_t kChunk = std::size_t{1} << 16;
  std::string data;
  while (data.size() <= max_bytes) {
    const std::size_t used = data.size();
    const std::size_t room = max_bytes - used;
    const std::size_t want = room < kChunk ? room + 1 : kChunk;
    data.resize(used + want);
    const zip_int64_t got = zip_fread(file.get(), data.data() + used, want);
    if (got < 0) {
      throw ImportFailure(where + "cannot inflate (" + zip_file_strerror(file.get()) + ")");
    }
    data.resize(used + static_cast<std::size_t>(got));
    if (got != 0) continue;
    if ((stat.valid & ZIP_STAT_SIZE) != 0 && data.size() != stat.size) {
      throw ImportFailure(where + "inflates to " + std::to_string(data.size()) +
                          " bytes, but the archive says " + std::to_string(stat.size));
    }
    return data;
  }
  throw ImportFailure(where + "inflates to " + limit);
}

}  // namespace careerbot
