// File-level checks: byte order marks, encodings, binary files, the line-length
// limit and files without instructions.

#include "parse_helpers.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace stalebase::dockerfile;
using stalebase::test::dump;
using stalebase::test::parse_error;
using stalebase::test::parse_ok;

TEST_CASE("parse_dockerfile strips one UTF-8 byte order mark", "[dockerfile]") {
  const std::string source = "\xEF\xBB\xBF"
                             "FROM a\n";
  const Document document = parse_ok(source);
  CHECK(document.has_bom);
  CHECK(dump_ast(document) == "(from \"a\")\n");
  // Offsets still count the byte order mark.
  CHECK(document.instructions[0].span.offset == 3);
  CHECK(document.instructions[0].args[0].origins ==
        std::vector<std::int64_t>{8});

  SECTION("only one is stripped: a second is part of the keyword") {
    CHECK(dump("\xEF\xBB\xBF\xEF\xBB\xBF"
               "FROM a\n") == "(\xEF\xBB\xBF"
                              "from \"\")\n");
  }
  SECTION("a file without one") {
    CHECK_FALSE(parse_ok("FROM a").has_bom);
  }
}

TEST_CASE("parse_dockerfile rejects UTF-16 and UTF-32 files", "[dockerfile]") {
  struct Case {
    std::string source;
    std::string message;
  };
  using namespace std::string_literals;
  const Case cases[] = {
      {"\xFF\xFE"
       "F\0R\0O\0M\0"s,
       "file is UTF-16LE encoded (it starts with a byte order mark), not "
       "UTF-8; convert it to UTF-8"},
      {"\xFE\xFF\0F\0R"s, "file is UTF-16BE encoded (it starts with a byte "
                          "order mark), not UTF-8; convert it to UTF-8"},
      {"\xFF\xFE\0\0F\0\0\0"s, "file is UTF-32LE encoded (it starts with a "
                               "byte order mark), not UTF-8; convert it to "
                               "UTF-8"},
      {"\0\0\xFE\xFF\0\0\0F"s, "file is UTF-32BE encoded (it starts with a "
                               "byte order mark), not UTF-8; convert it to "
                               "UTF-8"},
      {"F\0R\0O\0M\0"s, "file is UTF-16LE encoded (it has NUL bytes between "
                        "its characters), not UTF-8; convert it to UTF-8"},
      {"\0F\0R\0O\0M"s, "file is UTF-16BE encoded (it has NUL bytes between "
                        "its characters), not UTF-8; convert it to UTF-8"},
      {"F\0\0\0R\0\0\0"s, "file is UTF-32LE encoded (it has NUL bytes between "
                          "its characters), not UTF-8; convert it to UTF-8"},
  };
  for (const Case &c : cases) {
    const ParseError error = parse_error(c.source);
    CHECK(error.message == c.message);
    CHECK(error.line == 1);
    CHECK(error.column == 1);
  }
}

TEST_CASE("parse_dockerfile rejects NUL bytes as a binary file",
          "[dockerfile]") {
  using namespace std::string_literals;
  const ParseError error = parse_error("FROM a\nRUN \0x\n"s);
  CHECK(error.message == "file has a NUL byte; it is a binary file, not text");
  CHECK(error.line == 2);
  CHECK(error.column == 5);
}

TEST_CASE("parse_dockerfile rejects invalid UTF-8 naming line and column",
          "[dockerfile]") {
  SECTION("a Latin-1 byte") {
    const ParseError error = parse_error("FROM a\nRUN caf\xE9\n");
    CHECK(error.message == "file is not valid UTF-8: byte 0xE9 does not "
                           "start or continue a UTF-8 character");
    CHECK(error.line == 2);
    CHECK(error.column == 8);
  }
  SECTION("a truncated sequence at the end") {
    const ParseError error = parse_error("FROM a\xC3");
    CHECK(error.line == 1);
    CHECK(error.column == 7);
  }
  SECTION("an encoded surrogate") {
    const ParseError error = parse_error("FROM \xED\xA0\x80");
    CHECK(error.message == "file is not valid UTF-8: byte 0xED does not "
                           "start or continue a UTF-8 character");
  }
  SECTION("an overlong encoding") {
    CHECK(parse_error("FROM \xC0\xAF").column == 6);
  }
  SECTION("valid multi-byte characters pass") {
    CHECK(dump("LABEL a=\xC3\xA9\xE2\x98\x83\xF0\x9F\x98\x80") ==
          "(label \"a\" \"\xC3\xA9\xE2\x98\x83\xF0\x9F\x98\x80\" \"=\")\n");
  }
}

TEST_CASE("parse_dockerfile rejects a physical line over 64 KiB",
          "[dockerfile]") {
  const std::string longest = "RUN " + std::string(65535 - 4, 'x');
  SECTION("65535 bytes are allowed") {
    const Document document = parse_ok("FROM a\n" + longest + "\n");
    CHECK(document.instructions[1].args[0].text.size() == 65531);
    CHECK(parse_ok("FROM a\n" + longest).instructions.size() == 2);
  }
  SECTION("65536 bytes are not, with or without a newline") {
    for (const std::string &tail : {std::string("\n"), std::string()}) {
      const ParseError error =
          parse_error("FROM a\n" + longest + "y" + tail + "FROM b\n");
      CHECK(error.message ==
            "dockerfile line greater than max allowed size of 65535");
      CHECK(error.line == 2);
      CHECK(error.column == 1);
    }
  }
  SECTION("the limit counts carriage returns and the byte order mark") {
    CHECK(parse_error("FROM a\n" + longest + "\r\n").line == 2);
    CHECK(parse_error("\xEF\xBB\xBF" + std::string(65533, 'x')).line == 1);
  }
  SECTION("a heredoc still open at that line is unterminated") {
    const ParseError error =
        parse_error("FROM a\nRUN <<EOF\n" + longest + "yy\nEOF\n");
    CHECK(error.message == "unterminated heredoc: no line \"EOF\" ends it "
                           "before the end of the file");
  }
}

TEST_CASE("parse_dockerfile rejects a file with no instructions",
          "[dockerfile]") {
  for (const char *source :
       {"", "\n\n", "# just a comment\n", "# syntax=x\n\n   \n# c"}) {
    const ParseError error = parse_error(source);
    CHECK(error.message == "file with no instructions");
    CHECK(error.line == 0);
    CHECK(error.column == 0);
  }
}
