// The web face against the real server: the pages with their security
// headers, the chat socket (Origin checks, hello and catch-up, a resend
// never answered twice, bad frames), the HTTP fallback with its limits, a
// chat that survives a restart, human handoff in the web chat, and the
// console's admin routes (whoami, grouped unanswered questions, dismiss).
#include <signal.h>

#include <thread>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "http_client.hpp"
#include "server_process.hpp"
#include "websocket_client.hpp"

using namespace careerbot::test;
using nlohmann::json;

namespace {

const std::string kSite = "https://careers.example.edu";

using Token = AdminTestToken;

// A server with the site allowed to embed the chat, admin tokens, and
// extra configuration merged in.
struct WebServer {
  explicit WebServer(const json& extra = json::object(), std::string data = "")
      : writer(make_admin_token("alice", "read,write")), reader(make_admin_token("bob", "read")) {
    dir = temp_dir("web");
    data_dir = data.empty() ? dir + "/data" : std::move(data);
    json config = {{"web", {{"allowed_origins", {kSite}}}},
                   {"admin", {{"tokens", {writer.entry, reader.entry}}}}};
    config.merge_patch(extra);
    write_file(dir + "/careerbot.json", config.dump());
    start();
  }
  void start() {
    server.reset();
    server = std::make_unique<ServerProcess>(
        std::vector<std::string>{"--config", dir + "/careerbot.json", "--data-dir", data_dir});
  }
  HttpReply admin(const std::string& method, const std::string& path, const std::string& body = "",
                  const Token* token = nullptr) {
    return request(server->port(), method, path, body,
                   {"Authorization: Bearer " + (token ? token : &writer)->secret});
  }
  unsigned short port() const { return server->port(); }

