// The web face's files: the chat widget's loader, the chat page and the
// admin console, with the security headers each needs. The files are
// compiled in (web_assets.hpp) unless web.assets_dir points at a copy on disk.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "config.hpp"
#include "router.hpp"
#include "web.hpp"

namespace careerbot {

class WebPages {
 public:
  explicit WebPages(const WebConfig& config);

  // GET /chat, /chat/{file}, /admin, /admin/, /admin/{file}.
  void add_routes(Router& router) const;

  // The Content-Security-Policy of a page; `frame_ancestors` as CSP writes it.
  static std::string content_security_policy(std::string_view frame_ancestors);

 private:
  struct File {
    std::string bytes;
    std::string gzip;  // empty when compressing does not pay
    std::string etag;
  };
  enum class Area { chat, admin };

  WebResponse serve(const WebRequest& request, const std::string& path, Area area) const;
  std::optional<File> find(const std::string& path) const;

  std::map<std::string, File, std::less<>> built_in_;
  std::string assets_dir_;
  std::string chat_frame_ancestors_;
};

}  // namespace careerbot
