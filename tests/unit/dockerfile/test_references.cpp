#include "stalebase/dockerfile/parser.hpp"
#include "stalebase/dockerfile/references.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace stalebase::dockerfile;

namespace {

Extraction extract(std::string_view source, ExtractOptions options = {}) {
  auto document = parse_dockerfile(source);
  INFO(source);
  REQUIRE(document.has_value());
  auto result = extract_references(*document, options);
  if (!result) {
    FAIL_CHECK("extract failed: " << result.error().message);
  }
  REQUIRE(result.has_value());
  return *result;
}

ParseError extract_error(std::string_view source, ExtractOptions options = {}) {
  auto document = parse_dockerfile(source);
  INFO(source);
  REQUIRE(document.has_value());
  auto result = extract_references(*document, options);
  REQUIRE_FALSE(result.has_value());
  return result.error();
}

// The source bytes the reference's value came from, concatenated.
std::string origin_text(std::string_view source,
                        const ExtractedReference &ref) {
  std::string text;
  for (const auto &span : ref.value.spans()) {
    text += source.substr(span.offset, span.length);
  }
  return text;
}

} // namespace

TEST_CASE("extract_references FROM forms", "[dockerfile]") {
  SECTION("plain image, tag, digest, both") {
    const auto digest = "sha256:" + std::string(64, 'a');
    const std::string source = "FROM node\nFROM node:20.1\nFROM node@" +
                               digest + "\nFROM node:8.9.0@" + digest + "\n";
    const auto refs = extract(source).references;
    REQUIRE(refs.size() == 4);
    CHECK(refs[0].image->canonical() == "docker.io/library/node:latest");
    CHECK(refs[1].image->canonical() == "docker.io/library/node:20.1");
    CHECK(refs[2].image->canonical() == "docker.io/library/node@" + digest);
    CHECK(refs[3].image->canonical() ==
          "docker.io/library/node:8.9.0@" + digest);
    CHECK(refs[3].image->tag == "8.9.0");
    CHECK(refs[1].stage == "1");
    CHECK(refs[1].stage_index == 1);
  }
  SECTION("scratch") {
    const auto refs = extract("FROM scratch\n").references;
    REQUIRE(refs.size() == 1);
    CHECK(refs[0].status == ReferenceStatus::scratch);
    CHECK_FALSE(refs[0].image.has_value());
  }
  SECTION("AS is case-insensitive and the stage name is lower-cased") {
    const auto refs = extract("FROM golang:1.22 aS Builder\n").references;
    REQUIRE(refs.size() == 1);
    CHECK(refs[0].stage == "builder");
    CHECK(refs[0].status == ReferenceStatus::image);
  }
  SECTION("keyword in any case, leading whitespace") {
    const auto refs = extract("  from alpine:3.20\n").references;
    REQUIRE(refs.size() == 1);
    CHECK(refs[0].image->canonical() == "docker.io/library/alpine:3.20");
  }
  SECTION("platform flag expanded with automatic ARGs") {
    ExtractOptions options;
    options.build_platform = "linux/arm64";
    const auto refs = extract("FROM --platform=$BUILDPLATFORM golang AS b\n"
                              "FROM --platform=linux/amd64 alpine\n",
                              options)
                          .references;
    REQUIRE(refs.size() == 2);
    CHECK(refs[0].platform == "linux/arm64");
    CHECK(refs[1].platform == "linux/amd64");
  }
}

