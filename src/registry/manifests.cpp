#include "registry/manifests.hpp"

#include "stalebase/registry/digest.hpp"
#include "stalebase/registry/manifest.hpp"

#include "registry/registry_errors.hpp"

#include <spdlog/spdlog.h>

#include <cstdlib>

namespace stalebase::registry {

namespace {

using reference::ImageReference;
using reference::ManifestReference;

HttpRequest manifest_request(HttpMethod method) {
  HttpRequest request;
  request.method = method;
  request.headers.emplace_back("Accept", manifest_accept_header());
  request.max_body_bytes =
      method == HttpMethod::head ? k_max_error_body : k_max_manifest_body;
  return request;
}

} // namespace

Manifests::Manifests(AuthenticatedRequests &requests) : m_requests(requests) {}

void Manifests::note_rate_limit(const Endpoint &endpoint,
                                const HttpResponse &response) {
  const auto limit = response.header("ratelimit-limit");
  const auto remaining = response.header("ratelimit-remaining");
  if (!limit && !remaining) {
    return;
  }
  spdlog::debug("{}: rate limit {}, remaining {}", endpoint.registry,
                limit.value_or("?"), remaining.value_or("?"));
  if (remaining && remaining->substr(0, remaining->find(';')) == "0") {
    std::lock_guard lock(m_pull_limited_mutex);
    m_pull_limited.insert(state_key(endpoint));
  }
}

void Manifests::count(const Endpoint &endpoint, HttpMethod method) {
  std::lock_guard lock(m_counts_mutex);
  ManifestRequestCount &counts = m_counts[endpoint.base.authority()];
  ++(method == HttpMethod::get ? counts.gets : counts.heads);
}

std::map<std::string, ManifestRequestCount> Manifests::request_counts() const {
  std::lock_guard lock(m_counts_mutex);
  return m_counts;
}

bool Manifests::pull_limited(const Endpoint &endpoint) {
  std::lock_guard lock(m_pull_limited_mutex);
  return m_pull_limited.count(state_key(endpoint)) != 0;
}

// GET a manifest; the digest is the sha256 of the raw body (verified against
// the header when the registry sends one).
Expected<std::pair<DigestInfo, std::string>, RegistryError>
Manifests::get_manifest(const Endpoint &endpoint,
                        const std::string &repository,
                        const ManifestReference &wanted) {
  if (pull_limited(endpoint)) {
    return Unexpected(pull_limit_error());
  }
  count(endpoint, HttpMethod::get);
  auto response = m_requests.send(
      endpoint, repository, manifest_request(HttpMethod::get),
      RequestTarget{"/v2/" + repository + "/manifests/" + wanted.text(), {}});
  if (!response) {
    return Unexpected(response.error());
  }
  note_rate_limit(endpoint, *response);
  if (response->status != 200) {
    return Unexpected(error_from(*response, not_found_message(wanted)));
  }
  const std::string media_type =
      bare_media_type(response->header("content-type").value_or(""));
  if (is_schema1_media_type(media_type)) {
    return Unexpected(make_error(RegistryErrorKind::invalid_response,
                                 "unsupported legacy schema 1 manifest"));
  }
  DigestInfo info{sha256_digest(response->body), media_type,
                  response->body.size()};
  if (const auto header = response->header("docker-content-digest")) {
    auto said = parse_digest_header(*header);
    if (!said) {
      return Unexpected(
          make_error(RegistryErrorKind::invalid_response, said.error()));
    }
    if (!verify_digest(response->body, *said)) {
      return Unexpected(make_error(
          RegistryErrorKind::invalid_response,
          "digest mismatch: the registry says \"" + *said +
              "\" but the manifest hashes to \"" + info.digest + "\""));
    }
  }
  return std::make_pair(std::move(info), std::move(response->body));
}

// Distribution answers MANIFEST_UNKNOWN for a tag of a repository that does
// not exist; one small tag-list request tells the two apart. True when
// unsure.
bool Manifests::repository_exists(const Endpoint &endpoint,
                                  const std::string &repository) {
  HttpRequest request;
  request.max_body_bytes = k_max_error_body;
  auto response = m_requests.send(
      endpoint, repository, request,
      RequestTarget{"/v2/" + repository + "/tags/list?n=1", {}});
  if (!response) {
    return response.error().kind != RegistryErrorKind::unauthorized;
  }
  return response->status != 404 && response->status != 401;
}

Expected<DigestInfo, RegistryError>
Manifests::resolve(const Endpoint &at, const ImageReference &reference) {
  const Endpoint *endpoint = &at;
  const auto wanted = ManifestReference::of(reference);
  count(*endpoint, HttpMethod::head);
  auto response = m_requests.send(
      *endpoint, reference.repository, manifest_request(HttpMethod::head),
      RequestTarget{
          "/v2/" + reference.repository + "/manifests/" + wanted.text(), {}});
  if (!response) {
    return Unexpected(response.error());
  }
  note_rate_limit(*endpoint, *response);
  if (response->status == 200) {
    const std::string media_type =
        bare_media_type(response->header("content-type").value_or(""));
    std::uint64_t size = 0;
    if (const auto length = response->header("content-length")) {
      size = std::strtoull(length->c_str(), nullptr, 10);
    }
    const auto header = response->header("docker-content-digest");
    std::optional<Digest> said;
    if (header) {
      auto parsed = parse_digest_header(*header);
      if (!parsed) {
        return Unexpected(
            make_error(RegistryErrorKind::invalid_response, parsed.error()));
      }
      said = std::move(*parsed);
    }
    if (wanted.is_digest()) {
      // Asked by digest: the answer is that digest.
      return DigestInfo{wanted.digest(), media_type, size};
    }
    if (said) {
      return DigestInfo{std::move(*said), media_type, size};
    }
    spdlog::debug(
        "{}: HEAD gave no Docker-Content-Digest, hashing a GET instead",
        endpoint->registry);
  } else if (response->status != 404 && response->status != 400 &&
             response->status != 403 && response->status != 405) {
    return Unexpected(error_from(*response, not_found_message(wanted)));
  }
  // HEAD answers have no body: a GET tells the real error (or works where
  // HEAD does not).
  auto fetched = get_manifest(*endpoint, reference.repository, wanted);
  if (!fetched) {
    if (fetched.error().kind == RegistryErrorKind::not_found &&
        fetched.error().message == not_found_message(wanted) &&
        !repository_exists(*endpoint, reference.repository)) {
      return Unexpected(make_error(RegistryErrorKind::not_found,
                                   "repository not found or unauthorized"));
    }
    return Unexpected(fetched.error());
  }
  // The digest is the hash of this body: it must be a manifest, or an HTML
  // error page or a cut-off answer would pass for a digest.
  if (auto parsed = parse_manifest(fetched->second, fetched->first.media_type);
      !parsed) {
    return Unexpected(
        make_error(RegistryErrorKind::invalid_response, parsed.error()));
  }
  if (wanted.is_digest() && fetched->first.digest != wanted.digest()) {
    if (auto verified = verify_digest(fetched->second, wanted.digest());
        !verified) {
      return Unexpected(
          make_error(RegistryErrorKind::invalid_response, verified.error()));
    }
    fetched->first.digest = wanted.digest();
  }
  return fetched->first;
}

Expected<FetchedManifest, RegistryError>
Manifests::fetch(const Endpoint &endpoint,
                 const ImageReference &reference,
                 const Digest &digest) {
  auto fetched =
      get_manifest(endpoint, reference.repository, ManifestReference(digest));
  if (!fetched) {
    return Unexpected(fetched.error());
  }
  if (auto verified = verify_digest(fetched->second, digest); !verified) {
    return Unexpected(
        make_error(RegistryErrorKind::invalid_response, verified.error()));
  }
  auto parsed = parse_manifest(fetched->second, fetched->first.media_type);
  if (!parsed) {
    return Unexpected(
        make_error(RegistryErrorKind::invalid_response, parsed.error()));
  }
  return FetchedManifest{digest, std::move(*parsed)};
}

} // namespace stalebase::registry
