#include "proxy.hpp"

#include "common.hpp"
#include "fault_rule.hpp"
#include "jwt.hpp"
#include "registry_client.hpp"
#include "server_util.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <mutex>
#include <thread>

namespace stalebase::testkit {

namespace {

struct ProxyOptions {
  std::string upstream;
  std::vector<std::string> routes;
  std::vector<std::string> faults;
  int latency_ms = 0;
  std::string log;
  std::string env_file;
  std::string redirect_credentials_file;
  std::string cross_host = "127.0.0.2";
  bool strict_token_expiry = false;
  double upstream_timeout = 60.0;
  int paginate_tags = 0;
  int max_page_size = 0;
  ListenOptions listen;
  std::vector<std::string> command;
};

struct Route {
  std::string prefix;
  Url url;
};

bool is_hop_by_hop(const std::string &lower_name) {
  return lower_name == "connection" || lower_name == "keep-alive" ||
         lower_name == "transfer-encoding" || lower_name == "content-length" ||
         lower_name == "proxy-connection" || lower_name == "upgrade" ||
         lower_name == "te" || lower_name == "trailer" ||
         lower_name == "remote_addr" || lower_name == "remote_port" ||
         lower_name == "local_addr" || lower_name == "local_port";
}

std::string error_code_for(int status) {
  switch (status) {
  case 401:
    return "UNAUTHORIZED";
  case 403:
    return "DENIED";
  case 404:
    return "NAME_UNKNOWN";
  case 429:
    return "TOOMANYREQUESTS";
  case 503:
    return "UNAVAILABLE";
  default:
    return "UNKNOWN";
  }
}

void replace_all(std::string &text,
                 const std::string &from,
                 const std::string &to) {
  if (from.empty()) {
    return;
  }
  for (auto at = text.find(from); at != std::string::npos;
       at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

class Proxy {
public:
  explicit Proxy(const ProxyOptions &options)
      : m_options(options), m_log(options.log),
        m_upstream(require_url(options.upstream, "upstream")) {
    for (const auto &route : options.routes) {
      const auto equals = route.find('=');
      if (equals == std::string::npos || route[0] != '/') {
        throw Failure("route \"" + route + "\" is not \"/PREFIX=URL\"");
      }
      m_routes.push_back({route.substr(0, equals),
                          require_url(route.substr(equals + 1), "route")});
    }
    for (const auto &text : options.faults) {
      m_rules.push_back(parse_fault_rule(text));
    }
    if (!options.redirect_credentials_file.empty()) {
      const auto [user, password] =
          read_credentials_file(options.redirect_credentials_file);
      m_redirect_authorization =
          "Basic " + base64_encode(user + ":" + password);
    }
  }

  void set_origins(const std::string &self,
                   const std::string &other,
                   const std::string &cross) {
    m_self = self;
    m_other = other;
    m_cross = cross;
  }

  void handle_main(const httplib::Request &request,
                   httplib::Response &response) {
    const auto started = std::chrono::steady_clock::now();
    if (m_options.latency_ms > 0) {
      std::this_thread::sleep_for(
          std::chrono::milliseconds(m_options.latency_ms));
    }
    const int rule_index = pick_rule(request);
    const FaultRule *rule = rule_index >= 0
                                ? &m_rules[static_cast<std::size_t>(rule_index)]
                                : nullptr;
    std::string fault = rule != nullptr ? std::to_string(rule_index + 1) : "-";
    if (rule != nullptr && rule->delay_ms > 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(rule->delay_ms));
    }
    if (m_options.strict_token_expiry && token_expired(request)) {
      answer_unauthorized(request, response, true);
      fault = "expired-token";
    } else if (rule != nullptr && rule->status != 0) {
      answer_status(request, *rule, response);
    } else if (rule != nullptr && rule->redirect != 0) {
      response.status = rule->redirect;
      response.set_header("Location",
                          (rule->redirect_to == "cross" ? m_cross : m_other) +
                              request.target);
    } else if (rule != nullptr && rule->unauthorized) {
      answer_unauthorized(request, response, false);
    } else if (m_options.max_page_size > 0 && is_tag_list(request) &&
               request.has_param("n") &&
               std::atol(request.get_param_value("n").c_str()) >
                   m_options.max_page_size) {
      response.status = 400;
      const nlohmann::json body = {
          {"errors",
           {{{"code", "PAGINATION_NUMBER_INVALID"},
             {"message", "invalid number of results requested"},
             {"detail", {{"n", request.get_param_value("n")}}}}}}};
      response.set_content(body.dump(), "application/json");
    } else {
      HttpResponse upstream = forward(request, false, {});
      if (m_options.paginate_tags > 0 && is_tag_list(request)) {
        paginate(request, upstream);
      }
      rewrite_origins(upstream);
      if (rule != nullptr) {
        apply_after(request, *rule, upstream);
      }
      copy_response(request, upstream, response);
    }
    log("main", request, response.status, fault, started);
  }

  void handle_side(const std::string &label,
                   const httplib::Request &request,
                   httplib::Response &response) {
    const auto started = std::chrono::steady_clock::now();
    HttpResponse upstream =
        forward(request, false,
                request.has_header("Authorization") ? std::string()
                                                    : m_redirect_authorization);
    copy_response(request, upstream, response);
    log(label, request, response.status, "-", started);
  }

private:
  static bool is_tag_list(const httplib::Request &request) {
    const std::string &path = request.path;
    const std::string suffix = "/tags/list";
    return request.method == "GET" && starts_with(path, "/v2/") &&
           path.size() > suffix.size() &&
           path.compare(path.size() - suffix.size(), suffix.size(), suffix) ==
               0;
  }

  // Serves one page of the upstream's whole tag list, sorted, as
  // distribution 3 and Docker Hub do (docker-registry 2.8 ignores n and
  // last): n tags after `last`, and a Link to the next page if any remain.
  void paginate(const httplib::Request &request, HttpResponse &upstream) const {
    if (upstream.status != 200) {
      return;
    }
    auto json = nlohmann::json::parse(upstream.body, nullptr, false);
    if (!json.is_object() || !json.contains("tags") ||
        !json["tags"].is_array()) {
      return;
    }
    std::vector<std::string> tags;
    for (const auto &tag : json["tags"]) {
      if (tag.is_string()) {
        tags.push_back(tag.get<std::string>());
      }
    }
    std::sort(tags.begin(), tags.end());
    const long asked = request.has_param("n")
                           ? std::atol(request.get_param_value("n").c_str())
                           : 0;
    const auto size = static_cast<std::size_t>(
        asked > 0 ? asked : static_cast<long>(m_options.paginate_tags));
    const std::string last = request.get_param_value("last");
    auto first = last.empty()
                     ? tags.begin()
                     : std::upper_bound(tags.begin(), tags.end(), last);
    const auto remaining = static_cast<std::size_t>(tags.end() - first);
    const auto end =
        first + static_cast<std::ptrdiff_t>(std::min(size, remaining));
    json["tags"] = std::vector<std::string>(first, end);
    upstream.body = json.dump();
    upstream.headers.erase("Link");
    upstream.headers.erase("Content-Type");
    upstream.headers.emplace("Content-Type", "application/json; charset=utf-8");
    if (end != tags.end()) {
      upstream.headers.emplace(
          "Link", "<" + request.path +
                      "?last=" + url_encode_component(*(end - 1)) +
                      "&n=" + std::to_string(size) + ">; rel=\"next\"");
    }
  }

  int pick_rule(const httplib::Request &request) {
    const std::lock_guard<std::mutex> lock(m_mutex);
    for (std::size_t i = 0; i < m_rules.size(); ++i) {
      FaultRule &rule = m_rules[i];
      if (!rule.method.empty() && rule.method != request.method) {
        continue;
      }
      if (rule.path && !std::regex_search(request.target, *rule.path)) {
        continue;
      }
      const long seen = rule.seen++;
      if (seen < rule.skip) {
        return -1;
      }
      if (rule.times >= 0 && seen >= rule.skip + rule.times) {
        continue;
      }
      if ((seen - rule.skip + 1) % rule.every != 0) {
        continue; // not its turn: the next rule may act
      }
      return static_cast<int>(i);
    }
    return -1;
  }

  static bool token_expired(const httplib::Request &request) {
    const std::string value = request.get_header_value("Authorization");
    if (!starts_with(to_lower(value), "bearer ")) {
      return false;
    }
    const long long exp = token_expiry(trim(value.substr(7)));
    return exp >= 0 && exp < unix_now();
  }

  httplib::Client &client_for(const Url &url) {
    thread_local std::map<std::string, std::unique_ptr<httplib::Client>>
        clients;
    auto &slot = clients[url.origin()];
    if (!slot) {
      slot = std::make_unique<httplib::Client>(url.origin());
      slot->set_keep_alive(true);
      slot->set_tcp_nodelay(true);
      slot->set_follow_location(false);
      slot->set_url_encode(false);
      slot->set_decompress(false);
      const auto seconds = static_cast<time_t>(m_options.upstream_timeout);
      slot->set_connection_timeout(seconds);
      slot->set_read_timeout(seconds);
      slot->set_write_timeout(seconds);
    }
    return *slot;
  }

  HttpResponse forward(const httplib::Request &request,
                       bool strip_auth,
                       const std::string &inject_auth) {
    const Url *target = &m_upstream;
    for (const auto &route : m_routes) {
      if (starts_with(request.path, route.prefix)) {
        target = &route.url;
        break;
      }
    }
    httplib::Request out;
    out.method = request.method;
    out.path = request.target;
    for (const auto &[name, value] : request.headers) {
      const std::string lower = to_lower(name);
      if (is_hop_by_hop(lower) || (strip_auth && lower == "authorization")) {
        continue;
      }
      out.headers.emplace(name, value);
    }
    if (!inject_auth.empty()) {
      out.headers.emplace("Authorization", inject_auth);
    }
    out.body = request.body;
    auto result = client_for(*target).send(out);
    if (!result) {
      const nlohmann::json body = {
          {"errors",
           {{{"code", "UNAVAILABLE"},
             {"message",
              "stalebase_testkit proxy: upstream " + target->origin() +
                  " failed: " + httplib::to_string(result.error())}}}}};
      HttpResponse failed{
          502, {{"Content-Type", "application/json"}}, body.dump()};
      return failed;
    }
    return HttpResponse{result->status, result->headers, result->body};
  }

  void rewrite_origins(HttpResponse &response) const {
    for (auto &[name, value] : response.headers) {
      const std::string lower = to_lower(name);
      if (lower != "www-authenticate" && lower != "location" &&
          lower != "link") {
        continue;
      }
      replace_all(value, m_upstream.origin(), m_self);
      for (const auto &route : m_routes) {
        replace_all(value, route.url.origin(), m_self);
      }
    }
  }

  static void set_body(httplib::Response &response,
                       const std::string &body,
                       const std::string &content_type) {
    if (content_type.empty()) {
      response.body = body;
    } else {
      response.set_content(body, content_type);
    }
  }

  static void copy_response(const httplib::Request &request,
                            const HttpResponse &upstream,
                            httplib::Response &response) {
    response.status = upstream.status;
    std::string content_type;
    std::string content_length;
    for (const auto &[name, value] : upstream.headers) {
      const std::string lower = to_lower(name);
      if (lower == "content-length") {
        content_length = value;
      } else if (lower == "content-type") {
        content_type = value;
      } else if (!is_hop_by_hop(lower)) {
        response.headers.emplace(name, value);
      }
    }
    if (request.method == "HEAD") {
      const std::size_t length =
          content_length.empty() ? 0 : std::stoul(content_length);
      if (length > 0) {
        // A HEAD answer keeps the upstream's Content-Length; httplib never
        // calls the provider for HEAD.
        response.set_content_provider(
            length, content_type,
            [](std::size_t, std::size_t, httplib::DataSink &) {
              return false;
            });
      } else if (!content_type.empty()) {
        response.set_header("Content-Type", content_type);
      }
      return;
    }
    if (upstream.body.empty()) {
      if (!content_type.empty()) {
        response.set_header("Content-Type", content_type);
      }
      return;
    }
    set_body(response, upstream.body, content_type);
  }

  void answer_status(const httplib::Request &request,
                     const FaultRule &rule,
                     httplib::Response &response) const {
    response.status = rule.status;
    if (rule.retry_after >= 0) {
      response.set_header(
          "Retry-After", rule.retry_after_date
                             ? http_date(std::chrono::system_clock::now() +
                                         std::chrono::seconds(rule.retry_after))
                             : std::to_string(rule.retry_after));
    }
    if (rule.status == 401) {
      response.set_header("WWW-Authenticate",
                          "Basic realm=\"stalebase-testkit-proxy\"");
    }
    for (const auto &[name, value] : rule.set_headers) {
      response.set_header(name, value);
    }
    const nlohmann::json body = {
        {"errors",
         {{{"code", error_code_for(rule.status)},
           {"message", "injected by the stalebase_testkit proxy"}}}}};
    (void)request;
    response.set_content(body.dump(), "application/json");
  }

  void answer_unauthorized(const httplib::Request &request,
                           httplib::Response &response,
                           bool invalid_token) {
    HttpResponse upstream = forward(request, true, {});
    rewrite_origins(upstream);
    if (upstream.status != 401) {
      upstream.status = 401;
      upstream.headers.clear();
      upstream.headers.emplace("WWW-Authenticate",
                               "Basic realm=\"stalebase-testkit-proxy\"");
      upstream.headers.emplace("Content-Type", "application/json");
      upstream.body =
          R"({"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]})";
    }
    if (invalid_token) {
      for (auto &[name, value] : upstream.headers) {
        if (to_lower(name) == "www-authenticate" &&
            starts_with(to_lower(value), "bearer ")) {
          value += ",error=\"invalid_token\"";
        }
      }
    }
    copy_response(request, upstream, response);
  }

