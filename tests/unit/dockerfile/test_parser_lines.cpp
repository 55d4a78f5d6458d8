// Physical lines, line continuation, comments inside continuations, line
// endings and the Windows escape character.

#include "parse_helpers.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace stalebase::dockerfile;
using stalebase::test::dump;
using stalebase::test::parse_ok;

TEST_CASE("parse_dockerfile splits lines on LF only", "[dockerfile]") {
  SECTION("CRLF line endings") {
    CHECK(dump("FROM a\r\nRUN b \\\r\n c\r\n") ==
          "(from \"a\")\n(run \"b  c\")\n");
  }
  SECTION("several carriage returns before the newline are all dropped") {
    CHECK(dump("FROM a\r\r\nRUN b\r\r\r\n") == "(from \"a\")\n(run \"b\")\n");
  }
  SECTION("a lone CR is not a line break") {
    CHECK(dump("FROM alpine\rRUN x") == "(from \"alpine\" \"RUN\" \"x\")\n");
    CHECK(dump("RUN a\rb") == "(run \"a\\rb\")\n");
  }
  SECTION("a final newline does not start another line") {
    const Document document = parse_ok("FROM a\n");
    CHECK(document.instructions[0].end_line == 1);
  }
}

TEST_CASE("parse_dockerfile continuation character rules", "[dockerfile]") {
  SECTION("the escape as the last byte continues") {
    CHECK(dump("FROM alp\\\nine:3") == "(from \"alpine:3\")\n");
  }
  SECTION("spaces and tabs after it are allowed") {
    CHECK(dump("FROM alpine \\  \t\n AS build") ==
          "(from \"alpine\" \"AS\" \"build\")\n");
  }
  SECTION("an escaped escape does not continue") {
    CHECK(dump("RUN echo \\\\\nRUN b") ==
          "(run \"echo \\\\\\\\\")\n(run \"b\")\n");
  }
  SECTION("nor does an escaped escape followed by one (BuildKit limitation)") {
    CHECK(dump("RUN echo \\\\\\\nRUN b") ==
          "(run \"echo \\\\\\\\\\\\\")\n(run \"b\")\n");
  }
  SECTION("a line of only the escape character continues") {
    CHECK(dump("ENV E hello\\\n\\\nworld") ==
          "(env \"E\" \"helloworld\" \"\")\n");
    CHECK(dump("ENV E hello\\\n  \\  \nworld") ==
          "(env \"E\" \"hello  world\" \"\")\n");
  }
  SECTION("the escape not at the end does not continue") {
    CHECK(dump("RUN apt-get install \\ # pkg\nfoo") ==
          "(run \"apt-get install \\\\ # pkg\")\n(foo \"\")\n");
  }
  SECTION("lines are joined verbatim, keeping indentation") {
    CHECK(dump("RUN a\\\n  b \\\n\tc") == "(run \"a  b \\tc\")\n");
  }
  SECTION("a first line of only the escape character starts an instruction") {
    const Document document = parse_ok("\\\nFROM a\n");
    CHECK(dump_ast(document) == "(from \"a\")\n");
    CHECK(document.instructions[0].start_line == 1);
    CHECK(document.instructions[0].end_line == 2);
  }
}

TEST_CASE("parse_dockerfile drops comment lines inside a continuation",
          "[dockerfile]") {
  const Document document = parse_ok("RUN a \\\n# c \\\n  # d\n b\nRUN c");
  CHECK(dump_ast(document) == "(run \"a  b\")\n(run \"c\")\n");
  CHECK(document.instructions[0].end_line == 4);
  CHECK(document.warnings.empty());
}

TEST_CASE("parse_dockerfile drops blank lines inside a continuation with a "
          "warning",
          "[dockerfile]") {
  const Document document = parse_ok("FROM a\nRUN a \\\n\n \t \nb\n");
  CHECK(dump_ast(document) == "(from \"a\")\n(run \"a b\")\n");
  REQUIRE(document.warnings.size() == 1);
  CHECK(document.warnings[0].message ==
        "Empty continuation line found in: RUN a b");
  CHECK(document.warnings[0].line == 5);
  CHECK(document.instructions[1].start_line == 2);
  CHECK(document.instructions[1].end_line == 5);
}

TEST_CASE("parse_dockerfile comment lines never continue", "[dockerfile]") {
  CHECK(dump("# comment \\\nFROM a") == "(from \"a\")\n");
  CHECK(dump("FROM a\n  # comment \\\nRUN b") == "(from \"a\")\n(run \"b\")\n");
}

TEST_CASE("parse_dockerfile a # after other text is not a comment",
          "[dockerfile]") {
  CHECK(dump("FROM alpine # base") == "(from \"alpine\" \"#\" \"base\")\n");
  CHECK(dump("RUN echo hi # there") == "(run \"echo hi # there\")\n");
}

TEST_CASE("parse_dockerfile continuation at the end of the file",
          "[dockerfile]") {
  SECTION("without a final newline") {
    const Document document = parse_ok("FROM a\nRUN x \\");
    CHECK(dump_ast(document) == "(from \"a\")\n(run \"x\")\n");
    CHECK(document.instructions[1].end_line == 2);
  }
  SECTION("followed only by comments") {
    const Document document = parse_ok("FROM a\nRUN x \\\n# one\n# two\n");
    CHECK(dump_ast(document) == "(from \"a\")\n(run \"x\")\n");
    CHECK(document.instructions[1].end_line == 4);
  }
  SECTION("a last line of only the escape character is an empty instruction") {
    // BuildKit's parser keeps it as a node without keyword; its instruction
    // parser then rejects it.
    const Document document = parse_ok("FROM a\n\\");
    CHECK(dump_ast(document) == "(from \"a\")\n(\"\")\n");
    CHECK(document.instructions[1].keyword.empty());
  }
}

TEST_CASE("parse_dockerfile with escape backtick", "[dockerfile]") {
  SECTION("backslash is an ordinary character") {
    CHECK(dump("# escape=`\nCOPY a.txt c:\\\nRUN dir c:\\") ==
          "(copy \"a.txt\" \"c:\\\\\")\n(run \"dir c:\\\\\")\n");
  }
  SECTION("backtick continues and escapes") {
    CHECK(dump("# escape=`\nRUN a `\n  b\nENV X=a` b Y=``") ==
          "(run \"a   b\")\n(env \"X\" \"a` b\" \"=\" \"Y\" \"``\" \"=\")\n");
  }
  SECTION("with the default escape the same line continues") {
    CHECK(dump("COPY a.txt c:\\\nRUN dir") ==
          "(copy \"a.txt\" \"c:RUN\" \"dir\")\n");
  }
}

TEST_CASE("parse_dockerfile keeps line ranges per instruction",
          "[dockerfile]") {
  const Document document = parse_ok("# syntax=x\n"
                                     "\n"
                                     "FROM a \\\n"
                                     "  AS b\n"
                                     "# comment\n"
                                     "RUN <<EOF\n"
                                     "body\n"
                                     "EOF\n"
                                     "\n"
                                     "  CMD c\n");
  REQUIRE(document.instructions.size() == 3);
  CHECK(document.instructions[0].start_line == 3);
  CHECK(document.instructions[0].end_line == 4);
  CHECK(document.instructions[1].start_line == 6);
  CHECK(document.instructions[1].end_line == 8);
  CHECK(document.instructions[2].start_line == 10);
  CHECK(document.instructions[2].end_line == 10);
}
