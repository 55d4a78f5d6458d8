#include "upload.hpp"

#include "common.hpp"

#include <iostream>
#include <memory>

namespace stalebase::testkit {

void push_blob(RegistryClient &client,
               const std::string &repository,
               const Blob &blob) {
  const auto head =
      client.send("HEAD", "/v2/" + repository + "/blobs/" + blob.digest);
  if (head.status == 200) {
    return;
  }
  const auto start =
      client.send("POST", "/v2/" + repository + "/blobs/uploads/");
  if (start.status != 202) {
    throw Failure("starting an upload to \"" + repository + "\" answered " +
                  std::to_string(start.status) + ": " + start.body);
  }
  std::string location = start.header("Location");
  const std::string url = resolve_reference(client.base(), location);
  const Url parsed = require_url(url, "upload location");
  std::string target = parsed.target;
  target += target.find('?') == std::string::npos ? "?" : "&";
  target += "digest=" + url_encode_component(blob.digest);
  const auto put =
      client.send("PUT", target, {{"Content-Type", "application/octet-stream"}},
                  blob.bytes);
  if (put.status != 201) {
    throw Failure("uploading " + blob.digest + " to \"" + repository +
                  "\" answered " + std::to_string(put.status) + ": " +
                  put.body);
  }
}

void put_manifest(RegistryClient &client,
                  const std::string &repository,
                  const std::string &reference,
                  const Blob &manifest) {
  const auto put =
      client.send("PUT", "/v2/" + repository + "/manifests/" + reference,
                  {{"Content-Type", manifest.media_type}}, manifest.bytes);
  if (put.status != 201) {
    throw Failure("putting manifest \"" + repository + ":" + reference +
                  "\" answered " + std::to_string(put.status) + ": " +
                  put.body);
  }
  const std::string digest = put.header("Docker-Content-Digest");
  if (digest != manifest.digest) {
    throw Failure("the registry stored \"" + repository + ":" + reference +
                  "\" as " + digest + ", expected " + manifest.digest);
  }
}

namespace {

struct UploadOptions {
  std::string registry;
  std::string credentials_file;
  std::string repository;
  std::string reference;
  std::string file;
  std::string media_type;
};

ClientAuth upload_auth(const UploadOptions &options) {
  ClientAuth auth;
  if (!options.credentials_file.empty()) {
    const auto [user, password] =
        read_credentials_file(options.credentials_file);
    auth.user = user;
    auth.password = password;
  }
  return auth;
}

void add_common(CLI::App &command, UploadOptions &options) {
  command
      .add_option("--registry", options.registry,
                  "registry base URL, http://127.0.0.1:PORT")
      ->required();
  command.add_option("--credentials-file", options.credentials_file,
                     "file holding \"user:password\"");
  command.add_option("repository", options.repository)->required();
}

} // namespace

void setup_upload_commands(CLI::App &app) {
  auto blob = std::make_shared<UploadOptions>();
  auto *put_blob = app.add_subcommand(
      "put-blob", "upload a file as a blob; print its digest");
  add_common(*put_blob, *blob);
  put_blob->add_option("file", blob->file)->required();
  put_blob->callback([blob] {
    RegistryClient client(blob->registry, upload_auth(*blob));
    const std::string bytes = read_file(blob->file);
    const Blob built{"application/octet-stream", sha256_digest(bytes), bytes};
    push_blob(client, blob->repository, built);
    std::cout << built.digest << "\n";
  });

  auto manifest = std::make_shared<UploadOptions>();
  auto *put = app.add_subcommand(
      "put-manifest",
      "put a file as a manifest (tag or digest); print its digest");
  add_common(*put, *manifest);
  put->add_option("reference", manifest->reference, "tag, or - for its digest")
      ->required();
  put->add_option("file", manifest->file)->required();
  put->add_option("--media-type", manifest->media_type, "Content-Type")
      ->required();
  put->callback([manifest] {
    RegistryClient client(manifest->registry, upload_auth(*manifest));
    const std::string bytes = read_file(manifest->file);
    const Blob built{manifest->media_type, sha256_digest(bytes), bytes};
    put_manifest(
        client, manifest->repository,
        manifest->reference == "-" ? built.digest : manifest->reference, built);
    std::cout << built.digest << "\n";
  });
}

} // namespace stalebase::testkit
