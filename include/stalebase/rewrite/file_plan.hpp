#pragma once

// The edits for a whole Dockerfile: every reference's edits, with the rule for
// references fed by an ARG default (its default is rewritten only when every
// use of that ARG stays correct, and takes a digest only when it ends the
// reference and holds all of it but literal text before).

#include "stalebase/dockerfile/ast.hpp"
#include "stalebase/dockerfile/references.hpp"
#include "stalebase/rewrite/edits.hpp"
#include "stalebase/rewrite/reference_edits.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stalebase::rewrite {

// A reference the plan changes: its index in the extraction and its text before
// and after.
struct Change {
  std::size_t reference = 0;
  std::size_t line = 0; // first line of its instruction
  std::string before;
  std::string after;
  bool through_arg = false; // an ARG default is rewritten
  std::string arg;          // that ARG's name
  std::size_t arg_line = 0; // and the line it is declared on: the line edited
  // Set when the digest went at the end of the reference's word while ARG
  // defaults make up the rest: "the digest holds only while the ARG values are
  // GO_VERSION=1.22.1, DISTRO=bookworm".
  std::string note;
  friend bool operator==(const Change &, const Change &) = default;
};

// A reference with a target that is left alone, and why.
struct Skip {
  std::size_t reference = 0;
  std::size_t line = 0;
  std::string reason;
  friend bool operator==(const Skip &, const Skip &) = default;
};

struct FilePlan {
  std::vector<Edit> edits; // for apply_edits
  std::vector<Change> changes;
  std::vector<Skip> skipped;
};

// Whether reference `index` (whose edits, if any, are `edits[index]`) joins
// `plan`'s changes: not when it is refused (`refusal` goes to `skipped`), has
// nothing to change, or has an edit that clashes with one of a change
// already taken (it is skipped with the line of `what` it clashes with,
// rather than failing the whole file).
bool admit_change(FilePlan &plan,
                  std::size_t index,
                  std::size_t line,
                  const std::string &refusal,
                  const std::vector<std::optional<ReferenceEdits>> &edits,
                  std::string_view what);

// Plans the edits that give `references[i]` the target `targets[i]` (none:
// leave it). `targets` is as long as `references`. A reference is changed
// completely or not at all; one whose bytes sit in an ARG default is changed
// only when that ARG is global, is re-declared by no stage, and every other
// reference using those bytes gets the identical edit. Never fails: what cannot
// be done ends up in `skipped`.
FilePlan
plan_file(std::string_view source,
          const dockerfile::Document &document,
          const std::vector<dockerfile::ExtractedReference> &references,
          const std::vector<std::optional<Target>> &targets);

} // namespace stalebase::rewrite
