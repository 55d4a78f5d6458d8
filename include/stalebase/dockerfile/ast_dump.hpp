#pragma once

#include "stalebase/dockerfile/ast.hpp"

#include <string>

namespace stalebase::dockerfile {

// The document as BuildKit's `Node.Dump()` prints it (plus a final newline, as
// in BuildKit's testfiles `result`): one line per instruction, `(keyword
// ["--flag" ...] "arg" ...)`, strings quoted like Go's strconv.Quote, ONBUILD
// nesting `(onbuild (run "x"))`. Heredoc bodies are not shown. Never fails.
std::string dump_ast(const Document &document);

// One instruction's line of dump_ast, without the parentheses and newline.
std::string dump_instruction(const Instruction &instruction);

} // namespace stalebase::dockerfile
