#include "stalebase/cli/lookup_commands.hpp"
#include "stalebase/cli/registry_options.hpp"
#include "stalebase/util/error.hpp"

#include "support/memory_registry.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <sstream>

using namespace stalebase;
using namespace stalebase::cli;
using stalebase::reference::ImageReference;

namespace {

const std::string k_child =
    "sha256:1111111111111111111111111111111111111111111111111111111111111111";
const std::string k_index =
    R"({"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":")" +
    k_child +
    R"(","size":1,"platform":{"os":"linux","architecture":"arm64","variant":"v8"}}]})";

NamedReference named(const std::string &text,
                     const std::string &repository,
                     const std::string &tag) {
  return NamedReference{
      text, ImageReference{"docker.io", repository, tag, std::nullopt}};
}

} // namespace

TEST_CASE("cli::run_resolve text and json", "[cli]") {
  registry::MemoryRegistry registry;
  const std::string digest =
      registry.add_manifest("docker.io/library/alpine", k_index,
                            "application/vnd.oci.image.index.v1+json");
  registry.set_tag("docker.io/library/alpine", "3.19", digest);
  const std::vector<NamedReference> references = {
      named("alpine:3.19", "library/alpine", "3.19"),
      named("nosuch:1", "library/nosuch", "1")};
  std::ostringstream out;
  std::ostringstream err;
  SECTION("text") {
    CHECK(run_resolve(registry, references, std::nullopt, "text", 4, out,
                      err) == util::ExitCode::check_error);
    CHECK(out.str() == "alpine:3.19 " + digest + "\n");
    CHECK(err.str() ==
          "stalebase: error: nosuch:1: repository not found or unauthorized\n");
  }
  SECTION("text, all resolved, with a platform") {
    CHECK(run_resolve(registry, {references[0]},
                      reference::parse_platform("linux/arm64").value(), "text",
                      1, out, err) == util::ExitCode::ok);
    CHECK(out.str() == "alpine:3.19 " + k_child + "\n");
    CHECK(err.str().empty());
  }
  SECTION("json") {
    CHECK(run_resolve(registry, references, std::nullopt, "json", 2, out,
                      err) == util::ExitCode::check_error);
    const auto json = nlohmann::json::parse(out.str());
    REQUIRE(json.size() == 2);
    CHECK(json[0]["reference"] == "alpine:3.19");
    CHECK(json[0]["digest"] == digest);
    REQUIRE(json[0]["platforms"].size() == 1);
    CHECK(json[0]["platforms"][0]["architecture"] == "arm64");
    CHECK(json[0]["platforms"][0]["variant"] == "v8");
    CHECK(json[0]["platforms"][0]["digest"] == k_child);
    CHECK(json[1]["reference"] == "nosuch:1");
    CHECK(json[1]["error"] == "repository not found or unauthorized");
    CHECK(json[1]["error_kind"] == "not-found");
    CHECK_FALSE(json[1].contains("digest"));
  }
}

TEST_CASE("cli::run_tags", "[cli]") {
  registry::MemoryRegistry registry;
  const std::string digest =
      registry.add_manifest("docker.io/library/alpine", k_index, "");
  registry.set_tag("docker.io/library/alpine", "3.19", digest);
  registry.set_tag("docker.io/library/alpine", "3.18", digest);
  std::ostringstream out;
  std::ostringstream err;
  SECTION("text") {
    CHECK(run_tags(registry, named("alpine", "library/alpine", "latest"),
                   "text", out, err) == util::ExitCode::ok);
    CHECK(out.str() == "3.19\n3.18\n");
  }
  SECTION("json") {
    CHECK(run_tags(registry, named("alpine", "library/alpine", "latest"),
                   "json", out, err) == util::ExitCode::ok);
    const auto json = nlohmann::json::parse(out.str());
    CHECK(json["reference"] == "alpine");
    CHECK(json["repository"] == "docker.io/library/alpine");
    CHECK(json["tags"] == std::vector<std::string>{"3.19", "3.18"});
  }
  SECTION("error") {
    CHECK(run_tags(registry, named("nosuch", "library/nosuch", "latest"),
                   "text", out, err) == util::ExitCode::check_error);
    CHECK(out.str().empty());
    CHECK(err.str() ==
          "stalebase: error: nosuch: repository not found or unauthorized\n");
  }
}

