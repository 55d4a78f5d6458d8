#include "support/memory_registry.hpp"

#include "stalebase/registry/digest.hpp"

namespace stalebase::registry {

Digest MemoryRegistry::add_manifest(const std::string &repository_name,
                                    const std::string &body,
                                    const std::string &media_type) {
  std::lock_guard lock(m_mutex);
  Digest digest = sha256_digest(body);
  m_repositories[repository_name].manifests[digest] =
      StoredManifest{body, media_type};
  return digest;
}

Digest MemoryRegistry::add_blob(const std::string &repository_name,
                                const std::string &bytes) {
  std::lock_guard lock(m_mutex);
  Digest digest = sha256_digest(bytes);
  m_repositories[repository_name].blobs[digest] = bytes;
  return digest;
}

Expected<std::string, RegistryError>
MemoryRegistry::blob(const reference::ImageReference &reference,
                     const reference::Digest &digest,
                     std::size_t max_bytes) {
  std::lock_guard lock(m_mutex);
  ++m_calls["blob"];
  RegistryError error;
  Repository *repository = find(reference, error);
  if (repository == nullptr) {
    return Unexpected(error);
  }
  const auto it = repository->blobs.find(digest);
  if (it == repository->blobs.end()) {
    return Unexpected(RegistryError{RegistryErrorKind::not_found,
                                    "blob \"" + digest.str() + "\" not found"});
  }
  if (it->second.size() > max_bytes) {
    return Unexpected(
        RegistryError{RegistryErrorKind::invalid_response, "body too large"});
  }
  return it->second;
}

void MemoryRegistry::set_tag(const std::string &repository_name,
                             const std::string &tag,
                             const std::string &digest) {
  std::lock_guard lock(m_mutex);
  auto &tags = m_repositories[repository_name].tags;
  for (auto &[name, target] : tags) {
    if (name == tag) {
      target = digest;
      return;
    }
  }
  tags.emplace_back(tag, digest);
}

void MemoryRegistry::fail(const std::string &repository_name,
                          RegistryError error) {
  std::lock_guard lock(m_mutex);
  m_repositories[repository_name].error = std::move(error);
}

int MemoryRegistry::calls(const std::string &kind) const {
  std::lock_guard lock(m_mutex);
  const auto it = m_calls.find(kind);
  return it == m_calls.end() ? 0 : it->second;
}

MemoryRegistry::Repository *
MemoryRegistry::find(const reference::ImageReference &reference,
                     RegistryError &error) {
  const auto it =
      m_repositories.find(reference.registry + "/" + reference.repository);
  if (it == m_repositories.end()) {
    error = RegistryError{RegistryErrorKind::not_found,
                          "repository not found or unauthorized"};
    return nullptr;
  }
  if (it->second.error) {
    error = *it->second.error;
    return nullptr;
  }
  return &it->second;
}

Expected<DigestInfo, RegistryError>
MemoryRegistry::resolve(const reference::ImageReference &reference) {
  std::lock_guard lock(m_mutex);
  ++m_calls["resolve"];
  RegistryError error;
  Repository *repository = find(reference, error);
  if (repository == nullptr) {
    return Unexpected(error);
  }
  std::string digest;
  if (reference.tag || !reference.digest) {
    const std::string tag = reference.tag.value_or("latest");
    for (const auto &[name, target] : repository->tags) {
      if (name == tag) {
        digest = target;
      }
    }
    if (digest.empty()) {
      return Unexpected(RegistryError{RegistryErrorKind::not_found,
                                      "tag \"" + tag + "\" not found"});
    }
  } else {
    digest = *reference.digest;
  }
  const auto stored = repository->manifests.find(digest);
  auto parsed = Digest::parse(digest);
  if (stored == repository->manifests.end() || !parsed) {
    return Unexpected(RegistryError{RegistryErrorKind::not_found,
                                    "manifest \"" + digest + "\" not found"});
  }
  return DigestInfo{std::move(*parsed), stored->second.media_type,
                    stored->second.body.size()};
}

Expected<FetchedManifest, RegistryError>
MemoryRegistry::manifest(const reference::ImageReference &reference,
                         const Digest &digest) {
  std::lock_guard lock(m_mutex);
  ++m_calls["manifest"];
  RegistryError error;
  Repository *repository = find(reference, error);
  if (repository == nullptr) {
    return Unexpected(error);
  }
  const auto stored = repository->manifests.find(digest.str());
  if (stored == repository->manifests.end()) {
    return Unexpected(RegistryError{RegistryErrorKind::not_found,
                                    "manifest \"" + digest + "\" not found"});
  }
  auto parsed = parse_manifest(stored->second.body, stored->second.media_type);
  if (!parsed) {
    return Unexpected(
        RegistryError{RegistryErrorKind::invalid_response, parsed.error()});
  }
  return FetchedManifest{digest, std::move(*parsed)};
}

Expected<std::vector<std::string>, RegistryError>
MemoryRegistry::list_tags(const reference::ImageReference &reference) {
  std::lock_guard lock(m_mutex);
  ++m_calls["list_tags"];
  RegistryError error;
  Repository *repository = find(reference, error);
  if (repository == nullptr) {
    return Unexpected(error);
  }
  std::vector<std::string> tags;
  for (const auto &[name, target] : repository->tags) {
    tags.push_back(name);
  }
  return tags;
}

} // namespace stalebase::registry
