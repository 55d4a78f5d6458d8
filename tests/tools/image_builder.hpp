#pragma once

#include <string>
#include <vector>

namespace stalebase::testkit {

// An image platform as the OCI index writes it.
struct Platform {
  std::string os;
  std::string architecture;
  std::string variant;
  std::string os_version;

  // Parses "os/arch[/variant][:os.version]"; throws Failure if malformed.
  static Platform parse(const std::string &text);
  // The same form as parse takes.
  std::string to_string() const;
};

// OCI media types, or Docker schema 2 ones.
enum class Flavour { oci, docker };

// Bytes to upload, with their digest and media type.
struct Blob {
  std::string media_type;
  std::string digest;
  std::string bytes;
};

// A single-platform manifest and the blobs it references.
struct BuiltManifest {
  Blob manifest;
  Platform platform;
  std::vector<Blob> blobs; // config, then the layer
};

// A multi-platform index (OCI) or manifest list (Docker) and its children.
struct BuiltIndex {
  Blob index;
  std::vector<BuiltManifest> children;
};

// A real, tiny image: a config JSON naming the platform and the seed, and
// one gzip-compressed tar layer holding the file "stalebase-seed" with the
// seed in it. The same arguments always give the same bytes (no times), and
// different seeds give different digests.
BuiltManifest
build_image(Flavour flavour, const Platform &platform, const std::string &seed);

// One image per platform, and the index that lists them with their
// platforms (os.version included).
BuiltIndex build_index(Flavour flavour,
                       const std::vector<Platform> &platforms,
                       const std::string &seed);

// A ustar archive with one regular file, gzip-compressed with stored
// (uncompressed) deflate blocks: a valid .tar.gz without zlib.
std::string make_tar_gz(const std::string &file_name,
                        const std::string &content);

} // namespace stalebase::testkit
