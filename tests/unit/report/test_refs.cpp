#include "stalebase/dockerfile/parser.hpp"
#include "stalebase/report/refs.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace {

using stalebase::dockerfile::Document;
using stalebase::dockerfile::Extraction;
using stalebase::dockerfile::ExtractOptions;
using stalebase::report::FileError;
using stalebase::report::FileReferences;
using stalebase::report::RefsJsonWriter;

Document parse(const std::string &source) {
  auto document = stalebase::dockerfile::parse_dockerfile(source);
  REQUIRE(document);
  return std::move(*document);
}

Extraction extract(const Document &document) {
  auto extraction =
      stalebase::dockerfile::extract_references(document, ExtractOptions{});
  REQUIRE(extraction);
  return std::move(*extraction);
}

// The writer fed file by file must print what the whole JSON value dumps.
std::string written(const std::vector<FileReferences> &files,
                    const std::vector<FileError> &errors) {
  RefsJsonWriter writer;
  for (const FileError &error : errors) {
    writer.add_error(error);
  }
  for (const FileReferences &file : files) {
    writer.add_file(file);
  }
  return writer.finish();
}

} // namespace

TEST_CASE("RefsJsonWriter with nothing", "[report]") {
  CHECK(written({}, {}) == "{\n"
                           "  \"errors\": [],\n"
                           "  \"references\": [],\n"
                           "  \"schema_version\": 1\n"
                           "}");
  CHECK(written({}, {}) == stalebase::report::refs_to_json({}, {}).dump(2));
}

TEST_CASE("RefsJsonWriter prints what refs_to_json dumps", "[report]") {
  const Document first = parse("# syntax=docker/dockerfile:1\n"
                               "ARG V=3.12\n"
                               "FROM alpine:${V} AS base\n"
                               "COPY --from=busybox:1.36 /bin/sh /sh\n"
                               "RUN --mount=type=bind,from=base,target=/b \\\n"
                               "    true\n");
  const Extraction first_refs = extract(first);
  const Document second = parse("FROM \"line\\nbreak\" \n");
  const Extraction second_refs = extract(second);
  const Document empty = parse("FROM scratch\n");
  Extraction none = extract(empty);
  none.references.clear();
  const std::vector<FileReferences> files = {
      {"a/Dockerfile", &first, &first_refs},
      {"b/Dockerfile", &empty, &none},
      {"c/Dockerfile", &second, &second_refs}};
  const std::vector<FileError> errors = {
      {"d/Dockerfile", {"file with no instructions", 0, 0}},
      {"e/Dockerfile", {"unknown instruction: FORM \"x\"\n", 2, 1}}};
  REQUIRE(first_refs.references.size() == 4);
  CHECK(written(files, errors) ==
        stalebase::report::refs_to_json(files, errors).dump(2));
  CHECK(written(files, {}) ==
        stalebase::report::refs_to_json(files, {}).dump(2));
  CHECK(written({}, errors) ==
        stalebase::report::refs_to_json({}, errors).dump(2));
}

TEST_CASE("RefsJsonWriter escapes as nlohmann::json dumps", "[report]") {
  // Control bytes, quotes, backslashes, non-ASCII text, digests and args: the
  // writer's own escaping and layout against nlohmann's.
  const Document document =
      parse("ARG V=3.19\n"
            "ARG EMPTY\n"
            "FROM alpine:${V}@sha256:"
            "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n"
            "FROM caf\xc3\xa9:1 AS x\n"
            "FROM a\x01"
            "b\x1f\x7f AS y\n"
            "COPY --from=\"q\\\"u\\\\o\" /a /b\n"
            "FROM ${EMPTY}\n"
            "RUN --mount=from=\xe2\x82\xac\t true\n");
  const Extraction refs = extract(document);
  REQUIRE(refs.references.size() >= 6);
  const std::vector<FileReferences> files = {
      {"dir \"\xc3\xa9\"\\x/Dockerfile\x7f", &document, &refs}};
  const std::vector<FileError> errors = {
      {"\xe2\x82\xac/Dockerfile",
       {"bad \"\xc3\xa9\" \\ \x1f\b\f\r\t\x01\v\n\x0e\x07", 1, 2}}};
  CHECK(written(files, errors) ==
        stalebase::report::refs_to_json(files, errors).dump(2));
}

TEST_CASE("append_refs_json is add_file's part", "[report]") {
  const Document document = parse("FROM a\nFROM b\n");
  const Extraction refs = extract(document);
  const FileReferences file{"Dockerfile", &document, &refs};
  RefsJsonWriter by_file;
  by_file.add_file(file);
  by_file.add_file(file);
  std::string elements;
  stalebase::report::append_refs_json(elements, file);
  RefsJsonWriter rendered;
  rendered.add_rendered(elements);
  rendered.add_rendered("");
  rendered.add_rendered(elements);
  CHECK(rendered.finish() == by_file.finish());
}
