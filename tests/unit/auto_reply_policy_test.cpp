// The RFC 3834 "do not reply" rules: each one on its own, and an ordinary
// question that does get a reply.
#include <catch2/catch.hpp>

#include "auto_reply_policy.hpp"

using namespace careerbot::email;

namespace {

const std::vector<std::string> kOurs = {"ask@careerbot.example", "<Help@Careerbot.example>"};

InboundMail person(std::vector<std::pair<std::string, std::string>> extra = {}) {
  InboundMail mail;
  mail.from_address = "jane@example.org";
  mail.from_name = "Jane";
  mail.message_id = "q1@example.org";
  mail.headers = {{"from", "Jane <jane@example.org>"}, {"subject", "Nurse salary"}};
  for (auto& header : extra) mail.headers.push_back(std::move(header));
  return mail;
}

SkipReason skip(const InboundMail& mail, std::string_view path = "<jane@example.org>") {
  return should_skip(mail, path, kOurs);
}

}  // namespace

TEST_CASE("an ordinary question from a person gets a reply", "[email]") {
  CHECK(skip(person()) == SkipReason::none);
  CHECK(skip(person(), "jane@example.org") == SkipReason::none);
  CHECK(skip(person({{"auto-submitted", "no"}})) == SkipReason::none);
  CHECK(skip(person({{"auto-submitted", " No (a person typed this)"}})) == SkipReason::none);
  CHECK(skip(person({{"precedence", "first-class"}})) == SkipReason::none);
  CHECK(skip(person({{"x-auto-response-suppress", "DR, RN"}})) == SkipReason::none);
  // A person answering our reply mentions our Message-ID: that is not a loop.
  CHECK(skip(person({{"in-reply-to", "<abc@careerbot.example>"}})) == SkipReason::none);
  CHECK(to_string(SkipReason::none) == "none");
}

TEST_CASE("automatic mail is never answered", "[email]") {
  CHECK(skip(person({{"auto-submitted", "auto-replied"}})) == SkipReason::auto_submitted);
  CHECK(skip(person({{"auto-submitted", "Auto-Generated; owner-email=\"x@y\""}})) ==
        SkipReason::auto_submitted);
  CHECK(skip(person({{"auto-submitted", ""}})) == SkipReason::auto_submitted);
  CHECK(skip(person({{"x-auto-response-suppress", "All"}})) == SkipReason::auto_submitted);
  CHECK(skip(person({{"x-auto-response-suppress", "DR, OOF, autoreply"}})) ==
        SkipReason::auto_submitted);
  CHECK(to_string(SkipReason::auto_submitted) == "auto_submitted");
}

TEST_CASE("bounces and unusable return paths are never answered", "[email]") {
  CHECK(skip(person(), "") == SkipReason::bounce);
  CHECK(skip(person(), "<>") == SkipReason::bounce);
  CHECK(skip(person(), "  <>  ") == SkipReason::bounce);
  CHECK(skip(person(), "Jane <jane@example.org>") == SkipReason::no_sender);
  CHECK(skip(person(), "jane@example.org, bob@example.org") == SkipReason::no_sender);
  CHECK(skip(person(), "jane@example.org\r\nBcc: x@example.org") == SkipReason::no_sender);
  CHECK(to_string(SkipReason::bounce) == "bounce");
  CHECK(to_string(SkipReason::no_sender) == "no_sender");
}

TEST_CASE("system mailboxes are never answered", "[email]") {
  for (const char* path :
       {"<MAILER-DAEMON@mx.example.org>", "<postmaster@example.org>",
        "<owner-careers@lists.example.org>", "<careers-request@example.org>",
        "<noreply@example.org>", "<No-Reply@example.org>", "<do-not-reply@example.org>",
        "<DoNotReply@example.org>", "<noreply+bounce123@example.org>"}) {
    INFO(path);
    CHECK(skip(person(), path) == SkipReason::system_sender);
  }
  InboundMail from_noreply = person();
  from_noreply.from_address = "no-reply@jobs.example.com";
  CHECK(skip(from_noreply) == SkipReason::system_sender);
  CHECK(to_string(SkipReason::system_sender) == "system_sender");
}

TEST_CASE("mailing list and bulk mail is never answered", "[email]") {
  CHECK(skip(person({{"list-id", "<careers.lists.example.org>"}})) == SkipReason::mailing_list);
  CHECK(skip(person({{"list-unsubscribe", "<mailto:leave@example.org>"}})) ==
        SkipReason::mailing_list);
  CHECK(skip(person({{"precedence", "bulk"}})) == SkipReason::bulk_precedence);
  CHECK(skip(person({{"precedence", "List"}})) == SkipReason::bulk_precedence);
  CHECK(skip(person({{"precedence", "junk (spam)"}})) == SkipReason::bulk_precedence);
  CHECK(to_string(SkipReason::mailing_list) == "mailing_list");
  CHECK(to_string(SkipReason::bulk_precedence) == "bulk_precedence");
}

TEST_CASE("our own messages are never answered", "[email]") {
  CHECK(skip(person(), "<ask@careerbot.example>") == SkipReason::own_message);
  CHECK(skip(person(), "<HELP@careerbot.example>") == SkipReason::own_message);
  InboundMail from_us = person();
  from_us.from_address = "ask@careerbot.example";
  CHECK(skip(from_us) == SkipReason::own_message);
  CHECK(skip(person({{"x-careerbot-reply", "1"}})) == SkipReason::own_message);
  CHECK(to_string(SkipReason::own_message) == "own_message");
}

TEST_CASE("envelope_address gives the bare addr-spec or nothing", "[email]") {
  CHECK(envelope_address("<jane@example.org>") == "jane@example.org");
  CHECK(envelope_address(" jane.doe+jobs@mail.example.org ") == "jane.doe+jobs@mail.example.org");
  CHECK(envelope_address("<>").empty());
  CHECK(envelope_address("jane").empty());
  CHECK(envelope_address("jane@").empty());
  CHECK(envelope_address("@example.org").empty());
  CHECK(envelope_address("ja ne@example.org").empty());
  CHECK(envelope_address("jane..doe@example.org").empty());
  CHECK(envelope_address("jane@-example.org").empty());
  CHECK(envelope_address("\"jane doe\"@example.org").empty());
  CHECK(envelope_address("<<jane@example.org>>").empty());
}
