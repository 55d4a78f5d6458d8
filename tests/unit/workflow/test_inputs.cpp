#include "stalebase/workflow/inputs.hpp"

#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <sys/stat.h>
#include <unistd.h>

using namespace stalebase::workflow;
namespace fs = std::filesystem;

namespace {

using stalebase::test::TempDir;

} // namespace

TEST_CASE("is_dockerfile_name", "[workflow]") {
  for (const char *yes :
       {"Dockerfile", "Containerfile", "app.Dockerfile", "app.dockerfile",
        "Dockerfile.dev", "Containerfile.arm64",
        // issue 13, as Renovate finds them
        "dockerfile", "containerfile", "Dockerfile-dev", "Dockerfile_prod",
        "dockerfile.dev", "app.containerfile", "app.Containerfile",
        "Containerfile-arm64", "Dockerfile.prod.windows"}) {
    INFO(yes);
    CHECK(is_dockerfile_name(yes));
  }
  for (const char *no : {"Dockerfile.",
                         ".Dockerfile",
                         "Dockerfiles",
                         "README.md",
                         "Containerfile.",
                         "Dockerfile-",
                         "DOCKERFILE",
                         "Dockerfile2",
                         "my-dockerfile",
                         "Dockerfile.md",
                         "Dockerfile.MD",
                         "Dockerfile.txt",
                         "Dockerfile.dockerignore",
                         "app.Dockerfile.dockerignore",
                         "Dockerfile.j2",
                         "Dockerfile.tmpl",
                         "Dockerfile.in",
                         "Dockerfile~",
                         "Dockerfile.orig",
                         "Dockerfile.rej",
                         "Dockerfile.swp",
                         "dockerfile-lint.sh",
                         "Dockerfile.prod.bak"}) {
    INFO(no);
    CHECK_FALSE(is_dockerfile_name(no));
  }
}

TEST_CASE("discover_inputs walks folders, sorted, skipping .git",
          "[workflow]") {
  TempDir dir;
  dir.write("b/Dockerfile");
  dir.write("a/app.Dockerfile");
  dir.write("a/notes.txt");
  dir.write(".git/Dockerfile");
  dir.write("Containerfile.dev");
  const auto inputs = discover_inputs({dir.path.string() + "/"});
  REQUIRE(inputs.has_value());
  std::vector<std::string> names;
  for (const auto &input : *inputs) {
    names.push_back(input.display);
  }
  const std::string base = dir.path.string();
  CHECK(names == std::vector<std::string>{base + "/Containerfile.dev",
                                          base + "/a/app.Dockerfile",
                                          base + "/b/Dockerfile"});
}

TEST_CASE("discover_inputs skips what .gitignore files ignore", "[workflow]") {
  TempDir dir;
  dir.write(".gitignore", "# generated\n/build/\n*.tmp.Dockerfile\n"
                          "Dockerfile.*\n!Dockerfile.prod\n");
  dir.write("build/Dockerfile");
  dir.write("app/build/Dockerfile"); // `/build/` is anchored
  dir.write("app/x.tmp.Dockerfile");
  dir.write("app/Dockerfile.dev");
  dir.write("app/Dockerfile.prod");
  dir.write("app/Dockerfile");
  // A deeper .gitignore applies to its own folder and below, and wins.
  dir.write("svc/.gitignore", "!Dockerfile.dev\nvendor\n");
  dir.write("svc/Dockerfile.dev");
  dir.write("svc/vendor/Dockerfile");
  dir.write("svc/vendor.Dockerfile");
  dir.write("other/vendor/Dockerfile"); // not below svc/
  // A folder that is ignored is not entered: `!` cannot bring a file back.
  dir.write(".gitignore.d/Dockerfile");
  dir.write("cache/Dockerfile");
  dir.write("cache/.gitignore", "");
  std::ofstream(dir.path / ".gitignore", std::ios::app)
      << "cache/\n!cache/Dockerfile\n";
  const auto inputs = discover_inputs({dir.path.string()});
  REQUIRE(inputs.has_value());
  std::vector<std::string> names;
  for (const auto &input : *inputs) {
    names.push_back(input.display.substr(dir.path.string().size() + 1));
  }
  CHECK(names == std::vector<std::string>{
                     ".gitignore.d/Dockerfile", "app/Dockerfile",
                     "app/Dockerfile.prod", "app/build/Dockerfile",
                     "other/vendor/Dockerfile", "svc/Dockerfile.dev",
                     "svc/vendor.Dockerfile"});

  SECTION("a file named on the command line is always read") {
    const std::string ignored = (dir.path / "build/Dockerfile").string();
    const auto named = discover_inputs({ignored});
    REQUIRE(named.has_value());
    REQUIRE(named->size() == 1);
    CHECK((*named)[0].display == ignored);
  }
  SECTION("a folder named on the command line is walked with its own rules "
          "only") {
    const auto named = discover_inputs({(dir.path / "build").string()});
    REQUIRE(named.has_value());
    CHECK(named->size() == 1);
  }
}