  void apply_after(const httplib::Request &request,
                   const FaultRule &rule,
                   HttpResponse &upstream) const {
    for (const auto &name : rule.drop_headers) {
      upstream.headers.erase(name);
    }
    for (const auto &[name, value] : rule.set_headers) {
      upstream.headers.erase(name);
      upstream.headers.emplace(name, value);
    }
    if (rule.bad_digest &&
        upstream.headers.count("Docker-Content-Digest") != 0) {
      upstream.headers.erase("Docker-Content-Digest");
      upstream.headers.emplace("Docker-Content-Digest",
                               sha256_digest("stalebase_testkit wrong digest"));
    }
    if (!rule.link.empty()) {
      rewrite_link(request, rule.link, upstream);
    }
    if (!rule.garbage.empty() && request.method != "HEAD") {
      if (rule.garbage == "truncated") {
        upstream.body = upstream.body.substr(0, upstream.body.size() / 2);
      } else if (rule.garbage == "html") {
        upstream.body = "<html><body><h1>502 Bad Gateway</h1></body></html>\n";
      } else if (rule.garbage == "binary") {
        upstream.body =
            std::string("\x1f\x8b\xff\xfe\x00\x01 not json \xc3\x28", 18);
      } else if (rule.garbage == "wrong-shape") {
        upstream.body =
            R"({"name":7,"tags":"not a list","manifests":{"a":1},"schemaVersion":"two"})";
      } else {
        upstream.body.clear();
      }
    }
  }

