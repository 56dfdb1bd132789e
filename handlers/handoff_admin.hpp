// The admin API's handoffs: GET /admin/v1/handoffs lists them (open ones by
// default), POST /admin/v1/handoffs/{id}/reply sends a counselor's answer
// through the person's own channel, POST .../release gives the
// conversation back to careerbot.
#pragma once

#include "admin_auth.hpp"
#include "handoffs.hpp"
#include "router.hpp"

namespace careerbot {

class HandoffAdmin {
 public:
  HandoffAdmin(Handoffs& handoffs, const AdminAuth& auth) : handoffs_(handoffs), auth_(auth) {}
  void add_routes(Router& router);

 private:
  WebResponse list(const WebRequest& request) const;
  WebResponse reply(const WebRequest& request, const std::string& actor) const;
  WebResponse release(const WebRequest& request, const std::string& actor) const;

  Handoffs& handoffs_;
  const AdminAuth& auth_;
};

nlohmann::json handoff_to_json(const Handoff& handoff);

}  // namespace careerbot
