#include "token_server.hpp"

#include "common.hpp"
#include "jwt.hpp"

#include <nlohmann/json.hpp>

#include <iostream>
#include <map>
#include <memory>
#include <mutex>

namespace stalebase::testkit {

namespace {

class TokenServer {
public:
  explicit TokenServer(const TokenOptions &options)
      : m_options(options), m_signer(options.key, options.cert),
        m_log(options.log) {
    if (!options.users_file.empty()) {
      const std::string text = read_file(options.users_file);
      for (const auto &line : split(text, '\n')) {
        const std::string entry = trim(line);
        const auto colon = entry.find(':');
        if (entry.empty() || colon == std::string::npos) {
          continue;
        }
        m_users[entry.substr(0, colon)] = entry.substr(colon + 1);
      }
    }
  }

  void handle_get(const httplib::Request &request,
                  httplib::Response &response) {
    std::string user;
    const std::string kind = auth_kind(request);
    std::string outcome;
    if (kind == "basic") {
      const auto decoded = base64_decode(
          trim(request.get_header_value("Authorization").substr(6)));
      const auto colon = decoded ? decoded->find(':') : std::string::npos;
      if (colon == std::string::npos ||
          !check_password(decoded->substr(0, colon),
                          decoded->substr(colon + 1))) {
        deny(response, 401, "UNAUTHORIZED", "authentication failed");
        log(request, kind, "-", response.status, "-");
        return;
      }
      user = decoded->substr(0, colon);
    } else if (kind != "no") {
      deny(response, 401, "UNAUTHORIZED",
           "only Basic authentication is accepted");
      log(request, kind, "-", response.status, "-");
      return;
    }
    if (request.get_param_value("service") != m_options.service) {
      deny(response, 400, "INVALID_REQUEST",
           "unknown service \"" + request.get_param_value("service") + "\"");
      log(request, kind, user, response.status, "-");
      return;
    }
    std::vector<std::string> scopes;
    for (std::size_t i = 0; i < request.get_param_value_count("scope"); ++i) {
      for (const auto &scope :
           split(request.get_param_value("scope", i), ' ')) {
        if (!scope.empty()) {
          scopes.push_back(scope);
        }
      }
    }
    const bool offline = request.get_param_value("offline_token") == "true";
    issue(response, user, scopes, offline && !user.empty(), false);
    log(request, kind, user, response.status, granted_text(user, scopes));
  }

  void handle_post(const httplib::Request &request,
                   httplib::Response &response) {
    std::map<std::string, std::string> form;
    for (const auto &[name, value] : parse_form(request.body)) {
      form[name] = value;
    }
    const std::string grant = form["grant_type"];
    std::string user;
    if (grant == "password") {
      if (!check_password(form["username"], form["password"])) {
        deny(response, 401, "UNAUTHORIZED", "authentication failed");
      } else {
        user = form["username"];
      }
    } else if (grant == "refresh_token") {
      const std::lock_guard<std::mutex> lock(m_mutex);
      const auto found = m_refresh_tokens.find(form["refresh_token"]);
      if (found == m_refresh_tokens.end()) {
        deny(response, 401, "UNAUTHORIZED", "unknown refresh token");
      } else {
        user = found->second;
      }
    } else {
      deny(response, 400, "UNSUPPORTED",
           "unsupported grant_type \"" + grant + "\"");
    }
    std::vector<std::string> scopes;
    for (const auto &scope : split(form["scope"], ' ')) {
      if (!scope.empty()) {
        scopes.push_back(scope);
      }
    }
    if (!user.empty()) {
      if (form["service"] != m_options.service) {
        deny(response, 400, "INVALID_REQUEST",
             "unknown service \"" + form["service"] + "\"");
        user.clear();
      } else {
        issue(response, user, scopes, grant == "password", true);
      }
    }
    m_log.write("token POST " + request.path + " grant_type=" +
                (grant.empty() ? "-" : grant) + " auth=" + auth_kind(request) +
                " user=" + (user.empty() ? "-" : user) +
                " status=" + std::to_string(response.status) + " granted=" +
                (user.empty() ? std::string("-") : granted_text(user, scopes)));
  }

private:
  bool check_password(const std::string &user, const std::string &password) {
    const auto found = m_users.find(user);
    return found != m_users.end() && found->second == password;
  }

  std::vector<Access> grant(const std::string &user,
                            const std::vector<std::string> &scopes) const {
    std::vector<Access> granted;
    for (const auto &scope : scopes) {
      Access asked = parse_scope(scope);
      if (asked.type.empty()) {
        continue;
      }
      Access given{asked.type, asked.name, {}};
      for (const auto &action : asked.actions) {
        const bool is_private =
            starts_with(asked.name, m_options.private_prefix);
        const bool allowed = !user.empty() || (asked.type == "repository" &&
                                               action == "pull" && !is_private);
        if (allowed) {
          given.actions.push_back(action);
        }
      }
      granted.push_back(given);
    }
    return granted;
  }

