#include "corpus_generator.hpp"

#include <array>
#include <fstream>

namespace stalebase::bench {

namespace {

// A small deterministic generator (xorshift64*): the same corpus on every
// machine.
class Random {
public:
  explicit Random(std::uint64_t seed) : m_state(seed * 2654435761u + 1) {}
  std::uint64_t next() {
    m_state ^= m_state >> 12;
    m_state ^= m_state << 25;
    m_state ^= m_state >> 27;
    return m_state * 2685821657736338717ull;
  }
  std::size_t below(std::size_t n) {
    return static_cast<std::size_t>(next() % n);
  }
  template <typename T, std::size_t N>
  const T &pick(const std::array<T, N> &items) {
    return items[below(N)];
  }

private:
  std::uint64_t m_state;
};

constexpr std::array<const char *, 12> k_images = {
    "node",
    "python",
    "golang",
    "alpine",
    "debian",
    "ubuntu",
    "eclipse-temurin",
    "nginx",
    "redis",
    "ghcr.io/org/base",
    "quay.io/team/tools",
    "registry.example.com:5000/ci/builder"};
constexpr std::array<const char *, 10> k_tags = {
    "20.11.1-bookworm-slim",  "3.12.1-slim", "1.22.1-alpine3.19",   "3.20",
    "bookworm-20240101-slim", "24.04",       "21.0.2_13-jdk-jammy", "1.27.0",
    "7.2.4-alpine",           "latest"};
constexpr std::array<const char *, 8> k_commands = {
    "apt-get update && apt-get install -y --no-install-recommends "
    "ca-certificates curl",
    "npm ci --omit=dev && npm cache clean --force",
    "pip install --no-cache-dir -r requirements.txt",
    "go build -trimpath -ldflags=\"-s -w\" -o /out/app ./cmd/app",
    "apk add --no-cache tini su-exec",
    "useradd --system --uid 10001 --home /app app",
    "mkdir -p /var/cache/app /var/log/app && chown -R app /var/cache/app",
    "make -j\"$(nproc)\" install PREFIX=/usr/local"};

void unix_file(Random &r, std::string &out) {
  const bool crlf = r.below(10) == 0;
  const char *nl = crlf ? "\r\n" : "\n";
  if (r.below(3) == 0) {
    out += "# syntax=docker/dockerfile:1.7";
    out += nl;
  }
  out += "# Generated benchmark Dockerfile";
  out += nl;
  const std::string image = r.pick(k_images);
  out += "ARG BASE_TAG=";
  out += r.pick(k_tags);
  out += nl;
  out += "ARG REGISTRY=registry.example.com";
  out += nl;
  const std::size_t stages = 1 + r.below(4);
  for (std::size_t s = 0; s < stages; ++s) {
    out += nl;
    out += "FROM ";
    if (r.below(3) == 0) {
      out += "--platform=$BUILDPLATFORM ";
    }
    if (s > 0 && r.below(3) == 0) {
      out += "stage" + std::to_string(s - 1);
    } else if (r.below(2) == 0) {
      out += image + ":${BASE_TAG}";
    } else {
      out += std::string(r.pick(k_images)) + ":" + r.pick(k_tags);
    }
    out += " AS stage" + std::to_string(s);
    out += nl;
    out += "WORKDIR /app";
    out += nl;
    out += "ENV LANG=C.UTF-8 \\";
    out += nl;
    out += "    PATH=/app/bin:$PATH";
    out += nl;
    const std::size_t runs = 2 + r.below(6);
    for (std::size_t i = 0; i < runs; ++i) {
      switch (r.below(5)) {
      case 0:
        out += "RUN --mount=type=cache,target=/root/.cache \\";
        out += nl;
        out += "    ";
        out += r.pick(k_commands);
        out += " \\";
        out += nl;
        out += "    # a comment inside the continuation";
        out += nl;
        out += "    && ";
        out += r.pick(k_commands);
        out += nl;
        break;
      case 1:
        out += "COPY <<EOF /etc/app.conf";
        out += nl;
        out += "FROM not-an-instruction";
        out += nl;
        out += "listen = 0.0.0.0:8080";
        out += nl;
        out += "EOF";
        out += nl;
        break;
      case 2:
        out += "COPY --from=busybox:1.36.1 /bin/busybox /bin/busybox";
        out += nl;
        break;
      case 3:
        out += "RUN ";
        out += r.pick(k_commands);
        out += nl;
        break;
      default:
        out += "COPY --chown=app:app . /app";
        out += nl;
        break;
      }
    }
    if (s > 0) {
      out += "COPY --from=stage" + std::to_string(s - 1) + " /out /app";
      out += nl;
    }
  }
  out += "EXPOSE 8080";
  out += nl;
  out += "ENTRYPOINT [\"/app/bin/server\", \"--port\", \"8080\"]";
  out += nl;
}

void windows_file(Random &r, std::string &out) {
  out += "# escape=`\n";
  out += "ARG BUILD=10.0.20348.";
  out += std::to_string(1000 + r.below(2000));
  out += "\nFROM mcr.microsoft.com/windows/servercore:${BUILD} AS build\n";
  out += "RUN powershell -Command `\n    New-Item -ItemType Directory c:\\app "
         "; `\n"
         "    Set-Location c:\\app\n";
  out += "COPY app c:\\app\\\n";
  out += "FROM mcr.microsoft.com/windows/nanoserver:ltsc2022\n";
  out += "COPY --from=build c:\\app c:\\app\n";
  out += "CMD [\"c:\\\\app\\\\app.exe\"]\n";
}

} // namespace

std::vector<std::string> generate_corpus(std::size_t count,
                                         std::uint64_t seed) {
  std::vector<std::string> files;
  files.reserve(count);
  Random r(seed);
  for (std::size_t i = 0; i < count; ++i) {
    std::string text;
    if (r.below(10) == 0) {
      windows_file(r, text);
    } else {
      unix_file(r, text);
    }
    files.push_back(std::move(text));
  }
  return files;
}

} // namespace stalebase::bench
