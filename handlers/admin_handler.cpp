#include "admin_handler.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include <nlohmann/json.hpp>

#include "import_upload.hpp"
#include "log.hpp"
#include "unanswered_groups.hpp"

namespace careerbot {
namespace {

using nlohmann::json;
using Method = WebResponse (AdminHandler::*)(const WebRequest&, const std::string&);

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::string etag(long long revision) {
  return "\"" + std::to_string(revision) + "\"";
}

WebResponse profile_response(int status, const CareerProfile& profile) {
  auto response = json_response(status, profile_to_json(profile));
  response.headers.emplace_back("ETag", etag(profile.revision));
  return response;
}

WebResponse not_found(const std::string& id) {
  return problem_response(404, "Career not found", "There is no career with id '" + id + "'.");
}

// The revision named by If-Match ("3", 3 or W/"3"); nullopt when missing or unreadable.
std::optional<long long> if_match(const WebRequest& request) {
  std::string value(request.header("if-match"));
  if (value.rfind("W/", 0) == 0) value.erase(0, 2);
  value.erase(std::remove(value.begin(), value.end(), '"'), value.end());
  if (value.empty() || value.size() > 18 ||
      value.find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  return std::stoll(value);
}

WebResponse precondition_required() {
  return problem_response(
      428, "If-Match required",
      "Send the profile's current revision as If-Match (its ETag from GET), so that "
      "concurrent changes are not lost.");
}

// Maps a write outcome to a response.
WebResponse written(const WriteResult& result, const std::string& id, int success_status) {
  switch (result.status) {
    case WriteStatus::ok:
      if (success_status == 204) {
        WebResponse response;
        response.status = 204;
        response.content_type.clear();
        return response;
      }
      return profile_response(success_status, result.profile);
    case WriteStatus::not_found:
      return not_found(id);
    case WriteStatus::exists:
      return problem_response(409, "Career exists",
                              "A career with id '" + id + "' exists; change it with PUT or PATCH.");
    case WriteStatus::conflict: {
      auto response =
          problem_response(412, "Stale revision",
                           "The career is at revision " + std::to_string(result.current_revision) +
                               "; fetch it again, reapply your change and send If-Match: " +
                               etag(result.current_revision) + ".");
      response.headers.emplace_back("ETag", etag(result.current_revision));
      return response;
    }
    case WriteStatus::invalid: {
      auto doc = json{{"type", "about:blank"},
                      {"title", "Invalid profile"},
                      {"status", 422},
                      {"detail", "Field '" + result.error.field + "' " + result.error.reason + "."},
                      {"field", result.error.field}};
      auto response = json_response(422, doc);
      response.content_type = "application/problem+json";
      return response;
    }
  }
  return problem_response(500, "Internal error", "Unexpected write outcome.");
}

// Parses a request body as a profile; on failure fills `error`.
std::optional<CareerProfile> profile_from_body(const WebRequest& request, const std::string& id,
                                               std::optional<WebResponse>& error) {
  auto doc = json::parse(request.body, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    error = problem_response(400, "Malformed JSON",
                             "The body must be a career profile as a JSON object.");
    return std::nullopt;
  }
  if (!id.empty()) {
    if (doc.contains("id") && doc["id"] != id) {
      error =
          problem_response(400, "Mismatched id", "The body's id differs from the id in the path.");
      return std::nullopt;
    }
    doc["id"] = id;
  }
  doc.erase("revision");
  doc.erase("updated_at");
  ProfileError problem;
  auto profile = parse_profile(doc, problem);
  if (!profile) error = written(WriteResult::invalid(problem), id, 200);
  return profile;
}

int int_param(const WebRequest& request, const char* name, int fallback, int max) {
  auto value = request.query_param(name);
  if (!value || value->empty() || value->size() > 9 ||
      value->find_first_not_of("0123456789") != std::string::npos) {
    return fallback;
  }
  return std::min(std::stoi(*value), max);
}

json summary(const CareerProfile& p) {
  return {{"id", p.id},         {"title", p.title},       {"soc_code", p.soc_code},
          {"origin", p.origin}, {"revision", p.revision}, {"updated_at", p.updated_at}};
}

}  // namespace

void AdminHandler::add_routes(Router& router) {
  auto add = [&](const char* method, const char* path, Scope scope, Method handler) {
    router.add(method, path, [this, scope, handler](const WebRequest& request) {
      Authorization auth = auth_.authorize(request, scope);
      if (auth.denial) return *auth.denial;
      return (this->*handler)(request, *auth.actor);
    });
  };
  add("GET", "/admin/v1/careers", Scope::read, &AdminHandler::list);
  add("POST", "/admin/v1/careers", Scope::write, &AdminHandler::create);
  add("GET", "/admin/v1/careers/{id}", Scope::read, &AdminHandler::get);
  add("PUT", "/admin/v1/careers/{id}", Scope::write, &AdminHandler::replace);
  add("PATCH", "/admin/v1/careers/{id}", Scope::write, &AdminHandler::patch);
  add("DELETE", "/admin/v1/careers/{id}", Scope::write, &AdminHandler::remove);
  add("GET", "/admin/v1/careers/{id}/revisions", Scope::read, &AdminHandler::history);
  add("GET", "/admin/v1/careers/{id}/revisions/{revision}", Scope::read, &AdminHandler::revision);
  add("POST", "/admin/v1/careers/{id}/rollback", Scope::write, &AdminHandler::rollback);
  add("POST", "/admin/v1/import", Scope::write, &AdminHandler::import);
  add("GET", "/admin/v1/export", Scope::read, &AdminHandler::export_all);
  add("GET", "/admin/v1/audit", Scope::read, &AdminHandler::audit);
  add("GET", "/admin/v1/unanswered", Scope::read, &AdminHandler::unanswered);
  add("POST", "/admin/v1/unanswered/dismiss", Scope::write, &AdminHandler::dismiss_unanswered);
  add("GET", "/admin/v1/whoami", Scope::read, &AdminHandler::whoami);
  add("GET", "/admin/v1/outbox", Scope::read, &AdminHandler::outbox);
  add("POST", "/admin/v1/outbox/{id}/retry", Scope::write, &AdminHandler::retry_dead_letter);
}

WebResponse AdminHandler::list(const WebRequest& request, const std::string&) {
  auto snapshot = knowledge_.snapshot();
  std::string query = lower(request.query_param("q").value_or(""));
  int limit = int_param(request, "limit", 50, 1000);
  int offset = int_param(request, "offset", 0, 1000000);
  auto matches = [&](const CareerProfile& p) {
    if (query.empty()) return true;
    if (lower(p.id).find(query) != std::string::npos ||
        lower(p.title).find(query) != std::string::npos || p.soc_code.rfind(query, 0) == 0) {
      return true;
    }
    return std::any_of(p.aliases.begin(), p.aliases.end(), [&](const std::string& a) {
      return lower(a).find(query) != std::string::npos;
    });
  };
  json items = json::array();
  int total = 0;
  for (const auto& p : snapshot->kb.profiles()) {
    if (!matches(p)) continue;
    if (total >= offset && total < offset + limit) items.push_back(summary(p));
    ++total;
  }
  return json_response(200,
                       {{"total", total}, {"offset", offset}, {"limit", limit}, {"items", items}});
}

WebResponse AdminHandler::create(const WebRequest& request, const std::string& actor) {
  std::optional<WebResponse> error;
  auto profile = profile_from_body(request, "", error);
  if (!profile) return *error;
  std::string id = profile->id;
  auto response = written(knowledge_.create(std::move(*profile), actor), id, 201);
  if (response.status == 201) response.headers.emplace_back("Location", "/admin/v1/careers/" + id);
  return response;
}

WebResponse AdminHandler::get(const WebRequest& request, const std::string&) {
  const auto& id = request.params.at("id");
  auto snapshot = knowledge_.snapshot();
  const CareerProfile* profile = snapshot->kb.find(id);
  if (profile == nullptr) return not_found(id);
  return profile_response(200, *profile);
}

WebResponse AdminHandler::replace(const WebRequest& request, const std::string& actor) {
  const auto& id = request.params.at("id");
  auto expected = if_match(request);
  if (!expected) return precondition_required();
  std::optional<WebResponse> error;
  auto profile = profile_from_body(request, id, error);
  if (!profile) return *error;
  return written(knowledge_.replace(std::move(*profile), *expected, actor), id, 200);
}

WebResponse AdminHandler::patch(const WebRequest& request, const std::string& actor) {
  const auto& id = request.params.at("id");
  auto expected = if_match(request);
  if (!expected) return precondition_required();
  auto changes = json::parse(request.body, nullptr, false);
  if (changes.is_discarded() || !changes.is_object()) {
    return problem_response(400, "Malformed JSON",
                            "The body must be a JSON merge patch (RFC 7396) object.");
  }
  auto snapshot = knowledge_.snapshot();
  const CareerProfile* current = snapshot->kb.find(id);
  if (current == nullptr) return not_found(id);
  json doc = profile_to_json(*current);
  doc.merge_patch(changes);
  doc["id"] = id;
  doc.erase("revision");
  doc.erase("updated_at");
  ProfileError problem;
  auto profile = parse_profile(doc, problem);
  if (!profile) return written(WriteResult::invalid(problem), id, 200);
  return written(knowledge_.replace(std::move(*profile), *expected, actor, "patch"), id, 200);
}

WebResponse AdminHandler::remove(const WebRequest& request, const std::string& actor) {
  const auto& id = request.params.at("id");
  auto expected = if_match(request);
  if (!expected) return precondition_required();
  return written(knowledge_.remove(id, *expected, actor), id, 204);
}

WebResponse AdminHandler::history(const WebRequest& request, const std::string&) {
  const auto& id = request.params.at("id");
  auto revisions = knowledge_.store().history(id);
  if (revisions.empty()) return not_found(id);
  json items = json::array();
  for (const auto& r : revisions) {
    items.push_back(
        {{"revision", r.revision}, {"at", r.at}, {"actor", r.actor}, {"action", r.action}});
  }
  return json_response(200, {{"id", id}, {"revisions", items}});
}

WebResponse AdminHandler::revision(const WebRequest& request, const std::string&) {
  const auto& id = request.params.at("id");
  const auto& number = request.params.at("revision");
  if (number.size() > 18 || number.find_first_not_of("0123456789") != std::string::npos) {
    return problem_response(400, "Invalid revision", "The revision must be a whole number.");
  }
  auto found = knowledge_.store().revision(id, std::stoll(number));
  if (!found)
    return problem_response(404, "Revision not found",
                            "Career '" + id + "' has no revision " + number + ".");
  return json_response(200, {{"id", id},
                             {"revision", found->revision},
                             {"at", found->at},
                             {"actor", found->actor},
                             {"action", found->action},
                             {"profile", found->document ? *found->document : json(nullptr)}});
}

WebResponse AdminHandler::rollback(const WebRequest& request, const std::string& actor) {
  const auto& id = request.params.at("id");
  auto expected = if_match(request);
  if (!expected) return precondition_required();
  auto body = json::parse(request.body, nullptr, false);
  if (body.is_discarded() || !body.is_object() || !body.contains("revision") ||
      !body["revision"].is_number_integer()) {
    return problem_response(400, "Invalid request",
                            "Send {\"revision\": N} naming the revision to restore.");
  }
  return written(knowledge_.rollback(id, body["revision"].get<long long>(), *expected, actor), id,
                 200);
}

WebResponse AdminHandler::import(const WebRequest& request, const std::string& actor) {
  if (is_multipart(request)) {
    ImportUpload upload;
    std::string error;
    auto sources = upload.save(request, error);
    if (!sources) return problem_response(400, "Invalid upload", error);
    auto report = knowledge_.import_public_data(*sources, actor);
    report.error = upload.in_user_terms(report.error);
    return import_report(report);
  }
  auto body = json::parse(request.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    return problem_response(
        400, "Malformed JSON",
        "Send {\"onet_dir\", \"bls_projections\", \"oews\"} (paths on the server) or "
        "{\"profiles\": [...]}.");
  }
  ImportReport report;
  if (body.contains("profiles")) {
    if (!body["profiles"].is_array())
      return problem_response(400, "Invalid request", "'profiles' must be an array.");
    std::vector<CareerProfile> profiles;
    for (std::size_t i = 0; i < body["profiles"].size(); ++i) {
      ProfileError problem;
      auto profile = parse_profile(body["profiles"][i], problem);
      if (!profile) {
        problem.field = "profiles[" + std::to_string(i) + "]." + problem.field;
        return written(WriteResult::invalid(problem), "", 200);
      }
      profiles.push_back(std::move(*profile));
    }
    report = knowledge_.import_profiles(std::move(profiles), actor);
  } else {
    for (const char* key : {"onet_dir", "bls_projections", "oews"}) {
      if (!body.contains(key) || !body[key].is_string()) {
        return problem_response(400, "Invalid request",
                                std::string("Field '") + key + "' must be a path on the server.");
      }
    }
    report = knowledge_.import_public_data(
        {body["onet_dir"].get<std::string>(), body["bls_projections"].get<std::string>(),
         body["oews"].get<std::string>()},
        actor);
  }
  return import_report(report);
}

WebResponse AdminHandler::import_report(const ImportReport& report) {
  if (!report.error.empty()) return problem_response(422, "Import failed", report.error);
  json skipped = json::array();
  for (const auto& note : report.skipped) {
    skipped.push_back({{"soc_code", note.soc_code}, {"id", note.id}, {"reason", note.reason}});
  }
  return json_response(200, {{"added", report.counts.added.size()},
                             {"changed", report.counts.changed.size()},
                             {"unchanged", report.counts.unchanged.size()},
                             {"skipped", skipped},
                             {"warnings", report.warnings.size()},
                             {"seconds", report.seconds},
                             {"careers", knowledge_.snapshot()->kb.size()}});
}

WebResponse AdminHandler::export_all(const WebRequest&, const std::string&) {
  json profiles = json::array();
  for (const auto& p : knowledge_.snapshot()->kb.profiles()) profiles.push_back(profile_to_json(p));
  return json_response(200, {{"profiles", profiles}});
}

WebResponse AdminHandler::audit(const WebRequest& request, const std::string&) {
  int limit = int_param(request, "limit", 100, 1000);
  auto before = request.query_param("before");
  long long before_seq = 0;
  if (before && !before->empty() && before->size() < 18 &&
      before->find_first_not_of("0123456789") == std::string::npos) {
    before_seq = std::stoll(*before);
  }
  json items = json::array();
  for (const auto& e : knowledge_.store().audit(limit, before_seq)) {
    items.push_back({{"seq", e.seq},
                     {"at", e.at},
                     {"actor", e.actor},
                     {"action", e.action},
                     {"career", e.profile_id},
                     {"revision", e.revision},
                     {"detail", e.detail}});
  }
  return json_response(200, {{"entries", items}});
}

WebResponse AdminHandler::unanswered(const WebRequest& request, const std::string&) {
  knowledge_.flush_unanswered();
  auto questions = knowledge_.store().unanswered(int_param(request, "limit", 100, 1000));
  json items = json::array();
  for (const auto& q : questions) {
    items.push_back(
        {{"text", q.text}, {"count", q.count}, {"last_seen", q.last_seen}, {"channel", q.channel}});
  }
  json groups = json::array();
  for (const auto& group : group_unanswered(std::move(questions))) {
    json members = json::array();
    for (const auto& q : group.questions) {
      members.push_back({{"text", q.text},
                         {"count", q.count},
                         {"last_seen", q.last_seen},
                         {"channel", q.channel}});
    }
    groups.push_back({{"text", group.text},
                      {"count", group.count},
                      {"last_seen", group.last_seen},
                      {"questions", members}});
  }
  return json_response(200, {{"questions", items}, {"groups", groups}});
}

WebResponse AdminHandler::dismiss_unanswered(const WebRequest& request, const std::string& actor) {
  auto body = json::parse(request.body, nullptr, false);
  const bool shaped = !body.is_discarded() && body.is_object() && body.contains("texts") &&
                      body["texts"].is_array() && !body["texts"].empty() &&
                      std::all_of(body["texts"].begin(), body["texts"].end(),
                                  [](const json& t) { return t.is_string(); }) &&
                      (!body.contains("forever") || body["forever"].is_boolean());
  if (!shaped) {
    return problem_response(400, "Invalid request",
                            "The body must be {\"texts\": [\"...\"], \"forever\": false}.");
  }
  knowledge_.flush_unanswered();
  const bool forever = body.value("forever", false);
  int removed =
      knowledge_.store().dismiss_unanswered(body["texts"].get<std::vector<std::string>>(), forever);
  log::write(log::Level::info, "unanswered_dismissed",
             {{"actor", actor}, {"questions", removed}, {"forever", forever}});
  return json_response(200, {{"dismissed", removed}, {"forever", forever}});
}

WebResponse AdminHandler::whoami(const WebRequest&, const std::string& actor) {
  json scopes = json::array({"read"});
  if (auth_.may_write(actor)) scopes.push_back("write");
  return json_response(200, {{"name", actor}, {"scopes", scopes}});
}

WebResponse AdminHandler::outbox(const WebRequest& request, const std::string&) {
  Store& store = knowledge_.store();
  json dead = json::array();
  // What to send is left out: it holds people's messages and addresses.
  for (const auto& e : store.dead_letters(int_param(request, "limit", 50, 1000))) {
    dead.push_back({{"id", e.id},
                    {"channel", e.channel},
                    {"message_id", e.message_id},
                    {"attempts", e.attempts},
                    {"last_error", e.last_error}});
  }
  return json_response(200, {{"pending", store.outbox_depth()}, {"dead_letters", dead}});
}

WebResponse AdminHandler::retry_dead_letter(const WebRequest& request, const std::string& actor) {
  long long id = 0;
  const std::string& text = request.params.at("id");
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size()) {
    return problem_response(404, "No such entry", "Outbox entry ids are numbers.");
  }
  if (!knowledge_.store().requeue_dead_letter(id)) {
    return problem_response(404, "No such dead letter",
                            "Entry " + text + " is not a dead letter; see GET /admin/v1/outbox.");
  }
  log::write(log::Level::info, "outbox_requeued", {{"id", id}, {"actor", actor}});
  return json_response(202, {{"id", id}, {"state", "pending"}});
}

}  // namespace careerbot
