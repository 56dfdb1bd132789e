// Reading inbound mail: the sample messages in tests/data/mail come out as the
// sender, threading ids and the question a person typed, whatever their
// charset, transfer encoding or MIME structure.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "mail_reader.hpp"

using careerbot::email::html_to_text;
using careerbot::email::InboundMail;
using careerbot::email::read_mail;
using careerbot::email::strip_quoted_reply;

namespace {

std::string sample(const std::string& name) {
  std::ifstream file(std::string(CAREERBOT_TEST_DATA_DIR) + "/mail/" + name, std::ios::binary);
  REQUIRE(file.good());
  std::ostringstream bytes;
  bytes << file.rdbuf();
  return bytes.str();
}

InboundMail read_sample(const std::string& name) {
  std::string error;
  auto mail = read_mail(sample(name), &error);
  INFO(name << ": " << error);
  REQUIRE(mail);
  return *mail;
}

}  // namespace

TEST_CASE("quoted-printable UTF-8 mail with an RFC 2047 subject and a signature", "[email]") {
  auto mail = read_sample("qp_utf8.eml");
  CHECK(mail.subject == "Salary question – café manager");
  CHECK(mail.from_address == "rene.dupont@example.org");
  CHECK(mail.from_name == "René Dupont");
  CHECK(mail.message_id == "qp-1@example.org");
  CHECK(mail.in_reply_to.empty());
  CHECK(mail.question ==
        "Hi careerbot,\n\nWhat does a café manager earn in a year? I have five years of experience "
        "as a barista — is that enough to apply?");
  CHECK(mail.text.find("René Dupont\nLyon") != std::string::npos);
  CHECK(mail.header("return-path") == "<rene.dupont@example.org>");
  CHECK(mail.header("received") ==
        "from mx.example.org by mail.careerbot.example; Mon, 2 Mar 2026 09:00:00 +0000");
  CHECK(mail.header("x-not-there").empty());
  CHECK(mail.headers.front().first == "return-path");
}

TEST_CASE("base64 multipart/alternative mail is read from its text/plain part", "[email]") {
  auto mail = read_sample("base64_utf8.eml");
  CHECK(mail.question ==
        "Hello,\n\nZoë here. Which education do software developers need? I studied naïve Bayes "
        "and 日本語.");
  CHECK(mail.in_reply_to == "<earlier@careerbot.example>");
  CHECK(mail.references == "<root@example.net> <earlier@careerbot.example>");
}

TEST_CASE("ISO-8859-1 mail, including Windows quotes mislabelled as Latin-1", "[email]") {
  auto mail = read_sample("latin1.eml");
  CHECK(mail.subject == "Précis question");
  CHECK(mail.from_name == "André");
  CHECK(mail.question ==
        "Bonjour ! What is the job outlook for a “registered nurse” in the café district? À "
        "bientôt.");
}

TEST_CASE("windows-1252 subject in RFC 2047 and a quoted-printable body", "[email]") {
  auto mail = read_sample("windows1252.eml");
  CHECK(mail.subject == "“Nurse” salary – café €");
  CHECK(mail.from_name == "Chloé");  // raw 8-bit header, charset guessed
  CHECK(mail.question == "How much do nurses earn – more than €15 an hour? Café jobs pay less.");
}

TEST_CASE("an HTML-only mail becomes text without markup, scripts or the quoted answer",
          "[email]") {
  auto mail = read_sample("html_only.eml");
  CHECK(mail.question ==
        "What skills do electricians need?\nAnd is 5 years <too long> to train? Café & co — déjà "
        "vu.");
  CHECK(mail.text.find("alert") == std::string::npos);
  CHECK(mail.text.find("color") == std::string::npos);
  CHECK(mail.text.find("ignored title") == std::string::npos);
  CHECK(mail.text.find("> Electricians earn a median salary") != std::string::npos);
  CHECK(mail.subject == "Re: Re: RE: Electricians");
}

TEST_CASE("attachments are never read as the body", "[email]") {
  auto mail = read_sample("attachment.eml");
  CHECK(mail.question == "Could I become a data scientist with the attached CV?");
  CHECK(mail.text.find("SECRET") == std::string::npos);
  CHECK(mail.text.find("%PDF") == std::string::npos);
}

TEST_CASE("an Outlook reply loses its signature, disclaimer and original message", "[email]") {
  auto mail = read_sample("outlook_reply.eml");
  CHECK(mail.question == "Thanks for that. And what education do nurses need?");
  CHECK(mail.from_name == "Jane Smith");
  CHECK(mail.in_reply_to == "<reply-1@careerbot.example>");
  CHECK(mail.references == "<first@contoso.example> <reply-1@careerbot.example>");
  CHECK(mail.text.find("-----Original Message-----") != std::string::npos);
}

TEST_CASE("a Gmail format=flowed reply is unwrapped and loses the quoted answer", "[email]") {
  auto mail = read_sample("gmail_reply.eml");
  CHECK(mail.question ==
        "Great, thanks! How long does it take to become an electrician in the US if I already "
        "work as a helper?");
}

