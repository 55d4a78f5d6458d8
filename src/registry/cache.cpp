#include "stalebase/registry/cache.hpp"

#include "stalebase/reference/registry_host.hpp"
#include "stalebase/registry/cache_entry.hpp"
#include "stalebase/registry/digest.hpp"
#include "stalebase/util/interrupt.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <random>
#include <sys/stat.h>
#include <unistd.h>

namespace stalebase::registry {

namespace fs = std::filesystem;

namespace {

// Bumped whenever the layout or an entry's shape changes: old entries are then
// ignored. v2: keys name the endpoint; entries are checked field by field.
constexpr std::string_view k_layout = "v2";

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
  const std::string digest = sha256_digest(key).str();
  return dir / std::string(k_layout) / std::string(kind) /
         (digest.substr(7, 2)) / (digest.substr(9) + ".json");
}

// Whether a file or folder may be trusted: ours, and nobody else may write it.
bool is_ours(const struct stat &info) {
  return info.st_uid == ::geteuid() &&
         (info.st_mode & (S_IWGRP | S_IWOTH)) == 0;
}

// Closes a file descriptor when it goes out of scope.
struct FdCloser {
  int fd;
  ~FdCloser() {
    if (fd >= 0) {
      ::close(fd);
    }
  }
};

// The entry's text: nothing when it is missing, not a regular file of ours
// (a symlink or a file another user planted), writable by others, too large,
// or unreadable.
std::optional<std::string> read_entry(const fs::path &path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) {
    return std::nullopt;
  }
  const FdCloser closer{fd};
  struct stat info {};
  if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode) || !is_ours(info) ||
      static_cast<std::uint64_t>(info.st_size) > k_max_cache_entry) {
    return std::nullopt;
  }
  std::string text(static_cast<std::size_t>(info.st_size), '\0');
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t got = ::read(fd, text.data() + done, text.size() - done);
    if (got < 0 && errno == EINTR) {
      continue;
    }
    if (got <= 0) {
      return std::nullopt;
    }
    done += static_cast<std::size_t>(got);
  }
  return text;
}

// Creates `dir` and its missing parents with mode 0700.
bool make_private_dirs(const fs::path &dir) {
  std::error_code ec;
  if (fs::is_directory(dir, ec)) {
    return true;
  }
  if (dir.has_parent_path() && dir.parent_path() != dir &&
      !make_private_dirs(dir.parent_path())) {
    return false;
  }
  return ::mkdir(dir.c_str(), 0700) == 0 || errno == EEXIST;
}

// Writes atomically: a unique temporary file (0600) beside the entry, then
// rename. A failure (read-only or full disk) only costs the caching.
void write_entry(const fs::path &path, const std::string &text) {
  if (!make_private_dirs(path.parent_path())) {
    return;
  }
  static thread_local std::mt19937_64 random(std::random_device{}());
  // An interrupt waits until the temporary file is renamed or removed.
  const util::InterruptGuard guard;
  const fs::path temp =
      path.parent_path() / (".tmp-" + std::to_string(::getpid()) + "-" +
                            std::to_string(random()) + ".json");
  const int fd = ::open(
      temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) {
    return;
  }
  bool written = true;
  {
    const FdCloser closer{fd};
    std::size_t done = 0;
    while (done < text.size()) {
      const ssize_t put = ::write(fd, text.data() + done, text.size() - done);
      if (put < 0 && errno == EINTR) {
        continue;
      }
      if (put <= 0) {
        written = false;
        break;
      }
      done += static_cast<std::size_t>(put);
    }
  }
  std::error_code ec;
  if (!written) {
    fs::remove(temp, ec);
    return;
  }
  fs::rename(temp, path, ec);
  if (ec) {
    fs::remove(temp, ec);
  }
}

bool is_not_found(const RegistryError &error) {
  return error.kind == RegistryErrorKind::not_found;
}

RegistryError offline_miss(const std::string &what) {
  return {RegistryErrorKind::unavailable,
          what + " is not in the cache (--offline)"};
}

} // namespace

