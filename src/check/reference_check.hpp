#pragma once

// The look-ups and judgements for one distinct reference, before they are
// copied to each place the reference is written.

#include "stalebase/check/engine.hpp"
#include "stalebase/check/finding.hpp"
#include "stalebase/reference/platform.hpp"

#include "lookups.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace stalebase::check {

// One distinct reference to check.
struct Subject {
  reference::ImageReference image;
  std::vector<reference::Platform> platforms; // those that matter, never empty
  ImagePolicy policy;
  // Resolve every digest a rewrite could write (CheckOptions::all_digests).
  bool all_digests = false;
};

// A finding before it has a place.
struct ReferenceFinding {
  FindingKind kind = FindingKind::unpinned;
  std::string message;
  TagDigest current;
  std::optional<TagDigest> suggested;
};

struct ReferenceOutcome {
  std::vector<ReferenceFinding> findings;
  // For floating tags: the full-version tags it equals now, and for a drifted
  // pin those it equalled at the pin. Shared by every finding.
  std::vector<std::string> equals;
  std::vector<std::string> equalled_at_pin;
  // Set when the registry could not answer what was needed.
  std::optional<registry::RegistryError> error;
  // The digest the tag points at now, when known.
  std::optional<reference::Digest> current_digest;
};

// Everything the engine finds for `subject`, asking `lookups`. Never throws
// for registry answers.
ReferenceOutcome check_reference(Lookups &lookups, const Subject &subject);

} // namespace stalebase::check
