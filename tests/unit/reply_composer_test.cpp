// The composed reply, read back with our own reader as a mail client would:
// threading, one "Re:", RFC 3834 marking, one recipient, both body parts,
// safe headers whatever the parent held, and SMTP-legal lines.
#include <catch2/catch.hpp>

#include <algorithm>
#include <stdexcept>

#include "reply_composer.hpp"

using namespace careerbot::email;

namespace {

careerbot::Answer nurse_answer() {
  careerbot::Reply reply;
  reply.text =
      "Registered nurses earn a median salary of $93,600 a year in the United States. (Source: "
      "BLS OEWS, May 2023.)";
  reply.facts = {{"Median salary", "$93,600 a year", "BLS OEWS", "May 2023"}};
  reply.next_steps = {"Earn an ADN or a BSN", "Pass the NCLEX-RN exam"};
  careerbot::Answer answer;
  answer.conversation_id = "c1";
  answer.replies.push_back(reply);
  return answer;
}

InboundMail parent() {
  InboundMail mail;
  mail.message_id = "DM6PR01MB1234@contoso.example";
  mail.subject = "RE: Re: Re[2]: Nurse salary";
  mail.from_address = "jane.smith@contoso.example";
  mail.in_reply_to = "<reply-1@careerbot.example>";
  mail.references = "<first@contoso.example> <reply-1@careerbot.example>";
  return mail;
}

const ReplyIdentity kUs{"ask@careerbot.example", "careerbot", "careerbot.example"};

InboundMail read_back(const OutgoingMail& out) {
  std::string error;
  auto mail = read_mail(out.data, &error);
  INFO(error);
  REQUIRE(mail);
  return *mail;
}

std::size_t count_headers(const InboundMail& mail, std::string_view name) {
  return static_cast<std::size_t>(std::count_if(mail.headers.begin(), mail.headers.end(),
                                                [&](const auto& h) { return h.first == name; }));
}

// The HTML alternative on its own, as a client showing HTML would render it.
std::string html_as_text(const OutgoingMail& out) {
  auto mail = read_back(out);
  std::string type = mail.header("content-type");
  auto at = type.find("boundary=\"");
  REQUIRE(at != std::string::npos);
  std::string boundary = type.substr(at + 10, type.find('"', at + 10) - at - 10);
  std::string delimiter = "\r\n--" + boundary + "\r\n";
  auto html_start = out.data.find(delimiter, out.data.find(delimiter) + 1);
  REQUIRE(html_start != std::string::npos);
  auto html_end = out.data.find("\r\n--" + boundary + "--", html_start);
  std::string part =
      out.data.substr(html_start + delimiter.size(), html_end - html_start - delimiter.size());
  REQUIRE(part.find("Content-Type: text/html; charset=utf-8") != std::string::npos);
  auto html = read_mail("From: a@example.com\r\n" + part, nullptr);
  REQUIRE(html);
  return html->text;
}

void check_smtp_lines(const std::string& data) {
  std::size_t start = 0;
  while (start < data.size()) {
    auto end = data.find("\r\n", start);
    REQUIRE(end != std::string::npos);  // every line ends in CRLF
    std::string line = data.substr(start, end - start);
    INFO(line.substr(0, 80));
    CHECK(line.size() <= 998);
    CHECK(line.find('\r') == std::string::npos);
    CHECK(line.find('\n') == std::string::npos);
    start = end + 2;
  }
}

}  // namespace

