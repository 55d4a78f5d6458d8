// Parse+extract throughput, in process and single-threaded:
//   stalebase_bench_parse generate DIR [COUNT]   writes COUNT Dockerfiles
//   (default 10000) stalebase_bench_parse run DIR [ROUNDS]        parses and
//   extracts every file ROUNDS times
#include "stalebase/dockerfile/parser.hpp"
#include "stalebase/dockerfile/references.hpp"
#include "stalebase/util/allocator.hpp"
#include "stalebase/util/file.hpp"

#include "corpus_generator.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <string>

namespace fs = std::filesystem;

namespace {

int generate(const fs::path &dir, std::size_t count) {
  fs::create_directories(dir);
  const auto files = stalebase::bench::generate_corpus(count);
  for (std::size_t i = 0; i < files.size(); ++i) {
    const fs::path sub = dir / ("p" + std::to_string(i / 100));
    fs::create_directories(sub);
    std::ofstream(sub / ("f" + std::to_string(i) + ".Dockerfile"),
                  std::ios::binary)
        << files[i];
  }
  std::printf("wrote %zu Dockerfiles to %s\n", files.size(), dir.c_str());
  return 0;
}

int run(const fs::path &dir, int rounds) {
  std::vector<std::string> files;
  std::size_t bytes = 0;
  for (const auto &entry : fs::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file()) {
      auto text = stalebase::util::read_file(entry.path());
      if (text) {
        bytes += text->size();
        files.push_back(std::move(*text));
      }
    }
  }
  if (files.empty()) {
    std::fprintf(stderr, "no files in %s\n", dir.c_str());
    return 2;
  }
  stalebase::dockerfile::ExtractOptions options;
  std::size_t references = 0;
  std::size_t failures = 0;
  double best = 1e30;
  double best_cpu = 1e30;
  for (int round = 0; round < rounds; ++round) {
    references = 0;
    failures = 0;
    const auto start = std::chrono::steady_clock::now();
    const std::clock_t cpu_start = std::clock();
    for (const std::string &text : files) {
      auto document = stalebase::dockerfile::parse_dockerfile(text);
      if (!document) {
        ++failures;
        continue;
      }
      auto extraction =
          stalebase::dockerfile::extract_references(*document, options);
      if (!extraction) {
        ++failures;
        continue;
      }
      references += extraction->references.size();
    }
    const std::chrono::duration<double> elapsed =
        std::chrono::steady_clock::now() - start;
    best = std::min(best, elapsed.count());
    best_cpu =
        std::min(best_cpu, static_cast<double>(std::clock() - cpu_start) /
                               CLOCKS_PER_SEC);
  }
  std::printf("files %zu, bytes %zu, references %zu, failures %zu\n",
              files.size(), bytes, references, failures);
  // As in the shipped binary (STALEBASE_MIMALLOC); the figures depend on it.
  std::printf("allocator: %s\n",
              stalebase::util::allocator_description().c_str());
  std::printf("best of %d rounds: %.3f s, %.1f MB/s, %.0f files/s\n", rounds,
              best, static_cast<double>(bytes) / best / 1e6,
              static_cast<double>(files.size()) / best);
  // CPU time tells the parser's speed even on a busy machine, where wall time
  // does not.
  std::printf("best CPU time: %.3f s, %.1f MB/s, %.0f files/s\n", best_cpu,
              static_cast<double>(bytes) / best_cpu / 1e6,
              static_cast<double>(files.size()) / best_cpu);
  return failures == 0 ? 0 : 1;
}

} // namespace

int main(int argc, char **argv) {
  if (argc >= 3 && std::string(argv[1]) == "generate") {
    return generate(argv[2], argc >= 4 ? std::stoul(argv[3]) : 10000);
  }
  if (argc >= 3 && std::string(argv[1]) == "run") {
    return run(argv[2], argc >= 4 ? std::stoi(argv[3]) : 5);
  }
  std::fprintf(
      stderr,
      "usage: stalebase_bench_parse generate DIR [COUNT] | run DIR [ROUNDS]\n");
  return 2;
}
