#include "client_commands.hpp"

#include "common.hpp"
#include "registry_client.hpp"

#include <nlohmann/json.hpp>

#include <arpa/inet.h>
#include <iostream>
#include <memory>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace stalebase::testkit {

namespace {

constexpr const char *k_manifest_accept =
    "application/vnd.oci.image.index.v1+json, "
    "application/vnd.docker.distribution.manifest.list.v2+json, "
    "application/vnd.oci.image.manifest.v1+json, "
    "application/vnd.docker.distribution.manifest.v2+json";

struct AuthOptions {
  std::string credentials_file;
  std::string bearer_file;
  bool no_auth = false;
  double timeout = 30.0;
};

void add_auth_options(CLI::App &command, AuthOptions &options) {
  command.add_option("--credentials-file", options.credentials_file,
                     "file holding \"user:password\" for challenges");
  command.add_option(
      "--bearer-file", options.bearer_file,
      "send the token in this file as Bearer, no challenge flow");
  command.add_flag("--no-auth", options.no_auth,
                   "send no Authorization and do not answer challenges");
  command.add_option("--timeout", options.timeout,
                     "seconds to wait for an answer (default 30)");
}

ClientAuth make_auth(const AuthOptions &options) {
  ClientAuth auth;
  auth.follow_challenges = !options.no_auth;
  if (!options.credentials_file.empty()) {
    const auto [user, password] =
        read_credentials_file(options.credentials_file);
    auth.user = user;
    auth.password = password;
  }
  if (!options.bearer_file.empty()) {
    auth.bearer_token = trim(read_file(options.bearer_file));
  }
  return auth;
}

struct RequestOptions {
  AuthOptions auth;
  std::string method = "GET";
  std::string url;
  std::string accept = k_manifest_accept;
  std::vector<std::string> headers;
  std::string data_file;
  bool follow = false;
  bool status_only = false;
  int expect_status = 0;
  std::string body_file;
};

int run_request(const RequestOptions &options) {
  const Url url = require_url(options.url, "URL");
  RegistryClient client(url.origin(), make_auth(options.auth),
                        options.auth.timeout);
  httplib::Headers headers;
  if (!options.accept.empty()) {
    headers.emplace("Accept", options.accept);
  }
  for (const auto &header : options.headers) {
    const auto colon = header.find(':');
    if (colon == std::string::npos) {
      throw Failure("header \"" + header + "\" is not \"Name: value\"");
    }
    headers.emplace(trim(header.substr(0, colon)),
                    trim(header.substr(colon + 1)));
  }
  const std::string body =
      options.data_file.empty() ? std::string() : read_file(options.data_file);
  HttpResponse response =
      client.send(options.method, url.target, headers, body);
  std::string current = options.url;
  for (int hop = 0;
       options.follow && hop < 5 && response.status >= 300 &&
       response.status < 400 && !response.header("Location").empty();
       ++hop) {
    const std::string next = resolve_reference(require_url(current, "URL"),
                                               response.header("Location"));
    const Url next_url = require_url(next, "redirect");
    std::cerr << "stalebase_testkit: following " << response.status << " to "
              << next << "\n";
    if (next_url.origin() == url.origin()) {
      response = client.send(options.method, next_url.target, headers, body);
    } else {
      // Another origin: no credentials go there, as a correct client does.
      httplib::Headers without_auth = headers;
      without_auth.erase("Authorization");
      response = client.send_url(options.method, next, without_auth, body);
    }
    current = next;
  }
  if (options.status_only) {
    std::cout << response.status << "\n";
  } else {
    std::cout << "HTTP " << response.status << "\n";
    for (const auto &[name, value] : response.headers) {
      std::cout << name << ": " << value << "\n";
    }
    std::cout << "\n" << response.body;
  }
  if (!options.body_file.empty()) {
    write_file_atomic(options.body_file, response.body);
  }
  if (options.expect_status != 0 && response.status != options.expect_status) {
    std::cerr << "stalebase_testkit: error: " << options.method << " "
              << options.url << " answered " << response.status << ", expected "
              << options.expect_status << "\n";
    return 1;
  }
  return 0;
}

struct ListTagsOptions {
  AuthOptions auth;
  std::string registry;
  std::string repository;
  int page_size = 1000;
  int max_pages = 1000;
};

int run_list_tags(const ListTagsOptions &options) {
  RegistryClient client(options.registry, make_auth(options.auth),
                        options.auth.timeout);
  std::string target = "/v2/" + options.repository +
                       "/tags/list?n=" + std::to_string(options.page_size);
  std::size_t count = 0;
  int pages = 0;
  while (!target.empty()) {
    if (++pages > options.max_pages) {
      throw Failure("more than " + std::to_string(options.max_pages) +
                    " pages of tags");
    }
    const HttpResponse page = client.send("GET", target, {}, {});
    if (page.status != 200) {
      throw Failure("GET " + target + " answered " +
                    std::to_string(page.status) + ": " + page.body);
    }
    const auto json = nlohmann::json::parse(page.body, nullptr, false);
    if (!json.is_object() || !json.contains("tags") ||
        !json["tags"].is_array()) {
      throw Failure("GET " + target + " did not answer a tag list");
    }
    for (const auto &tag : json["tags"]) {
      std::cout << tag.get<std::string>() << "\n";
      ++count;
    }
    const std::string link = page.header("Link");
    target.clear();
    if (!link.empty()) {
      const auto open = link.find('<');
      const auto close = link.find('>', open);
      const std::string next =
          resolve_reference(require_url(client.base().origin() + "/v2/" +
                                            options.repository + "/tags/list",
                                        "URL"),
                            link.substr(open + 1, close - open - 1));
      const Url next_url = require_url(next, "Link");
      if (next_url.origin() != client.base().origin()) {
        throw Failure("Link \"" + link + "\" leaves " + client.base().origin());
      }
      target = next_url.target;
    }
  }
  std::cerr << "stalebase_testkit: " << count << " tags in " << pages
            << " pages\n";
  return 0;
}

int free_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) {
    throw Failure("no socket");
  }
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = 0;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof(address);
  if (bind(fd, reinterpret_cast<sockaddr *>(&address), size) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr *>(&address), &size) != 0) {
    close(fd);
    throw Failure("cannot bind a loopback port");
  }
  close(fd);
  return ntohs(address.sin_port);
}

} // namespace

