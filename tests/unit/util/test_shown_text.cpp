#include "stalebase/util/shown_text.hpp"

#include <catch2/catch.hpp>

using stalebase::util::escape_control;
using stalebase::util::escape_invalid_utf8;

TEST_CASE("escape_control keeps text and escapes control characters",
          "[util]") {
  CHECK(escape_control("python:3.12-slim") == "python:3.12-slim");
  CHECK(escape_control("C:\\dir é 日本 😀") == "C:\\dir é 日本 😀");
  // A registry's text that would start a GitHub Actions command of its own.
  CHECK(escape_control("bad\n::error::pwned") == "bad\\n::error::pwned");
  CHECK(escape_control("a\r\tb") == "a\\r\\tb");
  // Cursor movement and colours.
  CHECK(escape_control("\x1b[2J\x1b[1;1H") == "\\e[2J\\e[1;1H");
  CHECK(escape_control(std::string("nul\0x", 5)) == "nul\\x00x");
  CHECK(escape_control("\x7f\x07") == "\\x7f\\x07");
  // C1 controls (U+009B is CSI) and bytes that are not UTF-8.
  CHECK(escape_control("\xc2\x9b"
                       "31m") == "\\xc2\\x9b31m");
  CHECK(escape_control("\xc2\xa0") == "\xc2\xa0");
  CHECK(escape_control("\x9b"
                       "31m\xff") == "\\x9b31m\\xff");
  CHECK(escape_control("\xc0\xaf") == "\\xc0\\xaf");          // overlong
  CHECK(escape_control("\xed\xa0\x80") == "\\xed\\xa0\\x80"); // surrogate
  CHECK(escape_control("\xe6\x97") == "\\xe6\\x97");          // cut short
}

TEST_CASE("escape_invalid_utf8 escapes only what JSON cannot carry", "[util]") {
  CHECK(escape_invalid_utf8("Dockerfile.\xff") == "Dockerfile.\\xff");
  CHECK(escape_invalid_utf8("a\nb\x1b \xc2\x9b é") == "a\nb\x1b \xc2\x9b é");
  CHECK(escape_invalid_utf8("\xe6\x97") == "\\xe6\\x97");
}
