#include <catch2/catch.hpp>

#include "signatures.hpp"

using namespace careerbot::signatures;

// Vectors from shared/CHANNELS.md unless a comment says otherwise.

namespace {

constexpr std::string_view kSlackSecret = "8f742231b10e8888abcd99yyyzzz85a5";
constexpr std::string_view kSlackTimestamp = "1531420618";
constexpr std::int64_t kSlackNow = 1531420618;
constexpr std::string_view kSlackBody =
    "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id="
    "G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-"
    "collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%"
    "2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121."
    "803a0bc887a14d10d2c447fce8b6703c";
constexpr std::string_view kSlackSignature =
    "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

constexpr std::string_view kTwilioToken = "12345";
constexpr std::string_view kTwilioUrl = "https://mycompany.com/myapp.php?foo=1&bar=2";
const FormFields kTwilioFields = {{"CallSid", "CA1234567890ABCDE"},
                                  {"Caller", "+14158675309"},
                                  {"Digits", "1234"},
                                  {"From", "+14158675309"},
                                  {"To", "+18005551212"}};

constexpr std::string_view kDiscordKey =
    "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
constexpr std::string_view kDiscordEmptySignature =
    "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b4"
    "6bd25bf5f0595bbe24655141438e7a100b";
// Computed with `openssl pkeyutl -sign -rawin` and the RFC 8032 test 1 secret key
// over "1700000000" + "{\"type\":1}".
constexpr std::string_view kDiscordPingSignature =
    "1695961a47c91a1ec033b819b7e87e3dbc583dd0cee6d1fd0216f58ac87b6228ae531ddbf91fb7bc28d7edf7f086"
    "04da16f54624f38a6bc0614e4dc13cd47f0f";

constexpr std::string_view kMailgunKey = "key-test";
constexpr std::string_view kMailgunTimestamp = "1770920772";
constexpr std::int64_t kMailgunNow = 1770920772;
constexpr std::string_view kMailgunToken = "e0b5477167110d68991efc6b9f89f0a11066af27834600e123";
constexpr std::string_view kMailgunSignature =
    "097ff1603ce0947833a030fe6b23a46d9597fc9835f074f252b2e662274fb61c";

}  // namespace

TEST_CASE("form bodies decode like a browser sends them", "[signatures]") {
  CHECK(parse_form("").empty());
  CHECK(parse_form("a=1&b=two+words&c=%2Fx%2f") ==
        FormFields{{"a", "1"}, {"b", "two words"}, {"c", "/x/"}});
  CHECK(parse_form("text=&flag&&x=a=b") == FormFields{{"text", ""}, {"flag", ""}, {"x", "a=b"}});
  CHECK(parse_form("a=1&a=2") == FormFields{{"a", "1"}, {"a", "2"}});
  CHECK(parse_form("na%6De=%E2%9C%93") == FormFields{{"name", "\xE2\x9C\x93"}});
  SECTION("malformed escapes are kept as written") {
    CHECK(parse_form("a=%zz&b=%4&c=%&d=100%") ==
          FormFields{{"a", "%zz"}, {"b", "%4"}, {"c", "%"}, {"d", "100%"}});
    CHECK(parse_form("e=%2") == FormFields{{"e", "%2"}});
  }
  SECTION("the Slack vector's body") {
    auto fields = parse_form(kSlackBody);
    REQUIRE(fields.size() == 11);
    CHECK(fields[7] == std::pair<std::string, std::string>{"command", "/webhook-collect"});
    CHECK(fields[8] == std::pair<std::string, std::string>{"text", ""});
  }
}