TEST_CASE("cli::run_track_view", "[cli]") {
  registry::MemoryRegistry registry;
  const std::string digest =
      registry.add_manifest("docker.io/library/alpine", k_index, "");
  const std::string other =
      registry.add_manifest("docker.io/library/alpine", k_index + " ", "");
  registry.set_tag("docker.io/library/alpine", "3.18", other);
  registry.set_tag("docker.io/library/alpine", "3.19", digest);
  registry.set_tag("docker.io/library/alpine", "3.19.1", digest);
  registry.set_tag("docker.io/library/alpine", "3.18.6", other);
  std::ostringstream out;
  std::ostringstream err;
  SECTION("text") {
    CHECK(run_track_view(registry,
                         named("alpine:3.18", "library/alpine", "3.18"), "text",
                         out, err) == util::ExitCode::ok);
    CHECK(out.str() == "track *.*, newest first:\n"
                       "  3.19  minor\n"
                       "  3.18  current\n"
                       "floating tags:\n"
                       "  3.18  = 3.18.6\n");
    CHECK(err.str().empty());
  }
  SECTION("json") {
    CHECK(run_track_view(registry,
                         named("alpine:3.19", "library/alpine", "3.19"), "json",
                         out, err) == util::ExitCode::ok);
    const auto json = nlohmann::json::parse(out.str());
    CHECK(json["reference"] == "alpine:3.19");
    CHECK(json["track"] == "*.*");
    CHECK(json["tags"][0]["tag"] == "3.19");
    CHECK(json["tags"][0]["relation"] == "current");
    CHECK(json["floating"][0]["equals"] == std::vector<std::string>{"3.19.1"});
  }
  SECTION("error") {
    CHECK(run_track_view(registry, named("nosuch", "library/nosuch", "latest"),
                         "text", out, err) == util::ExitCode::check_error);
    CHECK(out.str().empty());
    CHECK(err.str() ==
          "stalebase: error: nosuch: repository not found or unauthorized\n");
  }
}

TEST_CASE("cli::parse_duration", "[cli]") {
  CHECK(parse_duration("--deadline", "90") == std::chrono::seconds(90));
  CHECK(parse_duration("--deadline", "1500ms") ==
        std::chrono::milliseconds(1500));
  CHECK(parse_duration("--deadline", "5m") == std::chrono::minutes(5));
  CHECK(parse_duration("--deadline", "1h") == std::chrono::hours(1));
  // The configuration's units too: one parser.
  CHECK(parse_duration("--deadline", "1h30m") == std::chrono::minutes(90));
  CHECK(parse_duration("--request-timeout", "2d") == std::chrono::hours(48));
  CHECK_THROWS_WITH(parse_duration("--deadline", "soon"),
                    "invalid --deadline: expected a duration such as \"90s\", "
                    "\"30m\", \"1h\" or \"2d\", found \"soon\"");
}

TEST_CASE("cli::open_registry_session rejects bad flags", "[cli]") {
  RegistryOptions options;
  options.mirrors = {"docker.io"};
  CHECK_THROWS_WITH(
      open_registry_session(options),
      "invalid --registry-mirror \"docker.io\": expected HOST=URL");
  options.mirrors = {"docker.io=ftp://x"};
  CHECK_THROWS_WITH(
      open_registry_session(options),
      "invalid --registry-mirror \"docker.io=ftp://x\": expected HOST=URL");
  options.mirrors = {"docker.io=http://127.0.0.1:5000"};
  options.insecure_registries = {"http://x"};
  CHECK_THROWS_WITH(
      open_registry_session(options),
      "invalid --insecure-registry \"http://x\": expected HOST or HOST:PORT");
  options.insecure_registries = {};
  options.platforms = {"linux"};
  CHECK_THROWS_WITH(parse_platforms(options),
                    "invalid platform \"linux\": expected os/arch[/variant]");
}
