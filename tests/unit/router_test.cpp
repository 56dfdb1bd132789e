#include <stdexcept>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "log.hpp"
#include "router.hpp"

using namespace careerbot;

namespace {

WebRequest request(std::string method, std::string path) {
  WebRequest r;
  r.method = std::move(method);
  r.path = std::move(path);
  return r;
}

}  // namespace

TEST_CASE("the router finds handlers, captures parameters and explains misses", "[router]") {
  log::set_level(log::Level::off);
  Router router;
  router.add("GET", "/careers/{id}", [](const WebRequest& r) {
    return json_response(200, {{"id", r.params.at("id")}});
  });
  router.add("DELETE", "/careers/{id}",
             [](const WebRequest&) { return json_response(204, nullptr); });
  router.add("GET", "/boom",
             [](const WebRequest&) -> WebResponse { throw std::runtime_error("bug"); });
  std::string route;

  auto found = request("GET", "/careers/nurse");
  CHECK(router.handle(found, route).body == R"({"id":"nurse"})");
  CHECK(route == "/careers/{id}");

  auto wrong_method = request("POST", "/careers/nurse");
  auto response = router.handle(wrong_method, route);
  CHECK(response.status == 405);
  CHECK(response.headers.at(0).second == "GET, DELETE");

  auto missing = request("GET", "/careers");
  CHECK(router.handle(missing, route).status == 404);
  CHECK(route == "unmatched");

  auto failing = request("GET", "/boom");
  auto error = router.handle(failing, route);
  CHECK(error.status == 500);
  CHECK(error.content_type == "application/problem+json");
  CHECK(error.body.find("bug") == std::string::npos);  // internals stay in the log
}
