#pragma once

// What `stalebase tags REF` shows: the tags of REF's version track, newest
// first, each with its level relative to REF, and the floating tags that
// concern REF with the full versions they equal now.

#include "stalebase/reference/image_reference.hpp"
#include "stalebase/registry/registry.hpp"
#include "stalebase/version/compare.hpp"

#include <string>
#include <vector>

namespace stalebase::check {

// How a tag of the track stands to REF's tag.
enum class Relation { newer, current, same_version, older };

// "newer", "current", "same-version", "older".
std::string_view to_string(Relation relation);

struct TrackTag {
  std::string tag;
  Relation relation = Relation::newer;
  // The level of the step between REF's tag and this one, in either
  // direction; `none` for REF's own tag and equal versions.
  version::UpdateLevel level = version::UpdateLevel::none;
  bool prerelease = false;
};

struct FloatingTag {
  std::string tag;
  std::string digest; // empty when it could not be resolved
  // The full-version tag it equals now (at most one), by digest.
  std::vector<std::string> equals;
};

// One OS variant of REF's version line (docs/versions.md, "Variants that
// end").
struct VariantTag {
  std::string suffix;   // `-fpm-bookworm`
  std::string last;     // the newest build of the line in it
  bool current = false; // REF's own variant
  bool ended = false;   // it lacks the line's newest patch
};

struct TrackView {
  std::string tag;   // REF's tag (`latest` when it has none)
  std::string track; // its track for people (`*.*.*-slim`); empty for none
  std::vector<TrackTag> tags; // newest first; REF's own tag when it exists
  // REF's tag when it floats, the version tags of its family that float over
  // it (`3.12-slim`, `3-slim` for `3.12.1-slim`), and the names whose
  // candidates are in REF's track (`slim`, `ltsc2022`), in that order.
  std::vector<FloatingTag> floating;
  // When REF's suffix names an OS release: the variants of its family that
  // have builds of its line, oldest OS release first.
  std::vector<VariantTag> variants;
};

// Lists REF's repository and builds its track view, HEAD-ing each floating tag
// and its candidates (newest first, at most a few each). Fails only when the
// tag list cannot be had; a floating tag that cannot be resolved is kept with
// an empty digest.
Expected<TrackView, registry::RegistryError>
track_view(registry::Registry &registry,
           const reference::ImageReference &reference);

} // namespace stalebase::check
