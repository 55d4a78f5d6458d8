#pragma once

// The work of `pin` and `update` once the flags are parsed and the files read:
// check every reference, decide its target, plan the edits per file and write
// them (unless only asked to show or to check them).

#include "stalebase/check/engine.hpp"
#include "stalebase/config/config.hpp"
#include "stalebase/config/date.hpp"
#include "stalebase/reference/image_reference.hpp"
#include "stalebase/registry/registry.hpp"
#include "stalebase/report/rewrite_report.hpp"
#include "stalebase/rewrite/file_plan.hpp"
#include "stalebase/rewrite/targets.hpp"
#include "stalebase/util/exit_code.hpp"
#include "stalebase/version/compare.hpp"
#include "stalebase/workflow/inputs.hpp"
#include "stalebase/workflow/open_registry.hpp"

#include <functional>
#include <optional>
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

// Checks the references of `files` on `registry`, plans every file and, with
// `options.write`, writes the changed ones atomically (standard input's result
// is not written: the caller prints it). Registry failures leave the references
// concerned alone; the rest still changes. Ignored references are left alone
// too, said at info level (`-v`), not in the outcome; an ignore entry that
// lapsed is a warning. A malformed inline ignore comment is a file error.
// Image sources (issue 16) are planned with plan_source_file and the options
// they were read with, Dockerfiles with plan_file: the same targets, refusals
// and writes.
// Never throws for registry answers or file errors.
report::RewriteOutcome run_rewrite(registry::Registry &registry,
                                   const std::vector<LoadedFile> &files,
                                   const check::CheckOptions &check_options,
                                   const RewriteOptions &options);

// The plan that gives each reference of `file` (read without error) its
// target (none: leave it): plan_source_file for an image source, with the
// options it was extracted with, else plan_file.
rewrite::FilePlan
plan_rewrite(const LoadedFile &file,
             const std::vector<std::optional<rewrite::Target>> &targets);

// `pin` or `update` from the files read: says their extraction warnings, then
// run_rewrite() on the registry `open_registry` gives.
report::RewriteOutcome rewrite_files(const std::vector<LoadedFile> &files,
                                     const check::CheckOptions &check_options,
                                     const RewriteOptions &options,
                                     const OpenRegistry &open_registry);

// What `update` may propose for an image: the configuration's level for it,
// capped by `level` (--level); `none` (pin) proposes nothing. The policy
// refers to `configuration`, which must outlive it.
std::function<check::ImagePolicy(const reference::ImageReference &)>
capped_policy(const config::Config &configuration, version::UpdateLevel level);

// The exit code of `pin` and `update`: usage_error when a file could not be
// read, parsed or written, else check_error when the registry could not answer
// about some reference, else stale with `check` (--check) when something would
// change, else ok.
util::ExitCode rewrite_exit_code(const report::RewriteOutcome &outcome,
                                 bool check);

} // namespace stalebase::workflow