TEST_CASE("discover_inputs files, stdin and missing paths", "[workflow]") {
  TempDir dir;
  dir.write("x.txt");
  const auto file = (dir.path / "x.txt").string();
  const auto inputs = discover_inputs({file, "-"});
  REQUIRE(inputs.has_value());
  REQUIRE(inputs->size() == 2);
  CHECK((*inputs)[0].display == file);
  CHECK((*inputs)[1].is_stdin);
  const auto missing = discover_inputs({(dir.path / "nope").string()});
  REQUIRE_FALSE(missing.has_value());
  CHECK(missing.error() ==
        "no such file or folder: \"" + (dir.path / "nope").string() + "\"");
}

namespace {

using stalebase::sources::SourceKind;

// "display kind" for each input found under `dir`, kind `dockerfile` or
// `content` for a YAML file classified by its content.
std::vector<std::string> found(const TempDir &dir,
                               const SourceSelection &selection = {}) {
  const auto inputs = discover_inputs({dir.path.string() + "/"}, selection);
  REQUIRE(inputs);
  std::vector<std::string> result;
  const std::size_t prefix = dir.path.string().size() + 1;
  for (const InputFile &input : *inputs) {
    const std::string kind =
        input.source ? std::string(stalebase::sources::to_string(*input.source))
                     : (input.by_content ? "content" : "dockerfile");
    result.push_back(input.display.substr(prefix) + " " + kind);
  }
  return result;
}

} // namespace

TEST_CASE("discover_inputs finds image sources (issue 16)", "[workflow]") {
  TempDir dir;
  dir.write("Dockerfile");
  dir.write("compose.yaml");
  dir.write("docker-compose.override.yml");
  dir.write(".github/workflows/ci.yml");
  dir.write(".github/dependabot.yml");
  dir.write(".gitlab-ci.yml");
  dir.write(".devcontainer/devcontainer.json");
  dir.write(".devcontainer/py/devcontainer.json");
  dir.write(".stalebase.yaml");
  dir.write("chart/Chart.yaml");
  dir.write("chart/values.yaml");
  dir.write("chart/values-prod.yaml");
  dir.write("chart/templates/deployment.yaml");
  dir.write("deploy/app.yaml");
  dir.write("notes.json");
  dir.write("vendor/x/compose.yaml");
  dir.write(".gitignore", "ignored.yaml\n");
  dir.write("ignored.yaml");
  CHECK(found(dir) == std::vector<std::string>{
                          ".devcontainer/devcontainer.json devcontainer",
                          ".devcontainer/py/devcontainer.json devcontainer",
                          ".github/dependabot.yml content",
                          ".github/workflows/ci.yml github-actions",
                          ".gitlab-ci.yml gitlab-ci",
                          "Dockerfile dockerfile",
                          "chart/Chart.yaml content",
                          "chart/values-prod.yaml helm-values",
                          "chart/values.yaml helm-values",
                          "compose.yaml compose",
                          "deploy/app.yaml content",
                          "docker-compose.override.yml compose",
                          "vendor/x/compose.yaml compose",
                      });

  SourceSelection selection;
  selection.dockerfiles = false;
  selection.kinds.assign(6, false);
  selection.kinds[static_cast<std::size_t>(SourceKind::compose)] = true;
  selection.exclude = {"vendor/**"};
  selection.include = {"notes.json"};
  CHECK(found(dir, selection) ==
        std::vector<std::string>{"compose.yaml compose",
                                 "docker-compose.override.yml compose",
                                 "notes.json content"});
}

TEST_CASE("discover_inputs classifies files given by name", "[workflow]") {
  TempDir dir;
  const auto check = [&](const std::string &name, const std::string &kind) {
    const auto inputs = discover_inputs({dir.write(name).string()});
    REQUIRE(inputs);
    REQUIRE(inputs->size() == 1);
    const InputFile &input = inputs->front();
    INFO(name);
    CHECK((input.source
               ? std::string(stalebase::sources::to_string(*input.source))
               : (input.by_content ? "content" : "dockerfile")) == kind);
  };
  check("compose.yaml", "compose");
  check("k8s.yml", "content");
  check("Dockerfile.yaml", "content");
  check("build.docker", "dockerfile");
  check("Dockerfile", "dockerfile");
}

