#include "stalebase/registry/registry_client.hpp"

#include "stalebase/reference/manifest_reference.hpp"
#include "stalebase/registry/challenge.hpp"
#include "stalebase/registry/digest.hpp"
#include "stalebase/registry/error_body.hpp"
#include "stalebase/registry/link_header.hpp"
#include "stalebase/registry/manifest.hpp"
#include "stalebase/registry/url.hpp"
#include "stalebase/util/memo.hpp"

#include "registry/ascii.hpp"
#include "registry/authorizer.hpp"
#include "registry/endpoint.hpp"
#include "registry/ping.hpp"
#include "registry/registry_errors.hpp"
#include "registry/transport.hpp"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstdlib>
#include <future>
#include <mutex>
#include <unordered_set>

namespace stalebase::registry {

namespace {

using reference::ImageReference;
using reference::ManifestReference;

// Where a registry request goes: a path under the endpoint's base as its
// ping found it (`/v2/…`), or a full URL (a pagination link, already checked to
// be on that origin). Said by the caller, never guessed from the text.
struct RequestTarget {
  std::string path;
  std::optional<Url> absolute;
};

struct EndpointState {
  std::mutex flags_mutex;
  bool pull_limited = false;
  // For a mirror: whether its first failure was said (later ones go to -v).
  std::atomic<bool> fallback_said{false};
};

} // namespace

struct RegistryClient::Impl {
  HttpClient &http;
  CredentialProvider &credential_provider;
  Clock &clock;
  RegistryClientOptions options;

  std::mutex state_mutex;
  std::map<std::string, std::unique_ptr<EndpointState>> endpoints;

  util::Memo<Expected<DigestInfo, RegistryError>> resolve_cache;
  util::Memo<Expected<FetchedManifest, RegistryError>> manifest_cache;
  util::Memo<Expected<std::vector<std::string>, RegistryError>> tags_cache;

  Transport transport{http, clock, options};
  Pinger pinger{transport, options};
  TokenClient token_client{transport, clock, options};
  Authorizer authorizer{credential_provider, token_client, clock, options};

  Impl(HttpClient &h, CredentialProvider &c, Clock &k, RegistryClientOptions o)
      : http(h), credential_provider(c), clock(k), options(std::move(o)) {}

  // ---- endpoints, state
  // ----------------------------------------------------------------

  Expected<Endpoint, RegistryError>
  endpoint_for(const std::string &registry_name, bool upstream = false) {
    return resolve_endpoint(
        registry_name,
        EndpointRules{options.mirrors, options.insecure_registries}, upstream);
  }

  bool plain_http_allowed(const Url &url) const {
    return registry::plain_http_allowed(url, options.insecure_registries);
  }

  // A mirror and the registry it stands in for have their own pings, tokens
  // and rate limits.
  EndpointState &endpoint_state(const Endpoint &endpoint) {
    std::lock_guard lock(state_mutex);
    auto &slot = endpoints[state_key(endpoint)];
    if (!slot) {
      slot = std::make_unique<EndpointState>();
    }
    return *slot;
  }

  // ---- ping and credentials
  // -----------------------------------------------------------

  // ---- tokens
  // -------------------------------------------------------------------------

  // ---- authenticated registry requests
  // --------------------------------------------------

  // Sends a request to `endpoint` about `repository` with authentication: on a
  // 401, authenticates again once when the challenge asks for something new,
  // then gives up.
  Expected<HttpResponse, RegistryError>
  registry_request(const Endpoint &endpoint,
                   const std::string &repository,
                   HttpRequest request,
                   const RequestTarget &target) {
    auto pinged = pinger.ping(endpoint);
    if (!pinged) {
      return Unexpected(pinged.error());
    }
    const PingResult &ping_result = *pinged;
    if (target.absolute) {
      request.url = target.absolute->to_string();
    } else {
      Url url = ping_result.base;
      url.target = ping_result.base.target + target.path;
      request.url = url.to_string();
    }
    request.verify_tls = options.verify_tls;
    request.ca_file = ca_file_for(options, endpoint.registry);
    std::optional<Challenge> challenge = pick_challenge(ping_result.challenges);
    auto auth = authorizer.authorize(endpoint, ping_result, challenge,
                                     repository, false);
    if (!auth) {
      return Unexpected(auth.error());
    }
    for (int round = 0; round < 2; ++round) {
      HttpRequest attempt = request;
      if (auth->header) {
        attempt.headers.emplace_back("Authorization", *auth->header);
      }
      Sent sent = transport.send(attempt);
      auto &response = sent.response;
      if (!response || response->status != 401) {
        return std::move(response);
      }
      const bool crossed = sent.crossed_origin;
      const auto again = pick_challenge(
          parse_challenges(response->headers_named("www-authenticate")));
      if (round != 0 || !Authorizer::reauthenticates(*auth, challenge, again)) {
        return Unexpected(
            Authorizer::rejection(endpoint, *auth, challenge, again));
      }
      challenge = again;
      PingResult updated = ping_result;
      // Only a challenge from the registry's own answer may get credentials.
      updated.from_registry = ping_result.from_registry && !crossed;
      auth =
          authorizer.authorize(endpoint, updated, challenge, repository, true);
      if (!auth) {
        return Unexpected(auth.error());
      }
    }
    return Unexpected(make_error(RegistryErrorKind::unauthorized,
                                 "repository not found or unauthorized"));
  }