  void rewrite_link(const httplib::Request &request,
                    const std::string &mode,
                    HttpResponse &upstream) const {
    const std::string link = upstream.header("Link");
    upstream.headers.erase("Link");
    if (mode == "drop" || link.empty()) {
      return;
    }
    const auto open = link.find('<');
    const auto close = link.find('>', open);
    if (open == std::string::npos || close == std::string::npos) {
      return;
    }
    std::string next = link.substr(open + 1, close - open - 1);
    const std::string rest = link.substr(close + 1);
    if (next.find("://") != std::string::npos) {
      next = require_url(next, "Link").target;
    }
    std::string rewritten;
    if (mode == "relative") {
      const std::string path = request.path;
      const std::string directory = path.substr(0, path.rfind('/') + 1);
      rewritten =
          starts_with(next, directory) ? next.substr(directory.size()) : next;
    } else if (mode == "absolute") {
      rewritten = m_self + next;
    } else if (mode == "cross-host") {
      rewritten = m_cross + next;
    } else if (mode == "cross-scheme") {
      rewritten = "https" + m_self.substr(4) + next;
    } else {
      rewritten = request.target;
    }
    upstream.headers.emplace("Link", "<" + rewritten + ">" + rest);
  }

  void log(const std::string &label,
           const httplib::Request &request,
           int status,
           const std::string &fault,
           std::chrono::steady_clock::time_point started) {
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now() - started)
                        .count();
    m_log.write(label + " " + request.method + " " + request.target + " auth=" +
                auth_kind(request) + " status=" + std::to_string(status) +
                " fault=" + fault + " ms=" + std::to_string(ms));
  }

  ProxyOptions m_options;
  RequestLog m_log;
  Url m_upstream;
  std::vector<Route> m_routes;
  std::vector<FaultRule> m_rules;
  std::mutex m_mutex;
  std::string m_redirect_authorization;
  std::string m_self;
  std::string m_other;
  std::string m_cross;
};

