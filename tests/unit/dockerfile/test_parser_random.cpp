// Random Dockerfile-like inputs: the parser must never crash, and whatever it
// returns must be consistent with the source (origins, spans, lines, heredoc
// bodies).

#include "stalebase/dockerfile/ast_dump.hpp"
#include "stalebase/dockerfile/parser.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

using namespace stalebase::dockerfile;

namespace {

const std::vector<std::string_view> k_fragments = {
    "FROM ",
    "RUN ",
    "COPY ",
    "ENV ",
    "ARG ",
    "ONBUILD ",
    "CMD ",
    "LABEL ",
    "ADD ",
    "HEALTHCHECK ",
    "fRoM ",
    "--from=",
    "--mount=",
    "--",
    "-",
    "\"",
    "'",
    "\\",
    "`",
    "\n",
    "\r\n",
    "\r",
    " ",
    "\t",
    "#",
    "# escape=`\n",
    "# syntax=x\n",
    "<<EOF",
    "<<-EOF",
    "<< EOF",
    "3<<EOF",
    "<<'EOF'",
    "EOF",
    "\n\tEOF",
    "\nEOF\n",
    "[",
    "]",
    ",",
    "\"a\"",
    "$",
    "${",
    "}",
    ":-",
    "=",
    "a",
    "b:1",
    "AS",
    "\xC3\xA9",
    "\xC2\xA0",
    "\xE2\x80\x83",
    "\\u00e9",
    "{",
    "null",
    "1",
    "\xEF\xBB\xBF",
};

std::string random_source(std::mt19937 &random) {
  std::uniform_int_distribution<std::size_t> length(0, 60);
  std::uniform_int_distribution<std::size_t> pick(0, k_fragments.size() - 1);
  std::string source;
  const std::size_t count = length(random);
  for (std::size_t i = 0; i < count; ++i) {
    source += k_fragments[pick(random)];
  }
  return source;
}

void check_tracked(std::string_view source, const TrackedString &text) {
  REQUIRE((text.origins.empty() ? text.text.empty()
                                : text.origins.size() == text.text.size()));
  for (std::size_t i = 0; i < text.origins.size(); ++i) {
    if (text.origins[i] == TrackedString::k_no_origin) {
      continue;
    }
    const auto origin = static_cast<std::size_t>(text.origins[i]);
    REQUIRE(origin < source.size());
    REQUIRE(source[origin] == text.text[i]);
  }
}

void check_instruction(std::string_view source,
                       const Instruction &instruction,
                       std::size_t line_count) {
  REQUIRE(instruction.start_line >= 1);
  REQUIRE(instruction.start_line <= instruction.end_line);
  REQUIRE(instruction.end_line <= line_count);
  REQUIRE(instruction.span.end() <= source.size());
  for (const TrackedString &flag : instruction.flags) {
    check_tracked(source, flag);
  }
  for (const TrackedString &arg : instruction.args) {
    check_tracked(source, arg);
  }
  for (const Heredoc &heredoc : instruction.heredocs) {
    REQUIRE(heredoc.body_span.end() <= source.size());
    REQUIRE(source.substr(heredoc.body_span.offset, heredoc.body_span.length) ==
            heredoc.content);
  }
}

} // namespace

TEST_CASE("parse_dockerfile on random inputs stays consistent",
          "[dockerfile]") {
  std::mt19937 random(20240611);
  std::size_t parsed = 0;
  for (int round = 0; round < 4000; ++round) {
    const std::string source = random_source(random);
    INFO("source: " << source);
    const auto document = parse_dockerfile(source);
    if (!document) {
      REQUIRE_FALSE(document.error().message.empty());
      continue;
    }
    ++parsed;
    CHECK_FALSE(dump_ast(*document).empty());
    std::size_t previous_end = 0;
    for (const Instruction &instruction : document->instructions) {
      check_instruction(source, instruction, document->lines.line_count());
      REQUIRE(instruction.start_line > previous_end);
      previous_end = instruction.end_line;
      if (instruction.onbuild) {
        check_instruction(source, *instruction.onbuild,
                          document->lines.line_count());
      }
    }
  }
  // The generator must reach the parser's success paths too.
  CHECK(parsed > 1000);
}