TEST_CASE("extract_references stages", "[dockerfile]") {
  SECTION("an earlier stage name is a stage; a later one is an image") {
    const auto refs = extract("FROM base AS build\n"
                              "FROM build\n"
                              "FROM later\n"
                              "FROM alpine AS later\n")
                          .references;
    REQUIRE(refs.size() == 4);
    CHECK(refs[0].status == ReferenceStatus::image);
    CHECK(refs[1].status == ReferenceStatus::stage);
    CHECK(refs[2].status == ReferenceStatus::image);
    CHECK(refs[2].image->canonical() == "docker.io/library/later:latest");
  }
  SECTION("a stage may shadow an image name") {
    const auto refs = extract("FROM node AS node\nFROM node\n").references;
    REQUIRE(refs.size() == 2);
    CHECK(refs[0].status == ReferenceStatus::image);
    CHECK(refs[1].status == ReferenceStatus::stage);
  }
  SECTION(
      "FROM Builder is not the stage builder (BuildKit compares as written)") {
    const auto refs = extract("FROM a AS builder\nFROM Builder\n").references;
    REQUIRE(refs.size() == 2);
    CHECK(refs[1].status == ReferenceStatus::invalid);
    CHECK_THAT(refs[1].reason, Catch::Contains("did you mean \"builder\""));
  }
  SECTION("an ARG may produce a stage name") {
    const auto refs =
        extract("ARG BASE=builder\nFROM a AS builder\nFROM $BASE\n").references;
    REQUIRE(refs.size() == 2);
    CHECK(refs[1].status == ReferenceStatus::stage);
  }
}

TEST_CASE("extract_references global ARGs", "[dockerfile]") {
  SECTION("defaults expand in order, also within one line") {
    const auto refs = extract("ARG A=3 B=${A}.20\nFROM alpine:$B\n").references;
    REQUIRE(refs.size() == 1);
    CHECK(refs[0].expanded == "alpine:3.20");
    CHECK(refs[0].args == std::vector<std::string>{"B"});
  }
  SECTION("--build-arg wins, verbatim") {
    ExtractOptions options;
    options.build_args["TAG"] = "$X";
    const auto refs =
        extract("ARG TAG=1\nFROM alpine:${TAG}\n", options).references;
    REQUIRE(refs.size() == 1);
    CHECK(refs[0].expanded == "alpine:$X");
    CHECK(refs[0].status == ReferenceStatus::unresolved);
  }
  SECTION("undeclared build args are invisible to FROM") {
    ExtractOptions options;
    options.build_args["TAG"] = "3.20";
    const auto refs = extract("FROM alpine:${TAG:-3.19}\n", options).references;
    CHECK(refs[0].expanded == "alpine:3.19");
  }
  SECTION("ARGs inside a stage never reach later FROMs") {
    const auto refs =
        extract("FROM alpine\nARG V=3.19\nFROM alpine:$V\n").references;
    REQUIRE(refs.size() == 2);
    CHECK(refs[1].expanded == "alpine:");
    CHECK(refs[1].status == ReferenceStatus::unresolved);
    CHECK_THAT(refs[1].reason, Catch::Contains("V"));
  }
  SECTION("an ARG without value expands to empty: unresolved, naming it") {
    const auto refs = extract("ARG IMAGE\nFROM ${IMAGE}\n").references;
    REQUIRE(refs.size() == 1);
    CHECK(refs[0].status == ReferenceStatus::unresolved);
    CHECK(refs[0].args == std::vector<std::string>{"IMAGE"});
    CHECK_THAT(refs[0].reason,
               Catch::Contains("empty") && Catch::Contains("--build-arg"));
  }
  SECTION("automatic platform ARGs default to the target platform") {
    ExtractOptions options;
    options.build_platform = "linux/amd64";
    options.target_platform = "linux/arm64/v8";
    const auto refs =
        extract("FROM example.com/img:${TARGETARCH}-${TARGETOS}\n", options)
            .references;
    CHECK(refs[0].expanded == "example.com/img:arm64-linux");
  }
  SECTION("the value keeps the ARG default's origin in the file") {
    const std::string source = "ARG BASE=python:3.12.1-slim\nFROM ${BASE}\n";
    const auto refs = extract(source).references;
    REQUIRE(refs.size() == 1);
    CHECK(origin_text(source, refs[0]) == "python:3.12.1-slim");
    CHECK(refs[0].value.spans().front().offset == 9);
    CHECK(refs[0].raw == "${BASE}");
    CHECK(refs[0].span.offset == source.find("${BASE}"));
  }
}