TEST_CASE("a reply is threaded, marked auto-replied and sent to the return path", "[email]") {
  auto out = compose_reply(parent(), "<jane.smith@contoso.example>", nurse_answer(), kUs);
  CHECK(out.envelope_from == "ask@careerbot.example");
  CHECK(out.envelope_to == "jane.smith@contoso.example");
  CHECK(out.message_id.ends_with("@careerbot.example"));
  CHECK(out.message_id.size() > 30);

  auto mail = read_back(out);
  CHECK(mail.subject == "Re: Nurse salary");
  CHECK(mail.message_id == out.message_id);
  CHECK(mail.in_reply_to == "<DM6PR01MB1234@contoso.example>");
  CHECK(mail.references ==
        "<first@contoso.example> <reply-1@careerbot.example> <DM6PR01MB1234@contoso.example>");
  CHECK(mail.header("auto-submitted") == "auto-replied");
  CHECK(mail.header("x-careerbot-reply") == "1");
  CHECK(mail.header("mime-version") == "1.0");
  CHECK_FALSE(mail.header("date").empty());
  CHECK(mail.from_address == "ask@careerbot.example");
  CHECK(mail.from_name == "careerbot");
  CHECK(count_headers(mail, "to") == 1);
  CHECK(mail.header("to") == "jane.smith@contoso.example");
  CHECK(count_headers(mail, "cc") == 0);
  CHECK(count_headers(mail, "bcc") == 0);
  CHECK(mail.header("content-type").starts_with("multipart/alternative"));

  CHECK(mail.text.starts_with(nurse_answer().first().text + "\n\nNext steps:\n- Earn an ADN or a "
                                                            "BSN\n- Pass the NCLEX-RN exam\n"));
  CHECK(mail.text.find("automatic reply from careerbot") != std::string::npos);
  CHECK(mail.question == nurse_answer().first().text +
                             "\n\nNext steps:\n- Earn an ADN or a BSN\n- Pass the NCLEX-RN exam");

  std::string html = html_as_text(out);
  CHECK(html.find("Registered nurses earn a median salary of $93,600") != std::string::npos);
  CHECK(html.find("Median salary: $93,600 a year (Source: BLS OEWS, May 2023)") !=
        std::string::npos);
  CHECK(html.find("Next steps\n\n- Earn an ADN or a BSN\n- Pass the NCLEX-RN exam") !=
        std::string::npos);
  check_smtp_lines(out.data);
}

TEST_CASE("reply_subject keeps exactly one Re:", "[email]") {
  CHECK(reply_subject("Nurse salary") == "Re: Nurse salary");
  CHECK(reply_subject("Re: Nurse salary") == "Re: Nurse salary");
  CHECK(reply_subject("RE: re: Re[2]: Re(3): RE : Nurse salary") == "Re: Nurse salary");
  CHECK(reply_subject("Fwd: Nurse salary") == "Re: Fwd: Nurse salary");
  CHECK(reply_subject("Reading list") == "Re: Reading list");
  CHECK(reply_subject("") == "Re: your career question");
  CHECK(reply_subject("  Re:  ") == "Re: your career question");
}

TEST_CASE("nothing from the parent can add a header to the reply", "[email]") {
  InboundMail evil = parent();
  evil.subject = "Hello\r\nBcc: evil@x";
  evil.message_id = "abc@x>\r\nBcc: evil@x\r\nX-Injected: <1";
  evil.references = "<a@x>\r\nCc: evil@x";
  evil.in_reply_to.clear();
  auto out = compose_reply(evil, "jane@example.org", nurse_answer(), kUs);

  auto mail = read_back(out);
  CHECK(count_headers(mail, "bcc") == 0);
  CHECK(count_headers(mail, "cc") == 0);
  CHECK(count_headers(mail, "x-injected") == 0);
  CHECK(count_headers(mail, "to") == 1);
  CHECK(mail.subject == "Re: Hello Bcc: evil@x");
  CHECK(out.data.find("\r\nBcc:") == std::string::npos);
  CHECK(out.data.find("\r\nCc:") == std::string::npos);
  check_smtp_lines(out.data);

  InboundMail no_id = parent();
  no_id.message_id.clear();
  no_id.subject.clear();
  auto unthreaded = read_back(compose_reply(no_id, "jane@example.org", nurse_answer(), kUs));
  CHECK(count_headers(unthreaded, "in-reply-to") == 0);
  CHECK(count_headers(unthreaded, "references") == 0);
  CHECK(unthreaded.subject == "Re: your career question");
}