  // ---- operations
  // -----------------------------------------------------------------------

  void note_rate_limit(const Endpoint &endpoint, const HttpResponse &response) {
    const auto limit = response.header("ratelimit-limit");
    const auto remaining = response.header("ratelimit-remaining");
    if (!limit && !remaining) {
      return;
    }
    spdlog::debug("{}: rate limit {}, remaining {}", endpoint.registry,
                  limit.value_or("?"), remaining.value_or("?"));
    if (remaining && remaining->substr(0, remaining->find(';')) == "0") {
      EndpointState &state = endpoint_state(endpoint);
      std::lock_guard lock(state.flags_mutex);
      state.pull_limited = true;
    }
  }

  bool pull_limited(const Endpoint &endpoint) {
    EndpointState &state = endpoint_state(endpoint);
    std::lock_guard lock(state.flags_mutex);
    return state.pull_limited;
  }

  HttpRequest manifest_request(HttpMethod method) {
    HttpRequest request;
    request.method = method;
    request.headers.emplace_back("Accept", manifest_accept_header());
    request.max_body_bytes =
        method == HttpMethod::head ? k_max_error_body : k_max_manifest_body;
    return request;
  }

  // GET a manifest; the digest is the sha256 of the raw body (verified against
  // the header when the registry sends one).
  Expected<std::pair<DigestInfo, std::string>, RegistryError>
  get_manifest(const Endpoint &endpoint,
               const std::string &repository,
               const ManifestReference &wanted) {
    if (pull_limited(endpoint)) {
      return Unexpected(pull_limit_error());
    }
    auto response = registry_request(
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
  bool repository_exists(const Endpoint &endpoint,
                         const std::string &repository) {
    HttpRequest request;
    request.max_body_bytes = k_max_error_body;
    auto response = registry_request(
        endpoint, repository, request,
        RequestTarget{"/v2/" + repository + "/tags/list?n=1", {}});
    if (!response) {
      return response.error().kind != RegistryErrorKind::unauthorized;
    }
    return response->status != 404 && response->status != 401;
  }

  // Runs `at(endpoint)` on the reference's endpoint; when that is a mirror and
  // it fails, on the registry itself, as docker does with registry mirrors (a
  // mirror is a cache, not the authority). Failures of our own making (a
  // refused digest or URL) are not retried.
  template <typename Result, typename At>
  Result with_mirror_fallback(const ImageReference &reference, At at) {
    auto endpoint = endpoint_for(reference.registry);
    if (!endpoint) {
      return Unexpected(endpoint.error());
    }
    Result result = at(*endpoint);
    if (result || !endpoint->mirrored ||
        result.error().kind == RegistryErrorKind::refused) {
      return result;
    }
    // Mirror-only (RegistryClientOptions::mirror_only): the registry itself is
    // never asked, and the error says which mirror failed.
    for (const auto &name : options.mirror_only) {
      if (lower(name) == endpoint->registry ||
          (is_docker_hub_name(name) &&
           is_docker_hub_name(endpoint->registry))) {
        result.error().message +=
            " (mirror " + endpoint->base.to_string() + ", mirror-only)";
        return result;
      }
    }
    auto upstream = endpoint_for(reference.registry, true);
    if (!upstream) {
      return result;
    }
    // Said once per mirror: a mirror that is down fails every reference.
    const bool said = endpoint_state(*endpoint).fallback_said.exchange(true);
    spdlog::log(said ? spdlog::level::debug : spdlog::level::warn,
                "{}: mirror {} failed ({}); asking {} itself",
                endpoint->registry, endpoint->base.to_string(),
                result.error().message, upstream->base.authority());
    Result direct = at(*upstream);
    if (!direct) {
      direct.error().message += " (and the mirror " +
                                endpoint->base.to_string() + ": " +
                                result.error().message + ")";
    }
    return direct;
  }

  Expected<DigestInfo, RegistryError>
  resolve_uncached(const ImageReference &reference) {
    return with_mirror_fallback<Expected<DigestInfo, RegistryError>>(
        reference, [&](const Endpoint &endpoint) {
          return resolve_at(endpoint, reference);
        });
  }

  Expected<DigestInfo, RegistryError>
  resolve_at(const Endpoint &at, const ImageReference &reference) {
    const Endpoint *endpoint = &at;
    const auto wanted = ManifestReference::of(reference);
    auto response = registry_request(
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
    if (auto parsed =
            parse_manifest(fetched->second, fetched->first.media_type);
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
  manifest_uncached(const ImageReference &reference, const Digest &digest) {
    return with_mirror_fallback<Expected<FetchedManifest, RegistryError>>(
        reference, [&](const Endpoint &endpoint) {
          return manifest_at(endpoint, reference, digest);
        });
  }

  Expected<FetchedManifest, RegistryError>
  manifest_at(const Endpoint &endpoint,
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

  // Whether a failed first page asks for a smaller `n`.
  static bool rejects_page_size(const HttpResponse &response) {
    if (response.status == 413) {
      return true;
    }
    if (response.status == 405 &&
        response.body.find("less than or equal to") != std::string::npos) {
      return true;
    }
    if (response.status == 400) {
      for (const auto &entry : parse_error_body(response.body)) {
        if (entry.code == "PAGINATION_NUMBER_INVALID") {
          return true;
        }
      }
    }
    return false;
  }

  Expected<std::vector<std::string>, RegistryError>
  list_tags_uncached(const ImageReference &reference) {
    return with_mirror_fallback<
        Expected<std::vector<std::string>, RegistryError>>(
        reference, [&](const Endpoint &endpoint) {
          return list_tags_at(endpoint, reference);
        });
  }

  Expected<std::vector<std::string>, RegistryError>
  list_tags_at(const Endpoint &at, const ImageReference &reference) {
    const Endpoint *endpoint = &at;
    const std::string path = "/v2/" + reference.repository + "/tags/list";
    // The `n` to ask for, in order of preference; 0 asks without one.
    std::vector<std::size_t> page_sizes;
    if (options.tag_page_size > 0) {
      page_sizes.push_back(options.tag_page_size);
      if (options.tag_page_size > 100) {
        page_sizes.push_back(100);
      }
    }
    page_sizes.push_back(0);
    const auto size_query = [](std::size_t n) {
      return n == 0 ? std::string() : "?n=" + std::to_string(n);
    };

    auto pinged = pinger.ping(*endpoint);
    if (!pinged) {
      return Unexpected(pinged.error());
    }
    const Url origin = pinged->base;
    const auto full_url = [&origin](const std::string &path_and_query) {
      Url url = origin;
      url.target = origin.target + path_and_query;
      return url;
    };

    std::vector<std::string> tags;
    std::unordered_set<std::string> seen_tags;
    std::set<std::string> seen_urls;
    HttpRequest request;
    request.max_body_bytes = k_max_tag_page_body;
    std::size_t size_choice = 0;
    Url current = full_url(path + size_query(page_sizes.front()));
    std::size_t pages = 0;
    std::size_t total_bytes = 0;
    const std::string list_name = "tag list of \"" + reference.registry + "/" +
                                  reference.repository + "\"";
    while (true) {
      if (pages >= options.max_tag_pages) {
        return Unexpected(make_error(RegistryErrorKind::refused,
                                     "tag list has more than " +
                                         std::to_string(options.max_tag_pages) +
                                         " pages"));
      }
      if (!seen_urls.insert(current.to_string()).second) {
        return Unexpected(
            make_error(RegistryErrorKind::refused, "pagination links loop"));
      }
      ++pages;
      auto response = registry_request(*endpoint, reference.repository, request,
                                       RequestTarget{{}, current});
      if (!response) {
        return Unexpected(response.error());
      }
      if (response->status != 200) {
        if (pages == 1 && size_choice + 1 < page_sizes.size() &&
            rejects_page_size(*response)) {
          // Registries that refuse a large `n` (distribution 3.1.0, ECR, Quay):
          // smaller, then none at all. Only on the first page: later pages
          // follow the registry's own links.
          ++size_choice;
          spdlog::debug("{}: tag page size rejected, trying \"{}\"",
                        endpoint->registry,
                        size_query(page_sizes[size_choice]));
          current = full_url(path + size_query(page_sizes[size_choice]));
          seen_urls.clear();
          pages = 0;
          continue;
        }
        return Unexpected(
            error_from(*response, "repository not found or unauthorized"));
      }
      total_bytes += response->body.size();
      if (total_bytes > options.max_tag_bytes) {
        return Unexpected(make_error(RegistryErrorKind::refused,
                                     list_name + " is larger than " +
                                         std::to_string(options.max_tag_bytes) +
                                         " bytes"));
      }
      const auto json = nlohmann::json::parse(response->body, nullptr, false);
      if (json.is_discarded() || !json.is_object()) {
        return Unexpected(make_error(RegistryErrorKind::invalid_response,
                                     "tag list is not JSON"));
      }
      const auto list = json.find("tags");
      // No list or null is an empty repository; anything else is no tag list
      // and must not pass for one without tags.
      if (list != json.end() && !list->is_array() && !list->is_null()) {
        return Unexpected(make_error(RegistryErrorKind::invalid_response,
                                     "tag list has no \"tags\" array"));
      }
      std::size_t page_entries = 0;
      std::size_t page_new = 0;
      std::string page_last; // the page's last valid tag, in its order
      if (list != json.end() && list->is_array()) {
        page_entries = list->size();
        for (const auto &item : *list) {
          if (!item.is_string() || !is_valid_tag(item.get<std::string>())) {
            spdlog::debug("{}: dropping invalid tag {}", endpoint->registry,
                          item.dump());
            continue;
          }
          std::string tag = item.get<std::string>();
          page_last = tag;
          if (seen_tags.insert(tag).second) {
            tags.push_back(std::move(tag));
            ++page_new;
          }
        }
      }
      if (tags.size() > options.max_tags) {
        return Unexpected(make_error(RegistryErrorKind::refused,
                                     list_name + " has more than " +
                                         std::to_string(options.max_tags) +
                                         " tags"));
      }
      // Only the absence of a next link ends the list: a short page does not.
      const auto link = next_link(response->headers_named("link"));
      if (!link) {
        // Some registries (old Nexus group repositories) paginate without a
        // Link: a page holding exactly the `n` asked for may not be the last.
        // Ask for what follows its last tag, until a page adds nothing new.
        // A page longer than `n` shows a registry that ignores `n` and gave
        // everything (docker-registry 2.8 does), so it ends the list.
        const std::size_t n = page_sizes[size_choice];
        if (n == 0 || page_entries != n || page_new == 0 || page_last.empty()) {
          return tags;
        }
        spdlog::debug("{}: full tag page without a Link; asking after \"{}\"",
                      endpoint->registry, page_last);
        current = full_url(path + size_query(n) +
                           "&last=" + page_last); // tags need no escaping
        continue;
      }
      auto resolved = resolve_url(current, *link);
      if (!resolved) {
        return Unexpected(
            make_error(RegistryErrorKind::invalid_response,
                       "invalid pagination link: " + resolved.error()));
      }
      if (!same_origin(*resolved, origin)) {
        return Unexpected(make_error(
            RegistryErrorKind::refused,
            "refused pagination link to another host (\"" + resolved->scheme +
                "://" + resolved->authority() + "\")"));
      }
      current = *resolved;
    }
  }
};

RegistryClient::RegistryClient(HttpClient &http,
                               CredentialProvider &credentials,
                               Clock &clock,
                               RegistryClientOptions options)
    : m_impl(std::make_unique<Impl>(
          http, credentials, clock, std::move(options))) {}

RegistryClient::~RegistryClient() = default;

Expected<DigestInfo, RegistryError>
RegistryClient::resolve(const ImageReference &reference) {
  // ':' before a tag, '@' before a digest: a tag never reads as a digest.
  const auto wanted = ManifestReference::of(reference);
  const std::string key = lower(reference.registry) + "/" +
                          reference.repository +
                          (wanted.is_digest() ? "@" : ":") + wanted.text();
  return m_impl->resolve_cache.get(
      key, [&] { return m_impl->resolve_uncached(reference); });
}

Expected<FetchedManifest, RegistryError>
RegistryClient::manifest(const ImageReference &reference,
                         const Digest &digest) {
  const std::string key =
      lower(reference.registry) + "/" + reference.repository + "@" + digest;
  return m_impl->manifest_cache.get(
      key, [&] { return m_impl->manifest_uncached(reference, digest); });
}

Expected<std::vector<std::string>, RegistryError>
RegistryClient::list_tags(const ImageReference &reference) {
  const std::string key =
      lower(reference.registry) + "/" + reference.repository;
  return m_impl->tags_cache.get(
      key, [&] { return m_impl->list_tags_uncached(reference); });
}

} // namespace stalebase::registry
