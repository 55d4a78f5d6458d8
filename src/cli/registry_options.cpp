#include "stalebase/cli/registry_options.hpp"

#include "stalebase/config/duration.hpp"
#include "stalebase/registry/url.hpp"
#include "stalebase/util/error.hpp"
#include "stalebase/util/strings.hpp"

#include <spdlog/spdlog.h>

namespace stalebase::cli {

void add_registry_options(CLI::App &command, RegistryOptions &options) {
  command
      .add_option("--jobs", options.jobs,
                  "Requests in flight at once per registry host (default " +
                      std::to_string(registry::k_default_jobs_per_host) +
                      "; halved for a host that answers 429 or 503)")
      ->check(CLI::Range(1, 64));
  command
      .add_option("--registry-mirror", options.mirrors,
                  "Send requests for HOST to URL instead, e.g. "
                  "docker.io=http://127.0.0.1:5000 "
                  "(repeatable)")
      ->type_name("HOST=URL")
      ->allow_extra_args(false);
  command.add_flag("--mirror-only", options.mirror_only,
                   "Never ask a registry that has a mirror, only its mirror "
                   "(air-gapped CI)");
  command
      .add_option("--insecure-registry", options.insecure_registries,
                  "Allow plain http (and credentials over it) for "
                  "HOST[:PORT] (repeatable)")
      ->type_name("HOST")
      ->allow_extra_args(false);
  command
      .add_option("--authfile", options.authfile,
                  "Credentials file (docker config.json or containers "
                  "auth.json format)")
      ->type_name("FILE");
  command
      .add_option("--platform", options.platforms,
                  "Platform os/arch[/variant] (repeatable)")
      ->type_name("OS/ARCH[/VARIANT]")
      ->allow_extra_args(false);
  command
      .add_option("--connect-timeout", options.connect_timeout,
                  "Connect timeout per request (default 10s)")
      ->type_name("DURATION");
  command
      .add_option("--request-timeout", options.request_timeout,
                  "Total timeout per request (default 60s)")
      ->type_name("DURATION");
  command
      .add_option("--deadline", options.deadline,
                  "Give up on whatever is not done after this long, e.g. 5m")
      ->type_name("DURATION");
  command.add_flag(
      "--insecure-skip-tls-verify", options.skip_tls_verify,
      "Do not verify TLS certificates (separate from --insecure-registry)");
}

std::chrono::milliseconds parse_duration(const std::string &flag,
                                         const std::string &text) {
  auto duration = config::parse_duration(text);
  if (!duration) {
    throw Error("invalid " + flag + ": " + duration.error());
  }
  return *duration;
}

std::map<std::string, std::string>
parse_mirrors(const RegistryOptions &options) {
  std::map<std::string, std::string> mirrors;
  for (const auto &mirror : options.mirrors) {
    const std::size_t eq = mirror.find('=');
    if (eq == std::string::npos || eq == 0 ||
        !registry::parse_url(mirror.substr(eq + 1))) {
      throw Error("invalid --registry-mirror \"" + mirror +
                  "\": expected HOST=URL");
    }
    mirrors[util::ascii_lower(mirror.substr(0, eq))] = mirror.substr(eq + 1);
  }
  return mirrors;
}

std::vector<reference::Platform>
parse_platforms(const RegistryOptions &options) {
  std::vector<reference::Platform> platforms;
  for (const auto &text : options.platforms) {
    auto platform = reference::parse_platform(text);
    if (!platform) {
      throw Error(platform.error());
    }
    platforms.push_back(*platform);
  }
  return platforms;
}

Expected<std::optional<registry::Credentials>, std::string>
OverridingCredentials::find(std::string_view registry,
                            std::string_view repository) {
  if (const auto it = m_overrides.find(std::string(registry));
      it != m_overrides.end()) {
    return std::optional<registry::Credentials>(it->second);
  }
  return m_fallback.find(registry, repository);
}

RegistrySession::~RegistrySession() {
  if (!client) {
    return;
  }
  for (const auto &[host, counts] : client->manifest_requests()) {
    spdlog::info("{}: {} manifest GET{} (pull quota), {} manifest HEAD{}", host,
                 counts.gets, counts.gets == 1 ? "" : "s", counts.heads,
                 counts.heads == 1 ? "" : "s");
  }
  // Only `image` reads blobs (configs, provenance statements).
  for (const auto &[host, count] : client->blob_requests()) {
    spdlog::info("{}: {} blob GET{}", host, count, count == 1 ? "" : "s");
  }
}

std::unique_ptr<RegistrySession> open_registry_session(
    const RegistryOptions &options,
    std::map<std::string, registry::Credentials> credential_overrides) {
  registry::RegistryClientOptions client_options;
  client_options.mirrors = parse_mirrors(options);
  client_options.mirror_only = options.mirror_only_registries;
  if (options.mirror_only) {
    if (client_options.mirrors.empty()) {
      throw Error("--mirror-only needs a mirror: give --registry-mirror or "
                  "a \"mirror\" in your configuration");
    }
    for (const auto &[host, url] : client_options.mirrors) {
      client_options.mirror_only.insert(host);
    }
  }
  for (const auto &host : options.insecure_registries) {
    if (host.empty() || host.find('/') != std::string::npos) {
      throw Error("invalid --insecure-registry \"" + host +
                  "\": expected HOST or HOST:PORT");
    }
    client_options.insecure_registries.insert(util::ascii_lower(host));
  }
  client_options.verify_tls = !options.skip_tls_verify;
  client_options.ca_files = options.ca_files;
  client_options.request_timeout =
      parse_duration("--request-timeout", options.request_timeout);
  if (!options.authfile.empty()) {
    // A named auth file that cannot be read is a configuration error, not a
    // failed look-up.
    const auto read = registry::read_file_if_exists(options.authfile);
    if (!read || !*read) {
      throw Error("cannot read auth file \"" + options.authfile + "\"");
    }
  }
  auto session = std::make_unique<RegistrySession>();
  if (!options.deadline.empty()) {
    client_options.deadline =
        session->clock.now() + parse_duration("--deadline", options.deadline);
  }

  registry::CurlHttpClientOptions http_options;
  http_options.connect_timeout =
      parse_duration("--connect-timeout", options.connect_timeout);
  http_options.max_per_host = options.jobs;
  session->http = std::make_unique<registry::CurlHttpClient>(http_options);
  // The run's deadline bounds credential helpers too (each has 30 s).
  session->helpers = std::make_unique<registry::ProcessCredentialHelperRunner>(
      std::chrono::seconds(30), std::string(), client_options.deadline);
  session->credentials = std::make_unique<registry::CredentialStore>(
      registry::credential_sources(
          options.authfile.empty()
              ? std::nullopt
              : std::optional<std::string>(options.authfile),
          util::process_env),
      *session->helpers);
  session->overrides = std::make_unique<OverridingCredentials>(
      std::move(credential_overrides), *session->credentials);
  session->client = std::make_unique<registry::RegistryClient>(
      *session->http, *session->overrides, session->clock, client_options);
  return session;
}

} // namespace stalebase::cli