TEST_CASE("Slack signatures", "[signatures]") {
  CHECK(verify_slack(kSlackSecret, kSlackTimestamp, kSlackSignature, kSlackBody, kSlackNow) ==
        Verdict::ok);
  SECTION("the window is 300 s either way, inclusive") {
    CHECK(verify_slack(kSlackSecret, kSlackTimestamp, kSlackSignature, kSlackBody,
                       kSlackNow + 300) == Verdict::ok);
    CHECK(verify_slack(kSlackSecret, kSlackTimestamp, kSlackSignature, kSlackBody,
                       kSlackNow + 301) == Verdict::stale);
    CHECK(verify_slack(kSlackSecret, kSlackTimestamp, kSlackSignature, kSlackBody,
                       kSlackNow - 301) == Verdict::stale);  // from the future
    CHECK(verify_slack(kSlackSecret, kSlackTimestamp, kSlackSignature, kSlackBody, kSlackNow + 60,
                       30) == Verdict::stale);
  }
  SECTION("wrong secret, tampered body or timestamp") {
    CHECK(verify_slack("8f742231b10e8888abcd99yyyzzz85a6", kSlackTimestamp, kSlackSignature,
                       kSlackBody, kSlackNow) == Verdict::mismatch);
    std::string body(kSlackBody);
    body[body.size() - 1] = 'd';
    CHECK(verify_slack(kSlackSecret, kSlackTimestamp, kSlackSignature, body, kSlackNow) ==
          Verdict::mismatch);
    CHECK(verify_slack(kSlackSecret, "1531420619", kSlackSignature, kSlackBody, kSlackNow) ==
          Verdict::mismatch);
  }
  SECTION("missing headers") {
    CHECK(verify_slack(kSlackSecret, "", kSlackSignature, kSlackBody, kSlackNow) ==
          Verdict::missing);
    CHECK(verify_slack(kSlackSecret, kSlackTimestamp, "", kSlackBody, kSlackNow) ==
          Verdict::missing);
  }
  SECTION("malformed values") {
    for (std::string_view ts : {"abc", "+1531420618", "-1531420618", " 1531420618", "1531420618.0",
                                "99999999999999999999999"}) {
      CHECK(verify_slack(kSlackSecret, ts, kSlackSignature, kSlackBody, kSlackNow) ==
            Verdict::mismatch);
    }
    std::string no_prefix(kSlackSignature.substr(3));
    CHECK(verify_slack(kSlackSecret, kSlackTimestamp, no_prefix, kSlackBody, kSlackNow) ==
          Verdict::mismatch);
    CHECK(verify_slack(kSlackSecret, kSlackTimestamp, "v0=", kSlackBody, kSlackNow) ==
          Verdict::mismatch);
    CHECK(verify_slack(kSlackSecret, kSlackTimestamp, "v0=zz", kSlackBody, kSlackNow) ==
          Verdict::mismatch);
    std::string truncated(kSlackSignature.substr(0, kSlackSignature.size() - 2));
    CHECK(verify_slack(kSlackSecret, kSlackTimestamp, truncated, kSlackBody, kSlackNow) ==
          Verdict::mismatch);
  }
  SECTION("upper-case hex is the same MAC") {
    std::string upper = "v0=A2114D57B48EAC39B9AD189DD8316235A7B4A8D21A10BD27519666489C69B503";
    CHECK(verify_slack(kSlackSecret, kSlackTimestamp, upper, kSlackBody, kSlackNow) == Verdict::ok);
  }
  SECTION("no secret configured") {
    CHECK(verify_slack("", kSlackTimestamp, kSlackSignature, kSlackBody, kSlackNow) ==
          Verdict::mismatch);
  }
}

TEST_CASE("WhatsApp signatures", "[signatures]") {
  constexpr std::string_view kSecret = "It's a Secret to Everybody";
  constexpr std::string_view kSignature =
      "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
  CHECK(verify_whatsapp(kSecret, kSignature, "Hello, World!") == Verdict::ok);
  CHECK(verify_whatsapp("It's a Secret to Everybody!", kSignature, "Hello, World!") ==
        Verdict::mismatch);
  CHECK(verify_whatsapp(kSecret, kSignature, "Hello, World?") == Verdict::mismatch);
  CHECK(verify_whatsapp(kSecret, "", "Hello, World!") == Verdict::missing);
  CHECK(verify_whatsapp(kSecret, kSignature.substr(7), "Hello, World!") == Verdict::mismatch);
  CHECK(verify_whatsapp(kSecret, "sha1=757107ea0eb2509fc211221cce984b8a37570b6d",
                        "Hello, World!") == Verdict::mismatch);
  CHECK(verify_whatsapp(kSecret, "sha256=not-hex", "Hello, World!") == Verdict::mismatch);
  CHECK(verify_whatsapp("", kSignature, "Hello, World!") == Verdict::mismatch);
}

