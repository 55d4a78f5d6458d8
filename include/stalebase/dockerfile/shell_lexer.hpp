#pragma once

#include "stalebase/dockerfile/source_span.hpp"
#include "stalebase/util/expected.hpp"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stalebase::dockerfile {

// Variables visible to an expansion. A name mapped to an empty string is set
// and empty
// (`${X-w}` keeps it empty); a name not in the map is unset.
using Environment = std::map<std::string, TrackedString, std::less<>>;

struct ExpandResult {
  TrackedString value; // always tracked: origins.size() == text.size()
  // Variables looked up that were set / unset, each once, in lookup order. As
  // in BuildKit,
  // `${V:-w}` looks V up after expanding w, so `${A:-${B}}` lists B before A.
  // Positional and special parameters count too (`$1` lists "1").
  std::vector<std::string> matched;
  std::vector<std::string> unmatched;
};

// BuildKit's shell lexer (frontend/dockerfile/shell/lex.go): quotes, escapes
// and the
// `$V ${V} ${V:-w} ${V-w} ${V:+w} ${V+w} ${V:?m} ${V?m} ${V#p} ${V##p} ${V%p}
// ${V%%p}
// ${V/p/r} ${V//p/r}` grammar, with `escape` (`\` or backtick) as the escape
// character. Names are compared case-sensitively (BuildKit on Linux). Input is
// read as Go reads it: invalid UTF-8 bytes become U+FFFD and a leading byte
// order mark is skipped.
//
// As a Dockerfile may be hostile, one expansion fails when substitutions nest
// more than 200 levels deep or its result grows past 1 MiB, and a lexer fails
// once its expansions together have produced more than 16 MiB: use one lexer
// per file.
class ShellLexer {
public:
  explicit ShellLexer(char escape = '\\') : m_escape(escape) {}

  // Expands one word (ProcessWordWithMatches): quotes removed, variables
  // substituted, the result one string. Each output byte keeps the origin of
  // the input byte or variable value byte it came from (replacement text of
  // `${V/p/r}`: the replacement word's bytes); removed quotes and escapes leave
  // nothing. Fails with BuildKit's message, e.g. `failed to process
  // "${X:=1}": unsupported modifier (:=) in substitution`, on bad syntax, a bad
  // pattern or
  // `${V:?m}` of an unset V.
  Expected<ExpandResult, std::string> expand(const TrackedString &word,
                                             const Environment &env) const;

  // Expands and splits into words on unquoted white space (ProcessWords).
  // Unlike BuildKit since 2024-06, a nested `${V:-w}` does not drop the text
  // before it (`a:${V:-1}` gives `a:1`, not `1`). Fails like expand().
  Expected<std::vector<std::string>, std::string>
  expand_words(std::string_view text, const Environment &env) const;

private:
  // Counts `produced` bytes against the lexer's total; false past it.
  bool spend(std::size_t produced) const;

  char m_escape;
  mutable std::size_t m_produced = 0; // by all expansions so far
};

} // namespace stalebase::dockerfile
