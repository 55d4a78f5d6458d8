#pragma once

// The global scope FROM lines see: automatic platform ARGs, then the ARGs
// declared before the first FROM, each taking its --build-arg value verbatim or
// its default expanded in order.

#include "stalebase/dockerfile/ast.hpp"
#include "stalebase/dockerfile/references.hpp"
#include "stalebase/dockerfile/shell_lexer.hpp"
#include "stalebase/util/expected.hpp"

namespace stalebase::dockerfile::detail {

// The automatic platform ARGs (BUILDPLATFORM, TARGETOS, ...) for `options`,
// overridden by
// --build-arg values of the same name.
Expected<Environment, ParseError> automatic_args(const ExtractOptions &options);

// automatic_args(options), computed once per thread for the same platforms and
// --build-args and reused while they stay the same (every file of a run).
const Expected<Environment, ParseError> &
cached_automatic_args(const ExtractOptions &options);

// Adds the declarations of one global ARG instruction to `env`.
Expected<void, ParseError> declare_global_arg(const Document &document,
                                              const Instruction &arg,
                                              const ExtractOptions &options,
                                              const ShellLexer &lexer,
                                              Environment &env);

} // namespace stalebase::dockerfile::detail
