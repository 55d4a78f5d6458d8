#include "reference/quote.hpp"

#include <catch2/catch.hpp>

#include <string>

using stalebase::reference::quote;

TEST_CASE("reference::quote", "[reference]") {
  CHECK(quote("") == "\"\"");
  CHECK(quote("ghcr.io") == "\"ghcr.io\"");
  CHECK(quote("a\"b\\c") == "\"a\\\"b\\\\c\"");
  CHECK(quote(std::string("a\0b\n\x7f\xff", 6)) ==
        "\"a\\x00b\\x0a\\x7f\\xff\"");
  CHECK(quote(std::string(80, 'x')) == "\"" + std::string(80, 'x') + "\"");
  CHECK(quote(std::string(81, 'x')) ==
        "\"" + std::string(80, 'x') + "\"... (81 bytes)");
}