TEST_CASE("broken and hostile messages fail cleanly", "[email]") {
  std::string error;

  SECTION("a broken boundary and truncated base64 still give the readable start") {
    auto mail = read_mail(sample("malformed.eml"), &error);
    REQUIRE(mail);
    CHECK(mail->question.starts_with("Hello, how much do pilots make? Thanks and have a nice day"));
  }
  SECTION("no headers at all") {
    CHECK_FALSE(read_mail(sample("no_headers.eml"), &error));
    CHECK(error == "no message headers");
  }
  SECTION("empty input") {
    CHECK_FALSE(read_mail("", &error));
    CHECK(error == "empty message");
    CHECK_FALSE(read_mail("\r\n\r\n", nullptr));
  }
  SECTION("only an attachment") {
    std::string raw =
        "From: a@example.com\r\nSubject: file\r\nMIME-Version: 1.0\r\n"
        "Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        "AAECAwQF\r\n";
    CHECK_FALSE(read_mail(raw, &error));
    CHECK(error == "no text part");
  }
  SECTION("binary junk") {
    std::string junk;
    for (int i = 0; i < 4096; ++i) junk += static_cast<char>((i * 7919) % 256);
    auto mail = read_mail(junk, &error);
    if (mail) CHECK_FALSE(mail->headers.empty());
  }
  SECTION("multiparts nested thousands deep") {
    std::string raw = "From: a@example.com\nSubject: deep\n";
    for (int i = 0; i < 3000; ++i) {
      raw += "Content-Type: multipart/mixed; boundary=\"b" + std::to_string(i) + "\"\n\n--b" +
             std::to_string(i) + "\n";
    }
    raw += "Content-Type: text/plain\n\nburied\n";
    CHECK_FALSE(read_mail(raw, &error));
    CHECK(error == "no text part");
  }
  SECTION("a From header that is not an address") {
    auto mail =
        read_mail("From: nobody at all\r\nSubject: hi\r\n\r\nWhat do pilots earn?\r\n", &error);
    REQUIRE(mail);
    CHECK(mail->from_address.empty());
    CHECK(mail->message_id.empty());
    CHECK(mail->question == "What do pilots earn?");
  }
}

TEST_CASE("html_to_text renders what a mail client would show", "[email]") {
  CHECK(html_to_text("<p>One</p><p>Two<br>Three</p>") == "One\n\nTwo\nThree");
  CHECK(html_to_text("<ul><li>First</li><li>Second</li></ul>") == "- First\n- Second");
  CHECK(html_to_text(
            "a &amp; b &lt;c&gt; &quot;d&quot; &#39;e&#39; f&nbsp;g &#233;&#xE9; &bogus; &") ==
        "a & b <c> \"d\" 'e' f g éé &bogus; &");
  CHECK(html_to_text("x<script type=\"a>b\">var a = '<p>';</script>y<style>p{}</style>z") == "xyz");
  CHECK(html_to_text("Hi<!-- hidden <b> -->there  \n  friend") == "Hithere friend");
  CHECK(html_to_text("1 < 2 and <b>bold</b>") == "1 < 2 and bold");
  CHECK(html_to_text("<div>Question?</div><blockquote><p>Old</p><p>Older</p></blockquote>") ==
        "Question?\n\n> Old\n\n> Older");
  CHECK(html_to_text("<a href=\"x\" title='>'>link</a> <unterminated") == "link");
  CHECK(html_to_text("&#0; &#xD800; &#99999999;") == "\uFFFD \uFFFD \uFFFD");
}

TEST_CASE("strip_quoted_reply keeps only what the person just wrote", "[email]") {
  CHECK(strip_quoted_reply("What do pilots earn?\r\n\r\n-- \r\nJo\r\n") == "What do pilots earn?");
  CHECK(strip_quoted_reply("What do pilots earn?\n\nSent from my iPhone") ==
        "What do pilots earn?");
  CHECK(strip_quoted_reply("And nurses?\n\nJo wrote:\n> Pilots earn a lot.") == "And nurses?");
  CHECK(strip_quoted_reply("Top\n> quoted\nBottom") == "Top\nBottom");
  CHECK(strip_quoted_reply("Nurses?\n\n________________________________\nFrom: careerbot\nSent: "
                           "Monday\nTo: Jo\n\nOld text") == "Nurses?");
  CHECK(strip_quoted_reply("Nurses?\n\nCONFIDENTIALITY NOTICE: this message is private.") ==
        "Nurses?");
  CHECK(strip_quoted_reply("Thanks!\nWhat about nurses?") == "Thanks!\nWhat about nurses?");
  CHECK(strip_quoted_reply("What about nurses?\n\nBest regards,\nJo") == "What about nurses?");
  CHECK(strip_quoted_reply("From: here I ask: what do pilots earn?") ==
        "From: here I ask: what do pilots earn?");
  CHECK(strip_quoted_reply("  \n\n").empty());
}

TEST_CASE("hostile bodies are read in one pass", "[email]") {
  std::string ampersands(1 << 20, '&');
  CHECK(html_to_text(ampersands) == ampersands);

  std::string scripts;
  for (int i = 0; i < 50000; ++i) scripts += "<SCRIPT>alert(1)</Script>b";
  CHECK(html_to_text(scripts) == std::string(50000, 'b'));

  std::string rules;
  for (int i = 0; i < 50000; ++i) rules += "____________\n\n\n";
  std::string question = strip_quoted_reply("Question?\n" + rules + "From: x\nSent: y\n");
  CHECK(question.starts_with("Question?\n____________\n\n____________"));
  CHECK(question.find("From:") == std::string::npos);

  std::string attributions;
  for (int i = 0; i < 50000; ++i) attributions += "Jo wrote:\n\n";
  std::string unquoted = strip_quoted_reply(attributions);  // no quote follows: all kept
  CHECK(strip_quoted_reply(attributions + "> quoted") ==
        unquoted.substr(0, unquoted.size() - std::string_view("\n\nJo wrote:").size()));
}
