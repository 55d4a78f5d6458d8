#include "pusher.hpp"

#include "common.hpp"
#include "image_builder.hpp"
#include "registry_client.hpp"
#include "upload.hpp"

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <regex>
#include <sstream>
#include <thread>

namespace stalebase::testkit {

namespace {

struct PushOptions {
  std::string registry;
  std::string credentials_file;
  std::vector<std::string> spec_files;
  std::vector<std::string> lines;
  std::string out;
  int jobs = 16;
};

// A tag as pushed: what `alias` and `rebuild` refer back to.
struct PushedTag {
  Blob manifest;
  std::vector<BuiltManifest> children;
};

std::string expand_variables(const std::string &line) {
  static const std::regex k_variable(R"(\$\{([A-Za-z_][A-Za-z0-9_]*)\})");
  std::string out;
  auto begin = std::sregex_iterator(line.begin(), line.end(), k_variable);
  std::size_t last = 0;
  for (auto it = begin; it != std::sregex_iterator(); ++it) {
    const auto &match = *it;
    const char *value = std::getenv(match[1].str().c_str());
    if (value == nullptr || *value == '\0') {
      throw Failure("spec line \"" + line + "\" uses ${" + match[1].str() +
                    "}, which is not set");
    }
    out += line.substr(last, static_cast<std::size_t>(match.position()) - last);
    out += value;
    last = static_cast<std::size_t>(match.position() + match.length());
  }
  return out + line.substr(last);
}

bool valid_tag(const std::string &tag) {
  static const std::regex k_tag("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");
  return std::regex_match(tag, k_tag);
}

std::pair<std::string, std::string> split_reference(const std::string &text) {
  const auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size() ||
      text.find('/', colon) != std::string::npos) {
    throw Failure("\"" + text + "\" is not \"REPOSITORY:TAG\"");
  }
  return {text.substr(0, colon), text.substr(colon + 1)};
}

// The repository a spec line pushes to.
std::string line_repository(const std::string &line) {
  std::istringstream in(line);
  std::string kind;
  std::string target;
  in >> kind >> target;
  return target.substr(0,
                       kind == "tags" ? std::string::npos : target.rfind(':'));
}

// Pushes the lines of one repository in order, on its own connection.
class Pusher {
public:
  Pusher(const PushOptions &options, const ClientAuth &auth)
      : m_options(options), m_auth(auth),
        m_client(std::make_unique<RegistryClient>(options.registry, auth)) {}

  const std::string &output() const { return m_output; }

  // Runs one spec line, already stripped of comments and expanded.
  void run_line(const std::string &line) {
    std::vector<std::string> words;
    std::map<std::string, std::string> keys;
    std::istringstream in(line);
    for (std::string word; in >> word;) {
      const auto equals = word.find('=');
      if (equals != std::string::npos && words.size() >= 2) {
        keys[word.substr(0, equals)] = word.substr(equals + 1);
      } else {
        words.push_back(word);
      }
    }
    const std::string &kind = words[0];
    const auto need = [&](std::size_t count, const char *usage) {
      if (words.size() != count) {
        throw Failure("spec line \"" + line + "\": expected \"" + usage + "\"");
      }
    };
    const Flavour flavour = keys.count("type") != 0 && keys["type"] == "docker"
                                ? Flavour::docker
                                : Flavour::oci;
    if (keys.count("type") != 0 && keys["type"] != "docker" &&
        keys["type"] != "oci") {
      throw Failure("spec line \"" + line + "\": type must be oci or docker");
    }
    if (kind == "image" || kind == "index" || kind == "rebuild") {
      need(3, "image|index|rebuild REPO:TAG PLATFORM[,PLATFORM...] "
              "[type=oci|docker] [seed=TEXT] [as=image]");
      const auto [repository, tag] = split_reference(words[1]);
      std::vector<Platform> platforms;
      for (const auto &one : split(words[2], ',')) {
        platforms.push_back(Platform::parse(one));
      }
      const std::string seed =
          keys.count("seed") != 0 ? keys["seed"] : repository + ":" + tag;
      if (kind == "image" && platforms.size() != 1) {
        throw Failure("spec line \"" + line + "\": image takes one platform");
      }
      if (kind == "rebuild") {
        // as=image rebuilds a single-platform manifest; the default is an
        // index, like the index kind.
        const bool single = keys.count("as") != 0 && keys["as"] == "image";
        push_tag(repository, tag, platforms, flavour, single, seed, "previous");
        push_tag(repository, tag, platforms, flavour, single, seed + " rebuilt",
                 "tag");
      } else {
        push_tag(repository, tag, platforms, flavour, kind == "image", seed,
                 "tag");
      }
    } else if (kind == "alias") {
      need(3, "alias REPO:NEWTAG EXISTING_TAG");
      const auto [repository, tag] = split_reference(words[1]);
      const auto found = m_pushed.find(repository + ":" + words[2]);
      if (found == m_pushed.end()) {
        throw Failure("spec line \"" + line + "\": \"" + repository + ":" +
                      words[2] + "\" was not pushed before");
      }
      const PushedTag pushed = found->second;
      put_manifest(*m_client, repository, tag, pushed.manifest);
      record("tag", repository, tag, pushed);
    } else if (kind == "tags") {
      need(3, "tags REPO FILE [limit=N] [platform=P]");
      push_tag_list(words[1], words[2], keys);
    } else {
      throw Failure("spec line \"" + line + "\": unknown kind \"" + kind +
                    "\" (expected image, index, alias, rebuild or tags)");
    }
  }

private:
  void push_image(const std::string &repository, const BuiltManifest &image) {
    for (const auto &blob : image.blobs) {
      push_blob(*m_client, repository, blob);
    }
  }