void route_everything(httplib::Server &server,
                      const std::function<void(const httplib::Request &,
                                               httplib::Response &)> &handler) {
  const std::string any = ".*";
  server.Get(any, handler);
  server.Post(any, handler);
  server.Put(any, handler);
  server.Patch(any, handler);
  server.Delete(any, handler);
  server.Options(any, handler);
}

int run_proxy(const ProxyOptions &options) {
  block_termination_signals();
  Proxy proxy(options);
  httplib::Server main_server;
  httplib::Server other_server;
  httplib::Server cross_server;
  for (auto *server : {&main_server, &other_server, &cross_server}) {
    configure_server(*server);
  }
  route_everything(main_server, [&](const httplib::Request &request,
                                    httplib::Response &response) {
    proxy.handle_main(request, response);
  });
  route_everything(other_server, [&](const httplib::Request &request,
                                     httplib::Response &response) {
    proxy.handle_side("other", request, response);
  });
  route_everything(cross_server, [&](const httplib::Request &request,
                                     httplib::Response &response) {
    proxy.handle_side("cross", request, response);
  });
  const std::string host = options.listen.host;
  const int port = bind_server(main_server, host, options.listen.port);
  const int other_port = bind_server(other_server, host, 0);
  std::vector<httplib::Server *> servers = {&main_server, &other_server};
  std::string cross_origin = "http://" + options.cross_host + ":0";
  try {
    const int cross_port = bind_server(cross_server, options.cross_host, 0);
    cross_origin =
        "http://" + options.cross_host + ":" + std::to_string(cross_port);
    servers.push_back(&cross_server);
  } catch (const Failure &e) {
    std::cerr << "stalebase_testkit: warning: no cross-host listener: "
              << e.what() << "\n";
  }
  const std::string self = "http://" + host + ":" + std::to_string(port);
  const std::string other = "http://" + host + ":" + std::to_string(other_port);
  proxy.set_origins(self, other, cross_origin);

  const std::vector<std::pair<std::string, std::string>> variables = {
      {"PROXY_URL", self},
      {"PROXY_HOST", host + ":" + std::to_string(port)},
      {"PROXY_PORT", std::to_string(port)},
      {"PROXY_OTHER_URL", other},
      {"PROXY_OTHER_PORT", std::to_string(other_port)},
      {"PROXY_CROSS_URL", cross_origin},
      {"PROXY_LOG", options.log}};
  if (!options.env_file.empty()) {
    std::string text;
    for (const auto &[name, value] : variables) {
      text += name + "=" + value + "\n";
    }
    write_file_atomic(options.env_file, text);
  }
  if (!options.listen.port_file.empty()) {
    write_file_atomic(options.listen.port_file, std::to_string(port) + "\n");
  }
  start_watchdog(options.listen.max_lifetime, options.listen.exit_with_parent);
  const int child =
      options.command.empty() ? 0 : spawn_command(options.command, variables);
  return serve_until_done(servers, child);
}

} // namespace

