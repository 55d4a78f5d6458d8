#include "stalebase/registry/cache.hpp"

#include "stalebase/registry/digest.hpp"
#include "stalebase/util/interrupt.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <unistd.h>

namespace stalebase::registry {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// Bumped whenever the layout or an entry's shape changes: old entries are then
// ignored.
constexpr std::string_view k_layout = "v1";

std::int64_t system_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The file of the entry for `key`: the key is hashed, so any reference maps to
// a safe name, and the key is stored inside to reject collisions and foreign
// files.
fs::path
entry_path(const fs::path &dir, std::string_view kind, const std::string &key) {
  const std::string digest = sha256_digest(key);
  return dir / std::string(k_layout) / std::string(kind) /
         (digest.substr(7, 2)) / (digest.substr(9) + ".json");
}

std::optional<json> read_entry(const fs::path &path, const std::string &key) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return std::nullopt;
  }
  std::ostringstream text;
  text << in.rdbuf();
  json entry = json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  if (!entry.is_object() || !entry.contains("key") ||
      !entry["key"].is_string() || entry["key"] != key ||
      !entry.contains("stored") || !entry["stored"].is_number_integer() ||
      !entry.contains("value")) {
    return std::nullopt;
  }
  return entry;
}

// Writes atomically: a unique temporary file beside the entry, then rename. A
// failure (read-only or full disk) only costs the caching.
void write_entry(const fs::path &path,
                 const std::string &key,
                 std::int64_t now,
                 json value) {
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  if (ec) {
    return;
  }
  static thread_local std::mt19937_64 random(std::random_device{}());
  // An interrupt waits until the temporary file is renamed or removed.
  const util::InterruptGuard guard;
  const fs::path temp =
      path.parent_path() / (".tmp-" + std::to_string(::getpid()) + "-" +
                            std::to_string(random()) + ".json");
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out << json{{"key", key}, {"stored", now}, {"value", std::move(value)}}
               .dump();
    out.flush();
    if (!out) {
      out.close();
      fs::remove(temp, ec);
      return;
    }
  }
  fs::rename(temp, path, ec);
  if (ec) {
    fs::remove(temp, ec);
  }
}

json platform_json(const Platform &p) {
  return {{"os", p.os},
          {"architecture", p.architecture},
          {"variant", p.variant},
          {"os_version", p.os_version}};
}

std::optional<Platform> platform_from(const json &j) {
  if (!j.is_object()) {
    return std::nullopt;
  }
  return Platform{j.value("os", ""), j.value("architecture", ""),
                  j.value("variant", ""), j.value("os_version", "")};
}

json manifest_json(const FetchedManifest &fetched) {
  json children = json::array();
  for (const ManifestChild &child : fetched.manifest.children) {
    children.push_back(
        {{"media_type", child.media_type},
         {"digest", child.digest.str()},
         {"size", child.size},
         {"platform",
          child.platform ? platform_json(*child.platform) : json(nullptr)},
         {"is_attestation", child.is_attestation}});
  }
  return {{"digest", fetched.digest.str()},
          {"media_type", fetched.manifest.media_type},
          {"is_index", fetched.manifest.is_index},
          {"children", std::move(children)},
          {"config_digest", fetched.manifest.config_digest
                                ? json(fetched.manifest.config_digest->str())
                                : json(nullptr)}};
}

// The digest in `j[name]`; throws json::exception (a corrupt entry) for
// anything that is not one, so that no bogus digest leaves the cache.
Digest digest_at(const json &j, const char *name) {
  auto digest = Digest::parse(j.at(name).get<std::string>());
  if (!digest) {
    throw json::other_error::create(501, digest.error(), &j);
  }
  return std::move(*digest);
}

std::optional<FetchedManifest> manifest_from(const json &j) {
  try {
    FetchedManifest fetched{digest_at(j, "digest"), {}};
    fetched.manifest.media_type = j.at("media_type").get<std::string>();
    fetched.manifest.is_index = j.at("is_index").get<bool>();
    for (const json &c : j.at("children")) {
      ManifestChild child{digest_at(c, "digest"), {}, 0, {}, false};
      child.media_type = c.at("media_type").get<std::string>();
      child.size = c.at("size").get<std::uint64_t>();
      child.platform = platform_from(c.at("platform"));
      child.is_attestation = c.at("is_attestation").get<bool>();
      fetched.manifest.children.push_back(std::move(child));
    }
    if (j.at("config_digest").is_string()) {
      fetched.manifest.config_digest = digest_at(j, "config_digest");
    }
    return fetched;
  } catch (const json::exception &) {
    return std::nullopt; // a corrupt entry is a miss
  }
}

// A "not found" answer is an answer about the registry's state, like a tag
// digest, and is kept for the TTL; every other error is transient and never
// cached.
json not_found_json(const RegistryError &error) {
  return {{"error", "not-found"}, {"message", error.message}};
}

std::optional<RegistryError> not_found_from(const json &v) {
  if (!v.is_object() || v.value("error", "") != "not-found" ||
      !v.contains("message") || !v["message"].is_string()) {
    return std::nullopt;
  }
  return RegistryError{RegistryErrorKind::not_found,
                       v["message"].get<std::string>()};
}

bool is_not_found(const RegistryError &error) {
  return error.kind == RegistryErrorKind::not_found;
}