  void push_tag(const std::string &repository,
                const std::string &tag,
                const std::vector<Platform> &platforms,
                Flavour flavour,
                bool single,
                const std::string &seed,
                const std::string &kind) {
    PushedTag pushed;
    if (single) {
      BuiltManifest image = build_image(flavour, platforms.front(), seed);
      push_image(repository, image);
      pushed.manifest = image.manifest;
    } else {
      BuiltIndex index = build_index(flavour, platforms, seed);
      for (const auto &child : index.children) {
        push_image(repository, child);
        put_manifest(*m_client, repository, child.manifest.digest,
                     child.manifest);
      }
      pushed.manifest = index.index;
      pushed.children = index.children;
    }
    put_manifest(*m_client, repository, tag, pushed.manifest);
    if (kind == "tag") {
      m_pushed[repository + ":" + tag] = pushed;
    }
    record(kind, repository, tag, pushed);
  }

  void record(const std::string &kind,
              const std::string &repository,
              const std::string &tag,
              const PushedTag &pushed) {
    std::string lines = kind + " " + repository + ":" + tag + " " +
                        pushed.manifest.digest + " " +
                        pushed.manifest.media_type + " -\n";
    for (const auto &child : pushed.children) {
      lines += (kind == "tag" ? "child" : "previous-child") + std::string(" ") +
               repository + ":" + tag + " " + child.manifest.digest + " " +
               child.manifest.media_type + " " + child.platform.to_string() +
               "\n";
    }
    m_output += lines;
  }

  void push_tag_list(const std::string &repository,
                     const std::string &file,
                     std::map<std::string, std::string> &keys) {
    const auto started = std::chrono::steady_clock::now();
    std::vector<std::string> tags;
    std::size_t invalid = 0;
    for (const auto &line : split(read_file(file), '\n')) {
      const std::string tag = trim(line);
      if (tag.empty()) {
        continue;
      }
      if (!valid_tag(tag)) {
        ++invalid;
        continue;
      }
      tags.push_back(tag);
    }
    if (keys.count("limit") != 0) {
      tags.resize(std::min(tags.size(), std::stoul(keys["limit"])));
    }
    const Platform platform = Platform::parse(
        keys.count("platform") != 0 ? keys["platform"] : "linux/amd64");
    const BuiltManifest image = build_image(
        Flavour::oci, platform,
        keys.count("seed") != 0 ? keys["seed"] : repository + " tag list");
    push_image(repository, image);
    put_manifest(*m_client, repository, image.manifest.digest, image.manifest);

    std::atomic<std::size_t> next{0};
    std::mutex error_mutex;
    std::string error;
    std::vector<std::thread> workers;
    const auto jobs = static_cast<std::size_t>(std::max(1, m_options.jobs));
    for (std::size_t w = 0; w < jobs; ++w) {
      workers.emplace_back([&] {
        try {
          RegistryClient client(m_options.registry, m_auth);
          for (std::size_t i = next++; i < tags.size(); i = next++) {
            put_manifest(client, repository, tags[i], image.manifest);
          }
        } catch (const std::exception &e) {
          const std::lock_guard<std::mutex> lock(error_mutex);
          error = e.what();
          next = tags.size();
        }
      });
    }
    for (auto &worker : workers) {
      worker.join();
    }
    if (!error.empty()) {
      throw Failure(error);
    }
    std::string lines;
    for (const auto &tag : tags) {
      lines += "tag " + repository + ":" + tag + " " + image.manifest.digest +
               " " + image.manifest.media_type + " -\n";
    }
    m_output += lines;
    const double seconds = std::chrono::duration<double>(
                               std::chrono::steady_clock::now() - started)
                               .count();
    std::cerr << "stalebase_testkit: tagged " << tags.size() << " tags of \""
              << repository << "\" in " << seconds << " s with " << jobs
              << " connections (" << invalid << " invalid tags skipped)\n";
  }

