#include "stalebase/registry/credential_store.hpp"

#include <catch2/catch.hpp>

#include <cerrno>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sys/stat.h>

using namespace stalebase;
using namespace stalebase::registry;

namespace {

// A fresh folder under the system temp folder, removed at the end of the test.
class TempDir {
public:
  TempDir() {
    std::random_device random;
    m_path = std::filesystem::temp_directory_path() /
             ("stalebase-test-" + std::to_string(random()) +
              std::to_string(random()));
    std::filesystem::create_directories(m_path);
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(m_path, ignored);
  }
  TempDir(const TempDir &) = delete;
  TempDir &operator=(const TempDir &) = delete;
  const std::filesystem::path &path() const { return m_path; }
  std::string write(const std::string &name,
                    const std::string &text,
                    bool executable = false) const {
    const auto file = m_path / name;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
    if (executable) {
      ::chmod(file.c_str(), 0700);
    }
    return file.string();
  }

private:
  std::filesystem::path m_path;
};

util::EnvLookup env_of(std::map<std::string, std::string> values) {
  return [values](const std::string &name) -> std::optional<std::string> {
    const auto it = values.find(name);
    return it == values.end() ? std::nullopt
                              : std::optional<std::string>(it->second);
  };
}

class FakeHelpers final : public CredentialHelperRunner {
public:
  Expected<HelperResult, std::string>
  get(const std::string &helper, const std::string &server_url) override {
    calls.push_back(helper + " " + server_url);
    if (helper == "broken") {
      return Unexpected(
          std::string("credential helper \"docker-credential-broken\" failed "
                      "(exit status 1)"));
    }
    if (helper == "token") {
      return HelperResult{true, "<token>", "refresh"};
    }
    if (helper == "empty") {
      return HelperResult{};
    }
    if (helper == "absent") {
      return HelperResult{false, {}, {}, true};
    }
    return HelperResult{true, "helper-user", "helper-secret"};
  }
  std::vector<std::string> calls;
};

} // namespace

TEST_CASE("registry::credential_sources order", "[registry]") {
  const auto sources =
      credential_sources(std::string("/given.json"),
                         env_of({{"HOME", "/home/u"},
                                 {"REGISTRY_AUTH_FILE", "/raf.json"},
                                 {"DOCKER_AUTH_CONFIG", "{}"},
                                 {"XDG_RUNTIME_DIR", "/run/user/1000"}}));
  std::vector<std::string> labels;
  for (const auto &source : sources) {
    labels.push_back(source.label);
  }
  CHECK(labels == std::vector<std::string>{
                      "/given.json", "/raf.json", "DOCKER_AUTH_CONFIG",
                      "/home/u/.docker/config.json",
                      "/run/user/1000/containers/auth.json",
                      "/home/u/.config/containers/auth.json"});
  CHECK(sources[0].required);
  CHECK_FALSE(sources[1].required);
  const auto with_docker_config =
      credential_sources(std::nullopt, env_of({{"HOME", "/home/u"},
                                               {"DOCKER_CONFIG", "/dc"},
                                               {"XDG_CONFIG_HOME", "/xdg"}}));
  CHECK(with_docker_config[0].label == "/dc/config.json");
  CHECK(with_docker_config[1].label.rfind("/run/containers/", 0) == 0);
  CHECK(with_docker_config[2].label == "/xdg/containers/auth.json");
}

TEST_CASE("CredentialStore first source with an entry wins", "[registry]") {
  TempDir dir;
  FakeHelpers helpers;
  const std::string first =
      dir.write("a.json", R"({"auths":{"other.example":{"auth":"dTpw"}}})");
  const std::string second = dir.write(
      "b.json", R"({"auths":{"registry.example":{"auth":"dXNlcjpwYXNz"}}})");
  CredentialStore store({CredentialSource{first, first, std::nullopt, false},
                         CredentialSource{second, second, std::nullopt, false}},
                        helpers);
  const auto found = store.find("registry.example", "org/app");
  REQUIRE(found);
  REQUIRE(*found);
  CHECK((*found)->username == "user");
  CHECK((*found)->secret == "pass");
  CHECK((*found)->kind == Credentials::Kind::basic);
  CHECK((*found)->source == second);
  const auto none = store.find("nothing.example", "x");
  REQUIRE(none);
  CHECK_FALSE(none->has_value());
}