TEST_CASE("Twilio form signatures", "[signatures]") {
  CHECK(verify_twilio(kTwilioToken, kTwilioUrl, kTwilioFields, "RSOYDt4T1cUTdK1PDd93/VVr8B8=") ==
        Verdict::ok);
  SECTION("field order on the wire does not matter") {
    FormFields shuffled(kTwilioFields.rbegin(), kTwilioFields.rend());
    CHECK(verify_twilio(kTwilioToken, kTwilioUrl, shuffled, "RSOYDt4T1cUTdK1PDd93/VVr8B8=") ==
          Verdict::ok);
  }
  SECTION("the URL with :443") {
    constexpr std::string_view kWithPort = "https://mycompany.com:443/myapp.php?foo=1&bar=2";
    CHECK(verify_twilio(kTwilioToken, kWithPort, kTwilioFields, "kvajT1Ptam85bY51eRf/AJRuM3w=") ==
          Verdict::ok);
    // Twilio signs with or without the port; either form of the configured URL accepts both.
    CHECK(verify_twilio(kTwilioToken, kTwilioUrl, kTwilioFields, "kvajT1Ptam85bY51eRf/AJRuM3w=") ==
          Verdict::ok);
    CHECK(verify_twilio(kTwilioToken, kWithPort, kTwilioFields, "RSOYDt4T1cUTdK1PDd93/VVr8B8=") ==
          Verdict::ok);
    CHECK(verify_twilio(kTwilioToken, "https://mycompany.com:8443/myapp.php?foo=1&bar=2",
                        kTwilioFields, "kvajT1Ptam85bY51eRf/AJRuM3w=") == Verdict::mismatch);
  }
  SECTION("repeated names sort their values") {
    FormFields repeated = {
        {"Sid", "CA123"}, {"SidAccount", "AC123"}, {"Digits", "5678"}, {"Digits", "1234"}};
    CHECK(verify_twilio(kTwilioToken, kTwilioUrl, repeated, "IK+Dwps556ElfBT0I3Rgjkr1wJU=") ==
          Verdict::ok);
    CHECK(verify_twilio(kTwilioToken, kTwilioUrl,
                        parse_form("Sid=CA123&SidAccount=AC123&Digits=5678&Digits=1234"),
                        "IK+Dwps556ElfBT0I3Rgjkr1wJU=") == Verdict::ok);
    // Twilio's SDKs count an identical name=value pair once.
    repeated.emplace_back("Digits", "1234");
    CHECK(verify_twilio(kTwilioToken, kTwilioUrl, repeated, "IK+Dwps556ElfBT0I3Rgjkr1wJU=") ==
          Verdict::ok);
  }
  SECTION("failures") {
    CHECK(verify_twilio("12346", kTwilioUrl, kTwilioFields, "RSOYDt4T1cUTdK1PDd93/VVr8B8=") ==
          Verdict::mismatch);
    FormFields tampered = kTwilioFields;
    tampered[2].second = "1235";
    CHECK(verify_twilio(kTwilioToken, kTwilioUrl, tampered, "RSOYDt4T1cUTdK1PDd93/VVr8B8=") ==
          Verdict::mismatch);
    FormFields extra = kTwilioFields;
    extra.emplace_back("Body", "hi");
    CHECK(verify_twilio(kTwilioToken, kTwilioUrl, extra, "RSOYDt4T1cUTdK1PDd93/VVr8B8=") ==
          Verdict::mismatch);
    CHECK(verify_twilio(kTwilioToken, "https://mycompany.com/other.php?foo=1&bar=2", kTwilioFields,
                        "RSOYDt4T1cUTdK1PDd93/VVr8B8=") == Verdict::mismatch);
    CHECK(verify_twilio(kTwilioToken, kTwilioUrl, kTwilioFields, "") == Verdict::missing);
    CHECK(verify_twilio(kTwilioToken, kTwilioUrl, kTwilioFields, "RSOYDt4T1cUTdK1PDd93/VVr8B8") ==
          Verdict::mismatch);
    CHECK(verify_twilio(kTwilioToken, kTwilioUrl, kTwilioFields, "!!not base64!!") ==
          Verdict::mismatch);
    CHECK(verify_twilio("", kTwilioUrl, kTwilioFields, "RSOYDt4T1cUTdK1PDd93/VVr8B8=") ==
          Verdict::mismatch);
    CHECK(verify_twilio(kTwilioToken, "not a url", kTwilioFields, "RSOYDt4T1cUTdK1PDd93/VVr8B8=") ==
          Verdict::mismatch);
  }
}

