// POST /v1/ask as the router hands it over: the body read as JSON whatever
// it is, the fields checked, and a valid question answered (its fallback
// noted for admins, its metrics counted).
//
// Every request must get 200 or a 4xx problem: an exception (a 500 from the
// router) or a 5xx is a finding. So is any input on which the handler's JSON
// reader (JsonMembers) and nlohmann::json disagree: about whether it is
// JSON, whether it is an object, or what its top-level members hold.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <nlohmann/json.hpp>

#include "ask_handler.hpp"
#include "fuzz_input.hpp"
#include "fuzz_support.hpp"
#include "json_members.hpp"

using namespace careerbot;

namespace {

JsonMembers::Kind kind_of(const nlohmann::json& value) {
  if (value.is_null()) return JsonMembers::Kind::null;
  if (value.is_boolean()) return JsonMembers::Kind::boolean;
  if (value.is_number()) return JsonMembers::Kind::number;
  if (value.is_string()) return JsonMembers::Kind::string;
  if (value.is_array()) return JsonMembers::Kind::array;
  return JsonMembers::Kind::object;
}

[[noreturn]] void disagree(const char* what) {
  std::fprintf(stderr, "JsonMembers and nlohmann::json disagree: %s\n", what);
  std::abort();
}

void check_reader_against_nlohmann(const std::string& body) {
  JsonMembers members;
  auto read = members.read(body);
  auto tree = nlohmann::json::parse(body, nullptr, false);
  if (tree.is_discarded() != (read == JsonMembers::Read::malformed)) disagree("malformed");
  if (tree.is_discarded()) return;
  if (tree.is_object() != (read == JsonMembers::Read::object)) disagree("an object");
  if (!tree.is_object()) return;
  for (const auto& [name, value] : tree.items()) {
    auto member = members.find(name);
    if (!member || member->kind != kind_of(value)) disagree("a member's kind");
    if (value.is_string() && member->text != value.get_ref<const std::string&>())
      disagree("a string's value");
  }
  for (std::size_t i = 0; i < members.size(); ++i) {
    if (!tree.contains(std::string(members.at(i).name))) disagree("a member's name");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // Without the web chat joined: a "session" body is read as a plain question.
  static fuzz::Service& service = fuzz::service();
  static const AskHandler ask(service.assistant, service.knowledge, service.metrics,
                              service.max_question_bytes);
  WebRequest request;
  request.method = "POST";
  request.path = request.target = "/v1/ask";
  request.headers = {{"content-type", "application/json"}};
  request.body = std::string(fuzz::Input(data, size).rest());
  check_reader_against_nlohmann(request.body);
  request.remote = "192.0.2.1:443";
  WebResponse response = ask(request);
  if (response.status >= 500) {
    std::fprintf(stderr, "/v1/ask answered %d: %s\n", response.status, response.body.c_str());
    std::abort();
  }
  return 0;
}