TEST_CASE("addresses that are not one addr-spec are refused", "[email]") {
  auto answer = nurse_answer();
  for (const char* path :
       {"", "<>", "jane", "Jane <jane@example.org>", "jane@example.org, bob@example.org",
        "jane@example.org\r\nBcc: e@x", "jane@exa mple.org"}) {
    INFO(path);
    CHECK_THROWS_AS(compose_reply(parent(), path, answer, kUs), std::invalid_argument);
  }
  ReplyIdentity bad_from = kUs;
  bad_from.address = "careerbot <ask@careerbot.example>";
  CHECK_THROWS_AS(compose_reply(parent(), "jane@example.org", answer, bad_from),
                  std::invalid_argument);
  ReplyIdentity bad_domain = kUs;
  bad_domain.domain = "careerbot.example>\r\nBcc: e@x";
  CHECK_THROWS_AS(compose_reply(parent(), "jane@example.org", answer, bad_domain),
                  std::invalid_argument);
  ReplyIdentity no_domain = kUs;
  no_domain.domain.clear();
  CHECK(compose_reply(parent(), "jane@example.org", answer, no_domain)
            .message_id.ends_with("@careerbot.example"));
}

TEST_CASE("non-ASCII text is encoded and survives the round trip", "[email]") {
  InboundMail french = parent();
  french.subject = "Salaire d’une infirmière — café ☕";
  careerbot::Answer answer = nurse_answer();
  answer.replies[0].text = "Les infirmières gagnent 3 000 € par mois. <b>not bold</b> & co";
  ReplyIdentity us = kUs;
  us.display_name = "Carrière bot";
  auto out = compose_reply(french, "<jane@example.org>", answer, us);

  std::string headers = out.data.substr(0, out.data.find("\r\n\r\n"));
  CHECK(std::all_of(headers.begin(), headers.end(),
                    [](char c) { return static_cast<unsigned char>(c) < 0x80; }));
  auto subject_at = headers.find("\r\nSubject: ");
  REQUIRE(subject_at != std::string::npos);
  CHECK(headers.find("=?", subject_at) != std::string::npos);
  CHECK(std::all_of(out.data.begin(), out.data.end(),
                    [](char c) { return static_cast<unsigned char>(c) < 0x80; }));

  auto mail = read_back(out);
  CHECK(mail.subject == "Re: Salaire d’une infirmière — café ☕");
  CHECK(mail.from_name == "Carrière bot");
  CHECK(mail.text.starts_with("Les infirmières gagnent 3 000 € par mois. <b>not bold</b> & co"));
  CHECK(html_as_text(out).find("Les infirmières gagnent 3 000 € par mois. <b>not bold</b> & co") !=
        std::string::npos);
}

TEST_CASE("long lines, long threads and several questions stay within SMTP limits", "[email]") {
  InboundMail thread = parent();
  thread.subject = std::string(3000, 'x');
  thread.references.clear();
  for (int i = 0; i < 200; ++i) thread.references += "<id" + std::to_string(i) + "@example.org> ";
  careerbot::Answer answer = nurse_answer();
  answer.replies[0].text = std::string(5000, 'a') + " " + std::string(3000, 'b');
  careerbot::Reply second;
  second.text = "Electricians earn $61,590 a year.";
  second.next_steps = {"Find an apprenticeship"};
  answer.replies.push_back(second);

  auto out = compose_reply(thread, "jane@example.org", answer, kUs);
  check_smtp_lines(out.data);
  auto mail = read_back(out);
  CHECK(mail.subject == "Re: " + std::string(3000, 'x'));
  CHECK(mail.references.starts_with("<id0@example.org> <id182@example.org>"));
  CHECK(mail.references.ends_with("<id199@example.org> <DM6PR01MB1234@contoso.example>"));
  auto first = mail.text.find(std::string(5000, 'a') + " " + std::string(3000, 'b'));
  auto second_at = mail.text.find(
      "Electricians earn $61,590 a year.\n\nNext steps:\n- Find an "
      "apprenticeship");
  CHECK(first != std::string::npos);
  CHECK(second_at != std::string::npos);
  CHECK(first < second_at);
}
