// POST /v1/ask as the router hands it over: the body read as JSON whatever
// it is, the fields checked, and a valid question answered (its fallback
// noted for admins, its metrics counted).
//
// Every request must get 200 or a 4xx problem: an exception (a 500 from the
// router) or a 5xx is a finding.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "ask_handler.hpp"
#include "fuzz_input.hpp"
#include "fuzz_support.hpp"

using namespace careerbot;

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
  request.remote = "192.0.2.1:443";
  WebResponse response = ask(request);
  if (response.status >= 500) {
    std::fprintf(stderr, "/v1/ask answered %d: %s\n", response.status, response.body.c_str());
    std::abort();
  }
  return 0;
}
