#pragma once

// The input of the `pin` and `update` renderers (the summary, the JSON): what
// happened to each file, what was left alone and why, and what the registry
// could not answer.

#include "stalebase/registry/registry.hpp"
#include "stalebase/rewrite/file_plan.hpp"

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace stalebase::report {

// A reference left alone, with the text to show for it.
struct SkippedReference {
  std::size_t line = 0;
  std::string reference; // as expanded (or as written when it did not resolve)
  std::string reason;
};

// What happened to one file.
struct FileOutcome {
  std::string display;
  std::string before; // the bytes read
  std::string after; // the bytes with the edits applied (== before when nothing
                     // changes)
  std::vector<rewrite::Change> changes;
  std::vector<SkippedReference> skipped;
  std::string
      error; // why the file could not be read, parsed, planned or written
  bool written = false; // the new bytes are on disk (or on stdout for `-`)
};

struct RewriteOutcome {
  std::vector<FileOutcome> files;
  // Canonical references the registry could not answer, and why.
  std::vector<std::pair<std::string, registry::RegistryError>> errors;

  // Whether any file would change (or did).
  bool any_change() const;
  // Whether any file could not be read, parsed or written.
  bool any_file_error() const;
};

// The per-file summary: each change and each reference left alone, then a total
// line
// ("2 references pinned in 1 file", "nothing to change"). `verb` is "pinned" or
// "updated"; `would` says the files were not written ("would be pinned").
std::string render_rewrite_summary(const RewriteOutcome &outcome,
                                   const std::string &verb,
                                   bool would);

} // namespace stalebase::report
