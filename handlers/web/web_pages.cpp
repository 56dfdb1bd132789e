#include "web_pages.hpp"

#include <zlib.h>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "log.hpp"
#include "web_assets.hpp"

namespace careerbot {
namespace {

std::string_view content_type_of(std::string_view path) {
  auto ends = [&](std::string_view suffix) { return path.ends_with(suffix); };
  if (ends(".html")) return "text/html; charset=utf-8";
  if (ends(".js") || ends(".mjs")) return "text/javascript; charset=utf-8";
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".svg")) return "image/svg+xml";
  if (ends(".png")) return "image/png";
  if (ends(".json")) return "application/json";
  return "application/octet-stream";
}

std::string etag_of(std::string_view bytes) {
  std::uint64_t hash = 1469598103934665603ULL;  // FNV-1a
  for (char c : bytes) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ULL;
  }
  char text[24];
  std::snprintf(text, sizeof text, "\"%016llx\"", static_cast<unsigned long long>(hash));
  return text;
}

// gzip (RFC 1952) at the best level; "" when that does not make it smaller.
std::string gzip(std::string_view bytes) {
  z_stream stream{};
  constexpr int kGzipWindow = 15 + 16;
  if (deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, kGzipWindow, 9, Z_DEFAULT_STRATEGY) !=
      Z_OK) {
    return {};
  }
  std::string out(deflateBound(&stream, static_cast<uLong>(bytes.size())), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  stream.avail_in = static_cast<uInt>(bytes.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  if (rc != Z_STREAM_END || out.size() + 64 >= bytes.size()) return {};
  return out;
}

// A file name the pages may ask for: no directories, no dot files.
bool plain_name(std::string_view name) {
  if (name.empty() || name.front() == '.') return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

bool accepts_gzip(const WebRequest& request) {
  return request.header("accept-encoding").find("gzip") != std::string_view::npos;
}

}  // namespace

WebPages::WebPages(const WebConfig& config) : assets_dir_(config.assets_dir) {
  for (const auto& asset : embedded_assets()) {
    File file{std::string(asset.bytes), gzip(asset.bytes), etag_of(asset.bytes)};
    built_in_.emplace(std::string(asset.path), std::move(file));
  }
  chat_frame_ancestors_ = "'self'";
  for (const auto& origin : config.allowed_origins) chat_frame_ancestors_ += " " + origin;
}

std::string WebPages::content_security_policy(std::string_view frame_ancestors) {
  return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
         "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors " +
         std::string(frame_ancestors);
}

std::optional<WebPages::File> WebPages::find(const std::string& path) const {
  if (assets_dir_.empty()) {
    auto found = built_in_.find(path);
    if (found == built_in_.end()) return std::nullopt;
    return found->second;
  }
  std::ifstream in(assets_dir_ + "/" + path, std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream bytes;
  bytes << in.rdbuf();
  File file{bytes.str(), {}, {}};
  file.etag = etag_of(file.bytes);
  return file;
}

WebResponse WebPages::serve(const WebRequest& request, const std::string& path, Area area) const {
  auto file = find(path);
  if (!file) {
    return problem_response(404, "Not found", "There is no page or file at " + request.path + ".");
  }
  WebResponse response;
  response.content_type = std::string(content_type_of(path));
  auto& headers = response.headers;
  headers.emplace_back("ETag", file->etag);
  headers.emplace_back("Vary", "Accept-Encoding");
  if (path == "chat/widget.js") {
    // Loaded by other sites' pages: cacheable for a while, and allowed
    // across origins for pages that isolate themselves.
    headers.emplace_back("Cache-Control", "public, max-age=300");
    headers.emplace_back("Cross-Origin-Resource-Policy", "cross-origin");
  } else {
    headers.emplace_back("Cache-Control", "no-cache");
  }
  if (area == Area::chat) {
    headers.emplace_back("Content-Security-Policy", content_security_policy(chat_frame_ancestors_));
  } else {
    headers.emplace_back("Content-Security-Policy", content_security_policy("'none'"));
    headers.emplace_back("X-Frame-Options", "DENY");
  }
  if (request.header("if-none-match") == file->etag) {
    response.status = 304;
    return response;
  }
  if (!file->gzip.empty() && accepts_gzip(request)) {
    headers.emplace_back("Content-Encoding", "gzip");
    response.body = std::move(file->gzip);
  } else {
    response.body = std::move(file->bytes);
  }
  return response;
}

void WebPages::add_routes(Router& router) const {
  auto chat_page = [this](const WebRequest& r) { return serve(r, "chat/index.html", Area::chat); };
  router.add("GET", "/chat", chat_page);
  router.add("GET", "/chat/", chat_page);
  router.add("GET", "/chat/{file}", [this](const WebRequest& r) {
    const std::string& name = r.params.at("file");
    if (name == "socket") {
      return problem_response(426, "Upgrade required",
                              "/chat/socket is a WebSocket endpoint: connect with a WebSocket "
                              "client (Upgrade: websocket).");
    }
    if (!plain_name(name) || name == "index.html") {
      return problem_response(404, "Not found", "There is no file at " + r.path + ".");
    }
    return serve(r, "chat/" + name, Area::chat);
  });
  router.add("GET", "/admin", [](const WebRequest&) {
    WebResponse response;
    response.status = 308;
    response.content_type = "text/plain; charset=utf-8";
    response.headers.emplace_back("Location", "/admin/");
    response.body = "The admin console is at /admin/\n";
    return response;
  });
  router.add("GET", "/admin/",
             [this](const WebRequest& r) { return serve(r, "admin/index.html", Area::admin); });
  router.add("GET", "/admin/{file}", [this](const WebRequest& r) {
    const std::string& name = r.params.at("file");
    if (!plain_name(name) || name == "index.html") {
      return problem_response(404, "Not found", "There is no file at " + r.path + ".");
    }
    return serve(r, "admin/" + name, Area::admin);
  });
}

}  // namespace careerbot
