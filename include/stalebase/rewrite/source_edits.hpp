#pragma once

// The edits that make an image named in a Compose file, a Kubernetes manifest,
// a CI file, a dev container file or Helm values read with another tag and/or
// digest: only the bytes of the tag and digest inside the scalar change, its
// quoting style, the comments, indentation, anchors and line endings stay
// (docs/sources.md, "Rewrites").

#include "stalebase/rewrite/file_plan.hpp"
#include "stalebase/rewrite/reference_edits.hpp"
#include "stalebase/sources/extract.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stalebase::rewrite {

// The edits that give `reference` (extracted from `source` with `options`) the
// target. Each edit's anchor is the file offset of the scalar whose bytes it
// changes (for a Helm `digest:` line added, the `tag:` scalar's): references
// with edits at one anchor edit the same bytes. Fails with the reason when the
// bytes cannot be changed exactly: an unresolvable or invalid reference, a tag
// from a Compose variable set outside the file, a GitLab variable, a block or
// plain scalar over several lines, a Helm mapping without `tag:`. The edited
// file is read again before anything is returned: the reference must read as
// `after`, every reference not sharing its scalars must read as before, or the
// edit is refused.
Expected<ReferenceEdits, std::string>
source_reference_edits(std::string_view source,
                       const sources::SourceReference &reference,
                       const Target &target,
                       const sources::ExtractOptions &options = {});

// Plans the edits that give `references[i]` (the file's whole extraction, in
// order) the target `targets[i]` (none: leave it). A scalar several
// references use (a YAML anchor with aliases or merge keys, a GitLab job
// others extend) is edited only when every reference using it gets the
// identical edit; otherwise each of them is skipped with the reason. The
// plan's edits are read back once more as a whole. Never fails: what cannot
// be done ends up in `skipped`. Change and Skip lines are the references'.
FilePlan
plan_source_file(std::string_view source,
                 const std::vector<sources::SourceReference> &references,
                 const std::vector<std::optional<Target>> &targets,
                 const sources::ExtractOptions &options = {});

} // namespace stalebase::rewrite
