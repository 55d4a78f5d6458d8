#pragma once

#include "stalebase/dockerfile/ast.hpp"
#include "stalebase/util/expected.hpp"

#include "dockerfile/logical_line.hpp"
#include "dockerfile/parse_scratch.hpp"

#include <cstddef>
#include <string>

namespace stalebase::dockerfile::detail {

// BuildKit's newNodeFromLine over line.text()[begin, end): keyword, flags and
// argument nodes of one instruction, and for ONBUILD the instruction it wraps.
// Sets span.offset to the keyword's source offset (left alone for an empty
// line); the rest of the span and the line numbers are the caller's. Fails with
// BuildKit's message where its parser fails, and on `ONBUILD ONBUILD` (rejected
// by BuildKit's instruction parser; rejecting it here also bounds the nesting).
Expected<void, std::string> build_instruction(const LogicalLine &line,
                                              std::size_t begin,
                                              std::size_t end,
                                              char escape,
                                              ParseScratch &scratch,
                                              Instruction &instruction);

// Whether BuildKit reads heredoc bodies after this instruction: ADD, COPY or
// RUN, directly or under ONBUILD, and not in JSON form.
bool can_contain_heredoc(const Instruction &instruction);

} // namespace stalebase::dockerfile::detail
