// multipart/form-data bodies, as SendGrid Inbound Parse posts them: the
// fields (text, html, envelope, headers, ...) and any uploaded files. GMime
// parses the multipart; values come back as the decoded bytes of each part.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace careerbot::email {

struct FormPart {
  std::string name;          // the Content-Disposition "name"
  std::string filename;      // "" for a plain field
  std::string content_type;  // the part's Content-Type header, "" when it has none
  std::string value;         // the part's bytes, transfer encoding undone
};

// std::nullopt when the Content-Type is not multipart/form-data with a
// boundary, or the body holds no parts under that boundary.
std::optional<std::vector<FormPart>> parse_form_data(std::string_view content_type_header,
                                                     std::string_view body);

}  // namespace careerbot::email
