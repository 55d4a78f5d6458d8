#include "stalebase/cli/shard.hpp"

#include <catch2/catch.hpp>

#include <vector>

using stalebase::cli::in_shard;
using stalebase::cli::parse_shard;
using stalebase::cli::Shard;

TEST_CASE("parse_shard reads I/N", "[cli]") {
  const auto shard = parse_shard("2/4");
  REQUIRE(shard);
  CHECK(shard->index == 2);
  CHECK(shard->count == 4);
  const auto whole = parse_shard("1/1");
  REQUIRE(whole);
  CHECK(whole->count == 1);
}

TEST_CASE("parse_shard refuses what is not I/N with 1 <= I <= N", "[cli]") {
  for (const char *text :
       {"", "2", "/4", "2/", "0/4", "5/4", "-1/4", "1/-4", "+1/4", " 1/4",
        "1/4 ", "1/0", "1/4/8", "a/b", "1.0/4", "99999999999/99999999999"}) {
    const auto shard = parse_shard(text);
    INFO(text);
    REQUIRE_FALSE(shard);
    CHECK(shard.error() ==
          "invalid --shard \"" + std::string(text) +
              "\": expected I/N with 1 <= I <= N, such as 2/4");
  }
}

TEST_CASE("in_shard deals files round-robin, each to exactly one shard",
          "[cli]") {
  constexpr std::size_t k_files = 11;
  constexpr std::size_t k_shards = 4;
  std::vector<std::size_t> owners(k_files, 0);
  std::vector<std::size_t> sizes(k_shards, 0);
  for (std::size_t index = 1; index <= k_shards; ++index) {
    for (std::size_t file = 0; file < k_files; ++file) {
      if (in_shard(Shard{index, k_shards}, file)) {
        ++owners[file];
        ++sizes[index - 1];
      }
    }
  }
  CHECK(owners == std::vector<std::size_t>(k_files, 1));
  CHECK(sizes == std::vector<std::size_t>{3, 3, 3, 2});
  CHECK(in_shard(Shard{1, 4}, 0));
  CHECK(in_shard(Shard{2, 4}, 5));
  CHECK_FALSE(in_shard(Shard{2, 4}, 4));
  CHECK(in_shard(Shard{1, 1}, 7));
}
