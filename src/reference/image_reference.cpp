// STAND-IN for the reference branch: a minimal parse_reference so that this
// branch links and its commands can be tried end to end. The reference helper's
// implementation replaces this file when the branches are merged (take theirs).
#include "stalebase/reference/image_reference.hpp"

#include <cctype>

namespace stalebase::reference {

namespace {

bool is_domain(std::string_view first) {
  if (first == "localhost") {
    return true;
  }
  for (const char c : first) {
    if (c == '.' || c == ':' || std::isupper(static_cast<unsigned char>(c))) {
      return true;
    }
  }
  return false;
}

bool valid_path(std::string_view path) {
  if (path.empty() || path.size() > 255) {
    return false;
  }
  char previous = '/';
  for (const char c : path) {
    const bool alnum = std::islower(static_cast<unsigned char>(c)) ||
                       std::isdigit(static_cast<unsigned char>(c));
    if (!alnum && c != '.' && c != '_' && c != '-' && c != '/') {
      return false;
    }
    if (!alnum && previous == '/') {
      return false;
    }
    previous = c;
  }
  return std::isalnum(static_cast<unsigned char>(path.back())) != 0;
}

} // namespace

std::string ImageReference::name() const {
  return registry + "/" + repository;
}

std::string ImageReference::canonical() const {
  std::string text = name();
  if (tag) {
    text += ":" + *tag;
  }
  if (digest) {
    text += "@" + *digest;
  }
  if (!tag && !digest) {
    text += ":latest";
  }
  return text;
}

std::string ImageReference::effective_tag() const {
  if (tag) {
    return *tag;
  }
  return digest ? std::string() : std::string("latest");
}

Expected<ImageReference, std::string> parse_reference(std::string_view text) {
  ImageReference reference;
  std::string_view rest = text;
  const std::size_t at = rest.find('@');
  if (at != std::string_view::npos) {
    reference.digest = std::string(rest.substr(at + 1));
    rest = rest.substr(0, at);
    const std::string &digest = *reference.digest;
    const bool ok = (digest.rfind("sha256:", 0) == 0 && digest.size() == 71) ||
                    (digest.rfind("sha512:", 0) == 0 && digest.size() == 135);
    if (!ok ||
        digest.find_first_not_of("0123456789abcdef", 7) != std::string::npos) {
      return Unexpected("invalid digest \"" + digest + "\"");
    }
  }
  const std::size_t slash = rest.rfind('/');
  const std::size_t colon = rest.rfind(':');
  if (colon != std::string_view::npos &&
      (slash == std::string_view::npos || colon > slash)) {
    reference.tag = std::string(rest.substr(colon + 1));
    rest = rest.substr(0, colon);
    const std::string &tag = *reference.tag;
    if (tag.empty() || tag.size() > 128 || tag.front() == '.' ||
        tag.front() == '-') {
      return Unexpected("invalid tag \"" + tag + "\"");
    }
    for (const char c : tag) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' &&
          c != '.' && c != '-') {
        return Unexpected("invalid tag \"" + tag + "\"");
      }
    }
  }
  const std::size_t first_slash = rest.find('/');
  std::string path;
  if (first_slash != std::string_view::npos &&
      is_domain(rest.substr(0, first_slash))) {
    reference.registry = std::string(rest.substr(0, first_slash));
    path = std::string(rest.substr(first_slash + 1));
  } else {
    reference.registry = "docker.io";
    path = std::string(rest);
  }
  if (reference.registry == "index.docker.io" ||
      reference.registry == "registry-1.docker.io") {
    reference.registry = "docker.io";
  }
  if (reference.registry == "docker.io" &&
      path.find('/') == std::string::npos) {
    path = "library/" + path;
  }
  for (const char c : path) {
    if (std::isupper(static_cast<unsigned char>(c))) {
      return Unexpected(std::string("repository name must be lowercase"));
    }
  }
  if (!valid_path(path)) {
    return Unexpected(std::string("invalid reference format"));
  }
  reference.repository = path;
  return reference;
}

} // namespace stalebase::reference
