#include "twilio_channel.hpp"

#include "crypto.hpp"
#include "signatures.hpp"

namespace careerbot {
namespace {

using nlohmann::json;

constexpr const char* kChannel = "twilio";
constexpr std::size_t kMaxSms = 1600;  // the Messages API's limit for one body

std::string field(const signatures::FormFields& fields, std::string_view name) {
  for (const auto& [key, value] : fields) {
    if (key == name) return value;
  }
  return {};
}

WebResponse empty_twiml() {
  WebResponse response;
  response.content_type = "text/xml";
  response.body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response></Response>";
  return response;
}

}  // namespace

TwilioChannel::TwilioChannel(const TwilioConfig& config, ChatInbox& inbox, HttpTransport& transport,
                             Metrics& metrics)
    : config_(config), inbox_(inbox), transport_(transport), metrics_(metrics) {}

void TwilioChannel::add_routes(Router& router) {
  router.add("POST", kPath, [this](const WebRequest& r) { return message(r); });
}

WebResponse TwilioChannel::message(const WebRequest& request) {
  auto fields = signatures::parse_form(request.body);
  auto verdict = signatures::verify_twilio(config_.auth_token, config_.public_url, fields,
                                           request.header("x-twilio-signature"));
  if (verdict != signatures::Verdict::ok) {
    return reject_request(metrics_, kChannel, signatures::to_string(verdict), request);
  }
  std::string sid = field(fields, "MessageSid");
  std::string from = field(fields, "From");
  std::string to = field(fields, "To");
  std::string body = field(fields, "Body");
  if (sid.empty() || from.empty() || to.empty()) {
    return problem_response(400, "Invalid message", "MessageSid, From and To are required.");
  }
  // Percent-decoding can make any bytes; they would reach the replies' JSON.
  if (!is_utf8(sid) || !is_utf8(from) || !is_utf8(to) || !is_utf8(body)) {
    return problem_response(400, "Invalid message", "MessageSid, From, To and Body must be UTF-8.");
  }
  if (field(fields, "AccountSid") != config_.account_sid) {
    return reject_request(metrics_, kChannel, "for another account", request);
  }
  if (body.find_first_not_of(" \t\r\n") == std::string::npos) {
    metrics_.add("careerbot_channel_skipped_total",
                 {{"channel", kChannel}, {"reason", "not_a_question"}});
    return empty_twiml();  // a picture or an empty text
  }
  ChatMessage chat;
  chat.channel = kChannel;
  chat.message_id = sid;
  chat.sender = from;
  chat.conversation = "twilio:" + to + ":" + from;
  chat.text = std::move(body);
  chat.reply_to = {{"to", from}, {"from", to}};
  chat.rate_key = "twilio:" + from;
  return inbox_.receive_later({std::move(chat)}, {ChatMarkup::plain, kMaxSms}, empty_twiml(),
                              kPath);
}

void TwilioChannel::deliver(const OutboxEntry& entry, DeliveryHandler done) {
  auto payload = parse_chat_payload(entry.payload);
  if (!payload) return done(DeliveryResult::failed("unreadable outbox payload"));
  OutboundRequest request;
  request.url = config_.api_base + "/2010-04-01/Accounts/" + config_.account_sid + "/Messages.json";
  request.headers = {{"Authorization", "Basic " + crypto::base64_encode(config_.account_sid + ":" +
                                                                        config_.auth_token)},
                     {"Content-Type", "application/x-www-form-urlencoded"}};
  request.body = form_encode({{"To", payload->to.value("to", "")},
                              {"From", payload->to.value("from", "")},
                              {"Body", payload->text}});
  send_request(transport_, std::move(request), classify_http, std::move(done));
}

}  // namespace careerbot
