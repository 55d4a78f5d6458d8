#pragma once

// The staleness engine: image references as written in Dockerfiles, looked up
// in a registry, turned into findings (docs/versions.md for tracks and
// ordering, docs/manual.md for the findings). Pure given a Registry: it never
// prints and never opens files.

#include "stalebase/check/finding.hpp"
#include "stalebase/dockerfile/references.hpp"
#include "stalebase/reference/image_reference.hpp"
#include "stalebase/reference/platform.hpp"
#include "stalebase/registry/registry.hpp"
#include "stalebase/version/compare.hpp"

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace stalebase::check {

// One reference as written in a file. The caller builds these from
// dockerfile::ExtractedReference and leaves out stages and `scratch`;
// unresolved and invalid references are passed and become `unresolvable`.
struct Occurrence {
  // Where it is written. The engine fills `canonical` (from `image`) and
  // `platform` (the platforms that matter) when they are empty.
  Location location;
  std::optional<reference::ImageReference> image; // set for status `image`
  dockerfile::ReferenceStatus status = dockerfile::ReferenceStatus::image;
  std::string reason;        // why it is unresolved or invalid
  std::string from_platform; // the FROM's --platform after expansion, or empty
  std::vector<std::string> args; // ARGs the expansion referenced
  // The caller's name for it (workflow::scan numbers them); every finding
  // about it carries it as Finding::occurrence.
  std::size_t id = 0;
};

// What may be proposed for one image (from the configuration).
struct ImagePolicy {
  // The highest level to propose: patch, minor or major (a Windows OS change
  // counts as major). `none` proposes nothing.
  version::UpdateLevel max_level = version::UpdateLevel::major;
  // Propose prereleases even when the current tag is a release.
  bool allow_prerelease = false;
};

struct CheckOptions {
  // --platform flags: the platforms that matter when a FROM has no --platform.
  std::vector<reference::Platform> platforms;
  // The host platform: what matters when there are no --platform flags.
  reference::Platform host{"linux", "amd64", "", ""};
  // The policy for an image; may be empty (ImagePolicy's defaults). Called
  // from the calling thread only.
  std::function<ImagePolicy(const reference::ImageReference &)> policy;
  // Requests in flight per registry host (at least 1); the engine looks up
  // registry::lookup_threads(jobs) distinct references at once, so that one
  // reference's wait for its tag list never leaves the host idle. The command
  // line passes `--jobs`; this default serves library callers and tests.
  int jobs = 6;
  // Resolve the digest of every tag and every proposal, even where no finding
  // needs it: `pin` and `update` write them. `check` leaves it off and skips
  // the HEADs of unpinned version tags that do not float and of the proposals
  // for unpinned references.
  bool all_digests = false;
  // Called after each distinct reference is done, from any thread (calls are
  // serialised); may be empty.
  std::function<void(std::size_t done, std::size_t total)> progress;
};

struct CheckResult {
  std::vector<Finding> findings; // sorted with operator<
  // Canonical references that were checked completely, sorted, unique.
  std::vector<std::string> checked;
  // Canonical references that could not be checked (completely), and why;
  // sorted by reference, one entry per reference.
  std::vector<std::pair<std::string, registry::RegistryError>> errors;
  // Canonical reference → the digest its tag points at now (the index digest
  // for a multi-platform image), for every reference whose tag resolved: what
  // `pin` writes.
  std::map<std::string, reference::Digest> current_digests;
};

// Checks every occurrence against `registry`: one look-up per distinct
// reference and platform set, up to `options.jobs` of them at once, each tag
// asked about at most once. Registry failures become `check-error` findings
// and `errors` entries; the rest of the check goes on. Never throws for
// registry answers.
CheckResult run_check(registry::Registry &registry,
                      const std::vector<Occurrence> &occurrences,
                      const CheckOptions &options);

// "sha256:0123456789ab…": a digest shortened for messages (unchanged when it
// is short already).
std::string short_digest(std::string_view digest);

} // namespace stalebase::check