TEST_CASE("Twilio JSON signatures", "[signatures]") {
  constexpr std::string_view kBody = R"({"property": "value", "boolean": true})";
  const std::string url =
      std::string(kTwilioUrl) +
      "&bodySHA256=0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620";
  // Signature from twilio-python's tests (HMAC-SHA1 of the URL alone).
  constexpr std::string_view kSignature = "a9nBmqA0ju/hNViExpshrM61xv4=";
  CHECK(verify_twilio_json(kTwilioToken, url, kBody, kSignature) == Verdict::ok);
  CHECK(verify_twilio_json(kTwilioToken, url, R"({"property": "value", "boolean": false})",
                           kSignature) == Verdict::mismatch);
  CHECK(verify_twilio_json(kTwilioToken, kTwilioUrl, kBody, kSignature) == Verdict::mismatch);
  CHECK(verify_twilio_json(kTwilioToken, url, kBody, "") == Verdict::missing);
  CHECK(verify_twilio_json("54321", url, kBody, kSignature) == Verdict::mismatch);
}

TEST_CASE("Discord signatures", "[signatures]") {
  SECTION("RFC 8032 test 1: the empty message") {
    CHECK(verify_discord(kDiscordKey, "", kDiscordEmptySignature, "") == Verdict::ok);
    CHECK(verify_discord(kDiscordKey, "", kDiscordEmptySignature, "x") == Verdict::mismatch);
    CHECK(verify_discord(kDiscordKey, "1", kDiscordEmptySignature, "") == Verdict::mismatch);
  }
  SECTION("timestamp then body") {
    CHECK(verify_discord(kDiscordKey, "1700000000", kDiscordPingSignature, R"({"type":1})") ==
          Verdict::ok);
    CHECK(verify_discord(kDiscordKey, "", kDiscordPingSignature, R"(1700000000{"type":1})") ==
          Verdict::ok);  // the concatenation is what is signed
    CHECK(verify_discord(kDiscordKey, "1700000001", kDiscordPingSignature, R"({"type":1})") ==
          Verdict::mismatch);
    CHECK(verify_discord(kDiscordKey, "1700000000", kDiscordPingSignature, R"({"type":2})") ==
          Verdict::mismatch);
  }
  SECTION("a flipped bit in the signature or another key") {
    std::string flipped(kDiscordEmptySignature);
    flipped[0] = 'f';
    CHECK(verify_discord(kDiscordKey, "", flipped, "") == Verdict::mismatch);
    // RFC 8032 test 2's public key.
    CHECK(verify_discord("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2e4eb34c30c3e76b1ea6e6a6", "",
                         kDiscordEmptySignature, "") == Verdict::mismatch);
  }
  SECTION("malformed keys and signatures never crash") {
    std::string key(kDiscordKey);
    std::string signature(kDiscordEmptySignature);
    CHECK(verify_discord(key.substr(2), "", signature, "") == Verdict::mismatch);
    CHECK(verify_discord(key + "00", "", signature, "") == Verdict::mismatch);
    CHECK(verify_discord(key.substr(1), "", signature, "") == Verdict::mismatch);
    CHECK(verify_discord("zz" + key.substr(2), "", signature, "") == Verdict::mismatch);
    CHECK(verify_discord(std::string(64, 'f'), "", signature, "") == Verdict::mismatch);
    CHECK(verify_discord(std::string(64, '0'), "", signature, "") == Verdict::mismatch);
    CHECK(verify_discord(key, "", signature.substr(2), "") == Verdict::mismatch);
    CHECK(verify_discord(key, "", signature + "00", "") == Verdict::mismatch);
    CHECK(verify_discord(key, "", "g" + signature.substr(1), "") == Verdict::mismatch);
    CHECK(verify_discord(key, "", std::string(128, '0'), "") == Verdict::mismatch);
    CHECK(verify_discord(key, "", std::string(128, 'f'), "") == Verdict::mismatch);
  }
  SECTION("missing") {
    CHECK(verify_discord(kDiscordKey, "1700000000", "", "{}") == Verdict::missing);
    CHECK(verify_discord("", "", kDiscordEmptySignature, "") == Verdict::mismatch);
  }
}

