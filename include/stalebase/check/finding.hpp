#pragma once

// What `stalebase check` reports: one Finding per problem per place a reference
// is written.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stalebase::check {

enum class FindingKind {
  digest_drift,    // a pinned digest is not what the tag points at now (for the
                   // platform that matters)
  index_drift,     // the index digest changed, but not for the platforms that
                   // matter (info)
  digest_only,     // a digest without a tag: which tag it equals now (info)
  patch_available, // a newer patch in the same version track
  minor_available, // a newer minor in the same track
  major_available, // a newer major in the same track (also a Windows OS change)
  variant_ended,   // the tag's OS variant stopped getting builds of its line,
                   // which goes on in a newer OS release of the family
  unpinned,        // no digest: `latest`, no tag, or a floating tag
  tag_missing,     // the tag no longer exists in the registry
  unresolvable,    // empty or invalid after ARG expansion (from the parser)
  invalid_reference,   // not a valid reference as written, whatever the ARGs
  single_platform_pin, // the digest pins one platform of a multi-platform image
  wrong_platform_pin,  // the digest pins one platform, not the stage's
  check_error,         // the registry could not be asked
  // `stalebase image`: a built image's base (docs/json-image.md).
  base_drift, // the base's tag now points at other layers for this platform
              // than the image was built on
  base_patch_available, // a newer patch of the base in the same track
  base_minor_available, // a newer minor of the base
  base_major_available, // a newer major of the base
  base_unknown,         // the base could not be found (what was tried)
};

// How serious a finding is by default; `--fail-on` and the config may say
// otherwise.
enum class Level { info, warn, fail, error };

// `digest-drift`, `patch-available`, ... (the names used in every output and in
// --fail-on).
std::string_view to_string(FindingKind kind);
// `info`, `warn`, `fail`, `error`.
std::string_view to_string(Level level);
// The kind named `name`, if any.
std::optional<FindingKind> parse_finding_kind(std::string_view name);
// The default level of `kind` (docs/manual.md, `check`, the table of findings).
Level default_level(FindingKind kind);
// Every kind, in the order above.
const std::vector<FindingKind> &all_finding_kinds();
// The kinds `check` reports about Dockerfiles (all but the base-* ones), for
// its JSON summary and SARIF rules.
const std::vector<FindingKind> &dockerfile_finding_kinds();
// The kinds `stalebase image` reports: the base-* ones, index-drift and
// check-error.
const std::vector<FindingKind> &image_finding_kinds();

struct TagDigest {
  std::string tag;    // empty when none
  std::string digest; // empty when none or unknown
  friend bool operator==(const TagDigest &, const TagDigest &) = default;
};

// Where the reference is written and what it is.
struct Location {
  std::string file;               // as found from the PATH given
  std::size_t line = 0;           // the first line of the instruction
  std::size_t reference_line = 0; // where the reference starts (`line` or a
                                  // continuation line); 0 when unknown
  std::size_t column = 0;         // of the reference, 1-based, in bytes
  std::size_t end_line = 0;       // of the reference
  std::size_t end_column = 0;     // exclusive
  std::string reference;          // as written (`${BASE}`)
  std::string expanded;           // after ARG expansion (`python:3.12.1-slim`)
  std::string canonical;          // fully qualified; empty when unresolvable
  std::string stage;
  std::string platform;    // the platform(s) that matter, comma-separated
  std::string instruction; // from, copy, run-mount, syntax; empty in a source
  // In an image source other than a Dockerfile (issue 16): its kind
  // (`compose`, `kubernetes`, …) and the path to the value
  // (`services.db.image`); both empty in a Dockerfile.
  std::string source;
  std::string yaml_path;
  friend bool operator==(const Location &, const Location &) = default;
};

struct Finding {
  FindingKind kind = FindingKind::unpinned;
  Level level = Level::warn;
  Location location;
  std::string message; // one line, for people
  TagDigest current;
  std::optional<TagDigest> suggested;
  // For floating tags: the full-version tags it equals now, and for a drifted
  // pin the ones it equalled when pinned (when a sibling still has that
  // digest).
  std::vector<std::string> equals;
  std::vector<std::string> equalled_at_pin;
  // The id of the occurrence it is about (Occurrence::id): how a caller finds
  // the reference a finding belongs to without comparing places.
  std::size_t occurrence = 0;
  friend bool operator==(const Finding &, const Finding &) = default;
};

// Deterministic output order: file, line, column, kind.
bool operator<(const Finding &a, const Finding &b);

// The line the reference starts on: `reference_line`, or `line` when that is
// unknown (0). Paired with `column`, it is the reference's exact start.
std::size_t reference_start_line(const Location &location);

} // namespace stalebase::check
