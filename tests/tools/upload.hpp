#pragma once

#include "image_builder.hpp"
#include "registry_client.hpp"

#include <CLI/CLI.hpp>

#include <string>

namespace stalebase::testkit {

// Uploads `blob` to `repository` (monolithic: POST, then PUT with the
// digest), unless the registry has it already. Throws Failure.
void push_blob(RegistryClient &client,
               const std::string &repository,
               const Blob &blob);

// PUTs `manifest` as `repository:reference` (a tag or its digest) and checks
// the digest the registry stored. Throws Failure.
void put_manifest(RegistryClient &client,
                  const std::string &repository,
                  const std::string &reference,
                  const Blob &manifest);

// Registers `put-blob` and `put-manifest`: raw uploads for tests that write
// their own manifests (annotations, attestation manifests, shared layers):
//
//   put-blob --registry URL REPO FILE            prints the blob's digest
//   put-manifest --registry URL REPO REF FILE --media-type TYPE
//                                                prints the manifest's digest
void setup_upload_commands(CLI::App &app);

} // namespace stalebase::testkit
