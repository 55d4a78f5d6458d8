// Parser directives (`# syntax=`, `# escape=`, `# check=`) and where the
// directive block ends.

#include "parse_helpers.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace stalebase::dockerfile;
using stalebase::test::dump;
using stalebase::test::parse_error;
using stalebase::test::parse_ok;

namespace {

// With escape ` the two lines join; with \ they are two instructions.
constexpr std::string_view k_probe = "FROM a`\nb\n";
constexpr std::string_view k_joined = "(from \"ab\")\n";
constexpr std::string_view k_not_joined = "(from \"a`\")\n(b \"\")\n";

} // namespace

TEST_CASE("parse_dockerfile reads the directives block", "[dockerfile]") {
  const std::string source = "# syntax = docker/dockerfile:1.7 // opts\n"
                             "#escape=`\n"
                             "#\tcheck= skip=all \n" +
                             std::string(k_probe);
  const Document document = parse_ok(source);
  CHECK(dump_ast(document) == k_joined);
  CHECK(document.escape == '`');
  REQUIRE(document.directives.size() == 3);
  CHECK(document.directives[0].name == "syntax");
  CHECK(document.directives[0].value == "docker/dockerfile:1.7 // opts");
  CHECK(document.directives[0].line == 1);
  CHECK(document.directives[0].value_span == SourceSpan{11, 29});
  CHECK(document.directives[1].name == "escape");
  CHECK(document.directives[1].value == "`");
  CHECK(document.directives[1].value_span == SourceSpan{49, 1});
  CHECK(document.directives[2].name == "check");
  CHECK(document.directives[2].value == "skip=all");
  CHECK(document.directives[2].line == 3);
  for (const Directive &directive : document.directives) {
    CHECK(source.substr(directive.value_span.offset,
                        directive.value_span.length) == directive.value);
  }
}

TEST_CASE("parse_dockerfile directive keys are case-insensitive with free "
          "blanks",
          "[dockerfile]") {
  for (const char *line : {"# ESCAPE = `", "#escape=`", "#\t Escape\t=\t`\t",
                           "   # escape=`", "\t#eScApE=`  "}) {
    INFO(line);
    const Document document =
        parse_ok(std::string(line) + "\n" + std::string(k_probe));
    CHECK(dump_ast(document) == k_joined);
    REQUIRE(document.directives.size() == 1);
    CHECK(document.directives[0].name == "escape");
    CHECK(document.directives[0].value == "`");
  }
}

TEST_CASE("parse_dockerfile directive block ends at the first other line",
          "[dockerfile]") {
  const char *before[] = {
      "\n",            // an empty line
      "   \n",         // a blank line
      "\r\n",          // an empty CRLF line
      "# a comment\n", // an ordinary comment
      "# foo=bar\n",   // an unknown directive
      "##\n",          // `##`
      "## escape=`\n", // `##` before a directive
      "#!/bin/sh\n",   // a shebang
      "# syntax=\n",   // no value
      "FROM x\n",      // an instruction
  };
  for (const char *first : before) {
    INFO(first);
    const std::string source =
        std::string(first) + "# escape=`\n" + std::string(k_probe);
    const std::string expected =
        std::string_view(first) == "FROM x\n"
            ? "(from \"x\")\n" + std::string(k_not_joined)
            : std::string(k_not_joined);
    CHECK(dump(source) == expected);
    CHECK(parse_ok(source).escape == '\\');
  }
}

TEST_CASE("parse_dockerfile directives after a byte order mark and with CRLF",
          "[dockerfile]") {
  CHECK(dump("\xEF\xBB\xBF# escape=`\r\nFROM a`\r\nb\r\n") == k_joined);
  const Document document = parse_ok("\xEF\xBB\xBF# syntax=img\nFROM a");
  REQUIRE(document.directives.size() == 1);
  CHECK(document.directives[0].value_span == SourceSpan{12, 3});
}

TEST_CASE("parse_dockerfile rejects repeated directives", "[dockerfile]") {
  for (const char *name : {"escape", "syntax", "check"}) {
    INFO(name);
    const std::string value = std::string(name) == "escape" ? "`" : "x";
    const ParseError error =
        parse_error("# " + std::string(name) + "=" + value + "\n  # " +
                    std::string(name) + "=" + value + "\nFROM a\n");
    CHECK(error.message ==
          "only one " + std::string(name) + " parser directive can be used");
    CHECK(error.line == 2);
    CHECK(error.column == 3);
  }
  // A repeated key in another case is the same key.
  CHECK(parse_error("# escape=`\n# ESCAPE=\\\nFROM a").message ==
        "only one escape parser directive can be used");
}

TEST_CASE("parse_dockerfile rejects an escape other than backslash or "
          "backtick",
          "[dockerfile]") {
  SECTION("another character") {
    const ParseError error = parse_error("# escape=x\nFROM a\n");
    CHECK(error.message == "invalid escape token 'x' does not match ` or \\");
    CHECK(error.line == 1);
    CHECK(error.column == 1);
  }
  SECTION("two characters") {
    CHECK(parse_error("# escape=\\\\\nFROM a").message ==
          "invalid escape token '\\\\' does not match ` or \\");
  }
  SECTION("only blanks: the pattern leaves one blank as the value") {
    CHECK(parse_error("# escape=  \nFROM a").message ==
          "invalid escape token ' ' does not match ` or \\");
  }
}

TEST_CASE("parse_dockerfile directive-like lines later are comments",
          "[dockerfile]") {
  const Document document =
      parse_ok("FROM a\n# escape=`\n# escape=x\nRUN b `\nc\n");
  CHECK(document.directives.empty());
  CHECK(document.escape == '\\');
  CHECK(dump_ast(document) == "(from \"a\")\n(run \"b `\")\n(c \"\")\n");
}