std::vector<std::string> &trailing_command() {
  static std::vector<std::string> command;
  return command;
}

void set_trailing_command(std::vector<std::string> command) {
  trailing_command() = std::move(command);
}

void setup_proxy_command(CLI::App &app) {
  auto options = std::make_shared<ProxyOptions>();
  auto *command = app.add_subcommand(
      "proxy", "fault-injecting proxy in front of a registry");
  command
      ->add_option("--upstream", options->upstream,
                   "registry to forward to, http://127.0.0.1:PORT")
      ->required();
  command->add_option("--route", options->routes,
                      "forward targets under /PREFIX to URL instead: "
                      "/PREFIX=URL (repeatable)");
  command->add_option("--fault", options->faults,
                      "fault rule (repeatable; the first that selects a "
                      "request acts on it)");
  command->add_option("--latency", options->latency_ms,
                      "milliseconds added to every request");
  command->add_option("--log", options->log, "request log file");
  command->add_option("--env-file", options->env_file,
                      "write PROXY_* variables to this file once listening");
  command->add_option("--redirect-credentials",
                      options->redirect_credentials_file,
                      "file with \"user:password\" that the side listeners "
                      "add upstream when a request came without "
                      "Authorization (like a pre-signed URL)");
  command->add_option("--cross-host", options->cross_host,
                      "loopback address of the cross-host listener "
                      "(default 127.0.0.2)");
  command->add_flag("--strict-token-expiry", options->strict_token_expiry,
                    "answer 401 invalid_token to Bearer tokens past their exp "
                    "(the registry itself allows 60 s of leeway)");
  command->add_option("--upstream-timeout", options->upstream_timeout,
                      "seconds to wait for the upstream (default 60)");
  command->add_option("--paginate-tags", options->paginate_tags,
                      "serve tags/list in sorted pages of n (default this "
                      "many) with Link headers, as docker-registry 2.8 "
                      "does not");
  command->add_option("--max-page-size", options->max_page_size,
                      "answer 400 PAGINATION_NUMBER_INVALID to tags/list "
                      "with a larger n");
  add_listen_options(*command, options->listen);
  command->footer("A command after -- runs with PROXY_* set; the proxy stops "
                  "when it ends and exits with its status.");
  command->callback([options] {
    options->command = trailing_command();
    throw CLI::RuntimeError(run_proxy(*options));
  });
}

} // namespace stalebase::testkit
