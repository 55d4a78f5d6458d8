#include "registry_client.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <regex>

namespace stalebase::testkit {

std::string HttpResponse::header(const std::string &name) const {
  const auto found = headers.find(name);
  return found == headers.end() ? std::string() : found->second;
}

Challenge parse_challenge(const std::string &value) {
  Challenge challenge;
  std::size_t i = value.find_first_not_of(' ');
  const std::size_t scheme_end = value.find(' ', i);
  challenge.scheme = to_lower(value.substr(i, scheme_end - i));
  if (scheme_end == std::string::npos) {
    return challenge;
  }
  i = scheme_end;
  while (i < value.size()) {
    while (i < value.size() && (value[i] == ' ' || value[i] == ',')) {
      ++i;
    }
    const std::size_t equals = value.find('=', i);
    if (equals == std::string::npos) {
      break;
    }
    const std::string name = to_lower(trim(value.substr(i, equals - i)));
    i = equals + 1;
    std::string param;
    if (i < value.size() && value[i] == '"') {
      ++i;
      while (i < value.size() && value[i] != '"') {
        if (value[i] == '\\' && i + 1 < value.size()) {
          ++i;
        }
        param += value[i++];
      }
      ++i;
    } else {
      const std::size_t end = value.find(',', i);
      param = trim(value.substr(i, end - i));
      i = end == std::string::npos ? value.size() : end;
    }
    challenge.params[name] = param;
  }
  return challenge;
}

std::string scope_for(const std::string &method, const std::string &target) {
  static const std::regex k_repository("^/v2/(.+)/(manifests|blobs|tags)/.*$");
  std::smatch match;
  const std::string path = target.substr(0, target.find('?'));
  if (!std::regex_match(path, match, k_repository)) {
    return {};
  }
  const std::string name = match[1].str();
  const bool write = method != "GET" && method != "HEAD";
  return "repository:" + name + (write ? ":pull,push" : ":pull");
}

RegistryClient::RegistryClient(const std::string &base_url,
                               ClientAuth auth,
                               double timeout_seconds)
    : m_base(require_url(base_url, "registry URL")), m_auth(std::move(auth)),
      m_timeout(timeout_seconds) {}

httplib::Client &RegistryClient::client_for(const Url &url) {
  const std::string origin = url.origin();
  auto &slot = m_clients[origin];
  if (!slot) {
    slot = std::make_unique<httplib::Client>(origin);
    slot->set_keep_alive(true);
    slot->set_tcp_nodelay(true);
    slot->set_follow_location(false);
    slot->set_url_encode(false);
    slot->set_decompress(false);
    const auto seconds = static_cast<time_t>(std::floor(m_timeout));
    const auto micros =
        static_cast<time_t>((m_timeout - std::floor(m_timeout)) * 1e6);
    slot->set_connection_timeout(seconds, micros);
    slot->set_read_timeout(seconds, micros);
    slot->set_write_timeout(seconds, micros);
  }
  return *slot;
}

HttpResponse RegistryClient::send_url(const std::string &method,
                                      const std::string &url,
                                      const httplib::Headers &headers,
                                      const std::string &body) {
  const Url parsed = require_url(url, "request URL");
  httplib::Request request;
  request.method = method;
  request.path = parsed.target;
  request.headers = headers;
  request.body = body;
  if (!body.empty() && !request.has_header("Content-Type")) {
    request.set_header("Content-Type", "application/octet-stream");
  }
  auto result = client_for(parsed).send(request);
  if (!result) {
    const auto error = result.error();
    if (error == httplib::Error::Read) {
      throw Failure(method + " " + url +
                    " failed: timeout or connection "
                    "closed while reading the answer");
    }
    throw Failure(method + " " + url + " failed: " + httplib::to_string(error));
  }
  return HttpResponse{result->status, result->headers, result->body};
}

std::optional<std::string>
RegistryClient::fetch_token(const Challenge &challenge,
                            const std::string &scope) {
  const auto realm = challenge.params.find("realm");
  if (realm == challenge.params.end()) {
    return std::nullopt;
  }
  std::string url = resolve_reference(m_base, realm->second);
  url += url.find('?') == std::string::npos ? "?" : "&";
  const auto service = challenge.params.find("service");
  if (service != challenge.params.end()) {
    url += "service=" + url_encode_component(service->second);
  }
  const auto challenge_scope = challenge.params.find("scope");
  const std::string asked = challenge_scope != challenge.params.end()
                                ? challenge_scope->second
                                : scope;
  for (const auto &one : split(asked, ' ')) {
    if (!one.empty()) {
      url += "&scope=" + url_encode_component(one);
    }
  }
  httplib::Headers headers;
  if (!m_auth.user.empty()) {
    headers.emplace("Authorization",
                    "Basic " +
                        base64_encode(m_auth.user + ":" + m_auth.password));
  }
  const HttpResponse answer = send_url("GET", url, headers, {});
  if (answer.status != 200) {
    return std::nullopt;
  }
  const auto json = nlohmann::json::parse(answer.body, nullptr, false);
  if (!json.is_object()) {
    return std::nullopt;
  }
  for (const char *key : {"token", "access_token"}) {
    if (json.contains(key) && json[key].is_string()) {
      return json[key].get<std::string>();
    }
  }
  return std::nullopt;
}

HttpResponse RegistryClient::send(const std::string &method,
                                  const std::string &target,
                                  const httplib::Headers &headers,
                                  const std::string &body,
                                  const std::string &scope) {
  const std::string wanted_scope =
      scope.empty() ? scope_for(method, target) : scope;
  const std::string url = m_base.origin() + target;
  auto with_auth = [&](const std::string &authorization) {
    httplib::Headers all = headers;
    if (!authorization.empty()) {
      all.emplace("Authorization", authorization);
    }
    return send_url(method, url, all, body);
  };
  std::string authorization;
  if (!m_auth.bearer_token.empty()) {
    authorization = "Bearer " + m_auth.bearer_token;
  } else if (!m_basic_authorization.empty()) {
    authorization = m_basic_authorization;
  } else {
    const auto cached = m_authorization_by_scope.find(wanted_scope);
    if (cached != m_authorization_by_scope.end()) {
      authorization = cached->second;
    }
  }
  HttpResponse response = with_auth(authorization);
  if (response.status != 401 || !m_auth.follow_challenges ||
      !m_auth.bearer_token.empty()) {
    return response;
  }
  const Challenge challenge =
      parse_challenge(response.header("WWW-Authenticate"));
  if (challenge.scheme == "basic") {
    if (m_auth.user.empty()) {
      return response;
    }
    m_basic_authorization =
        "Basic " + base64_encode(m_auth.user + ":" + m_auth.password);
    return with_auth(m_basic_authorization);
  }
  if (challenge.scheme == "bearer") {
    const auto token = fetch_token(challenge, wanted_scope);
    if (!token) {
      return response;
    }
    m_authorization_by_scope[wanted_scope] = "Bearer " + *token;
    return with_auth("Bearer " + *token);
  }
  return response;
}

} // namespace stalebase::testkit