TEST_CASE("CredentialStore kinds, helpers and errors", "[registry]") {
  TempDir dir;
  FakeHelpers helpers;
  const std::string config = dir.write("config.json", R"({
    "auths": {"acr.example": {"identitytoken": "idt"}, "tok.example": {"registrytoken": "rt"}},
    "credHelpers": {"ecr.example": "ecr", "tokenhelper.example": "token", "empty.example": "empty",
                    "broken.example": "broken"}
  })");
  CredentialStore store({CredentialSource{config, config, std::nullopt, false}},
                        helpers);
  CHECK(store.find("acr.example", "x").value()->kind ==
        Credentials::Kind::identity_token);
  CHECK(store.find("acr.example", "x").value()->secret == "idt");
  CHECK(store.find("tok.example", "x").value()->kind ==
        Credentials::Kind::registry_token);
  const auto ecr = store.find("ecr.example", "a");
  CHECK(ecr.value()->username == "helper-user");
  CHECK(ecr.value()->source == "docker-credential-ecr");
  REQUIRE(store.find("ecr.example", "b"));
  CHECK(helpers.calls ==
        std::vector<std::string>{"ecr ecr.example"}); // once per host
  CHECK(store.find("tokenhelper.example", "x").value()->kind ==
        Credentials::Kind::identity_token);
  CHECK_FALSE(store.find("empty.example", "x").value().has_value());
  CHECK(
      store.find("broken.example", "x").error() ==
      "credential helper \"docker-credential-broken\" failed (exit status 1)");
}

TEST_CASE("CredentialStore Docker Hub key and DOCKER_AUTH_CONFIG",
          "[registry]") {
  FakeHelpers helpers;
  CredentialStore store(
      {CredentialSource{
          "DOCKER_AUTH_CONFIG", std::nullopt,
          R"({"auths":{"https://index.docker.io/v1/":{"auth":"aHViOnB3"}}})",
          false}},
      helpers);
  const auto hub = store.find("docker.io", "library/alpine");
  REQUIRE(hub.value());
  CHECK(hub.value()->username == "hub");
  CHECK(hub.value()->source == "DOCKER_AUTH_CONFIG");
}

TEST_CASE("CredentialStore file errors", "[registry]") {
  TempDir dir;
  FakeHelpers helpers;
  const std::string missing = (dir.path() / "missing.json").string();
  CredentialStore required(
      {CredentialSource{missing, missing, std::nullopt, true}}, helpers);
  CHECK(required.find("r", "x").error() ==
        "cannot read auth file \"" + missing + "\"");
  CredentialStore optional(
      {CredentialSource{missing, missing, std::nullopt, false}}, helpers);
  CHECK_FALSE(optional.find("r", "x").value().has_value());
  const std::string bad = dir.write("bad.json", "{not json");
  CredentialStore invalid({CredentialSource{bad, bad, std::nullopt, false}},
                          helpers);
  CHECK(invalid.find("r", "x").error() ==
        "invalid auth file \"" + bad + "\": not a JSON object");
}

TEST_CASE("registry::parse_helper_output", "[registry]") {
  const auto found = parse_helper_output(
      R"({"ServerURL":"r","Username":"u","Secret":"s"})", 0, "pass");
  REQUIRE(found);
  CHECK(found->found);
  CHECK(found->username == "u");
  CHECK(found->secret == "s");
  const auto missing = parse_helper_output(
      "credentials not found in native keychain\n", 1, "pass");
  REQUIRE(missing);
  CHECK_FALSE(missing->found);
  CHECK(parse_helper_output("some secret-looking error", 2, "pass").error() ==
        "credential helper \"docker-credential-pass\" failed (exit status 2)");
  CHECK(parse_helper_output("not json", 0, "pass").error() ==
        "credential helper \"docker-credential-pass\" gave an answer that is "
        "not JSON");
}

