#pragma once

// The input of every `stalebase check` renderer (table, json, sarif, github,
// markdown): the findings, what was checked, what could not be, and the counts.
// The renderers are pure functions of it, so the same report always renders to
// the same bytes.

#include "stalebase/check/finding.hpp"
#include "stalebase/report/refs.hpp"
#include "stalebase/util/exit_code.hpp"

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace stalebase::report {

// A reference that could not be checked, and why. The engine also gives each
// place it is written a `check-error` finding; this is the per-reference record
// for the summaries.
struct ReferenceError {
  std::string reference; // canonical (`registry.example.com/team/app:1.0`)
  std::string
      kind; // short reason: `unauthorized`, `rate limited`, `not found`, ...
  std::string message; // one line, for people
  friend bool operator==(const ReferenceError &,
                         const ReferenceError &) = default;
};

// The counts of a run. The caller sets `files`, `references`,
// `distinct_references` and `exit_code`; count_findings() fills the rest from
// the report.
struct Summary {
  std::size_t files = 0;      // Dockerfiles found, including those with errors
  std::size_t references = 0; // image references, one per place one is written
  std::size_t distinct_references =
      0; // distinct canonical references looked up
  std::map<check::FindingKind, std::size_t> by_kind; // kinds with at least one
  std::map<check::Level, std::size_t> by_level; // by the findings' own `level`
  std::size_t failing = 0;     // findings at or above the policy
  std::size_t not_checked = 0; // entries of CheckReport::errors
  // What the process exits with (docs/manual.md).
  util::ExitCode exit_code = util::ExitCode::ok;
};

// One edit of a finding's fix, as `pin` or `update` would make it: the bytes
// from (line, column) to (end_line, end_column) replaced with `replacement`
// (inserted when the span is empty). 1-based, columns in bytes, end exclusive.
struct FixEdit {
  std::size_t line = 0;
  std::size_t column = 0;
  std::size_t end_line = 0;
  std::size_t end_column = 0;
  std::string replacement;
  friend bool operator==(const FixEdit &, const FixEdit &) = default;
};

// Where a finding's fix is made in its file.
struct FixPlace {
  // The line to edit when it is not the reference's own: the line of the ARG
  // whose default the fix changes; 0 otherwise.
  std::size_t line = 0;
  std::vector<FixEdit> edits; // empty when the fix cannot be placed
  friend bool operator==(const FixPlace &, const FixPlace &) = default;
};

struct CheckReport {
  std::vector<check::Finding>
      findings; // sorted by operator< (renderers sort anyway)
  // Aligned with `findings`: true when the finding is at or above the --fail-on
  // policy. When its size differs from `findings`, a finding fails exactly when
  // its level is `fail`.
  std::vector<bool> failing;
  // Aligned with `findings` when its size is theirs (else unknown): where each
  // fix goes.
  std::vector<FixPlace> fixes;
  std::vector<std::string> checked;   // canonical references checked
  std::vector<ReferenceError> errors; // references not checked, and why
  std::vector<FileError> file_errors; // files that could not be read or parsed
  Summary summary;
};

// Whether `report.findings[index]` is at or above the policy (see
// CheckReport::failing).
bool is_failing(const CheckReport &report, std::size_t index);

// Where the fix of `report.findings[index]` goes; nullptr when unknown or when
// it cannot be placed.
const FixPlace *fix_place(const CheckReport &report, std::size_t index);

// Fills `report.summary`'s by_kind, by_level, failing and not_checked from the
// findings, `failing` and `errors`; leaves the caller's counts and exit code
// alone.
void count_findings(CheckReport &report);

// The one-line summary every human format ends with, without a newline: `3
// files, 12 references: 2 fail (1 digest-drift, 1 patch-available), 3 warn, 1
// info; 1 not checked (registry.example.com: unauthorized)`. A finding the
// policy does not fail counts as at most `warn` here; failing findings count as
// `fail` whatever their level.
std::string summary_line(const CheckReport &report);
// The same with other nouns for `files` and `references` (`stalebase image`:
// `2 images, 3 platform images: …`).
std::string summary_line(const CheckReport &report,
                         std::string_view files_noun,
                         std::string_view references_noun);

} // namespace stalebase::report
