// Every flag and argument byte maps back to its byte in the original file, so
// that rewrites can replace exactly the bytes a value came from.

#include "parse_helpers.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace stalebase::dockerfile;
using stalebase::test::origin_runs;
using stalebase::test::parse_ok;

namespace {

// Every tracked byte of `text` equals the source byte it claims to come from.
void check_origins(std::string_view source, const TrackedString &text) {
  REQUIRE(text.origins.size() == text.text.size());
  for (std::size_t i = 0; i < text.text.size(); ++i) {
    if (text.origins[i] == TrackedString::k_no_origin) {
      continue;
    }
    INFO("byte " << i << " of \"" << text.text << "\"");
    const auto origin = static_cast<std::size_t>(text.origins[i]);
    REQUIRE(origin < source.size());
    CHECK(source[origin] == text.text[i]);
  }
}

void check_all_origins(std::string_view source, const Document &document) {
  for (const Instruction &instruction : document.instructions) {
    for (const TrackedString &flag : instruction.flags) {
      check_origins(source, flag);
    }
    for (const TrackedString &arg : instruction.args) {
      check_origins(source, arg);
    }
    if (instruction.onbuild) {
      for (const TrackedString &flag : instruction.onbuild->flags) {
        check_origins(source, flag);
      }
      for (const TrackedString &arg : instruction.onbuild->args) {
        check_origins(source, arg);
      }
    }
  }
}

} // namespace

TEST_CASE("parse_dockerfile origins of a word split over lines",
          "[dockerfile]") {
  const std::string source = "FROM alp\\\nine:3.19\n";
  const Document document = parse_ok(source);
  const TrackedString &image = document.instructions[0].args.at(0);
  CHECK(image.text == "alpine:3.19");
  const auto spans = image.spans();
  REQUIRE(spans.size() == 2);
  CHECK(spans[0] == SourceSpan{5, 3});
  CHECK(spans[1] == SourceSpan{10, 8});
  CHECK(origin_runs(source, image) == "alp|ine:3.19");
}

TEST_CASE("parse_dockerfile origins with CRLF and a byte order mark",
          "[dockerfile]") {
  const std::string source = "\xEF\xBB\xBF"
                             "FROM alp\\\r\nine:3.19 AS b\r\n"
                             "COPY --from=b \\ \r\n  /x /y\r\n";
  const Document document = parse_ok(source);
  const TrackedString &image = document.instructions[0].args.at(0);
  const auto spans = image.spans();
  REQUIRE(spans.size() == 2);
  CHECK(spans[0] == SourceSpan{8, 3});
  CHECK(spans[1] == SourceSpan{14, 8});
  CHECK(origin_runs(source, document.instructions[0].args.at(2)) == "b");
  CHECK(origin_runs(source, document.instructions[1].flags.at(0)) ==
        "--from=b");
  CHECK(origin_runs(source, document.instructions[1].args.at(1)) == "/y");
  check_all_origins(source, document);
}

TEST_CASE("parse_dockerfile origins of flags with quotes removed",
          "[dockerfile]") {
  const std::string source = "COPY --from=\"build er\" --x=a\\ b src dst";
  const Document document = parse_ok(source);
  const Instruction &copy = document.instructions[0];
  CHECK(copy.flags.at(0).text == "--from=build er");
  CHECK(origin_runs(source, copy.flags[0]) == "--from=|build er");
  CHECK(copy.flags.at(1).text == "--x=a b");
  CHECK(origin_runs(source, copy.flags[1]) == "--x=a| b");
  check_all_origins(source, document);
}

TEST_CASE("parse_dockerfile origins of ENV, LABEL and ARG nodes",
          "[dockerfile]") {
  const std::string source = "ARG V=3.19 W=\"x\"\n"
                             "ENV a=1 b=\"x y\"\n"
                             "LABEL k   hello world\n";
  const Document document = parse_ok(source);
  const auto &arg = document.instructions[0].args;
  CHECK(origin_runs(source, arg.at(0)) == "V=3.19");
  CHECK(arg[0].origins.front() == 4);
  CHECK(origin_runs(source, arg.at(1)) == "W=\"x\"");
  const auto &env = document.instructions[1].args;
  REQUIRE(env.size() == 6);
  CHECK(env[0].origins == std::vector<std::int64_t>{21});
  CHECK(env[1].origins == std::vector<std::int64_t>{23});
  CHECK(env[2].text == "=");
  CHECK(env[2].origins == std::vector<std::int64_t>{22});
  CHECK(origin_runs(source, env[4]) == "\"x y\"");
  const auto &label = document.instructions[2].args;
  CHECK(origin_runs(source, label.at(1)) == "hello world");
  CHECK(label.at(2).text.empty());
  check_all_origins(source, document);
}

TEST_CASE("parse_dockerfile origins skip dropped lines", "[dockerfile]") {
  const std::string source = "RUN a \\\n# x\n\n b \\\n\tc\n";
  const Document document = parse_ok(source);
  const TrackedString &run = document.instructions[0].args.at(0);
  CHECK(run.text == "a  b \tc");
  CHECK(origin_runs(source, run) == "a | b |\tc");
}

TEST_CASE("parse_dockerfile origins of JSON strings", "[dockerfile]") {
  const std::string source = "CMD [\"ab\\tc\", \"\\u00e9d\"]";
  const Document document = parse_ok(source);
  const auto &args = document.instructions[0].args;
  CHECK(args.at(0).text == "ab\tc");
  CHECK(origin_runs(source, args[0]) == "ab|c");
  CHECK(args[0].origins[2] == TrackedString::k_no_origin);
  CHECK(args.at(1).text == "\xC3\xA9"
                           "d");
  CHECK(origin_runs(source, args[1]) == "d");
  check_all_origins(source, document);
}

TEST_CASE("parse_dockerfile origins under ONBUILD and after a heredoc",
          "[dockerfile]") {
  const std::string source = "ONBUILD COPY --from=img:1 /a /b\n"
                             "RUN <<EOF\nx\nEOF\n"
                             "FROM c:2\n";
  const Document document = parse_ok(source);
  const Instruction &onbuild = document.instructions[0];
  REQUIRE(onbuild.onbuild);
  CHECK(origin_runs(source, onbuild.onbuild->flags.at(0)) == "--from=img:1");
  CHECK(source.substr(onbuild.onbuild->span.offset,
                      onbuild.onbuild->span.length) ==
        "COPY --from=img:1 /a /b");
  CHECK(origin_runs(source, document.instructions[2].args.at(0)) == "c:2");
  check_all_origins(source, document);
}

TEST_CASE("parse_dockerfile instruction spans", "[dockerfile]") {
  SECTION("from the keyword to the end of the last line's content") {
    const std::string source = "  FROM a \\\r\n  AS b  \r\nRUN x\n";
    const Document document = parse_ok(source);
    const SourceSpan span = document.instructions[0].span;
    CHECK(source.substr(span.offset, span.length) == "FROM a \\\r\n  AS b  ");
    const SourceSpan run = document.instructions[1].span;
    CHECK(source.substr(run.offset, run.length) == "RUN x");
  }
  SECTION("including dropped comment lines at the end") {
    const std::string source = "RUN x \\\n# c";
    const SourceSpan span = parse_ok(source).instructions[0].span;
    CHECK(source.substr(span.offset, span.length) == source);
  }
  SECTION("an empty instruction starts where its line does") {
    const std::string source = "FROM a\n  \\\n";
    const SourceSpan span = parse_ok(source).instructions[1].span;
    CHECK(span == SourceSpan{9, 1});
  }
}
