#include "stalebase/dockerfile/origin_runs.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <utility>
#include <vector>

using stalebase::dockerfile::OriginRuns;

namespace {

std::vector<OriginRuns::Run> runs(const OriginRuns &origins) {
  return {origins.runs_begin(), origins.runs_end()};
}

} // namespace

TEST_CASE("OriginRuns merges consecutive offsets into runs", "[dockerfile]") {
  OriginRuns origins;
  CHECK(origins.empty());
  CHECK(origins == std::vector<std::int64_t>{});
  origins.append_run(10, 3);
  origins.push_back(13);
  origins.push_back(OriginRuns::k_none);
  origins.append_run(OriginRuns::k_none, 2);
  origins.push_back(13);
  origins.push_back(13);
  origins.append_run(20, 0);
  CHECK(origins.size() == 9);
  CHECK(origins ==
        std::vector<std::int64_t>{10, 11, 12, 13, -1, -1, -1, 13, 13});
  CHECK(runs(origins) == std::vector<OriginRuns::Run>{
                             {10, 4, 4}, {-1, 3, 7}, {13, 1, 8}, {13, 1, 9}});
  CHECK(origins[3] == 13);
  CHECK(origins[4] == OriginRuns::k_none);
  CHECK(origins[8] == 13);
  CHECK(origins.front() == 10);
  CHECK(origins.back() == 13);
}

TEST_CASE("OriginRuns slices and truncates", "[dockerfile]") {
  OriginRuns origins;
  origins.append_run(100, 4);
  origins.append_run(OriginRuns::k_none, 2);
  origins.append_run(7, 3);
  OriginRuns slice;
  slice.append_run(103, 1); // merges with the slice's first run
  slice.append(origins, 4, 4);
  CHECK(slice == std::vector<std::int64_t>{103, -1, -1, 7, 8});
  slice.append(origins, 0, 2);
  CHECK(slice == std::vector<std::int64_t>{103, -1, -1, 7, 8, 100, 101});
  slice.truncate(4);
  CHECK(slice == std::vector<std::int64_t>{103, -1, -1, 7});
  slice.truncate(1);
  CHECK(runs(slice) == std::vector<OriginRuns::Run>{{103, 1, 1}});
  slice.push_back(104);
  CHECK(runs(slice) == std::vector<OriginRuns::Run>{{103, 2, 2}});
}

TEST_CASE("OriginRuns reads and slices from the middle of many runs",
          "[dockerfile]") {
  // Bytes 3k, 3k+1, 3k+2 have origins 10k, 10k+1, 10k+2: one run per three
  // bytes, found by binary search rather than by walking from the start.
  OriginRuns origins;
  for (std::int64_t k = 0; k < 1000; ++k) {
    origins.append_run(10 * k, 3);
  }
  CHECK(origins.size() == 3000);
  CHECK(origins[0] == 0);
  CHECK(origins[1501] == 5001);
  CHECK(origins[2999] == 9992);
  OriginRuns slice;
  slice.append(origins, 1499, 5);
  CHECK(slice == std::vector<std::int64_t>{4992, 5000, 5001, 5002, 5010});
  CHECK(runs(slice) ==
        std::vector<OriginRuns::Run>{{4992, 1, 1}, {5000, 3, 4}, {5010, 1, 5}});
  slice.truncate(2);
  CHECK(slice == std::vector<std::int64_t>{4992, 5000});
  CHECK(slice[1] == 5000);
}

TEST_CASE("OriginRuns equality and moves", "[dockerfile]") {
  OriginRuns a;
  OriginRuns b;
  for (std::int64_t i = 0; i < 6; ++i) {
    a.push_back(i * 2); // six runs: more than fit inline
    b.push_back(i * 2);
  }
  CHECK(a == b);
  b.truncate(5);
  CHECK_FALSE(a == b);
  b.push_back(10);
  CHECK(a == b);
  OriginRuns moved = std::move(a);
  CHECK(moved == b);
  CHECK(a.empty()); // NOLINT(bugprone-use-after-move): moved-from is empty
  a.push_back(3);
  CHECK(a == std::vector<std::int64_t>{3});
  OriginRuns copy = moved;
  copy.truncate(2);
  CHECK(copy == std::vector<std::int64_t>{0, 2});
  CHECK(moved.size() == 6);
}