  std::string granted_text(const std::string &user,
                           const std::vector<std::string> &scopes) const {
    std::string text;
    for (const auto &access : grant(user, scopes)) {
      std::string actions;
      for (const auto &action : access.actions) {
        actions += (actions.empty() ? "" : ",") + action;
      }
      text += (text.empty() ? "" : ";") + access.type + ":" + access.name +
              ":" + (actions.empty() ? "-" : actions);
    }
    return text.empty() ? "-" : text;
  }

  void issue(httplib::Response &response,
             const std::string &user,
             const std::vector<std::string> &scopes,
             bool with_refresh,
             bool oauth) {
    const auto now = std::chrono::system_clock::now();
    const std::string token =
        m_signer.sign(make_claims(m_options.issuer, user, m_options.service,
                                  m_options.expires_in, grant(user, scopes)));
    nlohmann::json body = {{"access_token", token},
                           {"expires_in", m_options.expires_in},
                           {"issued_at", rfc3339(now)}};
    if (!oauth) {
      body["token"] = token;
    } else {
      std::string joined;
      for (const auto &scope : scopes) {
        joined += (joined.empty() ? "" : " ") + scope;
      }
      body["scope"] = joined;
    }
    if (with_refresh) {
      const std::string refresh = random_hex(24);
      {
        const std::lock_guard<std::mutex> lock(m_mutex);
        m_refresh_tokens[refresh] = user;
      }
      body["refresh_token"] = refresh;
    }
    response.status = 200;
    response.set_content(body.dump(), "application/json");
  }

  static void deny(httplib::Response &response,
                   int status,
                   const std::string &code,
                   const std::string &message) {
    response.status = status;
    if (status == 401) {
      response.set_header("WWW-Authenticate",
                          "Basic realm=\"stalebase-test-token-server\"");
    }
    const nlohmann::json body = {
        {"errors", {{{"code", code}, {"message", message}}}}};
    response.set_content(body.dump(), "application/json");
  }

  void log(const httplib::Request &request,
           const std::string &kind,
           const std::string &user,
           int status,
           const std::string &granted) {
    m_log.write("token " + request.method + " " + request.target +
                " auth=" + kind + " user=" + (user.empty() ? "-" : user) +
                " status=" + std::to_string(status) + " granted=" + granted);
  }

  TokenOptions m_options;
  TokenSigner m_signer;
  RequestLog m_log;
  std::map<std::string, std::string> m_users;
  std::mutex m_mutex;
  std::map<std::string, std::string> m_refresh_tokens;
};

int run_token_server(const TokenOptions &options) {
  block_termination_signals();
  TokenServer token_server(options);
  httplib::Server server;
  configure_server(server);
  server.Get("/token",
             [&](const httplib::Request &request, httplib::Response &response) {
               token_server.handle_get(request, response);
             });
  server.Post("/token", [&](const httplib::Request &request,
                            httplib::Response &response) {
    token_server.handle_post(request, response);
  });
  const int port =
      bind_server(server, options.listen.host, options.listen.port);
  if (!options.listen.port_file.empty()) {
    write_file_atomic(options.listen.port_file, std::to_string(port) + "\n");
  }
  std::cerr << "stalebase_testkit: token server on http://"
            << options.listen.host << ":" << port << "/token\n";
  start_watchdog(options.listen.max_lifetime, options.listen.exit_with_parent);
  return serve_until_done({&server}, 0);
}

void add_signing_options(CLI::App &command, TokenOptions &options) {
  command.add_option("--key", options.key, "PEM RSA private key")->required();
  command.add_option("--cert", options.cert, "PEM certificate of that key")
      ->required();
  command.add_option("--issuer", options.issuer, "iss claim");
  command.add_option("--service", options.service, "aud claim (the service)");
}

} // namespace

void setup_token_server_command(CLI::App &app) {
  auto options = std::make_shared<TokenOptions>();
  auto *command = app.add_subcommand(
      "token-server", "serve registry bearer tokens signed with --key");
  add_signing_options(*command, *options);
  add_listen_options(*command, options->listen);
  command->add_option("--users-file", options->users_file,
                      "file with \"user:password\" lines");
  command->add_option("--private-prefix", options->private_prefix,
                      "repositories with this prefix need a user "
                      "(default \"private/\")");
  command->add_option("--expires-in", options->expires_in,
                      "token lifetime in seconds (default 300)");
  command->add_option("--log", options->log, "request log file");
  command->callback(
      [options] { throw CLI::RuntimeError(run_token_server(*options)); });
}

void setup_mint_token_command(CLI::App &app) {
  auto options = std::make_shared<TokenOptions>();
  auto *command =
      app.add_subcommand("mint-token", "print one signed registry token");
  add_signing_options(*command, *options);
  command->add_option("--subject", options->subject, "sub claim");
  command->add_option("--scope", options->scopes,
                      "granted access, \"repository:NAME:pull,push\"");
  command->add_option("--lifetime", options->expires_in,
                      "seconds until exp; negative for an expired token");
  command->callback([options] {
    TokenSigner signer(options->key, options->cert);
    std::vector<Access> access;
    for (const auto &scope : options->scopes) {
      access.push_back(parse_scope(scope));
    }
    std::cout << signer.sign(make_claims(options->issuer, options->subject,
                                         options->service, options->expires_in,
                                         access))
              << "\n";
  });
}

} // namespace stalebase::testkit
