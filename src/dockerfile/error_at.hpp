#pragma once

#include "stalebase/dockerfile/ast.hpp"

#include <string>

namespace stalebase::dockerfile::detail {

// An error located at `word` when its bytes are known, else at the start of
// `instruction`.
inline ParseError error_at(const Document &document,
                           const Instruction &instruction,
                           const TrackedString *word,
                           std::string message) {
  if (word != nullptr) {
    const SourceSpan extent = word->extent();
    if (extent.length > 0) {
      const SourcePosition at = document.lines.position(extent.offset);
      return ParseError{std::move(message), at.line, at.column};
    }
  }
  const SourcePosition at = document.lines.position(instruction.span.offset);
  return ParseError{std::move(message), instruction.start_line, at.column};
}

} // namespace stalebase::dockerfile::detail
