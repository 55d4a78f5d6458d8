// Docker's reference grammar and normalisation (distribution/reference,
// ParseNormalizedNamed), scanned by hand. The reasons a reference can be
// refused, in the order they are checked:
// - reference is empty
// - repository name cannot be a 64-character hexadecimal string
// - unexpected URL scheme "<scheme>://": a reference starts with the registry
//   host
// - repository name is empty (":tag", "@sha256:...")
// - missing repository path after registry host "<host>" ("ghcr.io/",
//   "[::1]:5000")
// - invalid registry host "<host>": <what was expected>
// - invalid port "<port>": expected digits
// - repository name must be lowercase
// - repository name has an empty path component ("a//b", "a/")
// - invalid repository name component "<c>": <what was expected>
// - repository name is longer than 255 characters (counting `library/`)
// - invalid tag "<tag>": <what was expected>
// - invalid digest "<digest>": <what was expected>
// - unsupported digest algorithm "<algorithm>": expected sha256 or sha512
//
// Deliberate differences from distribution/reference:
// - `registry-1.docker.io` is Docker Hub too (the host its clients pull from),
// so
//   it becomes `docker.io` and gets `library/` like the other two names.
// - A first component that Docker's rule calls a host but that is not a valid
//   host (`foo_bar.com/x`) is refused; Docker's regexp would quietly re-read
//   it as a path with no registry at all, which no pull can use.
// - Only sha256 and sha512 digests, with exactly 64 and 128 lowercase hex
//   digits.

#include "stalebase/reference/grammar.hpp"
#include "stalebase/reference/image_reference.hpp"
#include "stalebase/reference/registry_host.hpp"

#include "reference/host_grammar.hpp"
#include "reference/path_grammar.hpp"
#include "reference/quote.hpp"

namespace stalebase::reference {

namespace {

using Result = Expected<ImageReference, std::string>;

Result fail(std::string reason) {
  return Unexpected(std::move(reason));
}

Result missing_path(std::string_view host) {
  return fail("missing repository path after registry host " + quote(host));
}

} // namespace

Result parse_reference(std::string_view text) {
  if (text.empty()) {
    return fail("reference is empty");
  }
  if (is_image_id(text)) {
    return fail("repository name cannot be a 64-character hexadecimal string");
  }
  // `https://ghcr.io/o/i` would otherwise be refused for an empty port.
  if (const auto scheme = text.find("://");
      scheme != std::string_view::npos && text.find('/') == scheme + 1) {
    return fail("unexpected URL scheme " + quote(text.substr(0, scheme + 3)) +
                ": a reference starts with the registry host");
  }

  // name [":" tag] ["@" digest]: neither a name nor a tag contains `@`, and a
  // tag's `:` comes after the last `/` (an earlier `:` is the registry's port).
  std::string_view name = text;
  std::optional<std::string_view> digest;
  std::optional<std::string_view> tag;
  if (const auto at = text.find('@'); at != std::string_view::npos) {
    name = text.substr(0, at);
    digest = text.substr(at + 1);
  }
  const std::string_view name_and_tag = name;
  const auto last_slash = name.rfind('/');
  const auto last_colon = name.rfind(':');
  if (last_colon != std::string_view::npos &&
      (last_slash == std::string_view::npos || last_colon > last_slash)) {
    tag = name.substr(last_colon + 1);
    name = name.substr(0, last_colon);
  }
  if (name.empty()) {
    return fail("repository name is empty");
  }

  // The registry host, by Docker's rule; a single component is always a Docker
  // Hub name.
  std::string_view host;
  std::string_view path = name;
  if (const auto slash = name.find('/'); slash != std::string_view::npos) {
    if (const auto first = name.substr(0, slash); looks_like_host(first)) {
      host = first;
      path = name.substr(slash + 1);
    }
  } else if (name.front() == '[') {
    // `[::1]:5000` alone: the `:5000` was read as a tag, but this is a host
    // with no path.
    return missing_path(name_and_tag);
  }
  if (!host.empty()) {
    if (auto checked = validate_host(host); !checked) {
      return fail(std::move(checked).error());
    }
    if (path.empty()) {
      return missing_path(host);
    }
  }

  ImageReference ref;
  if (host.empty() || is_docker_hub_host(host)) {
    ref.registry = k_docker_hub_registry;
    // Docker Hub's official images live under `library/`.
    ref.repository =
        path.find('/') == std::string_view::npos
            ? std::string(k_docker_hub_official_namespace) + std::string(path)
            : std::string(path);
  } else {
    ref.registry = host;
    ref.repository = path;
  }
  if (auto checked = validate_path(ref.repository); !checked) {
    return fail(std::move(checked).error());
  }
  if (tag) {
    if (auto checked = validate_tag(*tag); !checked) {
      return fail(std::move(checked).error());
    }
    ref.tag = std::string(*tag);
  }
  if (digest) {
    auto parsed = Digest::parse(*digest);
    if (!parsed) {
      return fail(std::move(parsed).error());
    }
    ref.digest = std::move(*parsed);
  }
  return ref;
}

} // namespace stalebase::reference
