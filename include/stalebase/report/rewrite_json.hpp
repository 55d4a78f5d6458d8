#pragma once

// `pin --format json` and `update --format json`: what changed, what was left
// alone and why, per file (docs/json-rewrite.md).

#include "stalebase/report/rewrite_report.hpp"
#include "stalebase/util/exit_code.hpp"

#include <string>

namespace stalebase::report {

struct RewriteJsonContext {
  std::string command; // "pin" or "update"
  std::string mode;    // "write", "dry-run" or "check"
  util::ExitCode exit_code = util::ExitCode::ok;
};

// One JSON document (schema_version 1, keys sorted, deterministic), ending in a
// newline. Each changed file carries its unified diff; a file read from
// standard input and rewritten carries its new bytes, since they cannot be
// written back.
std::string render_rewrite_json(const RewriteOutcome &outcome,
                                const RewriteJsonContext &context);

} // namespace stalebase::report
