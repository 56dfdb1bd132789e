// Inbound mail as the SMTP listener and the raw-MIME webhooks hand it over:
// MIME structure, charsets and transfer encodings (GMime), HTML bodies,
// quoted history and signatures; then what is done with every readable
// message: the auto-reply rules and the reply threaded to it.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "answer.hpp"
#include "auto_reply_policy.hpp"
#include "fuzz_input.hpp"
#include "mail_reader.hpp"
#include "reply_composer.hpp"

using namespace careerbot;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view raw = fuzz::Input(data, size).rest();
  // The text helpers see the raw bytes too: they also run on provider
  // webhooks' text and html fields, which never went through GMime.
  (void)email::html_to_text(raw);
  (void)email::strip_quoted_reply(raw);
  (void)email::is_addr_spec(raw);

  std::string error;
  auto mail = email::read_mail(raw, &error);
  if (!mail) return 0;
  const std::vector<std::string> own = {"careers@example.org"};
  (void)email::should_skip(*mail, "<" + mail->from_address + ">", own);
  (void)email::reply_subject(mail->subject);
  if (!email::is_addr_spec(mail->from_address)) return 0;

  Answer answer;
  answer.replies.emplace_back();
  answer.replies.back().text = mail->question.empty() ? "Hello." : mail->question;
  try {
    (void)email::compose_reply(*mail, mail->from_address, answer,
                               {"careers@example.org", "careerbot", ""});
  } catch (const std::invalid_argument&) {
    // Documented: an address or Message-ID domain a reply must not be built from.
  }
  return 0;
}