TEST_CASE("ProcessCredentialHelperRunner runs a real helper", "[registry]") {
  TempDir dir;
  // The helper checks its argument and that stdin is exactly the server URL, no
  // newline.
  dir.write("docker-credential-test",
            "#!/bin/sh\n"
            "[ \"$1\" = get ] || exit 3\n"
            "input=$(cat; echo x)\n"
            "[ \"$input\" = \"registry.example:5000x\" ] || exit 4\n"
            "echo "
            "'{\"ServerURL\":\"registry.example:5000\",\"Username\":\"u\","
            "\"Secret\":\"s\"}'\n",
            true);
  dir.write(
      "docker-credential-none",
      "#!/bin/sh\necho 'credentials not found in native keychain'\nexit 1\n",
      true);
  dir.write("docker-credential-slow", "#!/bin/sh\nexec sleep 10\n", true);
  ProcessCredentialHelperRunner runner(std::chrono::milliseconds(300),
                                       dir.path().string());
  const auto found = runner.get("test", "registry.example:5000");
  REQUIRE(found);
  CHECK(found->found);
  CHECK(found->username == "u");
  CHECK(found->secret == "s");
  const auto none = runner.get("none", "x");
  REQUIRE(none);
  CHECK_FALSE(none->found);
  CHECK(runner.get("slow", "x").error() ==
        "credential helper \"docker-credential-slow\" timed out after 300 ms");
  const auto absent = runner.get("absent", "x");
  REQUIRE(absent);
  CHECK(absent->missing);
  CHECK_FALSE(absent->found);
  CHECK(runner.get("../evil", "x").error() ==
        "invalid credential helper name \"../evil\"");
}

namespace {

// Whether process `pid` is gone (exited and reaped, not a zombie).
bool reaped(const std::string &pid_file) {
  std::ifstream in(pid_file);
  pid_t pid = 0;
  in >> pid;
  REQUIRE(pid > 0);
  return ::kill(pid, 0) != 0 && errno == ESRCH;
}

} // namespace

TEST_CASE("ProcessCredentialHelperRunner kills and reaps hostile helpers",
          "[registry]") {
  TempDir dir;
  const std::string pids = dir.path().string() + "/pid";
  // Each writes its PID, then misbehaves.
  dir.write("docker-credential-flood",
            "#!/bin/sh\necho $$ >" + pids + "\nexec yes '{\"Secret\":1}'\n",
            true);
  dir.write("docker-credential-linger",
            "#!/bin/sh\necho $$ >" + pids + "\nexec >&- 0<&-\nexec sleep 30\n",
            true);
  dir.write("docker-credential-hang",
            "#!/bin/sh\necho $$ >" + pids + "\nexec sleep 30\n", true);
  ProcessCredentialHelperRunner runner(std::chrono::milliseconds(300),
                                       dir.path().string());
  SECTION("more than 64 KiB of output") {
    CHECK(runner.get("flood", "x").error() ==
          "credential helper \"docker-credential-flood\" printed more than "
          "64 KiB");
    CHECK(reaped(pids));
  }
  SECTION("stdout closed, never exits") {
    CHECK(runner.get("linger", "x").error() ==
          "credential helper \"docker-credential-linger\" timed out after "
          "300 ms");
    CHECK(reaped(pids));
  }
  SECTION("the run's deadline comes first") {
    ProcessCredentialHelperRunner bounded(
        std::chrono::seconds(30), dir.path().string(),
        std::chrono::steady_clock::now() + std::chrono::milliseconds(200));
    CHECK(bounded.get("hang", "x").error() ==
          "credential helper \"docker-credential-hang\" did not answer "
          "before the run's deadline (--deadline)");
    CHECK(reaped(pids));
    CHECK(bounded.get("hang", "x").error() ==
          "credential helper \"docker-credential-hang\" not run: the run's "
          "deadline (--deadline) has passed");
  }
}

TEST_CASE("CredentialStore passes over a helper that does not exist",
          "[registry]") {
  TempDir dir;
  FakeHelpers helpers;
  const std::string config = dir.write(
      "config.json", R"({"credsStore": "absent", "auths": {"x.example": {}}})");
  CredentialStore store({CredentialSource{config, config, std::nullopt, false}},
                        helpers);
  const auto found = store.find("open.example", "library/alpine");
  REQUIRE(found.has_value());
  CHECK_FALSE(found->has_value());
  REQUIRE(store.find("other.example", "x").has_value());
}
