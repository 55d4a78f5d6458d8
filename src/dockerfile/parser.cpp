#include "stalebase/dockerfile/parser.hpp"

#include "dockerfile/continuation.hpp"
#include "dockerfile/directives.hpp"
#include "dockerfile/encoding.hpp"
#include "dockerfile/go_text.hpp"
#include "dockerfile/heredoc_detect.hpp"
#include "dockerfile/instruction_builder.hpp"
#include "dockerfile/logical_line.hpp"
#include "dockerfile/physical_lines.hpp"

#include <algorithm>
#include <string>

namespace stalebase::dockerfile {

namespace {

using detail::LineScanner;
using detail::LogicalLine;
using detail::PhysicalLine;

// BuildKit's Parse loop over physical lines: directives, continuation,
// instructions and heredoc bodies.
// The buffers an instruction is built in, kept from one file to the next (per
// thread) so that parsing many files does not grow them again for each.
struct Buffers {
  LogicalLine line;
  detail::ParseScratch scratch;
};

class Parser {
public:
  Parser(std::string_view source,
         Document &document,
         std::size_t bom,
         Buffers &buffers)
      : m_source(source), m_document(document), m_scanner(source, bom),
        m_line(buffers.line), m_scratch(buffers.scratch) {
    // A file that failed part-way may have left something behind.
    m_line.clear();
    detail::reset_word(m_scratch.word);
    m_scratch.nodes.clear();
    m_scratch.flags.clear();
  }

  Expected<void, ParseError> run();

private:
  ParseError error_at(std::string message, std::size_t offset) const {
    const SourcePosition position = m_document.lines.position(offset);
    return ParseError{std::move(message), position.line, position.column};
  }

  // Reads one instruction whose first line is `first`, its content starting at
  // `begin`.
  Expected<void, ParseError> read_instruction(const PhysicalLine &first,
                                              std::size_t begin);
  // Reads the bodies of the heredocs declared on the instruction's logical
  // line.
  Expected<void, ParseError> read_heredocs(Instruction &instruction,
                                           std::size_t error_offset);

