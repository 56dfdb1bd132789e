// StoreEvents on libpq: LISTEN on its own connection, then poll(2) on its
// socket and PQnotifies.
#include <libpq-fe.h>
#include <poll.h>

#include <algorithm>
#include <thread>

#include "../store_events.hpp"
#include "postgresql_message.hpp"

namespace careerbot {

using sql::first_line;

struct StoreEvents::Connection {
  std::string url;
  std::vector<std::string> channels;
  PGconn* conn = nullptr;
  std::chrono::milliseconds backoff{100};

  ~Connection() { PQfinish(conn); }

  // Connects and listens; an empty string when it worked.
  std::string open() {
    PQfinish(conn);
    const char* keys[] = {"dbname", "connect_timeout", "application_name", nullptr};
    const char* values[] = {url.c_str(), "5", "careerbot-events", nullptr};
    conn = PQconnectdbParams(keys, values, 1);
    if (PQstatus(conn) != CONNECTION_OK) return first_line(PQerrorMessage(conn));
    for (const auto& channel : channels) {
      PGresult* result = PQexec(conn, ("LISTEN " + channel).c_str());
      const bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
      PQclear(result);
      if (!ok) return first_line(PQerrorMessage(conn));
    }
    return {};
  }
};

StoreEvents::StoreEvents(std::string url, std::vector<std::string> channels)
    : connection_(std::make_unique<Connection>()) {
  connection_->url = std::move(url);
  connection_->channels = std::move(channels);
}

StoreEvents::~StoreEvents() = default;

StoreEvents::Heard StoreEvents::wait(std::chrono::milliseconds timeout) {
  Heard heard;
  Connection& c = *connection_;
  if (c.conn == nullptr || PQstatus(c.conn) != CONNECTION_OK) {
    if (auto problem = c.open(); !problem.empty()) {
      heard.problem = problem;
      std::this_thread::sleep_for(std::min(c.backoff, timeout));
      c.backoff = std::min(c.backoff * 2, std::chrono::milliseconds(5000));
      return heard;
    }
    c.backoff = std::chrono::milliseconds(100);
    heard.reconnected = true;
    return heard;
  }
  pollfd socket{PQsocket(c.conn), POLLIN, 0};
  if (::poll(&socket, 1, static_cast<int>(timeout.count())) < 0) return heard;
  if (PQconsumeInput(c.conn) == 0) {
    heard.problem = first_line(PQerrorMessage(c.conn));
    PQfinish(c.conn);
    c.conn = nullptr;
    return heard;
  }
  while (PGnotify* notify = PQnotifies(c.conn)) {
    heard.channels.insert(notify->relname);
    if (notify->extra != nullptr && *notify->extra != '\0')
      heard.payloads[notify->relname].insert(notify->extra);
    PQfreemem(notify);
  }
  return heard;
}

}  // namespace careerbot
