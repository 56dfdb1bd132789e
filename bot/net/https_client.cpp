#include "https_client.hpp"

#include <map>
#include <stdexcept>
#include <thread>
#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include "thread_role.hpp"

namespace careerbot {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;

namespace {

// One kept-alive connection: plain TCP or TLS over it.
struct Connection {
  std::unique_ptr<beast::tcp_stream> plain;
  std::unique_ptr<beast::ssl_stream<beast::tcp_stream>> tls;
  beast::flat_buffer buffer;

  beast::tcp_stream& tcp() { return tls ? beast::get_lowest_layer(*tls) : *plain; }
};

std::string origin_of(const Url& url) {
  return (url.tls ? "https://" : "http://") + url.host + ":" + url.port;
}

std::string describe(const char* step, const beast::error_code& ec) {
  return std::string(step) + ": " + ec.message();
}

}  // namespace

struct HttpsClient::Impl : std::enable_shared_from_this<HttpsClient::Impl> {
  explicit Impl(HttpsClientConfig c) : config(std::move(c)) {
    tls.set_verify_mode(ssl::verify_peer);
    tls.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                    ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
    beast::error_code ec;
    if (config.ca_file.empty()) {
      tls.set_default_verify_paths(ec);
    } else {
      tls.load_verify_file(config.ca_file, ec);
    }
    if (ec) {
      throw std::runtime_error("cannot load the CA file '" + config.ca_file + "': " + ec.message());
    }
  }

  net::awaitable<OutboundResponse> exchange(OutboundRequest request);
  net::awaitable<std::unique_ptr<Connection>> connect(const Url& url, std::string& error);
  template <class Stream>
  net::awaitable<OutboundResponse> round_trip(Stream& stream, Connection& connection,
                                              const http::request<http::string_body>& request,
                                              bool& keep);
  std::unique_ptr<Connection> take_idle(const std::string& origin);
  void put_idle(const std::string& origin, std::unique_ptr<Connection> connection);

