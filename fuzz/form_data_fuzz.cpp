// multipart/form-data as SendGrid's Inbound Parse and the console's import
// upload post it: the Content-Type header (boundary and all) and the body,
// split into parts by GMime; then the upload's choice of files and names.
//
// Input: the Content-Type header's value, a newline, the body.
#include <cstddef>
#include <cstdint>
#include <string>

#include "form_data.hpp"
#include "fuzz_input.hpp"
#include "import_upload.hpp"

using namespace careerbot;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::Input input(data, size);
  std::string_view content_type = input.take_line();
  std::string_view body = input.rest();
  (void)email::parse_form_data(content_type, body);

  // POST /admin/v1/import: the three files written to a private directory
  // (removed again when `upload` goes).
  WebRequest request;
  request.method = "POST";
  request.path = "/admin/v1/import";
  request.headers = {{"content-type", std::string(content_type)}};
  request.body = std::string(body);
  if (!is_multipart(request)) return 0;
  ImportUpload upload;
  std::string error;
  if (auto sources = upload.save(request, error)) {
    (void)upload.in_user_terms("cannot read " + sources->bls_projections.string() + " or " +
                               sources->oews.string());
  }
  return 0;
}
