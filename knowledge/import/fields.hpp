// Small text helpers shared by the readers of the publishers' files and the
// builder of profiles: trimming, clipping, names, ids and numbers as the
// publishers write them.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace careerbot::fields {

std::string_view trim(std::string_view s);
char ascii_lower(char c);
// Lower case (ASCII letters only; UTF-8 passes through), trimmed, with runs of
// white space collapsed to one space.
std::string normalise_name(std::string_view s);
// Trimmed and lower-cased ASCII: "Bachelor's Degree " -> "bachelor's degree".
std::string lower_phrase(std::string_view s);
// At most `max_bytes`, cut on a UTF-8 character boundary.
std::string clip(std::string_view s, std::size_t max_bytes);
// "Registered Nurses" -> "registered-nurses", at most `max_length` characters,
// cut at a word boundary where possible.
std::string slugify(std::string_view title, std::size_t max_length = 80);
std::string digits_of(std::string_view code);
std::string one_decimal(double value);
double round_to_tenth(double value);

// A whole field as a number; nullopt when it is not one.
std::optional<double> parse_double(std::string_view s);
std::optional<int> parse_int(std::string_view s);
// A BLS figure: "1,234.5", "$62,970"; nullopt for the markers of missing data
// ("—", "*", "#", empty).
std::optional<double> parse_bls_number(std::string_view s);

}  // namespace careerbot::fields
