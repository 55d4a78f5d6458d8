// A hostile Dockerfile must end in an error at its line and column, not in a
// crash or an allocation of gigabytes (issue 12).

#include "stalebase/dockerfile/parser.hpp"
#include "stalebase/dockerfile/references.hpp"

#include "parse_helpers.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace stalebase::dockerfile;
using stalebase::test::parse_error;
using stalebase::test::parse_ok;

namespace {

std::string repeat(std::string_view text, std::size_t times) {
  std::string out;
  out.reserve(text.size() * times);
  for (std::size_t i = 0; i < times; ++i) {
    out += text;
  }
  return out;
}

ParseError extract_error(std::string_view source) {
  const Document document = parse_ok(source);
  auto result = extract_references(document, {});
  REQUIRE_FALSE(result.has_value());
  return result.error();
}

// `ARG a0=xx` and then `count` ARGs, each twice the one before.
std::string doubling_args(std::size_t count) {
  std::string source = "ARG a0=xx\n";
  for (std::size_t i = 1; i <= count; ++i) {
    const std::string previous = "$a" + std::to_string(i - 1);
    source += "ARG a" + std::to_string(i) + "=" + previous + previous + "\n";
  }
  return source + "FROM alpine\n";
}

} // namespace

TEST_CASE("limits: the line limit holds for continued lines",
          "[dockerfile][limits]") {
  // 14,000 nested substitutions over continuation lines: 70 KB that used to
  // overflow the stack.
  const std::string deep = "FROM a\nARG b=" + repeat("${a-\\\n", 14000) + "x" +
                           repeat("}", 14000) + "\n";
  const ParseError error = parse_error(deep);
  CHECK(error.message == "instruction longer than the max allowed size of "
                         "65535 bytes once its continuation lines are joined");
  CHECK(error.line == 2);
  CHECK(error.column == 1);

  // 65,535 bytes once joined are still read.
  const std::string head = "RUN ";
  const std::string longest = head + std::string(30000, 'a') + "\\\n" +
                              std::string(65535 - head.size() - 30000, 'b');
  CHECK(parse_ok("FROM a\n" + longest + "\n").instructions.size() == 2);
  CHECK(parse_error("FROM a\n" + longest + "b\n").line == 2);
}

TEST_CASE("limits: substitution depth", "[dockerfile][limits]") {
  const auto nested = [](std::size_t depth) {
    return "ARG a=x\nARG b=" + repeat("${a-", depth) + "x" +
           repeat("}", depth) + "\nFROM alpine\n";
  };
  CHECK(extract_references(parse_ok(nested(200)), {}).has_value());
  const ParseError error = extract_error(nested(1000));
  CHECK(error.message ==
        "failed to process \"${a-${a-${a-${a-${a-${a-${a-${a-${a-${a-${a-${a-"
        "${a-${a-${a-${a-${a-${a-${a-${a-...\": substitutions nested more than "
        "200 levels deep");
  CHECK(error.line == 2);
  CHECK(error.column == 5);
}

TEST_CASE("limits: expanded length", "[dockerfile][limits]") {
  SECTION("ARGs that double each other") {
    // 40 such ARGs (817 bytes) used to allocate 1.9 GB.
    const ParseError error = extract_error(doubling_args(40));
    CHECK(error.message ==
          "failed to process \"$a19$a19\": expands to more than 1048576 bytes");
    CHECK(error.line == 21);
    CHECK(error.column == 5);
    CHECK(extract_references(parse_ok(doubling_args(19)), {}).has_value());
  }
  SECTION("a replacement that multiplies a value") {
    const std::string source = "ARG a=" + std::string(60000, 'x') +
                               "\nARG b=${a//x/$a}\nFROM alpine\n";
    const ParseError error = extract_error(source);
    CHECK(error.message ==
          "failed to process \"${a//x/$a}\": expands to more than 1048576 "
          "bytes");
    CHECK(error.line == 2);
  }
  SECTION("many ARGs of a large value add up") {
    // a19 is 1 MiB; 16 copies of it are 16 MiB, the file's total.
    std::string source = doubling_args(19);
    source.erase(source.size() - std::string("FROM alpine\n").size());
    for (int i = 0; i < 20; ++i) {
      source += "ARG c" + std::to_string(i) + "=$a19\n";
    }
    source += "FROM alpine\n";
    const ParseError error = extract_error(source);
    CHECK(error.message ==
          "failed to process \"$a19\": the file's substitutions expand to more "
          "than 16777216 bytes in total");
    CHECK(error.line == 35);
  }
}

TEST_CASE("limits: an ARG's error is not wrapped twice", "[dockerfile]") {
  CHECK(extract_error("ARG b=${a:?oops}\nFROM alpine\n").message ==
        "failed to process \"${a:?oops}\": a: oops");
  CHECK(extract_error("FROM --platform=${p:?unset} alpine\n").message ==
        "failed to process \"${p:?unset}\": p: unset");
}
