#pragma once

// Image and tag patterns of `ignore` and `rules` entries.

#include "stalebase/reference/image_reference.hpp"
#include "stalebase/util/expected.hpp"

#include <string>
#include <string_view>

namespace stalebase::config {

// Whether `text` matches `pattern` as a whole, where `*` stands for any run of
// bytes (also empty, also across `/`) and every other byte for itself.
bool glob_match(std::string_view pattern, std::string_view text);

// Whether the image of `ref` (its tag and digest do not matter) matches
// `pattern`. A pattern without `*` is normalised as Docker does, so `python`,
// `library/python`, `docker.io/python` and `docker.io/library/python` all name
// one image. A pattern with `*` is matched against the canonical name
// (`docker.io/library/python`), the familiar short name (`python`) and, on
// Docker Hub, the repository (`library/python`): `ghcr.io/org/*`, `*/python`,
// `bitnami/*`, `*`.
bool image_matches(std::string_view pattern,
                   const reference::ImageReference &ref);

// Checks that `pattern` is an image pattern: with each `*` read as a name
// component, a valid image name without tag or digest. Fails with
// "an image pattern must not be empty", "invalid image pattern \"Python\":
// repository name must be lowercase" or "image pattern \"python:3.12\" has a
// tag: match tags with the \"tag\" key".
Expected<void, std::string> check_image_pattern(std::string_view pattern);

} // namespace stalebase::config