TEST_CASE("add_compose_builds gives the built Dockerfile its args",
          "[workflow]") {
  TempDir dir;
  dir.write("compose.yaml", "services:\n"
                            "  a:\n    build:\n      context: app\n"
                            "      args: {V: '1'}\n"
                            "  b:\n    build:\n      context: app\n"
                            "      args: {V: '2'}\n"
                            "  c:\n    build:\n      context: web\n"
                            "      dockerfile: Web.docker\n"
                            "  d:\n    build: ../outside\n"
                            "  e:\n    build: https://example.com/x.git\n");
  dir.write("app/Dockerfile", "ARG V\nFROM alpine:${V}\n");
  dir.write("web/Web.docker", "FROM alpine:3\n");
  fs::create_directories(dir.path.parent_path() / "outside");
  auto inputs = discover_inputs({dir.path.string() + "/"});
  REQUIRE(inputs);
  REQUIRE(inputs->size() == 2);
  add_compose_builds(*inputs);
  REQUIRE(inputs->size() == 3);
  const InputFile &app = (*inputs)[0];
  REQUIRE(app.build_args);
  CHECK(app.build_args->at("V") == "1");
  CHECK(app.built_by.ends_with("compose.yaml: services.a.build"));
  CHECK((*inputs)[2].display.ends_with("/web/Web.docker"));
  const LoadedFile loaded = load_input(app, {});
  REQUIRE_FALSE(loaded.error);
  CHECK(loaded.extraction.references.at(0).expanded == "alpine:1");
}

TEST_CASE("load_input reads image sources", "[workflow]") {
  TempDir dir;
  InputFile input;
  input.display = "k.yaml";
  input.by_content = true;
  input.path = dir.write("k.yaml", "apiVersion: v1\nkind: Pod\nspec:\n"
                                   "  containers:\n    - image: redis:7\n");
  LoadedFile loaded = load_input(input, {});
  REQUIRE_FALSE(loaded.error);
  REQUIRE(loaded.kind == SourceKind::kubernetes);
  REQUIRE(loaded.references.references.size() == 1);
  CHECK(loaded.references.references[0].yaml_path ==
        "spec.containers[0].image");

  input.path = dir.write("k.yaml", "site_name: docs\n");
  CHECK(load_input(input, {}).skipped.starts_with("not an image source"));
  input.path = dir.write("k.yaml", "a: {{ .Values.x }}\nkind: [\n");
  CHECK(load_input(input, {}).skipped.starts_with("not valid YAML"));
  // Not YAML, but a manifest by its look: an error, not a skip.
  input.path = dir.write("k.yaml", "apiVersion: v1\nkind: Pod\nspec: [\n");
  loaded = load_input(input, {});
  REQUIRE(loaded.error);
  CHECK(loaded.error->line == 3);

  input.by_content = false;
  input.source = SourceKind::compose;
  input.path = dir.write("compose.yaml", "services: {a: {image: [}}\n");
  loaded = load_input(input, {});
  REQUIRE(loaded.error);
  CHECK(loaded.error->line == 1);
  // A named pipe is refused without waiting for a writer.
  const fs::path fifo = dir.path / "fifo.yaml";
  REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
  input.path = fifo;
  loaded = load_input(input, {});
  REQUIRE(loaded.error);
  CHECK(loaded.error->message == "cannot read file: not a regular file");
}

TEST_CASE("compose_environment reads the .env beside the Compose file",
          "[workflow]") {
  TempDir dir;
  InputFile input;
  input.display = "app/compose.yaml";
  input.source = SourceKind::compose;
  input.path = dir.write("app/compose.yaml",
                         "services:\n  a:\n    image: alpine:${TAG}\n");
  // No .env: nothing set, and the reference cannot be known.
  auto env = compose_environment(input);
  REQUIRE(env);
  CHECK(env->empty());
  LoadedFile loaded = load_input(input, {});
  REQUIRE_FALSE(loaded.error);
  CHECK(loaded.references.references.at(0).unresolvable);

  dir.write("app/.env", "# tags\nTAG=3.19.0\nexport OTHER='x'\n");
  env = compose_environment(input);
  REQUIRE(env);
  CHECK(*env == stalebase::sources::ComposeEnvironment{{"OTHER", "x"},
                                                       {"TAG", "3.19.0"}});
  loaded = load_input(input, {});
  REQUIRE_FALSE(loaded.error);
  CHECK(loaded.references.references.at(0).value == "alpine:3.19.0");
  // What a rewrite reads the file again with.
  CHECK(loaded.source_options.compose_env.at("TAG") == "3.19.0");

  // The process environment is not used: a result never depends on the
  // caller's shell.
  REQUIRE(setenv("STALEBASE_TEST_UNSET_TAG", "9", 1) == 0);
  dir.write("app/.env", "TAG=${STALEBASE_TEST_UNSET_TAG}\n");
  env = compose_environment(input);
  unsetenv("STALEBASE_TEST_UNSET_TAG");
  REQUIRE(env);
  CHECK(env->empty());

  // A malformed .env is an error of the Compose file naming the .env's line
  // and column.
  dir.write("app/.env", "TAG=1\nBAD KEY=2\n");
  env = compose_environment(input);
  REQUIRE_FALSE(env);
  CHECK(env.error().line == 0);
  CHECK(env.error().message.starts_with("app/.env:2:"));
  loaded = load_input(input, {});
  REQUIRE(loaded.error);
  CHECK(loaded.error->message == env.error().message);

  // Other kinds never read it.
  input.source = SourceKind::kubernetes;
  env = compose_environment(input);
  REQUIRE(env);
  CHECK(env->empty());
}
