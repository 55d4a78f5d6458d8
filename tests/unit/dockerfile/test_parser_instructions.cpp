// Keywords, flags, JSON form and the argument nodes BuildKit builds per
// instruction.

#include "parse_helpers.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace stalebase::dockerfile;
using stalebase::test::dump;
using stalebase::test::parse_error;
using stalebase::test::parse_ok;

TEST_CASE("parse_dockerfile keywords are case-insensitive", "[dockerfile]") {
  const Document document = parse_ok("fRoM a\n   run b\n\t\tCopy c d\n");
  CHECK(dump_ast(document) ==
        "(from \"a\")\n(run \"b\")\n(copy \"c\" \"d\")\n");
  CHECK(document.instructions[0].keyword == "from");
  CHECK(document.instructions[0].original_keyword == "fRoM");
  CHECK(document.instructions[2].original_keyword == "Copy");
  SECTION("the Kelvin sign lowers to k as in Go") {
    CHECK(parse_ok("FROM a\nWOR\xE2\x84\xAA"
                   "DIR /x")
              .instructions[1]
              .keyword == "workdir");
  }
}

TEST_CASE("parse_dockerfile keeps unknown instructions", "[dockerfile]") {
  const Document document = parse_ok("FROM a\nFOO bar baz\nBAR\n");
  CHECK(dump_ast(document) == "(from \"a\")\n(foo \"\")\n(bar \"\")\n");
  REQUIRE(document.instructions[1].args.size() == 1);
  CHECK(document.instructions[1].args[0].text.empty());
}

TEST_CASE("parse_dockerfile flags", "[dockerfile]") {
  SECTION("leading --words with quotes removed") {
    const Document document =
        parse_ok("COPY --from=builder --chown=\"a b\" --x='y' src dst");
    CHECK(dump_ast(document) == "(copy [\"--from=builder\" \"--chown=a b\" "
                                "\"--x=y\"] \"src\" \"dst\")\n");
  }
  SECTION("a backslash escapes the next byte, whatever the escape directive") {
    CHECK(dump("COPY --a=b\\ c --d=\"e\\\"f\" x y") ==
          "(copy [\"--a=b c\" \"--d=e\\\"f\"] \"x\" \"y\")\n");
    CHECK(dump("# escape=`\nCOPY --a=b\\ c x y") ==
          "(copy [\"--a=b c\"] \"x\" \"y\")\n");
  }
  SECTION("flags stop at the first other word") {
    CHECK(dump("COPY --a=1 src --b=2 dst") ==
          "(copy [\"--a=1\"] \"src\" \"--b=2\" \"dst\")\n");
  }
  SECTION("a bare -- ends the flags and is dropped") {
    CHECK(dump("COPY --a=1 -- --b=2 dst") ==
          "(copy [\"--a=1\"] \"--b=2\" \"dst\")\n");
    CHECK(dump("COPY -- foo /tmp/") == "(copy \"foo\" \"/tmp/\")\n");
  }
  SECTION("a flag value after a space is the next argument") {
    const Document document = parse_ok("FROM --platform linux/amd64 img");
    CHECK(dump_ast(document) ==
          "(from [\"--platform\"] \"linux/amd64\" \"img\")\n");
  }
  SECTION("only flags") {
    CHECK(dump("COPY --a=1 --b") == "(copy [\"--a=1\" \"--b\"])\n");
    CHECK(dump("FOO --bar") == "(foo [\"--bar\"] \"\")\n");
  }
  SECTION("an empty quoted flag value is kept") {
    CHECK(dump("COPY --a=\"\" x y") == "(copy [\"--a=\"] \"x\" \"y\")\n");
    CHECK(dump("COPY --\"\" x y") == "(copy \"x\" \"y\")\n");
  }
  SECTION("non-ASCII bytes become Latin-1 runes as in BuildKit") {
    const Document document = parse_ok("COPY --chown=\xC3\xA9 a b");
    CHECK(document.instructions[0].flags[0].text == "--chown=\xC3\x83\xC2\xA9");
    CHECK(dump_ast(document) ==
          "(copy [\"--chown=\xC3\x83\xC2\xA9\"] \"a\" \"b\")\n");
  }
}

