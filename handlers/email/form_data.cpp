// Parsing multipart/form-data with GMime: the request's Content-Type header is
// put in front of the body so GMime sees one MIME entity and splits its parts.
#include "form_data.hpp"

#include <gmime/gmime.h>

#include <memory>

#include "gmime_handles.hpp"
#include "mail_reader.hpp"

namespace careerbot::email {
namespace {

bool has_control_characters(std::string_view text) {
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if ((byte < 0x20 && c != '\t') || byte == 0x7f) return true;
  }
  return false;
}

std::string bytes_of(GMimeStream* stream) {
  GByteArray* bytes = g_mime_stream_mem_get_byte_array(reinterpret_cast<GMimeStreamMem*>(stream));
  return {reinterpret_cast<const char*>(bytes->data), bytes->len};
}

// A leaf part's decoded bytes; a nested entity (a message/rfc822 or a
// multipart/mixed of files) as GMime writes its content.
std::string part_value(GMimeObject* part) {
  Ref<GMimeStream> sink(g_mime_stream_mem_new());
  if (is_a(part, g_mime_part_get_type())) {
    GMimeDataWrapper* content = g_mime_part_get_content(reinterpret_cast<GMimePart*>(part));
    if (content != nullptr) g_mime_data_wrapper_write_to_stream(content, sink.get());
  } else {
    g_mime_object_write_content_to_stream(part, nullptr, sink.get());
  }
  return bytes_of(sink.get());
}

std::string trimmed(const char* text) {
  std::string_view view = text == nullptr ? std::string_view() : std::string_view(text);
  auto first = view.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return std::string(view.substr(first, view.find_last_not_of(" \t") - first + 1));
}

}  // namespace

std::optional<std::vector<FormPart>> parse_form_data(std::string_view content_type_header,
                                                     std::string_view body) {
  if (content_type_header.empty() || has_control_characters(content_type_header))
    return std::nullopt;
  init_gmime();

  std::string entity = "Content-Type: ";
  entity.reserve(content_type_header.size() + body.size() + 20);
  entity.append(content_type_header).append("\r\n\r\n").append(body);
  Ref<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(entity.data(), entity.size()));
  Ref<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
  Ref<GMimeObject> root(g_mime_parser_construct_part(parser.get(), nullptr));
  if (!is_a(root.get(), g_mime_multipart_get_type())) return std::nullopt;
  GMimeContentType* type = g_mime_object_get_content_type(root.get());
  const char* boundary = g_mime_content_type_get_parameter(type, "boundary");
  if (g_mime_content_type_is_type(type, "multipart", "form-data") == FALSE || boundary == nullptr ||
      *boundary == '\0')
    return std::nullopt;

  auto* multipart = reinterpret_cast<GMimeMultipart*>(root.get());
  int count = g_mime_multipart_get_count(multipart);
  if (count <= 0) return std::nullopt;
  std::vector<FormPart> parts;
  for (int i = 0; i < count; ++i) {
    GMimeObject* part = g_mime_multipart_get_part(multipart, i);
    GMimeContentDisposition* disposition = g_mime_object_get_content_disposition(part);
    if (disposition == nullptr) continue;
    FormPart field;
    field.name = trimmed(g_mime_content_disposition_get_parameter(disposition, "name"));
    if (field.name.empty()) continue;
    field.filename = trimmed(g_mime_content_disposition_get_parameter(disposition, "filename"));
    field.content_type = trimmed(g_mime_object_get_header(part, "Content-Type"));
    field.value = part_value(part);
    parts.push_back(std::move(field));
  }
  return parts;
}

}  // namespace careerbot::email