TEST_CASE("extract_references COPY --from and RUN --mount", "[dockerfile]") {
  const std::string source =
      "FROM golang:1.22 AS Build\n"
      "FROM alpine\n"
      "COPY --from=build /a /a\n"
      "COPY --from=BUILD /a /a\n"
      "COPY --from=0 /a /a\n"
      "COPY --from=nginx:1.27 /etc/nginx /etc/nginx\n"
      "COPY --from=later /a /a\n"
      "COPY --from=$X /a /a\n"
      "RUN --mount=type=cache,target=/c "
      "--mount=target=/uv,from=ghcr.io/astral-sh/uv:0.4,source=/uv true\n"
      "RUN --mount=from=0,target=/x true\n"
      "RUN --mount=from=build,target=/x true\n"
      "FROM scratch AS later\n"
      "ONBUILD COPY --from=busybox:1.36 /bin/sh /sh\n";
  const auto refs = extract(source).references;
  REQUIRE(refs.size() == 13);
  CHECK(refs[2].source == ReferenceSource::copy);
  CHECK(refs[2].status == ReferenceStatus::stage);
  CHECK(refs[3].status == ReferenceStatus::stage);
  CHECK(refs[4].status == ReferenceStatus::stage);
  CHECK(refs[5].status == ReferenceStatus::image);
  CHECK(refs[5].image->canonical() == "docker.io/library/nginx:1.27");
  CHECK(refs[5].stage == "1");
  CHECK(refs[6].status == ReferenceStatus::stage);
  CHECK(refs[7].status == ReferenceStatus::unresolved);
  CHECK_THAT(refs[7].reason,
             Catch::Contains("variable expansion is not supported"));
  CHECK(refs[8].source == ReferenceSource::run_mount);
  CHECK(refs[8].image->canonical() == "ghcr.io/astral-sh/uv:0.4");
  CHECK(origin_text(source, refs[8]) == "ghcr.io/astral-sh/uv:0.4");
  CHECK(refs[9].status == ReferenceStatus::image);
  CHECK(refs[9].image->canonical() == "docker.io/library/0:latest");
  CHECK(refs[10].status == ReferenceStatus::stage);
  CHECK(refs[11].status == ReferenceStatus::scratch);
  CHECK(refs[12].onbuild);
  CHECK(refs[12].source == ReferenceSource::copy);
  CHECK(refs[12].image->canonical() == "docker.io/library/busybox:1.36");
}

TEST_CASE("extract_references syntax directive", "[dockerfile]") {
  const std::string source =
      "# syntax=docker/dockerfile:1.7 extra\nFROM alpine\n";
  const auto refs = extract(source).references;
  REQUIRE(refs.size() == 2);
  CHECK(refs[0].source == ReferenceSource::syntax);
  CHECK(refs[0].image->canonical() == "docker.io/docker/dockerfile:1.7");
  CHECK(source.substr(refs[0].span.offset, refs[0].span.length) ==
        "docker/dockerfile:1.7");
}

TEST_CASE("extract_references continuation keeps both pieces", "[dockerfile]") {
  const std::string source = "FROM alp\\\nine:3.19\n";
  const auto refs = extract(source).references;
  REQUIRE(refs.size() == 1);
  CHECK(refs[0].expanded == "alpine:3.19");
  const auto spans = refs[0].value.spans();
  REQUIRE(spans.size() == 2);
  CHECK(source.substr(spans[0].offset, spans[0].length) == "alp");
  CHECK(source.substr(spans[1].offset, spans[1].length) == "ine:3.19");
}

