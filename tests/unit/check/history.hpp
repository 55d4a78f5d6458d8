#pragma once

// Registry histories for the engine tests: image manifests and indexes built
// from short descriptions, stored in a MemoryRegistry, and a wrapper that
// records every question asked.

#include "stalebase/check/engine.hpp"
#include "stalebase/registry/digest.hpp"

#include "support/memory_registry.hpp"

#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace stalebase::check::test {

inline const std::string k_oci_index =
    "application/vnd.oci.image.index.v1+json";
inline const std::string k_oci_manifest =
    "application/vnd.oci.image.manifest.v1+json";

// One repository of a MemoryRegistry, filled with images and indexes.
class History {
public:
  History(registry::MemoryRegistry &registry, std::string name)
      : m_registry(registry), m_name(std::move(name)) {}

  // A single-platform image manifest, unique to `build`; returns its digest.
  std::string image(const std::string &build) {
    const std::string body =
        R"({"schemaVersion":2,"mediaType":")" + k_oci_manifest +
        R"(","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":")" +
        registry::sha256_digest(build) + R"(","size":1},"layers":[]})";
    return m_registry.add_manifest(m_name, body, k_oci_manifest);
  }

  // An index of images, one per (platform, build): the platform as
  // "os/arch[/variant]" or "os(os.version)/arch"; returns the index digest.
  // The children are stored too; with a `version`, each is annotated with it
  // (org.opencontainers.image.version), as Docker's Official Images are.
  std::string
  index(const std::vector<std::pair<std::string, std::string>> &children,
        const std::string &version = "") {
    std::string manifests;
    for (const auto &[platform_text, build] : children) {
      const reference::Platform platform =
          reference::parse_platform(platform_text).value();
      const std::string child = image(build);
      std::string object = R"({"os":")" + platform.os +
                           R"(","architecture":")" + platform.architecture +
                           '"';
      if (!platform.variant.empty()) {
        object += R"(,"variant":")" + platform.variant + '"';
      }
      if (!platform.os_version.empty()) {
        object += R"(,"os.version":")" + platform.os_version + '"';
      }
      object += '}';
      manifests +=
          std::string(manifests.empty() ? "" : ",") + R"({"mediaType":")" +
          k_oci_manifest + R"(","digest":")" + child +
          R"(","size":100,"platform":)" + object +
          (version.empty()
               ? std::string()
               : R"(,"annotations":{"org.opencontainers.image.version":")" +
                     version + R"("})") +
          '}';
    }
    const std::string body = R"({"schemaVersion":2,"mediaType":")" +
                             k_oci_index + R"(","manifests":[)" + manifests +
                             "]}";
    return m_registry.add_manifest(m_name, body, k_oci_index);
  }

  // The child digest of (platform, build) as index() stores it.
  std::string child(const std::string &build) { return image(build); }

  void tag(const std::string &tag, const std::string &digest) {
    m_registry.set_tag(m_name, tag, digest);
    m_digests[tag] = digest;
  }
  // The digest `tag` was last pointed at.
  const std::string &digest(const std::string &tag) const {
    return m_digests.at(tag);
  }
  // Tags every name of `tags` at an image of its own (a linux/amd64 index).
  void tags(const std::vector<std::string> &tags) {
    for (const std::string &name : tags) {
      tag(name, index({{"linux/amd64", name}}));
    }
  }

private:
  registry::MemoryRegistry &m_registry;
  std::string m_name;
  std::map<std::string, std::string> m_digests;
};

// Forwards to a Registry and records every question: "resolve
// docker.io/library/alpine:3.20", "manifest docker.io/library/alpine@sha256:…",
// "list_tags docker.io/library/alpine".
class RecordingRegistry final : public registry::Registry {
public:
  explicit RecordingRegistry(registry::Registry &inner) : m_inner(inner) {}

  Expected<registry::DigestInfo, registry::RegistryError>
  resolve(const reference::ImageReference &reference) override {
    record("resolve " + reference.name() +
           (reference.tag ? ":" + *reference.tag : "") +
           (reference.digest ? "@" + *reference.digest : ""));
    return m_inner.resolve(reference);
  }
  Expected<registry::FetchedManifest, registry::RegistryError>
  manifest(const reference::ImageReference &reference,
           const reference::Digest &digest) override {
    record("manifest " + reference.name() + "@" + std::string(digest));
    return m_inner.manifest(reference, digest);
  }
  Expected<std::vector<std::string>, registry::RegistryError>
  list_tags(const reference::ImageReference &reference) override {
    record("list_tags " + reference.name());
    return m_inner.list_tags(reference);
  }

  // Each question and how often it was asked.
  std::map<std::string, int> questions() const {
    const std::lock_guard lock(m_mutex);
    return m_questions;
  }
  // The largest number of times any one question was asked.
  int most_repeated() const {
    int most = 0;
    for (const auto &[question, count] : questions()) {
      most = std::max(most, count);
    }
    return most;
  }

private:
  void record(const std::string &question) {
    const std::lock_guard lock(m_mutex);
    ++m_questions[question];
  }

  registry::Registry &m_inner;
  mutable std::mutex m_mutex;
  std::map<std::string, int> m_questions;
};

// An occurrence of `text` (parsed as a reference) in `file` at `line`.
inline Occurrence occurrence(const std::string &text,
                             const std::string &file = "Dockerfile",
                             std::size_t line = 1,
                             const std::string &from_platform = "") {
  Occurrence result;
  result.location.file = file;
  result.location.line = line;
  result.location.column = 6;
  result.location.reference = text;
  result.location.expanded = text;
  result.location.instruction = "from";
  result.image = reference::parse_reference(text).value();
  result.from_platform = from_platform;
  return result;
}

} // namespace stalebase::check::test