  const HttpsClientConfig config;
  ssl::context tls{ssl::context::tls_client};
  net::io_context ioc{1};
  // Only touched on the io thread.
  std::map<std::string, std::vector<std::unique_ptr<Connection>>> idle;
  std::thread thread;
};

std::unique_ptr<Connection> HttpsClient::Impl::take_idle(const std::string& origin) {
  auto it = idle.find(origin);
  if (it == idle.end() || it->second.empty()) return nullptr;
  auto connection = std::move(it->second.back());
  it->second.pop_back();
  return connection;
}

void HttpsClient::Impl::put_idle(const std::string& origin,
                                 std::unique_ptr<Connection> connection) {
  auto& list = idle[origin];
  if (list.size() < config.max_idle_per_origin) list.push_back(std::move(connection));
}

net::awaitable<std::unique_ptr<Connection>> HttpsClient::Impl::connect(const Url& url,
                                                                       std::string& error) {
  beast::error_code ec;
  tcp::resolver resolver(ioc);
  auto endpoints = co_await resolver.async_resolve(url.host, url.port,
                                                   net::redirect_error(net::use_awaitable, ec));
  if (ec) {
    error = describe("resolve", ec);
    co_return nullptr;
  }
  auto connection = std::make_unique<Connection>();
  if (url.tls) {
    connection->tls = std::make_unique<beast::ssl_stream<beast::tcp_stream>>(ioc, tls);
  } else {
    connection->plain = std::make_unique<beast::tcp_stream>(ioc);
  }
  auto& stream = connection->tcp();
  stream.expires_after(config.connect_timeout);
  co_await stream.async_connect(endpoints, net::redirect_error(net::use_awaitable, ec));
  if (ec) {
    error = describe("connect", ec);
    co_return nullptr;
  }
  beast::error_code ignored;  // (each request is one write; a socket without it still works)
  stream.socket().set_option(tcp::no_delay(true), ignored);
  if (url.tls) {
    auto* handle = connection->tls->native_handle();
    // SNI, and the name the certificate must carry (an IP address works too).
    // (SSL_set_tlsext_host_name is a macro with a C cast; this is what it does.)
    if (SSL_ctrl(handle, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
                 const_cast<char*>(url.host.c_str())) != 1 ||
        SSL_set1_host(handle, url.host.c_str()) != 1) {
      error = "tls: cannot set the server name";
      co_return nullptr;
    }
    co_await connection->tls->async_handshake(ssl::stream_base::client,
                                              net::redirect_error(net::use_awaitable, ec));
    if (ec) {
      long verify = SSL_get_verify_result(handle);
      error = describe("tls handshake", ec);
      if (verify != X509_V_OK) {
        error += " (certificate: " + std::string(X509_verify_cert_error_string(verify)) + ")";
      }
      co_return nullptr;
    }
  }
  co_return connection;
}

template <class Stream>
net::awaitable<OutboundResponse> HttpsClient::Impl::round_trip(
    Stream& stream, Connection& connection, const http::request<http::string_body>& request,
    bool& keep) {
  OutboundResponse result;
  beast::error_code ec;
  connection.tcp().expires_after(config.request_timeout);
  co_await http::async_write(stream, request, net::redirect_error(net::use_awaitable, ec));
  if (ec) {
    result.error = describe("write", ec);
    co_return result;
  }
  http::response_parser<http::string_body> parser;
  parser.body_limit(config.max_response_bytes);
  co_await http::async_read(stream, connection.buffer, parser,
                            net::redirect_error(net::use_awaitable, ec));
  if (ec) {
    result.error = describe("read", ec);
    co_return result;
  }
  auto& response = parser.get();
  result.status = static_cast<int>(response.result_int());
  for (const auto& field : response) {
    std::string name(field.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    result.headers.emplace_back(std::move(name), std::string(field.value()));
  }
  result.body = std::move(response.body());
  keep = response.keep_alive();
  co_return result;
}

net::awaitable<OutboundResponse> HttpsClient::Impl::exchange(OutboundRequest request) {
  OutboundResponse result;
  auto url = parse_url(request.url);
  if (!url) {
    result.error = "not an http(s) URL";
    co_return result;
  }
  http::request<http::string_body> message;
  message.version(11);
  message.method_string(request.method);
  message.target(url->target);
  bool default_port = url->port == (url->tls ? "443" : "80");
  message.set(http::field::host, default_port ? url->host : url->host + ":" + url->port);
  message.set(http::field::user_agent, config.user_agent);
  for (const auto& [name, value] : request.headers) message.set(name, value);
  message.body() = std::move(request.body);
  message.prepare_payload();
  message.keep_alive(true);

  const std::string origin = origin_of(*url);
  // A reused connection may have been closed by the server while it sat idle:
  // then the request is sent once more on a new connection. (A server that
  // read the request and then closed without answering would see it twice;
  // the platforms close idle connections, not busy ones.)
  for (int attempt = 0; attempt < 2; ++attempt) {
    auto connection = attempt == 0 ? take_idle(origin) : nullptr;
    bool reused = connection != nullptr;
    if (!connection) {
      connection = co_await connect(*url, result.error);
      if (!connection) co_return result;
    }
    bool keep = false;
    if (connection->tls) {
      result = co_await round_trip(*connection->tls, *connection, message, keep);
    } else {
      result = co_await round_trip(*connection->plain, *connection, message, keep);
    }
    if (result.status == 0 && reused && result.error.find("timed out") == std::string::npos) {
      continue;
    }
    if (result.status != 0 && keep) put_idle(origin, std::move(connection));
    co_return result;
  }
  co_return result;
}

HttpsClient::HttpsClient(HttpsClientConfig config)
    : impl_(std::make_shared<Impl>(std::move(config))) {
  impl_->thread = std::thread([impl = impl_.get()] {
    name_background_thread("cb-https-client");
    auto work = net::make_work_guard(impl->ioc);
    impl->ioc.run();
  });
}

HttpsClient::~HttpsClient() {
  impl_->ioc.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

void HttpsClient::send(OutboundRequest request, ResponseHandler done) {
  auto impl = impl_;
  net::co_spawn(
      impl->ioc, impl->exchange(std::move(request)),
      [done = std::move(done)](const std::exception_ptr& failure, OutboundResponse response) {
        if (failure) {
          response = {};
          response.error = "internal error in the HTTP client";
        }
        done(std::move(response));
      });
}

}  // namespace careerbot
