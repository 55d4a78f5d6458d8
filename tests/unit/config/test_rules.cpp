#include "stalebase/config/rules.hpp"

#include <catch2/catch.hpp>

using namespace stalebase::config;
using stalebase::reference::parse_reference;
using stalebase::version::UpdateLevel;

namespace {

Config config_of(std::string_view text) {
  auto config = parse_config(text, ".stalebase.yaml");
  if (!config) {
    FAIL(config.error().to_string());
  }
  return *config;
}

ImageRule rule(const Config &config, std::string_view reference) {
  return rule_for(config, parse_reference(reference).value());
}

} // namespace

TEST_CASE("config::rule_for takes the first matching rule", "[config]") {
  const Config config = config_of(R"(rules:
  - image: mcr.microsoft.com/windows/*
    max-level: patch
  - image: node
    max-level: minor
    prereleases: true
  - image: ghcr.io/org/*
    prereleases: true
  - image: "*"
    max-level: minor
)");
  CHECK(rule(config, "mcr.microsoft.com/windows/servercore:ltsc2022") ==
        ImageRule{"mcr.microsoft.com/windows/*", UpdateLevel::patch, false});
  CHECK(rule(config, "node:20.1") ==
        ImageRule{"node", UpdateLevel::minor, true});
  CHECK(rule(config, "docker.io/library/node@sha256:" + std::string(64, 'a')) ==
        ImageRule{"node", UpdateLevel::minor, true});
  // Unset max-level defaults to major.
  CHECK(rule(config, "ghcr.io/org/app:v1") ==
        ImageRule{"ghcr.io/org/*", UpdateLevel::major, true});
  CHECK(rule(config, "python:3.12") ==
        ImageRule{"*", UpdateLevel::minor, false});
}

TEST_CASE("config::rule_for without rules is the default", "[config]") {
  const ImageRule fallback = rule(Config{}, "python:3.12");
  CHECK(fallback == ImageRule{"*", UpdateLevel::major, false});
  const Config config = config_of("rules:\n  - image: node\n"
                                  "    max-level: patch\n");
  CHECK(rule(config, "python:3.12") == fallback);
}

TEST_CASE("config::registry_for", "[config]") {
  const Config config = config_of(R"(registries:
  GHCR.io:
    insecure: true
  registry-1.docker.io:
    mirror: http://127.0.0.1:5001
  localhost:5000:
    ca-file: /tmp/ca.pem
)");
  REQUIRE(registry_for(config, "ghcr.io") != nullptr);
  CHECK(registry_for(config, "ghcr.io")->insecure);
  CHECK(registry_for(config, "Ghcr.IO") == registry_for(config, "ghcr.io"));
  REQUIRE(registry_for(config, "docker.io") != nullptr);
  CHECK(registry_for(config, "docker.io")->mirror == "http://127.0.0.1:5001");
  CHECK(registry_for(config, "index.docker.io") ==
        registry_for(config, "docker.io"));
  CHECK(registry_for(config, "localhost:5000")->ca_file == "/tmp/ca.pem");
  CHECK(registry_for(config, "localhost:5001") == nullptr);
  CHECK(registry_for(config, "quay.io") == nullptr);
}
