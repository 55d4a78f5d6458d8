#pragma once

// Taking ignored findings out of the report.

#include "stalebase/check/finding.hpp"
#include "stalebase/config/config.hpp"
#include "stalebase/config/date.hpp"
#include "stalebase/config/inline_ignore.hpp"

#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace stalebase::config {

// Inline ignores of each file (inline_ignores()), by Location::file.
using InlineIgnoresByFile =
    std::map<std::string, std::map<std::size_t, InlineIgnore>>;

struct IgnoreOutcome {
  // The findings taken out, in their original order (for a summary count).
  std::vector<check::Finding> ignored;
  // One per `ignore` entry whose `until` is before `today`, in file order:
  // `.stalebase.yaml:12: ignore for "python" ("waiting for 3.13") lapsed on
  // 2026-01-31; its findings are reported again` (with ` tag "3.12*"` after
  // the image when the entry has one). Without the "warning:" prefix.
  std::vector<std::string> warnings;
};

// Removes from `findings` those an ignore covers, keeping the others in order.
// A config `ignore` entry covers a finding when its image pattern matches the
// finding's canonical reference (image_matches), its tag glob (if any)
// matches the current tag (`latest` when none was written, empty for a
// digest-only reference), its kinds (if any) include the finding's kind, and
// `today` is not after its `until`. An inline ignore covers the findings of
// its file on the instruction line it maps to, of its kinds (every kind when
// none is given). Findings with no canonical reference (unresolvable) can
// only be ignored inline. Pure: `today` comes from the caller.
IgnoreOutcome apply_ignores(std::vector<check::Finding> &findings,
                            const Config &config,
                            const Date &today,
                            const InlineIgnoresByFile &inline_ignores);

// The ignores that cover one reference, for `pin` and `update`.
struct ReferenceIgnores {
  // The kinds whose findings apply_ignores() would take out for the reference,
  // in all_finding_kinds() order.
  std::vector<check::FindingKind> kinds;
  // Where those ignores are written, for people: `Dockerfile:2` for an inline
  // comment, `.stalebase.yaml:12` for a configuration entry, each followed by
  // its reason in brackets when it has one.
  std::vector<std::string> sources;

  // Whether every kind is ignored: the whole reference is.
  bool all() const;
  // Whether `kind` is ignored.
  bool has(check::FindingKind kind) const;
};

// What the ignores say about the reference at `location` (its file,
// instruction line and canonical reference) written with tag `tag` (`latest`
// when none was written, empty for a digest-only reference): for every kind,
// whether apply_ignores() would take out a finding of that kind there. Lapsed
// entries cover nothing. Pure: `today` comes from the caller.
ReferenceIgnores reference_ignores(const check::Location &location,
                                   const std::string &tag,
                                   const Config &config,
                                   const Date &today,
                                   const InlineIgnoresByFile &inline_ignores);

} // namespace stalebase::config
