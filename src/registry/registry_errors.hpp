#pragma once

// Mapping registry answers to RegistryError: one place for the status codes,
// the distribution error codes and the messages users see.

#include "stalebase/reference/manifest_reference.hpp"
#include "stalebase/registry/http_client.hpp"
#include "stalebase/registry/registry.hpp"

#include <string>

namespace stalebase::registry {

RegistryError make_error(RegistryErrorKind kind, std::string message);

// Maps a final non-2xx response to an error. `not_found` is the message for a
// plain 404 or MANIFEST_UNKNOWN.
RegistryError error_from(const HttpResponse &response,
                         const std::string &not_found);

// A token server's refusal: "authentication failed: …" when credentials were
// sent, else "repository not found or unauthorized"; other statuses as
// error_from, after "token request failed: ".
RegistryError token_error(const HttpResponse &response, bool sent_credentials);

// Whether a 429 is Docker Hub's pull limit (its body, or RateLimit-Remaining
// 0).
bool is_pull_limit(const HttpResponse &response);

// The pull-limit error, with advice to log in.
RegistryError pull_limit_error();

// `tag "3.20" not found` or `manifest "sha256:…" not found`.
std::string not_found_message(const reference::ManifestReference &wanted);

} // namespace stalebase::registry
