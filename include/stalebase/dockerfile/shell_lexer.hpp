#pragma once

#include "stalebase/dockerfile/source_span.hpp"
#include "stalebase/util/expected.hpp"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stalebase::dockerfile {

// Variables visible to an expansion. A name mapped to an empty string is set and empty
// (`${X-w}` keeps it empty); a name not in the map is unset.
using Environment = std::map<std::string, TrackedString, std::less<>>;

struct ExpandResult {
  TrackedString value;
  std::vector<std::string> matched;   // variables referenced that were set, in first-use order
  std::vector<std::string> unmatched; // variables referenced that were unset
};

// BuildKit's shell lexer (frontend/dockerfile/shell/lex.go): quotes, escapes and the
// `$V ${V} ${V:-w} ${V-w} ${V:+w} ${V+w} ${V:?m} ${V?m} ${V#p} ${V##p} ${V%p} ${V%%p}
// ${V/p/r} ${V//p/r}` grammar, with `escape` as the escape character.
class ShellLexer {
public:
  explicit ShellLexer(char escape = '\\') : m_escape(escape) {}

  // Expands one word (ProcessWordWithMatches): quotes removed, variables substituted, the
  // result one string. Each output byte keeps the origin of the input byte or variable value
  // byte it came from. Fails with BuildKit's message on bad syntax or `${V:?m}` of an unset V.
  Expected<ExpandResult, std::string> expand(const TrackedString& word, const Environment& env) const;

  // Expands and splits into words on unquoted whitespace (ProcessWords).
  Expected<std::vector<std::string>, std::string> expand_words(std::string_view text,
                                                               const Environment& env) const;

private:
  char m_escape;
};

} // namespace stalebase::dockerfile