void setup_client_commands(CLI::App &app) {
  {
    auto options = std::make_shared<RequestOptions>();
    auto *command = app.add_subcommand(
        "request", "one registry request, printed like curl -i");
    add_auth_options(*command, options->auth);
    command->add_option("--method,-X", options->method, "HTTP method");
    command->add_option("--accept", options->accept,
                        "Accept header (default: the four manifest types; "
                        "empty for none)");
    command->add_option("--header,-H", options->headers, "\"Name: value\"");
    command->add_option("--data-file", options->data_file, "request body");
    command->add_flag("--follow", options->follow,
                      "follow redirects (no credentials to another origin)");
    command->add_flag("--status-only", options->status_only,
                      "print only the status code");
    command->add_option("--expect-status", options->expect_status,
                        "exit 1 unless the final status is this");
    command->add_option("--body-file", options->body_file,
                        "also write the body to this file");
    command->add_option("url", options->url, "http://127.0.0.1:PORT/v2/...")
        ->required();
    command->callback(
        [options] { throw CLI::RuntimeError(run_request(*options)); });
  }
  {
    auto options = std::make_shared<ListTagsOptions>();
    auto *command = app.add_subcommand(
        "list-tags", "print every tag of a repository, following Link pages");
    add_auth_options(*command, options->auth);
    command->add_option("--registry", options->registry, "registry base URL")
        ->required();
    command->add_option("--page-size,-n", options->page_size,
                        "n= of each page (default 1000)");
    command->add_option("repository", options->repository)->required();
    command->callback(
        [options] { throw CLI::RuntimeError(run_list_tags(*options)); });
  }
  {
    auto file = std::make_shared<std::string>();
    auto *command = app.add_subcommand(
        "json-check", "exit 0 if the file (or - for stdin) is valid JSON");
    command->add_option("file", *file)->required();
    command->callback([file] {
      const std::string text =
          *file == "-"
              ? std::string(std::istreambuf_iterator<char>(std::cin), {})
              : read_file(*file);
      if (!nlohmann::json::accept(text)) {
        std::cerr << "stalebase_testkit: \"" << *file
                  << "\" is not valid JSON\n";
        throw CLI::RuntimeError(1);
      }
    });
  }
  {
    auto *command = app.add_subcommand(
        "free-port", "print a TCP port free on 127.0.0.1 right now");
    command->callback([] { std::cout << free_port() << "\n"; });
  }
}

} // namespace stalebase::testkit
