#pragma once

#include "stalebase/dockerfile/source_span.hpp"

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace stalebase::dockerfile {

// A parser directive from the leading comment block (`# syntax=…`, `#
// escape=…`, `# check=…`).
struct Directive {
  std::string name;  // lower-case
  std::string value; // trimmed
  SourceSpan value_span;
  std::size_t line = 0;
};

// A heredoc attached to ADD, COPY or RUN. Its body is raw text, never
// instructions.
struct Heredoc {
  std::string name;
  std::string content;
  bool expand = true; // false when the name was quoted
  bool chomp = false; // `<<-`: leading tabs stripped
  // The file descriptor written before `<<` (`3<<EOF`), 0 when none.
  std::size_t file_descriptor = 0;
  // The body's bytes in the source, every line with its own line ending
  // (`content` is exactly these bytes); empty, at the start of the terminator
  // line, when the body is empty.
  SourceSpan body_span;
};

// One instruction, as BuildKit's parser gives it.
struct Instruction {
  std::string keyword;          // lower-case (`from`, `copy`, `onbuild`, ...)
  std::string original_keyword; // as written
  // Leading `--flag[=value]` words with quotes removed, exactly as BuildKit's
  // dump shows them.
  std::vector<TrackedString> flags;
  // The arguments as BuildKit's node list holds them: FROM and most
  // instructions split on whitespace; ENV and LABEL as (key, value, separator)
  // triples; JSON form unpacked. An unknown keyword has one empty argument
  // (BuildKit's parseIgnore node). Every byte copied from the file keeps its
  // origin; bytes decoded from JSON escapes have none.
  std::vector<TrackedString> args;
  bool json_form = false;
  // Heredocs in the order their bodies follow the instruction. For `ONBUILD RUN
  // <<EOF` they are kept here, on the ONBUILD instruction, as BuildKit does.
  std::vector<Heredoc> heredocs;
  // For ONBUILD: the instruction it wraps (same lines; its span starts at its
  // own keyword).
  std::shared_ptr<Instruction> onbuild;

  std::size_t start_line = 0; // 1-based, first physical line
  std::size_t end_line =
      0; // last physical line, including continuation and heredoc lines
  SourceSpan span; // from the keyword to the end of the last line's content
};

// A warning BuildKit would print (empty continuation lines, ...); parsing went
// on.
struct ParseWarning {
  std::string message;
  std::size_t line = 0;
  std::size_t column = 0;
};

struct Document {
  std::vector<Directive> directives;
  char escape = '\\';
  bool has_bom = false;
  std::vector<Instruction> instructions;
  std::vector<ParseWarning> warnings;
  LineIndex lines;
};

// Why a file could not be parsed. `line` and `column` are 1-based; 0 when not
// about a line.
struct ParseError {
  std::string message;
  std::size_t line = 0;
  std::size_t column = 0;
};

} // namespace stalebase::dockerfile
