#pragma once

// `stalebase image`: for images already built and pushed, find each one's
// base per platform (OCI annotations, then BuildKit provenance, then the
// user's candidate), verify it by layers, and report a base rebuilt since or
// a newer version of it (docs/manual.md, docs/json-image.md). Pure given a
// Registry: it never prints and never opens files.

#include "stalebase/check/engine.hpp"
#include "stalebase/check/finding.hpp"
#include "stalebase/reference/image_reference.hpp"
#include "stalebase/reference/platform.hpp"
#include "stalebase/registry/registry.hpp"

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace stalebase::image {

// How the base was found.
enum class BaseSource { annotation, provenance, layers };
// `annotation`, `provenance`, `layers`.
std::string_view to_string(BaseSource source);

struct BaseInfo {
  std::string name;           // canonical, with its tag; empty when unknown
  std::string digest;         // the build the image was made from, as named
  std::string current_digest; // what the tag points at now (empty: unknown)
  std::optional<BaseSource> how;
  friend bool operator==(const BaseInfo &, const BaseInfo &) = default;
};

// One finding about one platform of one image. `finding` carries the kind,
// level, message and suggestion; its location names the image
// (`canonical`: the image, for ignores; `reference`: as given; `expanded`:
// the base; `platform`), and `current` is the image's tag and platform
// digest.
struct ImageFinding {
  check::Finding finding;
  std::string image;        // as given
  std::string platform;     // os/arch[/variant]; empty when not known
  std::string image_digest; // the platform's manifest digest
  BaseInfo base;
  friend bool operator==(const ImageFinding &, const ImageFinding &) = default;
};

struct ImageOptions {
  // Only these platforms of a multi-platform image (all when empty).
  std::vector<reference::Platform> platforms;
  // --base: the candidate when neither annotations nor provenance name one.
  std::optional<reference::ImageReference> base;
  // The engine's options for the bases' version look-ups (policy, jobs).
  check::CheckOptions check;
};

struct ImageResult {
  // Sorted by image (as given, in input order), platform, kind.
  std::vector<ImageFinding> findings;
  // The images (as given) checked completely, in input order.
  std::vector<std::string> checked;
  // The images that could not be checked (completely), and why, in input
  // order.
  std::vector<std::pair<std::string, registry::RegistryError>> errors;
  // Every platform image looked at (image as given, platform, digest), also
  // those without a finding: what the reports count.
  std::size_t platform_images = 0;
};

// Checks `images` (references as given; an invalid one becomes a check-error
// finding and an error). Each registry question is asked once per run: many
// images sharing a base cost one look-up of it.
ImageResult check_images(registry::Registry &registry,
                         const std::vector<std::string> &images,
                         const ImageOptions &options);

} // namespace stalebase::image
