#pragma once

#include "stalebase/registry/registry.hpp"

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace stalebase::registry {

// A test double (tests/support, not in the product library): an in-memory
// Registry for unit tests of the layers above the network client
// (the check engine, the commands). Repositories are named
// "registry/repository" as in ImageReference ("docker.io/library/alpine"). Safe
// to use from several threads.
class MemoryRegistry final : public Registry {
public:
  // Stores a manifest or index body in `repository_name`; returns its sha256
  // digest.
  reference::Digest add_manifest(const std::string &repository_name,
                                 const std::string &body,
                                 const std::string &media_type);
  // Stores a blob (a config, an in-toto statement) in `repository_name`;
  // returns its sha256 digest.
  reference::Digest add_blob(const std::string &repository_name,
                             const std::string &bytes);
  // Points `tag` of `repository_name` at `digest` (which add_manifest
  // returned).
  void set_tag(const std::string &repository_name,
               const std::string &tag,
               const std::string &digest);
  // Makes every call about `repository_name` fail with `error`.
  void fail(const std::string &repository_name, RegistryError error);
  // How many calls of each kind were made: "resolve", "manifest", "list_tags",
  // "blob".
  int calls(const std::string &kind) const;

  Expected<DigestInfo, RegistryError>
  resolve(const reference::ImageReference &reference) override;
  Expected<FetchedManifest, RegistryError>
  manifest(const reference::ImageReference &reference,
           const reference::Digest &digest) override;
  Expected<std::vector<std::string>, RegistryError>
  list_tags(const reference::ImageReference &reference) override;
  Expected<std::string, RegistryError>
  blob(const reference::ImageReference &reference,
       const reference::Digest &digest,
       std::size_t max_bytes) override;

private:
  struct StoredManifest {
    std::string body;
    std::string media_type;
  };
  struct Repository {
    std::map<std::string, StoredManifest> manifests; // by digest
    std::map<std::string, std::string> blobs;        // by digest
    std::vector<std::pair<std::string, std::string>>
        tags; // tag → digest, in insertion order
    std::optional<RegistryError> error;
  };

  Repository *find(const reference::ImageReference &reference,
                   RegistryError &error);

  mutable std::mutex m_mutex;
  std::map<std::string, Repository> m_repositories;
  std::map<std::string, int> m_calls;
};

} // namespace stalebase::registry
