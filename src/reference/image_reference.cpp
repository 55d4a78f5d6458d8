#include "stalebase/reference/image_reference.hpp"

#include "stalebase/reference/registry_host.hpp"

#include "reference/host_grammar.hpp"

namespace stalebase::reference {

namespace {

constexpr std::string_view k_official_prefix = k_docker_hub_official_namespace;

std::string with_tag_and_digest(std::string text,
                                const std::optional<std::string> &tag,
                                const std::optional<Digest> &digest) {
  if (tag) {
    text += ':';
    text += *tag;
  }
  if (digest) {
    text += '@';
    text += digest->str();
  }
  return text;
}

} // namespace

std::string ImageReference::name() const {
  return registry + "/" + repository;
}

std::string ImageReference::canonical() const {
  if (!tag && !digest) {
    return name() + ":latest";
  }
  return with_tag_and_digest(name(), tag, digest);
}

std::string ImageReference::effective_tag() const {
  if (tag) {
    return *tag;
  }
  return digest ? std::string() : std::string("latest");
}

bool ImageReference::is_docker_hub() const {
  return registry == k_docker_hub_registry;
}

std::string ImageReference::familiar() const {
  if (!is_docker_hub()) {
    return with_tag_and_digest(name(), tag, digest);
  }
  std::string_view path = repository;
  // Only a lone `library/<name>` is shortened, as Docker does.
  if (path.substr(0, k_official_prefix.size()) == k_official_prefix &&
      path.find('/', k_official_prefix.size()) == std::string_view::npos) {
    return with_tag_and_digest(
        std::string(path.substr(k_official_prefix.size())), tag, digest);
  }
  // `docker.io/a.b/c` must keep its registry, or `a.b` would read as the host
  // (Docker's FamiliarString gets this wrong).
  const auto slash = path.find('/');
  if (slash != std::string_view::npos &&
      looks_like_host(path.substr(0, slash))) {
    return with_tag_and_digest(name(), tag, digest);
  }
  return with_tag_and_digest(std::string(path), tag, digest);
}

} // namespace stalebase::reference
