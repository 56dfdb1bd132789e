// multipart/form-data as SendGrid Inbound Parse posts it: every field and the
// uploaded file come back byte for byte; anything else is refused.
#include <catch2/catch.hpp>

#include "form_data.hpp"

using careerbot::email::FormPart;
using careerbot::email::parse_form_data;

namespace {

constexpr std::string_view kContentType = "multipart/form-data; boundary=xYzZY";

std::string field(std::string_view name, std::string_view value) {
  return "--xYzZY\r\nContent-Disposition: form-data; name=\"" + std::string(name) + "\"\r\n\r\n" +
         std::string(value) + "\r\n";
}

std::string file_bytes() {
  std::string bytes = "%PDF-1.4\r\n";
  for (int i = 0; i < 256; ++i) bytes += static_cast<char>(i);
  return bytes + "\r\n--xYzZ not a boundary\r\n";
}

std::string sendgrid_body() {
  std::string headers =
      "Received: by mx0047p1mdw1.sendgrid.net with SMTP id 6WCVv7KAWn Wed, 27 Jul 2016 20:53:06 "
      "+0000 (UTC)\nFrom: Jane Smith <jane@example.org>\nTo: ask@careerbot.example\nSubject: "
      "Caf\xC3\xA9 jobs\nMessage-ID: <q7@example.org>\n";
  return field("headers", headers) + field("dkim", "{@example.org : pass}") +
         field("to", "ask@careerbot.example") +
         field("html", "<p>What do caf\xC3\xA9 managers earn?</p>\n") +
         field("from", "Jane Smith <jane@example.org>") +
         field("text", "What do caf\xC3\xA9 managers earn?\r\n") +
         field("sender_ip", "192.0.2.10") + field("spam_score", "0.011") +
         field("envelope", "{\"to\":[\"ask@careerbot.example\"],\"from\":\"jane@example.org\"}") +
         field("attachments", "1") + field("subject", "Caf\xC3\xA9 jobs") +
         "--xYzZY\r\nContent-Disposition: form-data; name=\"attachment1\"; "
         "filename=\"cv.pdf\"\r\nContent-Type: application/pdf\r\n\r\n" +
         file_bytes() + "\r\n" +
         field("attachment-info",
               "{\"attachment1\":{\"filename\":\"cv.pdf\",\"name\":\"cv.pdf\",\"type\":"
               "\"application/pdf\"}}") +
         field("charsets",
               "{\"to\":\"UTF-8\",\"html\":\"UTF-8\",\"subject\":\"UTF-8\",\"from\":\"UTF-8\","
               "\"text\":\"UTF-8\"}") +
         field("SPF", "pass") + "--xYzZY--\r\n";
}

const FormPart* find(const std::vector<FormPart>& parts, std::string_view name) {
  for (const auto& part : parts) {
    if (part.name == name) return &part;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("a SendGrid Inbound Parse body gives every field and the file", "[email]") {
  auto parts = parse_form_data(kContentType, sendgrid_body());
  REQUIRE(parts);
  REQUIRE(parts->size() == 15);
  CHECK(parts->front().name == "headers");
  CHECK(parts->back().name == "SPF");

  const auto* text = find(*parts, "text");
  REQUIRE(text);
  CHECK(text->value == "What do café managers earn?\r\n");
  CHECK(text->filename.empty());
  CHECK(text->content_type.empty());
  CHECK(find(*parts, "html")->value == "<p>What do café managers earn?</p>\n");
  CHECK(find(*parts, "envelope")->value ==
        "{\"to\":[\"ask@careerbot.example\"],\"from\":\"jane@example.org\"}");
  CHECK(find(*parts, "subject")->value == "Café jobs");
  CHECK(find(*parts, "headers")->value.find("Message-ID: <q7@example.org>\n") != std::string::npos);

  const auto* file = find(*parts, "attachment1");
  REQUIRE(file);
  CHECK(file->filename == "cv.pdf");
  CHECK(file->content_type == "application/pdf");
  CHECK(file->value == file_bytes());
}

TEST_CASE("form data in browser style, with a quoted boundary and encoded parts", "[email]") {
  std::string body =
      "preamble to ignore\r\n"
      "------WebKitFormBoundary7MA4YWxkTrZu0gW\r\n"
      "Content-Disposition: form-data; name=\"email\"\r\n"
      "Content-Transfer-Encoding: base64\r\n\r\n"
      "RnJvbTogYUBleGFtcGxlLmNvbQ0KDQpIaQ0K\r\n"
      "------WebKitFormBoundary7MA4YWxkTrZu0gW\r\n"
      "Content-Disposition: form-data; name=\"empty\"\r\n\r\n"
      "\r\n"
      "------WebKitFormBoundary7MA4YWxkTrZu0gW\r\n"
      "Content-Type: text/plain\r\n\r\n"
      "a part without a name is skipped\r\n"
      "------WebKitFormBoundary7MA4YWxkTrZu0gW--\r\n";
  auto parts = parse_form_data(
      "Multipart/Form-Data; boundary=\"----WebKitFormBoundary7MA4YWxkTrZu0gW\"", body);
  REQUIRE(parts);
  REQUIRE(parts->size() == 2);
  CHECK((*parts)[0].name == "email");
  CHECK((*parts)[0].value == "From: a@example.com\r\n\r\nHi\r\n");
  CHECK((*parts)[1].name == "empty");
  CHECK((*parts)[1].value.empty());
}

TEST_CASE("anything but multipart/form-data with its boundary is refused", "[email]") {
  std::string body = sendgrid_body();
  CHECK_FALSE(parse_form_data("application/x-www-form-urlencoded", "a=1&b=2"));
  CHECK_FALSE(parse_form_data("application/json", "{}"));
  CHECK_FALSE(parse_form_data("", body));
  CHECK_FALSE(parse_form_data("multipart/form-data", body));
  CHECK_FALSE(parse_form_data("multipart/mixed; boundary=xYzZY", body));
  CHECK_FALSE(parse_form_data("multipart/form-data; boundary=other", body));
  CHECK_FALSE(parse_form_data("multipart/form-data; boundary=xYzZY", "no parts here"));
  CHECK_FALSE(parse_form_data("multipart/form-data; boundary=xYzZY\r\nX-Evil: 1", body));
  CHECK_FALSE(parse_form_data("multipart/form-data; boundary=xYzZY", ""));
}