std::optional<fs::path> default_cache_dir() {
  if (const char *xdg = std::getenv("XDG_CACHE_HOME");
      xdg != nullptr && *xdg != '\0') {
    return fs::path(xdg) / "stalebase";
  }
  if (const char *home = std::getenv("HOME");
      home != nullptr && *home != '\0') {
    return fs::path(home) / ".cache" / "stalebase";
  }
  return std::nullopt;
}

Expected<void, CacheDirError> prepare_cache_dir(const fs::path &dir) {
  const std::string quoted = "\"" + dir.string() + "\"";
  struct stat info {};
  if (::stat(dir.c_str(), &info) != 0) {
    if (errno != ENOENT) {
      return Unexpected(CacheDirError{CacheDirProblem::unusable,
                                      "cannot use cache folder " + quoted +
                                          ": " + std::strerror(errno)});
    }
    if (!make_private_dirs(dir) || ::stat(dir.c_str(), &info) != 0) {
      return Unexpected(CacheDirError{CacheDirProblem::unusable,
                                      "cannot create cache folder " + quoted +
                                          ": " + std::strerror(errno)});
    }
  }
  if (!S_ISDIR(info.st_mode)) {
    return Unexpected(
        CacheDirError{CacheDirProblem::not_a_folder,
                      "cache folder " + quoted + " is not a folder"});
  }
  if (info.st_uid != ::geteuid()) {
    return Unexpected(CacheDirError{CacheDirProblem::unsafe,
                                    "cache folder " + quoted +
                                        " is not safe: owned by another user"});
  }
  if (!is_ours(info)) {
    return Unexpected(CacheDirError{
        CacheDirProblem::unsafe,
        "cache folder " + quoted + " is not safe: others may write to it"});
  }
  return {};
}

CachingRegistry::CachingRegistry(Registry *inner, CacheOptions options)
    : m_inner(inner), m_options(std::move(options)) {
  if (!m_options.now) {
    m_options.now = system_now;
  }
  std::map<std::string, std::string> endpoints;
  for (auto &[registry, endpoint] : m_options.endpoints) {
    endpoints[reference::credential_key(registry)] = std::move(endpoint);
  }
  m_options.endpoints = std::move(endpoints);
}

std::string
CachingRegistry::endpoint_of(const reference::ImageReference &reference) const {
  const auto found =
      m_options.endpoints.find(reference::credential_key(reference.registry));
  return found == m_options.endpoints.end() ? std::string()
                                            : "[" + found->second + "] ";
}

bool CachingRegistry::usable(std::int64_t stored, std::int64_t now) {
  const std::int64_t age = now - stored;
  if (age >= 0 && age < m_options.ttl.count()) {
    return true;
  }
  if (!m_options.offline) {
    return false;
  }
  ++m_stale_hits;
  std::int64_t oldest = m_oldest_stale_age.load();
  while (age > oldest &&
         !m_oldest_stale_age.compare_exchange_weak(oldest, age)) {
  }
  return true;
}

Expected<DigestInfo, RegistryError>
CachingRegistry::resolve(const reference::ImageReference &reference) {
  // A digest never changes what it names; a tag does, so it lives for the TTL.
  const bool by_digest = reference.digest && !reference.tag;
  const std::string what =
      by_digest ? reference.name() + "@" + *reference.digest
                : reference.name() + ":" + reference.effective_tag();
  const std::string key = endpoint_of(reference) + what;
  const fs::path path = entry_path(m_options.dir, "resolve", key);
  const std::int64_t now = m_options.now();
  if (auto text = read_entry(path)) {
    if (auto entry = decode_digest_entry(*text, key)) {
      if (auto *info = std::get_if<DigestInfo>(&entry->answer)) {
        // A digest's own answer must be that digest.
        if ((!by_digest || info->digest == *reference.digest) &&
            (by_digest || usable(entry->stored, now))) {
          ++m_hits;
          return std::move(*info);
        }
      } else if (usable(entry->stored, now)) {
        // Even a digest may be pushed later: its absence lives for the TTL.
        ++m_hits;
        return Unexpected(std::get<RegistryError>(std::move(entry->answer)));
      }
    }
  }
  ++m_misses;
  if (m_options.offline || m_inner == nullptr) {
    return Unexpected(offline_miss(what));
  }
  auto result = m_inner->resolve(reference);
  if (result) {
    write_entry(path, encode_digest_entry(key, now, *result));
  } else if (is_not_found(result.error())) {
    write_entry(path, encode_not_found_entry(key, now, result.error()));
  }
  return result;
}

