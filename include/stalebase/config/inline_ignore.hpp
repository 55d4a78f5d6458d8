#pragma once

// Inline ignores: `# stalebase:ignore[=kind,…] [reason]` on the line before an
// instruction. The Dockerfile parser drops comments, so these are read from
// the raw text.

#include "stalebase/check/finding.hpp"
#include "stalebase/config/config.hpp"
#include "stalebase/util/expected.hpp"

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stalebase::config {

struct InlineIgnore {
  std::vector<check::FindingKind> kinds; // empty: every kind
  std::string reason;                    // may be empty
  std::size_t comment_line = 0;          // 1-based; set by inline_ignores only
  friend bool operator==(const InlineIgnore &, const InlineIgnore &) = default;
};

// Reads one raw line (a trailing `\r` is ignored). Nothing when it is not a
// `stalebase:` comment: the line must be `#`, optional blanks, then
// `stalebase:` directly followed by a word (so `# stalebase: prose` is
// nothing). `# stalebase:ignore` ignores every kind; `=digest,patch` (kind
// names or short names, no blanks) limits it; the rest of the line, trimmed,
// is the reason. Fails with "unknown stalebase comment \"stalebase:ignor\",
// did you mean \"stalebase:ignore\"?", "expected finding kinds after
// \"stalebase:ignore=\"" or parse_kind_word's "unknown finding kind …".
Expected<std::optional<InlineIgnore>, std::string>
parse_inline_ignore(std::string_view comment_line);

// Every inline ignore of a Dockerfile's text, by the 1-based line it applies
// to: the next line that is neither blank nor a comment (the first line of the
// instruction, which is Finding::location.line). Lines end in `\n` or `\r\n`;
// a UTF-8 byte order mark is skipped. Several ignore comments before one
// instruction merge (kinds joined, every kind if any says so; reasons joined
// with "; "); one with no instruction after it applies to nothing. Fails at
// the first malformed comment, as `file_name:line:column` of the offending
// word.
Expected<std::map<std::size_t, InlineIgnore>, ConfigError>
inline_ignores(std::string_view source, std::string_view file_name);

} // namespace stalebase::config
