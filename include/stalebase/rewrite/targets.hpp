#pragma once

// What pin and update make of one reference, given what `check` found about it.

#include "stalebase/check/engine.hpp"
#include "stalebase/check/finding.hpp"
#include "stalebase/reference/image_reference.hpp"
#include "stalebase/rewrite/reference_edits.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace stalebase::rewrite {

enum class Mode {
  pin,    // add digests, refresh drifted ones
  update, // move to the newest allowed tag, refresh digests that were there
};

struct TargetOptions {
  Mode mode = Mode::pin;
  // update --pin: also add digests where there were none.
  bool add_digests = false;
  // update --variant (or a `rules` entry's `variant: true`): move to the
  // suggestion of a `variant-ended` finding, another OS variant of the tag's
  // family, unless a minor or major move is allowed and found.
  bool variant = false;
};

// The decision for one reference: a target, nothing to do (no target, no
// reason), or why it is left alone.
struct Decision {
  std::optional<Target> target;
  std::string reason; // set when the reference cannot be rewritten
};

// Decides the target of `image` (the reference as written; none when it did not
// resolve) from the findings the engine made for this occurrence and the
// digests its tags point at now (CheckResult::current_digests, by canonical
// reference). A digest is always the tag's index digest for a multi-platform
// image. A pin of one platform that still matches is kept. A reference without
// a tag gets `latest` written with its digest. Nothing is decided for a
// reference the registry could not answer, an unresolvable one or a missing
// tag: they get a reason.
Decision
decide_target(const std::optional<reference::ImageReference> &image,
              const std::vector<const check::Finding *> &findings,
              const std::map<std::string, reference::Digest> &current_digests,
              const TargetOptions &options);

} // namespace stalebase::rewrite
