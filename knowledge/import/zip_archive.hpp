// Read-only access to the entries of a zip file (release archives, .xlsx
// workbooks). Every failure is an ImportFailure whose message names the file
// and, where there is one, the entry. Reading is bounded: an entry that
// inflates beyond the caller's limit is refused, never inflated in full.
// Not thread-safe: use one ZipArchive per thread.
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct zip;  // libzip's zip_t

namespace careerbot {

class ZipArchive {
 public:
  // Opens `path` read-only. Throws ImportFailure "<path>: not a zip archive (<reason>)"
  // or "<path>: cannot open (<reason>)".
  explicit ZipArchive(const std::filesystem::path& path);
  ~ZipArchive();
  ZipArchive(const ZipArchive&) = delete;
  ZipArchive& operator=(const ZipArchive&) = delete;
  ZipArchive(ZipArchive&&) noexcept;
  ZipArchive& operator=(ZipArchive&&) noexcept;

  const std::string& path() const { return path_; }

  // Every entry name, in archive order (directories included, as "dir/").
  std::vector<std::string> names() const;

  // The entry whose base name (after the last '/') equals `file_name`,
  // case-sensitively; directories are ignored. When several entries share the
  // base name the shortest full name wins (the first of equal length).
  std::optional<std::string> find(std::string_view file_name) const;

  // The whole uncompressed entry. Throws ImportFailure "<path>: <entry>: ..." when
  // the entry is missing, cannot be inflated (CRC or inflate error) or holds more
  // than `max_bytes` bytes.
  std::string read(const std::string& entry, std::size_t max_bytes = std::size_t{256} << 20) const;

 private:
  struct Closer {
    void operator()(zip* archive) const;
  };
  std::string path_;
  std::unique_ptr<zip, Closer> archive_;
};

}  // namespace careerbot