TEST_CASE("extract_references errors", "[dockerfile]") {
  SECTION("only ARG before the first FROM") {
    const auto e = extract_error("RUN true\nFROM a\n");
    CHECK(e.message == "no build stage in current context");
    CHECK(e.line == 1);
  }
  SECTION("FROM arity") {
    CHECK(extract_error("FROM a b\n").message ==
          "FROM requires either one or three arguments");
    CHECK(extract_error("FROM a AS b # c\n").message ==
          "FROM requires either one or three arguments");
  }
  SECTION("invalid stage name") {
    const auto e = extract_error("FROM a AS 1x\n");
    CHECK(e.message == "invalid name for build stage: \"1x\", name can't "
                       "start with a number or contain symbols");
    CHECK(e.line == 1);
    CHECK(e.column == 11);
  }
  SECTION("unknown instruction") {
    CHECK(extract_error("FROM a\nFOO bar\n").message ==
          "unknown instruction: FOO");
  }
  SECTION("FROM flags") {
    CHECK(extract_error("FROM --platform linux/amd64 alpine\n").message ==
          "missing a value on flag: --platform");
    CHECK(extract_error("FROM --pull=true alpine\n").message ==
          "unknown flag: --pull");
  }
  SECTION("ONBUILD FROM") {
    CHECK(extract_error("FROM a\nONBUILD FROM b\n").message ==
          "FROM isn't allowed as an ONBUILD trigger");
  }
  SECTION("secret mounts can't have from") {
    CHECK(extract_error("FROM a\nRUN --mount=type=secret,id=x,from=b true\n")
              .message == "\"from\" is not allowed on a secret mount");
  }
}

TEST_CASE("extract_references RUN --mount fields", "[dockerfile]") {
  SECTION("keys are case-insensitive, a quoted field keeps its origins") {
    const std::string source =
        "FROM a\n"
        "RUN --mount=TYPE=bind,FROM=busybox:1.36,target=/b true\n"
        "RUN --mount='type=bind,\"from=alpine:3.20\",target=/x' true\n"
        "RUN --mount=type=cache,from=first:1,from=second:2 true\n"
        "RUN --mount=type=cache,target=/root/.cache true\n";
    const auto refs = extract(source).references;
    REQUIRE(refs.size() == 4);
    CHECK(refs[1].image->canonical() == "docker.io/library/busybox:1.36");
    CHECK(origin_text(source, refs[1]) == "busybox:1.36");
    CHECK(refs[2].image->canonical() == "docker.io/library/alpine:3.20");
    CHECK(origin_text(source, refs[2]) == "alpine:3.20");
    // A repeated key: the last one wins, as in BuildKit.
    CHECK(refs[3].image->canonical() == "docker.io/library/second:2");
  }
  SECTION("a doubled quote inside a quoted field is one quote") {
    const auto refs =
        extract("FROM a\nRUN --mount='\"from=a\"\"b\"' true\n").references;
    REQUIRE(refs.size() == 2);
    CHECK(refs[1].expanded == "a\"b");
    CHECK(refs[1].status == ReferenceStatus::invalid);
  }
  SECTION("a bare from key has an empty value") {
    const auto refs =
        extract("FROM a\nRUN --mount=type=bind,from true\n").references;
    REQUIRE(refs.size() == 2);
    CHECK(refs[1].expanded.empty());
    CHECK(refs[1].status == ReferenceStatus::invalid);
  }
  SECTION("malformed records") {
    CHECK(extract_error("FROM a\nRUN --mount='from=a\"b' true\n").message ==
          "invalid --mount: bare quote in unquoted field in \"from=a\"b\"");
    CHECK(extract_error("FROM a\nRUN --mount='\"from=a' true\n").message ==
          "invalid --mount: unterminated quoted field in \"\"from=a\"");
    CHECK(extract_error("FROM a\nRUN --mount='\"from=a\"x' true\n").message ==
          "invalid --mount: extraneous character after quoted field in "
          "\"\"from=a\"x\"");
    CHECK(extract_error("FROM a\nRUN --mount true\n").message ==
          "missing a value on flag: --mount");
    CHECK(extract_error("FROM a\nRUN --mount=Type=SSH,from=b true\n").message ==
          "\"from\" is not allowed on a ssh mount");
  }
}