RegistryError offline_miss(const std::string &what) {
  return {RegistryErrorKind::unavailable,
          what + " is not in the cache (--offline)"};
}

} // namespace

fs::path default_cache_dir() {
  if (const char *xdg = std::getenv("XDG_CACHE_HOME");
      xdg != nullptr && *xdg != '\0') {
    return fs::path(xdg) / "stalebase";
  }
  if (const char *home = std::getenv("HOME");
      home != nullptr && *home != '\0') {
    return fs::path(home) / ".cache" / "stalebase";
  }
  return fs::temp_directory_path() / "stalebase-cache";
}

CachingRegistry::CachingRegistry(Registry *inner, CacheOptions options)
    : m_inner(inner), m_options(std::move(options)) {
  if (!m_options.now) {
    m_options.now = system_now;
  }
}

Expected<DigestInfo, RegistryError>
CachingRegistry::resolve(const reference::ImageReference &reference) {
  // A digest never changes what it names; a tag does, so it lives for the TTL.
  const bool by_digest = reference.digest && !reference.tag;
  const std::string key =
      by_digest ? reference.name() + "@" + *reference.digest
                : reference.name() + ":" + reference.effective_tag();
  const fs::path path = entry_path(m_options.dir, "resolve", key);
  const std::int64_t now = m_options.now();
  if (auto entry = read_entry(path, key)) {
    const std::int64_t age = now - (*entry)["stored"].get<std::int64_t>();
    const bool fresh = age >= 0 && age < m_options.ttl.count();
    const json &v = (*entry)["value"];
    std::optional<Digest> digest;
    if ((by_digest || fresh) && v.is_object() && v.contains("digest") &&
        v["digest"].is_string()) {
      // A bogus digest on disk (an older version's, or planted) is a miss.
      if (auto parsed = Digest::parse(v["digest"].get<std::string>())) {
        digest = std::move(*parsed);
      }
    }
    if (digest) {
      ++m_hits;
      return DigestInfo{std::move(*digest), v.value("media_type", ""),
                        v.value("size", std::uint64_t{0})};
    }
    // Even a digest may be pushed later: its absence lives for the TTL only.
    if (auto missing = not_found_from(v); missing && fresh) {
      ++m_hits;
      return Unexpected(std::move(*missing));
    }
  }
  ++m_misses;
  if (m_options.offline || m_inner == nullptr) {
    return Unexpected(offline_miss(key));
  }
  auto result = m_inner->resolve(reference);
  if (result) {
    write_entry(path, key, now,
                {{"digest", result->digest.str()},
                 {"media_type", result->media_type},
                 {"size", result->size}});
  } else if (is_not_found(result.error())) {
    write_entry(path, key, now, not_found_json(result.error()));
  }
  return result;
}

Expected<FetchedManifest, RegistryError>
CachingRegistry::manifest(const reference::ImageReference &reference,
                          const Digest &digest) {
  const std::string key = reference.name() + "@" + digest.str();
  const fs::path path = entry_path(m_options.dir, "manifest", key);
  const std::int64_t now = m_options.now();
  if (auto entry = read_entry(path, key)) {
    const json &v = (*entry)["value"];
    if (auto fetched = manifest_from(v); fetched && fetched->digest == digest) {
      ++m_hits;
      return std::move(*fetched);
    }
    const std::int64_t age = now - (*entry)["stored"].get<std::int64_t>();
    if (auto missing = not_found_from(v);
        missing && age >= 0 && age < m_options.ttl.count()) {
      ++m_hits;
      return Unexpected(std::move(*missing));
    }
  }
  ++m_misses;
  if (m_options.offline || m_inner == nullptr) {
    return Unexpected(offline_miss(key));
  }
  auto result = m_inner->manifest(reference, digest);
  if (result) {
    write_entry(path, key, now, manifest_json(*result));
  } else if (is_not_found(result.error())) {
    write_entry(path, key, now, not_found_json(result.error()));
  }
  return result;
}

Expected<std::vector<std::string>, RegistryError>
CachingRegistry::list_tags(const reference::ImageReference &reference) {
  const std::string key = reference.name();
  const fs::path path = entry_path(m_options.dir, "tags", key);
  const std::int64_t now = m_options.now();
  if (auto entry = read_entry(path, key)) {
    const std::int64_t age = now - (*entry)["stored"].get<std::int64_t>();
    const json &v = (*entry)["value"];
    const bool fresh = age >= 0 && age < m_options.ttl.count();
    if (fresh && v.is_array() &&
        std::all_of(v.begin(), v.end(),
                    [](const json &t) { return t.is_string(); })) {
      ++m_hits;
      return v.get<std::vector<std::string>>();
    }
    if (auto missing = not_found_from(v); missing && fresh) {
      ++m_hits;
      return Unexpected(std::move(*missing));
    }
  }
  ++m_misses;
  if (m_options.offline || m_inner == nullptr) {
    return Unexpected(offline_miss(key + " tag list"));
  }
  auto result = m_inner->list_tags(reference);
  if (result) {
    write_entry(path, key, now, json(*result));
  } else if (is_not_found(result.error())) {
    write_entry(path, key, now, not_found_json(result.error()));
  }
  return result;
}

} // namespace stalebase::registry