  Token writer;
  Token reader;
  std::string dir;
  std::string data_dir;
  std::unique_ptr<ServerProcess> server;
};

json next_frame(WebSocketClient& socket) {
  auto text = socket.read_text();
  REQUIRE(text);
  return json::parse(*text);
}

// Opens a socket and says hello; returns the welcome frame.
json hello(WebSocketClient& socket, const std::string& session = "", long long after = 0) {
  REQUIRE(socket.handshake_status() == 101);
  json greeting = {{"type", "hello"}, {"after", after}};
  if (!session.empty()) greeting["session"] = session;
  REQUIRE(socket.send_text(greeting.dump()));
  json welcome = next_frame(socket);
  REQUIRE(welcome["type"] == "welcome");
  return welcome;
}

// Asks and returns the next two messages (the question echoed, the answer).
std::pair<json, json> ask(WebSocketClient& socket, const std::string& text,
                          const std::string& client_id) {
  REQUIRE(socket.send_text(json{{"type", "ask"}, {"text", text}, {"client_id", client_id}}.dump()));
  json asked = next_frame(socket);
  REQUIRE(asked["type"] == "message");
  json answered = next_frame(socket);
  REQUIRE(answered["type"] == "message");
  return {asked["message"], answered["message"]};
}

std::string header(const HttpReply& reply, const std::string& name) {
  auto found = reply.headers.find(name);
  return found == reply.headers.end() ? "" : found->second;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("web: the chat page, the widget and the console carry their security headers",
          "[integration][web]") {
  WebServer web;
  auto page = get(web.port(), "/chat");
  REQUIRE(page.status == 200);
  CHECK(contains(header(page, "content-type"), "text/html"));
  CHECK(contains(page.body, "/chat/chat.js"));
  std::string csp = header(page, "content-security-policy");
  CHECK(contains(csp, "script-src 'self'"));
  CHECK(!contains(csp, "unsafe-inline"));
  CHECK(contains(csp, "frame-ancestors 'self' " + kSite));
  CHECK(header(page, "x-content-type-options") == "nosniff");
  CHECK(header(page, "referrer-policy") == "no-referrer");

  auto widget = get(web.port(), "/chat/widget.js");
  REQUIRE(widget.status == 200);
  CHECK(contains(header(widget, "content-type"), "javascript"));
  CHECK(header(widget, "cross-origin-resource-policy") == "cross-origin");
  // Cached copies are checked with the ETag.
  auto again = request(web.port(), "GET", "/chat/widget.js", "",
                       {"If-None-Match: " + header(widget, "etag")});
  CHECK(again.status == 304);
  auto zipped = request(web.port(), "GET", "/chat/chat.js", "", {"Accept-Encoding: gzip"});
  CHECK(header(zipped, "content-encoding") == "gzip");

  auto console = get(web.port(), "/admin/");
  REQUIRE(console.status == 200);
  CHECK(contains(header(console, "content-security-policy"), "frame-ancestors 'none'"));
  CHECK(header(console, "x-frame-options") == "DENY");
  CHECK(get(web.port(), "/admin").status == 308);
  CHECK(get(web.port(), "/admin/..%2Fconfig").status == 404);
  CHECK(get(web.port(), "/chat/socket").status == 426);
  // The API says nosniff too.
  CHECK(header(get(web.port(), "/healthz"), "x-content-type-options") == "nosniff");
}

TEST_CASE("web: the chat socket is only for careerbot's own pages and allowed sites",
          "[integration][web]") {
  WebServer web;
  WebSocketClient stranger(web.port(), "/chat/socket", {"Origin: https://evil.example"});
  CHECK(stranger.handshake_status() == 403);
  WebSocketClient site(web.port(), "/chat/socket", {"Origin: " + kSite});
  CHECK(site.handshake_status() == 101);
  WebSocketClient own(web.port(), "/chat/socket",
                      {"Origin: http://127.0.0.1:" + std::to_string(web.port())});
  CHECK(own.handshake_status() == 101);
  CHECK(contains(web.server->log(), "websocket_refused"));
}

TEST_CASE("web: a chat over the socket is answered once, and picks up where it was",
          "[integration][web]") {
  WebServer web;
  std::string session;
  long long last = 0;
  {
    WebSocketClient socket(web.port(), "/chat/socket", {"Origin: " + kSite});
    json welcome = hello(socket);
    session = welcome["session"];
    CHECK(session.size() == 32);
    CHECK(welcome["resumed"] == false);
    auto [asked, answered] = ask(socket, "how much do registered nurses make?", "c-1");
    CHECK(asked["role"] == "user");
    CHECK(asked["client_id"] == "c-1");
    CHECK(answered["role"] == "bot");
    CHECK(answered["reply"]["intent"] == "salary");
    CHECK(contains(answered["text"], "$"));
    CHECK(answered["id"].get<long long>() > asked["id"].get<long long>());
    // A follow-up knows the career.
    auto [asked2, followed] = ask(socket, "and what education do they need?", "c-2");
    CHECK(followed["reply"]["intent"] == "education");
    CHECK(contains(followed["reply"]["career"]["title"].get<std::string>(), "Nurse"));
    // The page resends after a doubt: the stored messages, no second answer.
    auto [again_asked, again_answered] = ask(socket, "how much do registered nurses make?", "c-1");
    CHECK(again_asked["id"] == asked["id"]);
    CHECK(again_answered["id"] == answered["id"]);
    last = asked["id"];
  }
  // A reload: the same session, and the messages after the last one it had.
  WebSocketClient socket(web.port(), "/chat/socket", {"Origin: " + kSite});
  json welcome = hello(socket, session, last);
  CHECK(welcome["resumed"] == true);
  std::vector<json> caught_up;
  for (int i = 0; i < 3; ++i) caught_up.push_back(next_frame(socket)["message"]);
  CHECK(caught_up[0]["role"] == "bot");
  CHECK(caught_up[1]["text"] == "and what education do they need?");
  CHECK(caught_up[2]["role"] == "bot");
  CHECK(!socket.read_text(std::chrono::milliseconds(300)));
  // An unknown session gets a new one instead.
  WebSocketClient other(web.port(), "/chat/socket");
  CHECK(hello(other, std::string(32, 'a'))["resumed"] == false);
}

TEST_CASE("web: bad frames get an error and the socket stays open", "[integration][web]") {
  WebServer web(json{{"web", {{"max_message_bytes", 1024}}}});
  WebSocketClient socket(web.port(), "/chat/socket");
  REQUIRE(socket.handshake_status() == 101);
  socket.send_text("{not json");
  CHECK(next_frame(socket)["status"] == 400);
  socket.send_text(json{{"type", "ask"}, {"text", "nurse salary"}}.dump());
  CHECK(next_frame(socket)["title"] == "No session");
  hello(socket);
  socket.send_text(json{{"type", "ask"}, {"text", std::string(1500, 'x')}}.dump());
  CHECK(next_frame(socket)["status"] == 413);
  socket.send_text(json{{"type", "ask"}, {"text", "   "}}.dump());
  CHECK(next_frame(socket)["status"] == 400);
  auto [asked, answered] = ask(socket, "what does an electrician do", "ok-1");
  CHECK(answered["reply"]["intent"] == "duties");
  // Far over the limit: the socket is closed as too big (1009).
  socket.send_text(std::string(8000, 'x'));
  CHECK(!socket.read_text());
  CHECK(socket.close_code() == 1009);
}

TEST_CASE("web: the HTTP fallback keeps the same session, history and limits",
          "[integration][web]") {
  WebServer web(json{{"web", {{"questions_per_minute", 6}, {"question_burst", 2}}}});
  auto created = post(web.port(), "/chat/v1/sessions", "");
  REQUIRE(created.status == 201);
  std::string session = json::parse(created.body)["session"];

  auto first = post(
      web.port(), "/v1/ask",
      json{{"text", "what do plumbers earn"}, {"session", session}, {"client_id", "h1"}}.dump());
  REQUIRE(first.status == 200);
  json answer = json::parse(first.body);
  CHECK(answer["intent"] == "salary");
  CHECK(answer["session"] == session);
  REQUIRE(answer["messages"].size() == 2);
  // The same client id again: the stored answer, not a second one.
  auto resend = post(
      web.port(), "/v1/ask",
      json{{"text", "what do plumbers earn"}, {"session", session}, {"client_id", "h1"}}.dump());
  CHECK(json::parse(resend.body)["messages"] == answer["messages"]);

  auto history = get(web.port(), "/chat/v1/sessions/" + session + "/messages?after=0");
  REQUIRE(history.status == 200);
  CHECK(json::parse(history.body)["messages"].size() == 2);

  auto second =
      post(web.port(), "/v1/ask",
           json{{"text", "and their outlook?"}, {"session", session}, {"client_id", "h2"}}.dump());
  CHECK(second.status == 200);
  auto limited =
      post(web.port(), "/v1/ask",
           json{{"text", "and electricians?"}, {"session", session}, {"client_id", "h3"}}.dump());
  CHECK(limited.status == 429);
  CHECK(!header(limited, "retry-after").empty());

  auto unknown = post(web.port(), "/v1/ask",
                      json{{"text", "nurse pay"}, {"session", std::string(32, 'b')}}.dump());
  CHECK(unknown.status == 404);
  CHECK(get(web.port(), "/chat/v1/sessions/nope/messages").status == 404);
  // Without a session, /v1/ask is the plain API it always was.
  CHECK(json::parse(post(web.port(), "/v1/ask", R"({"text":"nurse pay"})").body)["intent"] ==
        "salary");
}

TEST_CASE("web: a chat survives a restart of the server", "[integration][web]") {
  WebServer web;
  std::string session;
  {
    WebSocketClient socket(web.port(), "/chat/socket");
    session = hello(socket)["session"];
    ask(socket, "how much do dental hygienists make", "r-1");
  }
  web.server->signal(SIGTERM);
  REQUIRE(web.server->wait_exit(std::chrono::seconds(15)) == 0);
  web.start();
  WebSocketClient socket(web.port(), "/chat/socket");
  CHECK(hello(socket, session)["resumed"] == true);
  CHECK(next_frame(socket)["message"]["text"] == "how much do dental hygienists make");
  CHECK(next_frame(socket)["message"]["role"] == "bot");
}

TEST_CASE("web: a person who asks for someone is handed to a counselor, who answers live",
          "[integration][web][handoff]") {
  WebServer web(json{{"email", {{"address", "careers@example.edu"}}},
                     {"handoff",
                      {{"email", "advisers@example.edu"},
                       {"counselor", "Sam from the careers office"},
                       {"reply_within", "within a day"}}}});
  WebSocketClient socket(web.port(), "/chat/socket");
  std::string session = hello(socket)["session"];
  ask(socket, "how much do electricians make", "q-1");
  auto [asked, notice] = ask(socket, "can I talk to a real person please?", "q-2");
  CHECK(notice["reply"]["intent"] == "handoff");
  CHECK(contains(notice["text"], "Sam from the careers office"));
  CHECK(contains(notice["text"], "within a day"));

  // careerbot keeps quiet now: the message is kept for the counselor.
  socket.send_text(
      json{{"type", "ask"}, {"text", "I want to switch careers"}, {"client_id", "q-3"}}.dump());
  json held = next_frame(socket)["message"];
  CHECK(held["held"] == true);
  CHECK(!socket.read_text(std::chrono::milliseconds(500)));

  auto open = web.admin("GET", "/admin/v1/handoffs");
  REQUIRE(open.status == 200);
  json handoffs = json::parse(open.body)["handoffs"];
  REQUIRE(handoffs.size() == 1);
  json handoff = handoffs[0];
  CHECK(handoff["channel"] == "web");
  CHECK(handoff["state"] == "open");
  std::string transcript = handoff["transcript"].dump();
  CHECK(contains(transcript, "how much do electricians make"));
  CHECK(contains(transcript, "I want to switch careers"));
  // The counselors' inbox got the transcript through the outbox.
  CHECK(json::parse(web.admin("GET", "/admin/v1/outbox").body)["pending"] == 1);

  std::string id = std::to_string(handoff["id"].get<long long>());
  CHECK(web.admin("POST", "/admin/v1/handoffs/" + id + "/reply", R"({"text":"Hi"})", &web.reader)
            .status == 403);
  auto replied = web.admin("POST", "/admin/v1/handoffs/" + id + "/reply",
                           json{{"text", "Hello, I'm Sam. Let's talk about switching."}}.dump());
  REQUIRE(replied.status == 200);
  json live = next_frame(socket)["message"];
  CHECK(live["role"] == "counselor");
  CHECK(live["text"] == "Hello, I'm Sam. Let's talk about switching.");
  // A second click sends nothing more.
  CHECK(web.admin("POST", "/admin/v1/handoffs/" + id + "/reply", R"({"text":"again"})").status ==
        409);
  CHECK(json::parse(web.admin("GET", "/admin/v1/handoffs").body)["handoffs"].empty());
  // careerbot answers again.
  auto [asked_after, answered_after] = ask(socket, "what do welders earn", "q-4");
  CHECK(answered_after["reply"]["intent"] == "salary");
  // The counselor's message is in the stored history too.
  auto history = json::parse(get(web.port(), "/chat/v1/sessions/" + session + "/messages").body);
  CHECK(contains(history.dump(), "Let's talk about switching."));
}

TEST_CASE("web: two fallbacks in a row hand off; a release gives the chat back",
          "[integration][web][handoff]") {
  WebServer web(json{{"email", {{"address", "careers@example.edu"}}},
                     {"handoff", {{"email", "advisers@example.edu"}}}});
  auto created = post(web.port(), "/chat/v1/sessions", "");
  std::string session = json::parse(created.body)["session"];
  auto ask_http = [&](const std::string& text) {
    return post(web.port(), "/v1/ask", json{{"text", text}, {"session", session}}.dump());
  };
  CHECK(json::parse(ask_http("qwertyuiop asdfgh").body)["status"] == "fallback");
  json second = json::parse(ask_http("zxcvbnm lkjhgf").body);
  CHECK(second["intent"] == "handoff");
  auto held = ask_http("hello?");
  CHECK(held.status == 202);
  CHECK(json::parse(held.body)["held"] == true);
  json handoffs = json::parse(web.admin("GET", "/admin/v1/handoffs").body)["handoffs"];
  REQUIRE(handoffs.size() == 1);
  CHECK(handoffs[0]["reason"] == "fallbacks in a row");
  std::string id = std::to_string(handoffs[0]["id"].get<long long>());
  CHECK(web.admin("POST", "/admin/v1/handoffs/" + id + "/release").status == 200);
  CHECK(json::parse(ask_http("how much do nurses make").body)["intent"] == "salary");
  CHECK(web.admin("POST", "/admin/v1/handoffs/999/release").status == 404);
}

TEST_CASE("web: without a counselors' inbox, asking for a person only gets the advice",
          "[integration][web][handoff]") {
  WebServer web;
  auto created = post(web.port(), "/chat/v1/sessions", "");
  std::string session = json::parse(created.body)["session"];
  json reply =
      json::parse(post(web.port(), "/v1/ask",
                       json{{"text", "can I speak to a human"}, {"session", session}}.dump())
                      .body);
  CHECK(reply["intent"] == "handoff");
  CHECK(post(web.port(), "/v1/ask", json{{"text", "nurse salary"}, {"session", session}}.dump())
            .status == 200);
  CHECK(json::parse(web.admin("GET", "/admin/v1/handoffs").body)["handoffs"].empty());
}

TEST_CASE("admin: whoami, unanswered questions in groups, and dismissing them",
          "[integration][web][admin]") {
  WebServer web;
  auto me = json::parse(web.admin("GET", "/admin/v1/whoami").body);
  CHECK(me["name"] == "alice");
  CHECK(me["scopes"] == json::array({"read", "write"}));
  auto reader = json::parse(web.admin("GET", "/admin/v1/whoami", "", &web.reader).body);
  CHECK(reader["scopes"] == json::array({"read"}));
  CHECK(request(web.port(), "GET", "/admin/v1/whoami", "", {}).status == 401);

  for (const char* text : {"how much does a zorblatt make", "zorblatt salary",
                           "how much does a zorblatt make", "qwerty snorkel farming"}) {
    post(web.port(), "/v1/ask", json{{"text", text}}.dump());
  }
  json listed = json::parse(web.admin("GET", "/admin/v1/unanswered").body);
  REQUIRE(listed["groups"].size() == 2);
  json group = listed["groups"][0];
  CHECK(group["count"] == 3);
  CHECK(group["questions"].size() == 2);
  CHECK(contains(group["text"], "zorblatt"));

  CHECK(
      web.admin("POST", "/admin/v1/unanswered/dismiss", R"({"texts":["x"]})", &web.reader).status ==
      403);
  CHECK(web.admin("POST", "/admin/v1/unanswered/dismiss", R"({"texts":"x"})").status == 400);
  json texts = json::array();
  for (const auto& q : group["questions"]) texts.push_back(q["text"]);
  auto dismissed = web.admin("POST", "/admin/v1/unanswered/dismiss",
                             json{{"texts", texts}, {"forever", true}}.dump());
  REQUIRE(dismissed.status == 200);
  CHECK(json::parse(dismissed.body)["dismissed"] == 2);
  // Ignored for good: asked again, it stays off the list.
  post(web.port(), "/v1/ask", json{{"text", "zorblatt salary"}}.dump());
  listed = json::parse(web.admin("GET", "/admin/v1/unanswered").body);
  CHECK(listed["groups"].size() == 1);
  CHECK(!contains(listed.dump(), "zorblatt"));
}
