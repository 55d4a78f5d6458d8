#pragma once

// Pieces the `check` renderers share; private to src/report.

#include "stalebase/report/check_report.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace stalebase::report::detail {

// The indices of `report.findings` in output order (operator<, ties by index).
std::vector<std::size_t> sorted_findings(const CheckReport &report);

// `report.errors` sorted by reference, kind and message.
std::vector<ReferenceError> sorted_errors(const CheckReport &report);

// `report.file_errors` sorted by file, line, column and message.
std::vector<FileError> sorted_file_errors(const CheckReport &report);

// The level people see: `fail` for a failing finding whatever its level, at
// most `warn` for one the policy does not fail, else the finding's own level.
check::Level shown_level(const CheckReport &report, std::size_t index);

// `sha256:1234abcd…` for a digest with a long hex part; anything else
// unchanged.
std::string short_digest(std::string_view digest);

// `text` with every `sha256:`/`sha512:` digest in it shortened by
// short_digest().
std::string shorten_digests(std::string_view text);

// The fix in a few words: `3.12.1-slim → 3.12.7-slim` for a new tag (with
// `@digest` when the reference was pinned), the suggested digest when only the
// digest changes, empty when there is no suggestion. Digests are shortened when
// `short_digests`.
std::string fix_text(const check::Finding &finding, bool short_digests);

// ` (fix at line 1)` when the fix of `report.findings[index]` edits another
// line than the reference's (an ARG default's); else empty.
std::string fix_line_note(const CheckReport &report, std::size_t index);
// The reference as written, or as expanded when it came through ARGs.
std::string shown_reference(const check::Finding &finding);

// The registry host of a canonical reference (`registry.example.com`).
std::string registry_host(std::string_view canonical);

// `path` with `\` as `/` and leading `./` removed.
std::string forward_slashes(std::string_view path);

// The columns `text` takes on a terminal: UTF-8 code points, ANSI colour codes
// not counted.
std::size_t display_width(std::string_view text);

// `count` followed by `noun`, with an `s` unless `count` is 1 (`1 file`, `3
// files`).
std::string plural(std::size_t count, std::string_view noun);

} // namespace stalebase::report::detail
