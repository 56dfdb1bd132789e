// The admin API (/admin/v1/...): list, search, read and change career
// profiles with optimistic concurrency (ETag / If-Match), revision history
// and rollback, import and export, the audit log and unanswered questions.
#pragma once

#include "admin_auth.hpp"
#include "knowledge_service.hpp"
#include "router.hpp"

namespace careerbot {

class AdminHandler {
 public:
  AdminHandler(KnowledgeService& knowledge, const AdminAuth& auth)
      : knowledge_(knowledge), auth_(auth) {}

  // Adds every /admin/v1 route to the router.
  void add_routes(Router& router);

 private:
  WebResponse list(const WebRequest& request, const std::string& actor);
  WebResponse create(const WebRequest& request, const std::string& actor);
  WebResponse get(const WebRequest& request, const std::string& actor);
  WebResponse replace(const WebRequest& request, const std::string& actor);
  WebResponse patch(const WebRequest& request, const std::string& actor);
  WebResponse remove(const WebRequest& request, const std::string& actor);
  WebResponse history(const WebRequest& request, const std::string& actor);
  WebResponse revision(const WebRequest& request, const std::string& actor);
  WebResponse rollback(const WebRequest& request, const std::string& actor);
  // JSON ({"profiles": [...]} or paths on the server) or the publishers'
  // files uploaded as multipart/form-data (import_upload.hpp).
  WebResponse import(const WebRequest& request, const std::string& actor);
  WebResponse import_report(const ImportReport& report);
  WebResponse export_all(const WebRequest& request, const std::string& actor);
  WebResponse audit(const WebRequest& request, const std::string& actor);
  WebResponse unanswered(const WebRequest& request, const std::string& actor);
  WebResponse dismiss_unanswered(const WebRequest& request, const std::string& actor);
  WebResponse whoami(const WebRequest& request, const std::string& actor);
  WebResponse outbox(const WebRequest& request, const std::string& actor);
  WebResponse retry_dead_letter(const WebRequest& request, const std::string& actor);

  KnowledgeService& knowledge_;
  const AdminAuth& auth_;
};

}  // namespace careerbot
