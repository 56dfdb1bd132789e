#include "router.hpp"

#include <algorithm>
#include <exception>

#include <nlohmann/json.hpp>

#include "log.hpp"
#include "store.hpp"

namespace careerbot {
namespace {

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> segments;
  std::size_t start = 1;
  while (start <= path.size()) {
    std::size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    segments.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return segments;
}

}  // namespace

WebResponse failure_response(std::string_view route, const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const StoreError& e) {
    // Nothing was acknowledged: the caller (a platform, a mail server, a
    // person) is asked to try again, and the request is kept by nobody.
    log::write(
        log::Level::error, "store_failed",
        {{"route", route}, {"error", e.what()}, {"disk_full", e.kind() == StoreError::Kind::full}});
    auto response = problem_response(
        503, "Storage unavailable",
        e.kind() == StoreError::Kind::full
            ? "The server's disk is full; nothing was stored. Try again later."
            : "The server could not store this request; nothing was stored. Try again later.");
    response.headers.emplace_back("Retry-After", "30");
    return response;
  } catch (const std::exception& e) {
    // A handler bug must not take the connection (or the process) down.
    log::write(log::Level::error, "handler_failed", {{"route", route}, {"error", e.what()}});
  } catch (...) {
    log::write(log::Level::error, "handler_failed", {{"route", route}, {"error", "unknown"}});
  }
  return problem_response(500, "Internal error",
                          "The server failed to handle this request; it has been logged.");
}

void Router::add(std::string method, std::string pattern, Handler handler) {
  Route route{std::move(method), std::move(pattern), {}, std::move(handler)};
  for (auto segment : split_path(route.pattern)) route.segments.emplace_back(segment);
  routes_.push_back(std::move(route));
}

void Router::run_blocking(std::string path_prefix) {
  blocking_prefixes_.push_back(std::move(path_prefix));
}

void Router::run_on_loop(std::string path) {
  loop_paths_.push_back(std::move(path));
}

bool Router::blocking(std::string_view path) const {
  return std::any_of(blocking_prefixes_.begin(), blocking_prefixes_.end(),
                     [&](const std::string& prefix) { return path.starts_with(prefix); }) &&
         std::find(loop_paths_.begin(), loop_paths_.end(), path) == loop_paths_.end();
}

void Router::add_socket(std::string path, SocketEndpoint endpoint) {
  sockets_.emplace_back(std::move(path), std::move(endpoint));
}

const SocketEndpoint* Router::socket(std::string_view path) const {
  for (const auto& [socket_path, endpoint] : sockets_) {
    if (socket_path == path) return &endpoint;
  }
  return nullptr;
}

bool Router::matches(const Route& route, const std::vector<std::string_view>& segments,
                     std::map<std::string, std::string>& params) {
  if (route.segments.size() != segments.size()) return false;
  std::map<std::string, std::string> captured;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    const std::string& want = route.segments[i];
    if (want.size() > 2 && want.front() == '{' && want.back() == '}') {
      if (segments[i].empty()) return false;
      captured[want.substr(1, want.size() - 2)] = std::string(segments[i]);
    } else if (want != segments[i]) {
      return false;
    }
  }
  params = std::move(captured);
  return true;
}

WebResponse Router::handle(WebRequest& request, std::string& route_name) const {
  route_name = "unmatched";
  if (request.path.empty() || request.path.front() != '/') {
    return problem_response(400, "Bad request target",
                            "The request target must be an absolute path such as /v1/ask.");
  }
  auto segments = split_path(request.path);
  std::vector<std::string> allowed;
  for (const auto& route : routes_) {
    std::map<std::string, std::string> params;
    if (!matches(route, segments, params)) continue;
    route_name = route.pattern;
    if (route.method != request.method) {
      if (std::find(allowed.begin(), allowed.end(), route.method) == allowed.end())
        allowed.push_back(route.method);
      continue;
    }
    request.params = std::move(params);
    try {
      return route.handler(request);
    } catch (const std::exception&) {
      return failure_response(route.pattern, std::current_exception());
    }
  }
  if (!allowed.empty()) {
    std::string allow;
    for (const auto& method : allowed) allow += (allow.empty() ? "" : ", ") + method;
    auto response = problem_response(
        405, "Method not allowed",
        request.method + " is not supported on " + request.path + "; use " + allow + ".");
    response.headers.emplace_back("Allow", allow);
    return response;
  }
  return problem_response(404, "Not found", "There is no resource at " + request.path + ".");
}

void Router::limit_body(std::string path_prefix, std::size_t bytes) {
  body_limits_.emplace_back(std::move(path_prefix), bytes);
}

std::size_t Router::body_limit(std::string_view path, std::size_t fallback) const {
  std::size_t matched = 0;
  std::size_t limit = fallback;
  for (const auto& [prefix, bytes] : body_limits_) {
    if (path.starts_with(prefix) && prefix.size() >= matched) {
      matched = prefix.size();
      limit = bytes;
    }
  }
  return limit;
}

std::size_t Router::largest_body_limit(std::size_t fallback) const {
  std::size_t largest = fallback;
  for (const auto& item : body_limits_) largest = std::max(largest, item.second);
  return largest;
}

}  // namespace careerbot
