#include "stalebase/reference/image_reference.hpp"
#include "stalebase/registry/cache.hpp"

#include "support/memory_registry.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <unistd.h>

using namespace stalebase;
using namespace stalebase::registry;
namespace fs = std::filesystem;

namespace {

using stalebase::test::TempDir;

constexpr const char *k_repo = "docker.io/library/alpine";

std::string image_manifest(const std::string &marker) {
  return R"({"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",)"
         R"("config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:)" +
         std::string(64, 'c') + R"(","size":)" + std::to_string(marker.size()) +
         R"(},"layers":[]})";
}

reference::ImageReference ref(const std::string &text) {
  auto parsed = reference::parse_reference(text);
  REQUIRE(parsed.has_value());
  return *parsed;
}

} // namespace

TEST_CASE("CachingRegistry answers repeated look-ups from disk within the TTL",
          "[registry]") {
  TempDir dir;
  MemoryRegistry memory;
  const auto digest =
      memory.add_manifest(k_repo, image_manifest("a"),
                          "application/vnd.oci.image.manifest.v1+json");
  memory.set_tag(k_repo, "3.20", digest);
  std::int64_t now = 1'000'000;
  CacheOptions options{dir.path, std::chrono::seconds(3600), false,
                       [&now] { return now; }};

  {
    CachingRegistry cache(&memory, options);
    REQUIRE(cache.resolve(ref("alpine:3.20"))->digest == digest);
    REQUIRE(cache.list_tags(ref("alpine:3.20"))->size() == 1);
    REQUIRE(cache.manifest(ref("alpine"), digest)->digest == digest);
    CHECK(cache.misses() == 3);
  }
  SECTION("a second run within the TTL asks nothing") {
    CachingRegistry cache(&memory, options);
    CHECK(cache.resolve(ref("alpine:3.20"))->digest == digest);
    CHECK(cache.list_tags(ref("alpine:3.20")).value() ==
          std::vector<std::string>{"3.20"});
    CHECK(cache.manifest(ref("alpine"), digest)->digest == digest);
    CHECK(cache.hits() == 3);
    CHECK(memory.calls("resolve") == 1);
    CHECK(memory.calls("list_tags") == 1);
    CHECK(memory.calls("manifest") == 1);
  }
  SECTION("after the TTL tags are asked again, manifests by digest are not") {
    now += 3600;
    CachingRegistry cache(&memory, options);
    CHECK(cache.resolve(ref("alpine:3.20"))->digest == digest);
    CHECK(cache.list_tags(ref("alpine")).has_value());
    CHECK(cache.manifest(ref("alpine"), digest).has_value());
    CHECK(memory.calls("resolve") == 2);
    CHECK(memory.calls("list_tags") == 2);
    CHECK(memory.calls("manifest") == 1);
  }
  SECTION("offline answers from the cache and says what it could not answer") {
    options.offline = true;
    CachingRegistry cache(nullptr, options);
    CHECK(cache.resolve(ref("alpine:3.20"))->digest == digest);
    const auto miss = cache.resolve(ref("alpine:3.19"));
    REQUIRE_FALSE(miss.has_value());
    CHECK(miss.error().message ==
          "docker.io/library/alpine:3.19 is not in the cache (--offline)");
  }
  SECTION("corrupt and foreign entries are misses, then replaced") {
    for (const auto &entry : fs::recursive_directory_iterator(dir.path)) {
      if (entry.is_regular_file()) {
        std::ofstream(entry.path(), std::ios::trunc)
            << "{\"key\": \"something else\"";
      }
    }
    CachingRegistry cache(&memory, options);
    CHECK(cache.resolve(ref("alpine:3.20"))->digest == digest);
    CHECK(cache.misses() == 1);
    CachingRegistry again(&memory, options);
    CHECK(again.resolve(ref("alpine:3.20"))->digest == digest);
    CHECK(again.hits() == 1);
  }
}

TEST_CASE("CachingRegistry keeps not-found answers for the TTL", "[registry]") {
  TempDir dir;
  MemoryRegistry memory;
  const auto digest =
      memory.add_manifest(k_repo, image_manifest("a"),
                          "application/vnd.oci.image.manifest.v1+json");
  memory.set_tag(k_repo, "3.20", digest);
  const auto gone =
      reference::Digest::parse("sha256:" + std::string(64, 'e')).value();
  std::int64_t now = 1'000'000;
  CacheOptions options{dir.path, std::chrono::seconds(3600), false,
                       [&now] { return now; }};
  const auto ask_all = [&](CachingRegistry &cache) {
    const auto tag = cache.resolve(ref("alpine:3.18.9"));
    REQUIRE_FALSE(tag.has_value());
    CHECK(tag.error().kind == RegistryErrorKind::not_found);
    CHECK(tag.error().message == "tag \"3.18.9\" not found");
    const auto pinned = cache.resolve(ref(("alpine@" + gone).c_str()));
    REQUIRE_FALSE(pinned.has_value());
    CHECK(pinned.error().message == "manifest \"" + gone + "\" not found");
    const auto manifest = cache.manifest(ref("alpine"), gone);
    REQUIRE_FALSE(manifest.has_value());
    CHECK(manifest.error().kind == RegistryErrorKind::not_found);
    const auto tags = cache.list_tags(ref("nothere"));
    REQUIRE_FALSE(tags.has_value());
    CHECK(tags.error().kind == RegistryErrorKind::not_found);
    CHECK(tags.error().message == "repository not found or unauthorized");
  };
  {
    CachingRegistry cache(&memory, options);
    ask_all(cache);
    CHECK(cache.misses() == 4);
  }
  SECTION(
      "a second run within the TTL gets the same answers and asks nothing") {
    CachingRegistry cache(&memory, options);
    ask_all(cache);
    CHECK(cache.hits() == 4);
    CHECK(memory.calls("resolve") == 2);
    CHECK(memory.calls("manifest") == 1);
    CHECK(memory.calls("list_tags") == 1);
  }
  SECTION("offline too") {
    CachingRegistry cache(nullptr,
                          CacheOptions{dir.path, std::chrono::seconds(3600),
                                       true, [&now] { return now; }});
    ask_all(cache);
    CHECK(cache.hits() == 4);
  }
  SECTION("after the TTL every one is asked again, even by digest") {
    now += 3600;
    CachingRegistry cache(&memory, options);
    ask_all(cache);
    CHECK(cache.misses() == 4);
    CHECK(memory.calls("resolve") == 4);
    CHECK(memory.calls("manifest") == 2);
    CHECK(memory.calls("list_tags") == 2);
  }
}

TEST_CASE("CachingRegistry never caches transient errors", "[registry]") {
  TempDir dir;
  MemoryRegistry memory;
  memory.fail(k_repo, RegistryError{RegistryErrorKind::unavailable, "down"});
  CacheOptions options{dir.path, std::chrono::seconds(3600), false,
                       [] { return 5; }};
  CachingRegistry cache(&memory, options);
  CHECK_FALSE(cache.resolve(ref("alpine:3.20")).has_value());
  CHECK_FALSE(cache.resolve(ref("alpine:3.20")).has_value());
  CHECK(memory.calls("resolve") == 2);
}