  std::string_view m_source;
  Document &m_document;
  LineScanner m_scanner;
  detail::DirectiveParser m_directives;
  LogicalLine &m_line;
  detail::ParseScratch &m_scratch;
  // The last physical line consumed by the current instruction.
  std::size_t m_end_line = 0;
  std::size_t m_end_offset = 0;
};

Expected<void, ParseError> Parser::run() {
  // Room for a typical share of instructions per line, so that small files
  // never move their instructions; big ones grow as usual.
  m_document.instructions.reserve(
      std::min<std::size_t>(m_document.lines.line_count() / 2 + 8, 4096));
  PhysicalLine line;
  while (m_scanner.next(line)) {
    const std::size_t begin =
        detail::skip_go_space(m_source, line.begin, line.content_end);
    if (auto error = m_directives.parse_line(m_source, begin, line.content_end,
                                             line.number, m_document)) {
      return Unexpected(error_at(std::move(*error), begin));
    }
    if (begin == line.content_end || m_source[begin] == '#') {
      continue; // an empty line or a comment (directives are comments too)
    }
    if (auto read = read_instruction(line, begin); !read) {
      return read;
    }
  }
  if (m_scanner.too_long_line() != 0) {
    return Unexpected(
        error_at("dockerfile line greater than max allowed size of " +
                     std::to_string(detail::k_max_line_length),
                 m_scanner.too_long_offset()));
  }
  if (m_document.instructions.empty()) {
    return Unexpected(ParseError{"file with no instructions", 0, 0});
  }
  return {};
}

Expected<void, ParseError> Parser::read_instruction(const PhysicalLine &first,
                                                    std::size_t begin) {
  const char escape = m_document.escape;
  m_line.clear();
  detail::ContinuationCut cut =
      detail::cut_continuation(m_source, begin, first.content_end, escape);
  m_line.append(m_source, begin, cut.keep_end);
  m_end_line = first.number;
  m_end_offset = first.content_end;

  bool has_empty_line = false;
  PhysicalLine line;
  while (cut.continues && m_scanner.next(line)) {
    m_end_line = line.number;
    m_end_offset = line.content_end;
    // Inside a continuation, comment lines and blank lines are dropped.
    if (detail::is_comment_line(m_source, line.begin, line.content_end)) {
      continue;
    }
    if (detail::is_blank_line(m_source, line.begin, line.content_end)) {
      has_empty_line = true;
      continue;
    }
    cut = detail::cut_continuation(m_source, line.begin, line.content_end,
                                   escape);
    m_line.append(m_source, line.begin, cut.keep_end);
    // BuildKit limits physical lines only; an instruction of many continued
    // lines would let a file nest or repeat without bound.
    if (m_line.size() > detail::k_max_line_length) {
      return Unexpected(
          error_at("instruction longer than the max allowed size of " +
                       std::to_string(detail::k_max_line_length) +
                       " bytes once its continuation lines are joined",
                   begin));
    }
  }
  if (has_empty_line) {
    m_document.warnings.push_back(
        {"Empty continuation line found in: " + m_line.text(), m_end_line, 0});
  }

  // Errors about the instruction point at the start of its first line.
  const std::size_t error_offset = begin;
  Instruction &instruction = m_document.instructions.emplace_back();
  instruction.span.offset = begin;
  if (auto built = detail::build_instruction(m_line, 0, m_line.size(), escape,
                                             m_scratch, instruction);
      !built) {
    return Unexpected(error_at(std::move(built).error(), error_offset));
  }
  instruction.start_line = first.number;
  if (detail::can_contain_heredoc(instruction) &&
      m_line.text().find("<<") != std::string::npos) {
    if (auto read = read_heredocs(instruction, error_offset); !read) {
      return read;
    }
  }
  instruction.end_line = m_end_line;
  instruction.span.length = m_end_offset - instruction.span.offset;
  if (instruction.onbuild) {
    Instruction &child = *instruction.onbuild;
    child.start_line = instruction.start_line;
    child.end_line = instruction.end_line;
    child.span.length = m_end_offset - child.span.offset;
  }
  return {};
}

Expected<void, ParseError> Parser::read_heredocs(Instruction &instruction,
                                                 std::size_t error_offset) {
  auto headers = detail::heredocs_from_line(m_line.text());
  if (!headers) {
    return Unexpected(error_at(std::move(headers).error(), error_offset));
  }
  for (detail::HeredocHeader &header : *headers) {
    Heredoc heredoc;
    heredoc.name = std::move(header.name);
    heredoc.expand = header.expand;
    heredoc.chomp = header.chomp;
    heredoc.file_descriptor = header.file_descriptor;
    bool terminated = false;
    bool has_body = false;
    PhysicalLine line;
    while (m_scanner.next(line)) {
      m_end_line = line.number;
      m_end_offset = line.content_end;
      std::size_t candidate = line.begin;
      if (heredoc.chomp) {
        while (candidate < line.content_end && m_source[candidate] == '\t') {
          ++candidate;
        }
      }
      if (m_source.substr(candidate, line.content_end - candidate) ==
          heredoc.name) {
        terminated = true;
        if (!has_body) {
          heredoc.body_span = {line.begin, 0};
        }
        break;
      }
      if (!has_body) {
        heredoc.body_span.offset = line.begin;
        has_body = true;
      }
      heredoc.body_span.length = line.end - heredoc.body_span.offset;
    }
    if (!terminated) {
      return Unexpected(error_at("unterminated heredoc: no line " +
                                     detail::go_quote(heredoc.name) +
                                     " ends it before the end of the file",
                                 error_offset));
    }
    heredoc.content = std::string(
        m_source.substr(heredoc.body_span.offset, heredoc.body_span.length));
    instruction.heredocs.push_back(std::move(heredoc));
  }
  return {};
}

} // namespace

Expected<Document, ParseError> parse_dockerfile(std::string_view source) {
  auto bom = detail::check_encoding(source);
  if (!bom) {
    return Unexpected(std::move(bom).error());
  }
  Document document;
  document.has_bom = *bom != 0;
  document.lines = LineIndex(source);
  thread_local Buffers buffers;
  Parser parser(source, document, *bom, buffers);
  if (auto parsed = parser.run(); !parsed) {
    return Unexpected(std::move(parsed).error());
  }
  return document;
}

} // namespace stalebase::dockerfile