  PushOptions m_options;
  ClientAuth m_auth;
  std::unique_ptr<RegistryClient> m_client;
  std::map<std::string, PushedTag> m_pushed;
  std::string m_output;
};

} // namespace

void setup_push_command(CLI::App &app) {
  auto options = std::make_shared<PushOptions>();
  auto *command = app.add_subcommand(
      "push", "push the images a seed spec describes to a registry");
  command
      ->add_option("--registry", options->registry,
                   "registry base URL, http://127.0.0.1:PORT")
      ->required();
  command->add_option("--credentials-file", options->credentials_file,
                      "file holding \"user:password\"");
  command->add_option("--spec", options->spec_files, "seed spec file");
  command->add_option("--line", options->lines,
                      "one spec line (after the --spec files)");
  command->add_option("--out", options->out,
                      "also write the printed lines to this file");
  command->add_option("--jobs", options->jobs,
                      "parallel connections (default 16)");
  command->callback([options] {
    const auto started = std::chrono::steady_clock::now();
    ClientAuth auth;
    if (!options->credentials_file.empty()) {
      const auto [user, password] =
          read_credentials_file(options->credentials_file);
      auth.user = user;
      auth.password = password;
    }
    // Lines are grouped by repository: groups run in parallel, the lines of
    // a group in order (alias and rebuild refer to earlier lines).
    std::vector<std::string> order;
    std::map<std::string, std::vector<std::string>> groups;
    auto add = [&](const std::string &raw) {
      const std::string line =
          trim(expand_variables(raw.substr(0, raw.find('#'))));
      if (line.empty()) {
        return;
      }
      const std::string repository = line_repository(line);
      if (groups.count(repository) == 0) {
        order.push_back(repository);
      }
      groups[repository].push_back(line);
    };
    for (const auto &file : options->spec_files) {
      for (const auto &line : split(read_file(file), '\n')) {
        add(line);
      }
    }
    for (const auto &line : options->lines) {
      add(line);
    }
    std::vector<std::string> outputs(order.size());
    std::vector<std::string> errors(order.size());
    std::atomic<std::size_t> next{0};
    std::vector<std::thread> workers;
    const auto jobs = std::min<std::size_t>(
        order.size(), static_cast<std::size_t>(std::max(1, options->jobs)));
    for (std::size_t w = 0; w < jobs; ++w) {
      workers.emplace_back([&] {
        for (std::size_t i = next++; i < order.size(); i = next++) {
          try {
            Pusher pusher(*options, auth);
            for (const auto &line : groups[order[i]]) {
              pusher.run_line(line);
            }
            outputs[i] = pusher.output();
          } catch (const std::exception &e) {
            errors[i] = e.what();
          }
        }
      });
    }
    for (auto &worker : workers) {
      worker.join();
    }
    for (const auto &error : errors) {
      if (!error.empty()) {
        throw Failure(error);
      }
    }
    std::string all;
    for (const auto &output : outputs) {
      all += output;
    }
    std::cout << all;
    if (!options->out.empty()) {
      write_file_atomic(options->out, all);
    }
    std::cerr << "stalebase_testkit: pushed " << order.size()
              << " repositories in "
              << std::chrono::duration<double>(
                     std::chrono::steady_clock::now() - started)
                     .count()
              << " s\n";
  });
}

} // namespace stalebase::testkit