TEST_CASE("parse_dockerfile FROM splits on whitespace without quotes",
          "[dockerfile]") {
  CHECK(dump("FROM alpine AS build # comment") ==
        "(from \"alpine\" \"AS\" \"build\" \"#\" \"comment\")\n");
  CHECK(dump("FROM \"my image\"") == "(from \"\\\"my\" \"image\\\"\")\n");
  CHECK(dump("FROM [\"alpine\"]") == "(from \"[\\\"alpine\\\"]\")\n");
  CHECK(dump("FROM a\t\v\fAS\r b") == "(from \"a\" \"AS\" \"b\")\n");
  CHECK(dump("FROM") == "(from)\n");
}

TEST_CASE("parse_dockerfile ARG words keep quotes", "[dockerfile]") {
  CHECK(dump("ARG A\nARG B=\nARG C=1 D=2\nARG E 1\n"
             "ARG F=\"x y\" G='$A' H=a\\ b I=\"a\\\"b\"") ==
        "(arg \"A\")\n(arg \"B=\")\n(arg \"C=1\" \"D=2\")\n(arg \"E\" \"1\")\n"
        "(arg \"F=\\\"x y\\\"\" \"G='$A'\" \"H=a\\\\ b\" "
        "\"I=\\\"a\\\\\\\"b\\\"\")\n");
  CHECK(dump("ARG") == "(arg)\n");
  SECTION("an unterminated quote keeps the rest of the line") {
    CHECK(dump("ARG A=\"x y") == "(arg \"A=\\\"x y\")\n");
  }
  SECTION("a trailing escape character is dropped") {
    CHECK(dump("# escape=`\nARG A=x`") == "(arg \"A=x\")\n");
  }
}

TEST_CASE("parse_dockerfile ENV and LABEL triples", "[dockerfile]") {
  CHECK(
      dump("ENV a b c\nENV a=b c=\"d e\"\nLABEL \"k=v\"") ==
      "(env \"a\" \"b c\" \"\")\n(env \"a\" \"b\" \"=\" \"c\" \"\\\"d e\\\"\" "
      "\"=\")\n(label \"\\\"k\" \"v\\\"\" \"=\")\n");
  CHECK(dump("ENV") == "(env)\n");
  SECTION("errors") {
    ParseError error = parse_error("FROM a\nENV a=1 b\n");
    CHECK(error.message == "Syntax error - can't find = in \"b\". Must be of "
                           "the form: name=value");
    CHECK(error.line == 2);
    CHECK(error.column == 1);
    CHECK(parse_error("LABEL x").message == "LABEL must have two arguments");
    CHECK(parse_error("ENV x").message == "ENV must have two arguments");
  }
}

