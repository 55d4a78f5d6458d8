#include "dockerfile/go_quote.hpp"

#include <catch2/catch.hpp>

using stalebase::dockerfile::go_quote;

TEST_CASE("go_quote", "[dockerfile]") {
  CHECK(go_quote("") == "\"\"");
  CHECK(go_quote("a b") == "\"a b\"");
  CHECK(go_quote("a\"b\\c") == "\"a\\\"b\\\\c\"");
  CHECK(go_quote("\a\b\f\n\r\t\v") == "\"\\a\\b\\f\\n\\r\\t\\v\"");
  CHECK(go_quote(std::string_view("\x00\x1b\x7f", 3)) == "\"\\x00\\x1b\\x7f\"");
  CHECK(go_quote("\xff\xc3") == "\"\\xff\\xc3\"");
  CHECK(go_quote("한국어 é") == "\"한국어 é\"");
  CHECK(go_quote("\xC2\xA0\xC2\x85\xE2\x80\xA8") ==
        "\"\\u00a0\\u0085\\u2028\"");
  CHECK(go_quote("\xEF\xBB\xBF\xF3\xA0\x80\x81") == "\"\\ufeff\\U000e0001\"");
  CHECK(go_quote("\xEF\xBF\xBD") == "\"\xEF\xBF\xBD\"");
}
