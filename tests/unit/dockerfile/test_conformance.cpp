// BuildKit's own parser test files (shared/conformance/buildkit): every dump
// must match BuildKit's `result` byte for byte, every negative case must fail,
// and the line numbers of testfile-line must be BuildKit's.

#include "stalebase/dockerfile/ast_dump.hpp"
#include "stalebase/dockerfile/parser.hpp"

#include "shared_dir.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

using namespace stalebase::dockerfile;
namespace fs = std::filesystem;

namespace {

fs::path buildkit_dir() {
  return stalebase::test::shared_dir() / "conformance" / "buildkit";
}

std::vector<fs::path> case_folders(const fs::path &dir) {
  std::vector<fs::path> folders;
  for (const auto &entry : fs::directory_iterator(dir)) {
    if (entry.is_directory()) {
      folders.push_back(entry.path());
    }
  }
  std::sort(folders.begin(), folders.end());
  return folders;
}

} // namespace

TEST_CASE("parse_dockerfile matches every BuildKit testfiles result",
          "[dockerfile][shared]") {
  const std::vector<fs::path> folders =
      case_folders(buildkit_dir() / "testfiles");
  REQUIRE(folders.size() == 33);
  for (const fs::path &folder : folders) {
    INFO("testfiles/" << folder.filename().string());
    const std::string source =
        stalebase::test::read_test_file(folder / "Dockerfile");
    const std::string expected =
        stalebase::test::read_test_file(folder / "result");
    const auto document = parse_dockerfile(source);
    if (!document) {
      FAIL("parse error at line " << document.error().line << ": "
                                  << document.error().message);
    }
    CHECK(dump_ast(*document) == expected);
  }
}

TEST_CASE("parse_dockerfile rejects every BuildKit testfiles-negative case",
          "[dockerfile][shared]") {
  const std::vector<fs::path> folders =
      case_folders(buildkit_dir() / "testfiles-negative");
  REQUIRE(folders.size() == 4);
  struct Expected {
    std::string name;
    std::string message;
    std::size_t line;
  };
  const std::vector<Expected> expected = {
      {"empty_dockerfile", "file with no instructions", 0},
      {"env_no_value", "ENV must have two arguments", 3},
      {"only_comments", "file with no instructions", 0},
      {"shykes-nested-json",
       "when using JSON array syntax, arrays must be comprised of strings only",
       1},
  };
  for (std::size_t i = 0; i < folders.size(); ++i) {
    INFO("testfiles-negative/" << folders[i].filename().string());
    REQUIRE(folders[i].filename().string() == expected[i].name);
    const std::string source =
        stalebase::test::read_test_file(folders[i] / "Dockerfile");
    const auto document = parse_dockerfile(source);
    REQUIRE_FALSE(document);
    CHECK(document.error().message == expected[i].message);
    CHECK(document.error().line == expected[i].line);
  }
}

TEST_CASE("parse_dockerfile gives BuildKit's line numbers for testfile-line",
          "[dockerfile][shared]") {
  const std::string source = stalebase::test::read_test_file(
      buildkit_dir() / "testfile-line" / "Dockerfile");
  const auto document = parse_dockerfile(source);
  REQUIRE(document);
  // TestParseIncludesLineNumbers: FROM on line 5, ENV on 11-12, RUN on 17-31
  // (its continuation runs over blank lines 20, 21 and 25, which BuildKit warns
  // about).
  REQUIRE(document->instructions.size() == 3);
  CHECK(document->instructions[0].keyword == "from");
  CHECK(document->instructions[0].start_line == 5);
  CHECK(document->instructions[0].end_line == 5);
  CHECK(document->instructions[1].keyword == "env");
  CHECK(document->instructions[1].start_line == 11);
  CHECK(document->instructions[1].end_line == 12);
  CHECK(document->instructions[2].keyword == "run");
  CHECK(document->instructions[2].start_line == 17);
  CHECK(document->instructions[2].end_line == 31);
  REQUIRE(document->directives.size() == 1);
  CHECK(document->directives[0].name == "escape");
  CHECK(document->directives[0].value == "\\");
  REQUIRE(document->warnings.size() == 1);
  CHECK(document->warnings[0].line == 31);
}
