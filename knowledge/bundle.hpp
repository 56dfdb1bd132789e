// The knowledge-base bundle: every occupation the importer builds from the
// O*NET database and the BLS tables, shipped with careerbot and loaded by
// default beside the curated profiles. One zstd frame holding JSON Lines: a
// header (format, attribution, sources) and then one profile per line, in
// O*NET-SOC code order, so the same inputs give the same bytes.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "profile.hpp"

namespace careerbot {

// The attribution O*NET's licence asks of a product using its data (CC BY 4.0),
// with the note for modified data; BLS data is in the public domain.
extern const char* const kPublicDataAttribution;

struct Bundle {
  std::string attribution;
  std::vector<std::string> sources;  // "O*NET 29.3 Database (May 2025)", ...
  std::vector<CareerProfile> profiles;
};

// The uncompressed JSON Lines text (what the bundle test compares).
std::string bundle_text(const std::vector<CareerProfile>& profiles);
// Compresses bundle_text() and writes it to `path`; throws std::runtime_error.
void write_bundle(const std::filesystem::path& path, const std::vector<CareerProfile>& profiles);
// Reads and decompresses a bundle's text; nullopt with `error` naming the file.
std::optional<std::string> read_bundle_text(const std::filesystem::path& path, std::string& error);
// Reads a bundle, every profile validated; nullopt with `error` naming the
// file, the line and the field.
std::optional<Bundle> read_bundle(const std::filesystem::path& path, std::string& error);

// The knowledge base careerbot starts with: the curated profiles, and the
// bundled ones whose SOC code no curated profile has. Related ids that named
// a bundled profile replaced by a curated one are pointed at the curated one;
// a bundled id that a curated profile already uses gets its code appended.
// A curated profile without interests or pay percentiles takes those of the
// bundled profile with its SOC code.
std::vector<CareerProfile> combine_curated_and_bundled(std::vector<CareerProfile> curated,
                                                       std::vector<CareerProfile> bundled);

}  // namespace careerbot
