#pragma once

// The real tag lists in shared/data/tags (one tag a line), for property tests
// tagged [shared].

#include "stalebase/version/tag.hpp"

#include "shared_dir.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

namespace stalebase::version::test {

struct TagList {
  std::string name;
  std::vector<std::string> lines;
  std::vector<Tag> tags;
};

inline std::vector<TagList> load_lists() {
  const auto dir = stalebase::test::shared_dir() / "data" / "tags";
  REQUIRE(std::filesystem::is_directory(dir));
  std::vector<TagList> lists;
  for (const auto &entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".txt") {
      continue;
    }
    TagList list;
    list.name = entry.path().filename().string();
    const std::string text = stalebase::test::read_test_file(entry.path());
    std::size_t start = 0;
    while (start < text.size()) {
      std::size_t end = text.find('\n', start);
      if (end == std::string::npos) {
        end = text.size();
      }
      std::string line = text.substr(start, end - start);
      if (!line.empty() && line.back() == '\r') {
        line.pop_back();
      }
      if (!line.empty()) {
        list.lines.push_back(std::move(line));
      }
      start = end + 1;
    }
    list.tags = parse_tags(list.lines);
    lists.push_back(std::move(list));
  }
  std::sort(lists.begin(), lists.end(),
            [](const TagList &a, const TagList &b) { return a.name < b.name; });
  REQUIRE(lists.size() == 10);
  return lists;
}

// Every `stride`-th tag, so that each list gets about `count` samples.
inline std::vector<std::size_t> sample(std::size_t size, std::size_t count) {
  std::vector<std::size_t> out;
  const std::size_t stride = std::max<std::size_t>(1, size / count);
  for (std::size_t i = 0; i < size; i += stride) {
    out.push_back(i);
  }
  return out;
}

} // namespace stalebase::version::test
