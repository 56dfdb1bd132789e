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

#include "ask_handler.hpp"
#include "fuzz_input.hpp"
#include "fuzz_support.hpp"
#include "json_members_oracle.hpp"

using namespace careerbot;

namespace {

[[noreturn]] void disagree(const std::string& what) {
  std::fprintf(stderr, "JsonMembers and nlohmann::json disagree: %s\n", what.c_str());
  std::abort();
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
  if (auto disagreement = testing::json_members_disagreement(request.body)) disagree(*disagreement);
  request.remote = "192.0.2.1:443";
  WebResponse response = ask(request);
  if (response.status >= 500) {
    std::fprintf(stderr, "/v1/ask answered %d: %s\n", response.status, response.body.c_str());
    std::abort();
  }
  return 0;
}
