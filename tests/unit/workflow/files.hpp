#pragma once

// Dockerfiles for the workflow tests: written to a temporary folder and read
// back as the commands read them.

#include "stalebase/workflow/inputs.hpp"

#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <utility>
#include <vector>

namespace stalebase::workflow::test {

// Writes each (name, text) into `dir` and loads them, in that order.
inline std::vector<LoadedFile>
load_texts(const stalebase::test::TempDir &dir,
           const std::vector<std::pair<std::string, std::string>> &texts) {
  std::vector<LoadedFile> files;
  for (const auto &[name, text] : texts) {
    InputFile input;
    input.path = dir.write(name, text);
    input.display = name;
    files.push_back(load_input(input, {}));
  }
  return files;
}

} // namespace stalebase::workflow::test
