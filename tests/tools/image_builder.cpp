#include "image_builder.hpp"

#include "common.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <cstdint>
#include <cstdio>

namespace stalebase::testkit {

namespace {

std::uint32_t crc32(const std::string &bytes) {
  static const auto k_table = [] {
    std::array<std::uint32_t, 256> table{};
    for (std::uint32_t i = 0; i < 256; ++i) {
      std::uint32_t c = i;
      for (int k = 0; k < 8; ++k) {
        c = (c & 1U) != 0 ? 0xEDB88320U ^ (c >> 1U) : c >> 1U;
      }
      table[i] = c;
    }
    return table;
  }();
  std::uint32_t crc = 0xFFFFFFFFU;
  for (const char ch : bytes) {
    crc = k_table[(crc ^ static_cast<unsigned char>(ch)) & 0xFFU] ^ (crc >> 8U);
  }
  return crc ^ 0xFFFFFFFFU;
}

void put_le32(std::string &out, std::uint32_t value) {
  for (unsigned shift = 0; shift < 32; shift += 8) {
    out += static_cast<char>((value >> shift) & 0xFFU);
  }
}

void put_octal(std::string &header,
               std::size_t offset,
               std::size_t width,
               std::uint64_t value) {
  std::array<char, 32> text{};
  std::snprintf(text.data(), text.size(), "%0*llo", static_cast<int>(width - 1),
                static_cast<unsigned long long>(value));
  for (std::size_t i = 0; i + 1 < width; ++i) {
    header[offset + i] = text[i];
  }
}

std::string gzip_stored(const std::string &data) {
  std::string out("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff", 10);
  std::size_t offset = 0;
  do {
    const std::size_t size = std::min<std::size_t>(65535, data.size() - offset);
    const bool last = offset + size == data.size();
    out += static_cast<char>(last ? 1 : 0);
    const auto len = static_cast<std::uint16_t>(size);
    const auto nlen = static_cast<std::uint16_t>(~len);
    out += static_cast<char>(len & 0xFFU);
    out += static_cast<char>((len >> 8U) & 0xFFU);
    out += static_cast<char>(nlen & 0xFFU);
    out += static_cast<char>((nlen >> 8U) & 0xFFU);
    out.append(data, offset, size);
    offset += size;
  } while (offset < data.size());
  put_le32(out, crc32(data));
  put_le32(out, static_cast<std::uint32_t>(data.size() & 0xFFFFFFFFU));
  return out;
}

std::string make_tar(const std::string &file_name, const std::string &content) {
  std::string header(512, '\0');
  header.replace(0, file_name.size(), file_name);
  put_octal(header, 100, 8, 0644);
  put_octal(header, 108, 8, 0);
  put_octal(header, 116, 8, 0);
  put_octal(header, 124, 12, content.size());
  put_octal(header, 136, 12, 0);
  header[156] = '0';
  header.replace(257, 6, std::string("ustar\0", 6));
  header.replace(263, 2, "00");
  header.replace(148, 8, "        ");
  unsigned sum = 0;
  for (const char c : header) {
    sum += static_cast<unsigned char>(c);
  }
  std::array<char, 8> text{};
  std::snprintf(text.data(), text.size(), "%06o", sum);
  header.replace(148, 6, text.data(), 6);
  header[154] = '\0';
  header[155] = ' ';
  std::string out = header + content;
  out.append((512 - content.size() % 512) % 512, '\0');
  out.append(1024, '\0');
  return out;
}

Blob make_blob(std::string media_type, std::string bytes) {
  Blob blob{std::move(media_type), sha256_digest(bytes), std::move(bytes)};
  return blob;
}

nlohmann::json platform_json(const Platform &platform) {
  nlohmann::json json = {{"architecture", platform.architecture},
                         {"os", platform.os}};
  if (!platform.os_version.empty()) {
    json["os.version"] = platform.os_version;
  }
  if (!platform.variant.empty()) {
    json["variant"] = platform.variant;
  }
  return json;
}

nlohmann::json descriptor(const Blob &blob) {
  return {{"mediaType", blob.media_type},
          {"digest", blob.digest},
          {"size", blob.bytes.size()}};
}

} // namespace

Platform Platform::parse(const std::string &text) {
  Platform platform;
  std::string rest = text;
  const auto colon = rest.find(':');
  if (colon != std::string::npos) {
    platform.os_version = rest.substr(colon + 1);
    rest = rest.substr(0, colon);
  }
  const auto parts = split(rest, '/');
  if (parts.size() < 2 || parts.size() > 3 || parts[0].empty() ||
      parts[1].empty() || (parts.size() == 3 && parts[2].empty())) {
    throw Failure("platform \"" + text +
                  "\" is not \"os/arch[/variant][:os.version]\"");
  }
  platform.os = parts[0];
  platform.architecture = parts[1];
  if (parts.size() == 3) {
    platform.variant = parts[2];
  }
  return platform;
}

std::string Platform::to_string() const {
  std::string text = os + "/" + architecture;
  if (!variant.empty()) {
    text += "/" + variant;
  }
  if (!os_version.empty()) {
    text += ":" + os_version;
  }
  return text;
}

std::string make_tar_gz(const std::string &file_name,
                        const std::string &content) {
  return gzip_stored(make_tar(file_name, content));
}

BuiltManifest build_image(Flavour flavour,
                          const Platform &platform,
                          const std::string &seed) {
  const bool oci = flavour == Flavour::oci;
  const std::string tar = make_tar("stalebase-seed", seed + "\n");
  const Blob layer =
      make_blob(oci ? "application/vnd.oci.image.layer.v1.tar+gzip"
                    : "application/vnd.docker.image.rootfs.diff.tar.gzip",
                gzip_stored(tar));
  nlohmann::json config = platform_json(platform);
  config["config"] = {{"Labels", {{"org.stalebase.test.seed", seed}}},
                      {"Cmd", {"/bin/sh"}}};
  config["rootfs"] = {{"type", "layers"}, {"diff_ids", {sha256_digest(tar)}}};
  config["history"] = {{{"created_by", "stalebase_testkit push"}}};
  const Blob config_blob =
      make_blob(oci ? "application/vnd.oci.image.config.v1+json"
                    : "application/vnd.docker.container.image.v1+json",
                config.dump());
  const std::string manifest_type =
      oci ? "application/vnd.oci.image.manifest.v1+json"
          : "application/vnd.docker.distribution.manifest.v2+json";
  const nlohmann::json manifest = {{"schemaVersion", 2},
                                   {"mediaType", manifest_type},
                                   {"config", descriptor(config_blob)},
                                   {"layers", {descriptor(layer)}}};
  return BuiltManifest{make_blob(manifest_type, manifest.dump(2)),
                       platform,
                       {config_blob, layer}};
}

BuiltIndex build_index(Flavour flavour,
                       const std::vector<Platform> &platforms,
                       const std::string &seed) {
  const bool oci = flavour == Flavour::oci;
  BuiltIndex built;
  nlohmann::json manifests = nlohmann::json::array();
  for (const auto &platform : platforms) {
    built.children.push_back(
        build_image(flavour, platform, seed + " " + platform.to_string()));
    nlohmann::json entry = descriptor(built.children.back().manifest);
    entry["platform"] = platform_json(platform);
    manifests.push_back(entry);
  }
  const std::string index_type =
      oci ? "application/vnd.oci.image.index.v1+json"
          : "application/vnd.docker.distribution.manifest.list.v2+json";
  const nlohmann::json index = {{"schemaVersion", 2},
                                {"mediaType", index_type},
                                {"manifests", manifests}};
  built.index = make_blob(index_type, index.dump(2));
  return built;
}

} // namespace stalebase::testkit