TEST_CASE("parse_dockerfile JSON form", "[dockerfile]") {
  SECTION("arrays of strings are unpacked") {
    const Document document =
        parse_ok("CMD [ \"a\" , \"b\" ]  \nENTRYPOINT\t[\"x\"]\nRUN []\n");
    CHECK(dump_ast(document) ==
          "(cmd \"a\" \"b\")\n(entrypoint \"x\")\n(run)\n");
    CHECK(document.instructions[0].json_form);
    CHECK(document.instructions[2].json_form);
  }
  SECTION("escapes are decoded as Go decodes them") {
    CHECK(dump("CMD [\"\\ud83d\\ude00\", \"\\ud800x\", \"\\u00e9\\/\", "
               "\"\\udc00\\ud800\\udc00\"]") ==
          "(cmd \"\xF0\x9F\x98\x80\" \"\xEF\xBF\xBDx\" \"\xC3\xA9/\" "
          "\"\xEF\xBF\xBD\xF0\x90\x80\x80\")\n");
  }
  SECTION("invalid JSON falls back to the shell form") {
    for (const char *source :
         {"CMD [\"a\"] x", "CMD [\"a\",]", "CMD ['a']", "CMD [\"a\" \"b\"]",
          "CMD [\"a\\x\"]", "CMD [\"a\tb\"]", "CMD [01]", "CMD [1.]",
          "CMD [tru]", "CMD [\"a\"]]", "CMD [\"a\"\v]"}) {
      INFO(source);
      const Document document = parse_ok(source);
      CHECK_FALSE(document.instructions[0].json_form);
      CHECK(document.instructions[0].args.size() == 1);
    }
    CHECK(dump("COPY [\"a\" b] c") == "(copy \"[\\\"a\\\"\" \"b]\" \"c\")\n");
  }
  SECTION("valid JSON with a non-string element is an error") {
    for (const char *source :
         {"CMD [\"a\", 1]", "RUN [null]", "COPY [\"a\", {\"b\": [1, {}]}]",
          "VOLUME [[\"x\"]]", "SHELL [true]", "HEALTHCHECK CMD [-1.5e+3]"}) {
      INFO(source);
      const ParseError error = parse_error(source);
      CHECK(error.message == "when using JSON array syntax, arrays must be "
                             "comprised of strings only");
      CHECK(error.line == 1);
    }
  }
  SECTION("nesting deeper than Go's limit is not JSON") {
    // The outer array counts: 1 + 9999 levels is Go's limit of 10000.
    const std::string deep =
        "CMD [\"a\", " + std::string(9999, '[') + std::string(9999, ']') + "]";
    CHECK(parse_error(deep).message ==
          "when using JSON array syntax, arrays must be comprised of strings "
          "only");
    const std::string too_deep = "CMD [\"a\", " + std::string(10000, '[') +
                                 std::string(10000, ']') + "]";
    CHECK(parse_ok(too_deep).instructions[0].args.size() == 1);
  }
}

TEST_CASE("parse_dockerfile ONBUILD nests its instruction", "[dockerfile]") {
  const Document document =
      parse_ok("ONBUILD --x RUN --mount=from=a echo\nONBUILD\nonbuild copy "
               "[\"a\", \"b\"]\n");
  CHECK(dump_ast(document) ==
        "(onbuild [\"--x\"] (run [\"--mount=from=a\"] \"echo\"))\n(onbuild)\n"
        "(onbuild (copy \"a\" \"b\"))\n");
  const Instruction &first = document.instructions[0];
  REQUIRE(first.onbuild);
  CHECK(first.args.empty());
  CHECK(first.onbuild->keyword == "run");
  CHECK(first.onbuild->flags.at(0).text == "--mount=from=a");
  CHECK(document.instructions[2].onbuild->json_form);
  SECTION("ONBUILD ONBUILD is rejected") {
    const ParseError error = parse_error("FROM a\nONBUILD ONBUILD RUN x\n");
    CHECK(error.message ==
          "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
    CHECK(error.line == 2);
  }
}

TEST_CASE("parse_dockerfile single-string instructions", "[dockerfile]") {
  CHECK(dump("USER a b\nWORKDIR  /x y \nSTOPSIGNAL 9\nMAINTAINER me <m@x>") ==
        "(user \"a b\")\n(workdir \"/x y\")\n(stopsignal \"9\")\n"
        "(maintainer \"me <m@x>\")\n");
  CHECK(dump("EXPOSE 80 443/tcp") == "(expose \"80\" \"443/tcp\")\n");
  CHECK(dump("HEALTHCHECK NONE\nHEALTHCHECK CMD [\"a\"]") ==
        "(healthcheck \"NONE\")\n(healthcheck \"CMD\" \"a\")\n");
}

TEST_CASE("dump_ast quotes like Go's strconv.Quote", "[dockerfile]") {
  CHECK(dump("LABEL a=\"\t\x01\x7f\xC2\xA0\xC2\xAD\xE2\x80\x8B"
             "\xEE\x80\x80\xF0\x9F\x98\x80\\\"") ==
        "(label \"a\" \"\\\"\\t\\x01\\x7f\\u00a0\\u00ad\\u200b\\ue000"
        "\xF0\x9F\x98\x80\\\\\\\"\" \"=\")\n");
}