TEST_CASE("Mailgun signatures", "[signatures]") {
  CHECK(verify_mailgun(kMailgunKey, kMailgunTimestamp, kMailgunToken, kMailgunSignature,
                       kMailgunNow) == Verdict::ok);
  CHECK(verify_mailgun(kMailgunKey, kMailgunTimestamp, kMailgunToken, kMailgunSignature,
                       kMailgunNow + 3600, 7200) == Verdict::ok);
  CHECK(verify_mailgun(kMailgunKey, kMailgunTimestamp, kMailgunToken, kMailgunSignature,
                       kMailgunNow + 301) == Verdict::stale);
  CHECK(verify_mailgun(kMailgunKey, kMailgunTimestamp, kMailgunToken, kMailgunSignature,
                       kMailgunNow - 301) == Verdict::stale);
  CHECK(verify_mailgun("key-tesT", kMailgunTimestamp, kMailgunToken, kMailgunSignature,
                       kMailgunNow) == Verdict::mismatch);
  CHECK(verify_mailgun(kMailgunKey, kMailgunTimestamp,
                       "e0b5477167110d68991efc6b9f89f0a11066af27834600e124", kMailgunSignature,
                       kMailgunNow) == Verdict::mismatch);
  CHECK(verify_mailgun(kMailgunKey, "1770920773", kMailgunToken, kMailgunSignature, kMailgunNow) ==
        Verdict::mismatch);
  CHECK(verify_mailgun(kMailgunKey, "soon", kMailgunToken, kMailgunSignature, kMailgunNow) ==
        Verdict::mismatch);
  CHECK(verify_mailgun(kMailgunKey, kMailgunTimestamp, kMailgunToken, "097ff1603ce0947833a0",
                       kMailgunNow) == Verdict::mismatch);
  CHECK(verify_mailgun(kMailgunKey, kMailgunTimestamp, kMailgunToken, "not hex", kMailgunNow) ==
        Verdict::mismatch);
  CHECK(verify_mailgun(kMailgunKey, "", kMailgunToken, kMailgunSignature, kMailgunNow) ==
        Verdict::missing);
  CHECK(verify_mailgun(kMailgunKey, kMailgunTimestamp, "", kMailgunSignature, kMailgunNow) ==
        Verdict::missing);
  CHECK(verify_mailgun(kMailgunKey, kMailgunTimestamp, kMailgunToken, "", kMailgunNow) ==
        Verdict::missing);
  CHECK(verify_mailgun("", kMailgunTimestamp, kMailgunToken, kMailgunSignature, kMailgunNow) ==
        Verdict::mismatch);
}

TEST_CASE("Telegram secret tokens", "[signatures]") {
  CHECK(verify_telegram("s3cret_TOKEN-1", "s3cret_TOKEN-1") == Verdict::ok);
  CHECK(verify_telegram("s3cret_TOKEN-1", "s3cret_TOKEN-2") == Verdict::mismatch);
  CHECK(verify_telegram("s3cret_TOKEN-1", "s3cret_TOKEN-") == Verdict::mismatch);
  CHECK(verify_telegram("s3cret_TOKEN-1", "S3CRET_TOKEN-1") == Verdict::mismatch);
  CHECK(verify_telegram("s3cret_TOKEN-1", "") == Verdict::missing);
  CHECK(verify_telegram("", "") == Verdict::mismatch);
  CHECK(verify_telegram("", "anything") == Verdict::mismatch);
}

TEST_CASE("verdicts have names for logs", "[signatures]") {
  CHECK(to_string(Verdict::ok) == "ok");
  CHECK(to_string(Verdict::missing) == "missing");
  CHECK(to_string(Verdict::stale) == "stale");
  CHECK(to_string(Verdict::mismatch) == "mismatch");
}
