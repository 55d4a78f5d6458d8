// Compose's .env file: the variables Compose interpolates with.

#include "stalebase/sources/dotenv.hpp"

#include <catch2/catch.hpp>

using namespace stalebase::sources;

namespace {

ComposeEnvironment dotenv_ok(std::string_view text,
                             const ComposeEnvironment &process = {}) {
  auto result = parse_dotenv(text, process);
  if (!result) {
    FAIL("unexpected error: " << result.error().line << ':'
                              << result.error().column << ": "
                              << result.error().message);
  }
  return std::move(*result);
}

std::string dotenv_error(std::string_view text) {
  auto result = parse_dotenv(text);
  REQUIRE_FALSE(result);
  return std::to_string(result.error().line) + ':' +
         std::to_string(result.error().column) + ": " + result.error().message;
}

} // namespace

TEST_CASE("dotenv: Compose's documented forms", "[sources][dotenv]") {
  const ComposeEnvironment env =
      dotenv_ok("# versions for compose.yaml\n"
                "\n"
                "PLAIN=1.25\n"
                "export EXPORTED=3.18\n"
                "  SPACED = padded value  \n"
                "COMMENTED=VAL # comment\n"
                "HASH=VAL# not a comment\n"
                "DOUBLE=\"VAL # not a comment\" # comment\n"
                "SINGLE='$OTHER'\n"
                "ESCAPED_SINGLE='Let\\'s go!'\n"
                "JSON=\"{\\\"hello\\\": \\\"json\\\"}\"\n"
                "TABS=\"some\\tvalue\"\n"
                "RAW_TABS='some\\tvalue'\n"
                "UNQUOTED_TABS=some\\tvalue\n"
                "EMPTY=\n"
                "EMPTY_QUOTED=\"\"\n"
                "MULTI=\"first\n"
                "second\"\n"
                "CRLF=value\r\n"
                "ONLY_KEY\n");
  CHECK(env.at("PLAIN") == "1.25");
  CHECK(env.at("EXPORTED") == "3.18");
  CHECK(env.at("SPACED") == "padded value");
  CHECK(env.at("COMMENTED") == "VAL");
  CHECK(env.at("HASH") == "VAL# not a comment");
  CHECK(env.at("DOUBLE") == "VAL # not a comment");
  CHECK(env.at("SINGLE") == "$OTHER");
  CHECK(env.at("ESCAPED_SINGLE") == "Let's go!");
  CHECK(env.at("JSON") == "{\"hello\": \"json\"}");
  CHECK(env.at("TABS") == "some\tvalue");
  CHECK(env.at("RAW_TABS") == "some\\tvalue");
  CHECK(env.at("UNQUOTED_TABS") == "some\\tvalue");
  CHECK(env.at("EMPTY").empty());
  CHECK(env.at("EMPTY_QUOTED").empty());
  CHECK(env.at("MULTI") == "first\nsecond");
  CHECK(env.at("CRLF") == "value");
  CHECK(env.count("ONLY_KEY") == 0);
  CHECK(env.size() == 16);
}

TEST_CASE("dotenv: interpolation uses the shell's variables, then earlier "
          "lines",
          "[sources][dotenv]") {
  const ComposeEnvironment process{{"REGISTRY", "registry.local"},
                                   {"TAG", "from-shell"}};
  const ComposeEnvironment env =
      dotenv_ok("TAG=1.25\n"
                "IMAGE=${REGISTRY}/nginx:${TAG}\n"
                "BASE=alpine\n"
                "FULL=\"${BASE}:${ALPINE_TAG:-3.18}\"\n"
                "LITERAL='${BASE}'\n"
                "ESCAPED=\"\\$BASE\"\n"
                "UNKNOWN=${NOWHERE}\n"
                "DOLLARS=a$$b\n",
                process);
  CHECK(env.at("TAG") == "1.25");
  // The shell's TAG wins, as it does for the Compose file itself.
  CHECK(env.at("IMAGE") == "registry.local/nginx:from-shell");
  CHECK(env.at("FULL") == "alpine:3.18");
  CHECK(env.at("LITERAL") == "${BASE}");
  CHECK(env.at("ESCAPED") == "$BASE");
  CHECK(env.count("UNKNOWN") == 0); // never guessed
  CHECK(env.at("DOLLARS") == "a$b");
  // And in the environment Compose interpolates with.
  const ComposeEnvironment merged = compose_environment(env, process);
  CHECK(merged.at("TAG") == "from-shell");
  CHECK(merged.at("BASE") == "alpine");
}

TEST_CASE("dotenv: a BOM and a last line without a line break",
          "[sources][dotenv]") {
  const ComposeEnvironment env = dotenv_ok("\xEF\xBB\xBFKEY=v\nLAST='x'");
  CHECK(env.at("KEY") == "v");
  CHECK(env.at("LAST") == "x");
}

TEST_CASE("dotenv: errors with line and column", "[sources][dotenv]") {
  CHECK(dotenv_error("A=1\nB=\"open\nC=2\n") ==
        "2:3: unterminated quoted value (\" without its closing \")");
  CHECK(dotenv_error("A='x' y\n") ==
        "1:7: unexpected text after the value's closing quote");
  CHECK(dotenv_error("A=1\nBAD KEY=1\n") ==
        "2:5: unexpected character in variable name BAD");
  CHECK(dotenv_error("=value\n") == "1:1: a variable name is missing");
  CHECK(dotenv_error("A=1\n  ?=2\n") == "2:3: a variable name is missing");
}

TEST_CASE("dotenv: values that double with every line are bounded",
          "[sources][dotenv]") {
  std::string text = "V0=0123456789abcdef\n";
  for (int i = 1; i < 40; ++i) {
    text += "V" + std::to_string(i) + "=${V" + std::to_string(i - 1) + "}${V" +
            std::to_string(i - 1) + "}\n";
  }
  auto result = parse_dotenv(text);
  REQUIRE_FALSE(result);
  CHECK(result.error().message == "expands to more than 1048576 bytes");
  CHECK(result.error().line == 18);
}
