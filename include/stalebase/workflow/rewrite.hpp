#pragma once

// The work of `pin` and `update` once the flags are parsed and the files read:
// check every reference, decide its target, plan the edits per file and write
// them (unless only asked to show or to check them).

#include "stalebase/check/engine.hpp"
#include "stalebase/workflow/inputs.hpp"
#include "stalebase/config/config.hpp"
#include "stalebase/config/date.hpp"
#include "stalebase/registry/registry.hpp"
#include "stalebase/rewrite/file_plan.hpp"
#include "stalebase/rewrite/targets.hpp"

#include <string>
#include <utility>
#include <vector>

namespace stalebase::workflow {

struct RewriteOptions {
  rewrite::TargetOptions targets;
  bool write = true; // false for --dry-run and --check
  // The ignores `check` applies: the configuration's `ignore` entries (those
  // still in force on `today`) and each file's inline `# stalebase:ignore`
  // comments. A reference ignored for every kind is not rewritten; one ignored
  // for some kinds is not rewritten for them (an ignored `patch-available` is
  // not moved to, an ignored `unpinned` or `digest-drift` keeps its digest).
  config::Config configuration;
  config::Date today;
};

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

// Checks the references of `files` on `registry`, plans every file and, with
// `options.write`, writes the changed ones atomically (standard input's result
// is not written: the caller prints it). Registry failures leave the references
// concerned alone; the rest still changes. Ignored references are left alone
// too, said at info level (`-v`), not in the outcome; an ignore entry that
// lapsed is a warning. A malformed inline ignore comment is a file error.
// Never throws for registry answers or file errors.
RewriteOutcome run_rewrite(registry::Registry &registry,
                           const std::vector<LoadedFile> &files,
                           const check::CheckOptions &check_options,
                           const RewriteOptions &options);

// The per-file summary: each change and each reference left alone, then a total
// line
// ("2 references pinned in 1 file", "nothing to change"). `verb` is "pinned" or
// "updated"; `would` says the files were not written ("would be pinned").
std::string render_rewrite_summary(const RewriteOutcome &outcome,
                                   const std::string &verb,
                                   bool would);

} // namespace stalebase::workflow
