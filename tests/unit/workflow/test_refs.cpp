#include "stalebase/report/diagnostic.hpp"
#include "stalebase/report/refs.hpp"
#include "stalebase/workflow/refs.hpp"
#include "stalebase/workflow/scan.hpp"

#include "support/captured_log.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <sstream>
#include <string>
#include <vector>

using namespace stalebase::workflow;

namespace {

using stalebase::test::CapturedLog;
using stalebase::test::TempDir;

// What one run of list_references wrote.
struct Run {
  std::string out;
  std::string diagnostics;
  std::string log;
  bool read = false;
};

Run run(const std::vector<InputFile> &inputs,
        RefsFormat format,
        std::size_t workers,
        std::size_t batch) {
  RefsSettings settings;
  settings.extract.build_args["UNUSED"] = "1";
  settings.format = format;
  settings.workers = workers;
  settings.batch = batch;
  std::ostringstream out;
  std::ostringstream diagnostics;
  const CapturedLog log;
  Run result;
  result.read = list_references(inputs, settings, out, diagnostics);
  result.out = out.str();
  result.diagnostics = diagnostics.str();
  result.log = log.text();
  return result;
}

// Files of every kind, in an order where good ones, bad ones and warnings
// interleave, with texts that differ from file to file.
std::vector<InputFile> corpus(const TempDir &dir) {
  std::vector<InputFile> inputs;
  for (int i = 0; i < 97; ++i) {
    const std::string n = std::to_string(i);
    std::string text;
    switch (i % 5) {
    case 0:
      text = "ARG V=" + n + "\nFROM alpine:3.${V} AS s" + n +
             "\nCOPY --from=busybox:1." + n + " /a /b\n";
      break;
    case 1:
      text = "FORM x" + n + "\n"; // unknown instruction
      break;
    case 2:
      text = "FROM --platform=bogus" + n + " debian:" + n + " \\\n\n  AS b\n";
      break;
    case 3:
      text = std::string(i % 2 == 0 ? "" : "# comment\n") +
             "FROM scratch\nRUN --mount=from=node:" + n + " true\n";
      break;
    default:
      text = i % 3 == 0 ? std::string("\0\1binary", 8) : "FROM a\nFROM b" + n;
    }
    const std::string name = "d" + n + "/Dockerfile";
    InputFile input;
    input.display = name;
    input.path = dir.write(name, text);
    inputs.push_back(std::move(input));
  }
  return inputs;
}

} // namespace

TEST_CASE("list_references writes the same bytes with 1 or N workers",
          "[workflow]") {
  const TempDir dir;
  const std::vector<InputFile> inputs = corpus(dir);
  for (const RefsFormat format : {RefsFormat::table, RefsFormat::json}) {
    const Run one = run(inputs, format, 1, inputs.size());
    CHECK_FALSE(one.read);
    CHECK_FALSE(one.diagnostics.empty());
    CHECK(one.log.find("d2/Dockerfile") != std::string::npos);
    for (const std::size_t workers : {2U, 4U, 8U}) {
      for (const std::size_t batch : {1U, 3U, 16U, 1000U}) {
        INFO("workers " << workers << ", batch " << batch);
        const Run many = run(inputs, format, workers, batch);
        CHECK(many.read == one.read);
        CHECK(many.out == one.out);
        CHECK(many.diagnostics == one.diagnostics);
        CHECK(many.log == one.log);
      }
    }
  }
}

TEST_CASE("list_references is what the files say, in order", "[workflow]") {
  // The oracle: every file loaded one after another, the diagnostics,
  // warnings and JSON value built from them directly.
  const TempDir dir;
  const std::vector<InputFile> inputs = corpus(dir);
  stalebase::dockerfile::ExtractOptions options;
  options.build_args["UNUSED"] = "1";
  std::vector<LoadedFile> files;
  std::vector<stalebase::report::FileReferences> references;
  std::vector<stalebase::report::FileError> errors;
  std::string diagnostics;
  std::string log;
  {
    const CapturedLog captured;
    for (const InputFile &input : inputs) {
      files.push_back(load_input(input, options));
    }
    for (const LoadedFile &file : files) {
      if (file.error) {
        diagnostics += stalebase::report::format_diagnostic(
            file.input.display, file.source, *file.error);
        errors.push_back({file.input.display, *file.error});
        continue;
      }
      warn_extraction(file);
      references.push_back(
          {file.input.display, &*file.document, &file.extraction});
    }
    log = captured.text();
  }
  REQUIRE(!errors.empty());
  REQUIRE(!references.empty());
  const Run json = run(inputs, RefsFormat::json, 4, 7);
  CHECK(json.out ==
        stalebase::report::refs_to_json(references, errors).dump(2) + "\n");
  CHECK(json.diagnostics == diagnostics);
  CHECK(json.log == log);
  const Run table = run(inputs, RefsFormat::table, 3, 5);
  CHECK(table.out == stalebase::report::render_refs_table(references));
  CHECK(table.diagnostics == diagnostics);
}

TEST_CASE("list_references without files", "[workflow]") {
  const Run json = run({}, RefsFormat::json, 2, 4);
  CHECK(json.read);
  CHECK(json.out == "{\n  \"errors\": [],\n  \"references\": [],\n"
                    "  \"schema_version\": 1\n}\n");
  CHECK(run({}, RefsFormat::table, 2, 4).out.empty());
}