Expected<FetchedManifest, RegistryError>
CachingRegistry::manifest(const reference::ImageReference &reference,
                          const reference::Digest &digest) {
  const std::string what = reference.name() + "@" + digest.str();
  const std::string key = endpoint_of(reference) + what;
  const fs::path path = entry_path(m_options.dir, "manifest", key);
  const std::int64_t now = m_options.now();
  if (auto text = read_entry(path)) {
    if (auto entry = decode_manifest_entry(*text, key)) {
      if (auto *fetched = std::get_if<FetchedManifest>(&entry->answer)) {
        if (fetched->digest == digest) {
          ++m_hits;
          return std::move(*fetched);
        }
      } else if (usable(entry->stored, now)) {
        ++m_hits;
        return Unexpected(std::get<RegistryError>(std::move(entry->answer)));
      }
    }
  }
  ++m_misses;
  if (m_options.offline || m_inner == nullptr) {
    return Unexpected(offline_miss(what));
  }
  auto result = m_inner->manifest(reference, digest);
  if (result) {
    write_entry(path, encode_manifest_entry(key, now, *result));
  } else if (is_not_found(result.error())) {
    write_entry(path, encode_not_found_entry(key, now, result.error()));
  }
  return result;
}

Expected<std::vector<std::string>, RegistryError>
CachingRegistry::list_tags(const reference::ImageReference &reference) {
  const std::string key = endpoint_of(reference) + reference.name();
  const fs::path path = entry_path(m_options.dir, "tags", key);
  const std::int64_t now = m_options.now();
  if (auto text = read_entry(path)) {
    if (auto entry = decode_tags_entry(*text, key);
        entry && usable(entry->stored, now)) {
      ++m_hits;
      if (auto *tags = std::get_if<std::vector<std::string>>(&entry->answer)) {
        return std::move(*tags);
      }
      return Unexpected(std::get<RegistryError>(std::move(entry->answer)));
    }
  }
  ++m_misses;
  if (m_options.offline || m_inner == nullptr) {
    return Unexpected(offline_miss(reference.name() + " tag list"));
  }
  auto result = m_inner->list_tags(reference);
  if (result) {
    write_entry(path, encode_tags_entry(key, now, *result));
  } else if (is_not_found(result.error())) {
    write_entry(path, encode_not_found_entry(key, now, result.error()));
  }
  return result;
}

// A blob is its own bytes, kept for good: the file is trusted only when they
// hash to the digest (a foreign or cut-off file is a miss).
Expected<std::string, RegistryError>
CachingRegistry::blob(const reference::ImageReference &reference,
                      const reference::Digest &digest,
                      std::size_t max_bytes) {
  const std::string what = reference.name() + "@" + digest.str();
  const fs::path path =
      entry_path(m_options.dir, "blob", endpoint_of(reference) + what);
  if (auto text = read_entry(path);
      text && text->size() <= max_bytes && verify_digest(*text, digest)) {
    ++m_hits;
    return std::move(*text);
  }
  ++m_misses;
  if (m_options.offline || m_inner == nullptr) {
    return Unexpected(offline_miss(what));
  }
  auto result = m_inner->blob(reference, digest, max_bytes);
  if (result) {
    write_entry(path, *result);
  }
  return result;
}

} // namespace stalebase::registry
