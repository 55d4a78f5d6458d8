#include "stalebase/image/base_check.hpp"

#include "stalebase/image/provenance.hpp"
#include "stalebase/registry/lookup_threads.hpp"
#include "stalebase/util/parallel_for.hpp"

#include <algorithm>
#include <map>
#include <tuple>

namespace stalebase::image {

namespace {

using check::FindingKind;
using reference::Digest;
using reference::ImageReference;
using reference::Platform;
using registry::Registry;
using registry::RegistryError;
using registry::RegistryErrorKind;

// One platform of an image as built.
struct PlatformImage {
  Platform platform;
  Digest digest; // its manifest
  registry::Manifest manifest;
  registry::Annotations descriptor_annotations; // on its index descriptor
  std::vector<Digest> diff_ids;
};

// A build of a base for one platform: its manifest and layers.
struct Build {
  Digest manifest_digest;
  std::vector<Digest> diff_ids;
};

// A base some source names: a tag, and the digest the image was built on when
// the source names one.
struct Claim {
  ImageReference base; // with a tag, no digest
  std::optional<Digest> digest;
  BaseSource how = BaseSource::annotation;
};

RegistryError invalid(std::string message) {
  return RegistryError{RegistryErrorKind::invalid_response, std::move(message)};
}

// The manifest `digest` names for `platform` (itself, or its index's child).
Expected<std::pair<Digest, registry::Manifest>, RegistryError>
platform_manifest(Registry &registry,
                  const ImageReference &repository,
                  const Digest &digest,
                  const Platform &platform) {
  auto fetched = registry.manifest(repository, digest);
  if (!fetched) {
    return Unexpected(fetched.error());
  }
  if (!fetched->manifest.is_index) {
    return std::make_pair(digest, std::move(fetched->manifest));
  }
  const registry::ManifestChild *child =
      registry::find_platform(fetched->manifest, platform);
  if (child == nullptr) {
    return Unexpected(
        RegistryError{RegistryErrorKind::not_found,
                      "no manifest for platform \"" + platform.to_string() +
                          "\" in " + repository.name() + "@" + digest.str()});
  }
  auto manifest = registry.manifest(repository, child->digest);
  if (!manifest) {
    return Unexpected(manifest.error());
  }
  return std::make_pair(child->digest, std::move(manifest->manifest));
}

// The layers of `manifest` (its config's rootfs.diff_ids).
Expected<ImageConfig, RegistryError>
config_of(Registry &registry,
          const ImageReference &repository,
          const registry::Manifest &manifest) {
  if (!manifest.config_digest) {
    return Unexpected(invalid("manifest has no config"));
  }
  auto body = registry.blob(repository, *manifest.config_digest,
                            registry::k_max_blob_body);
  if (!body) {
    return Unexpected(body.error());
  }
  auto config = parse_image_config(*body);
  if (!config) {
    return Unexpected(invalid(config.error()));
  }
  return std::move(*config);
}

Expected<Build, RegistryError> build_of(Registry &registry,
                                        const ImageReference &repository,
                                        const Digest &digest,
                                        const Platform &platform) {
  auto manifest = platform_manifest(registry, repository, digest, platform);
  if (!manifest) {
    return Unexpected(manifest.error());
  }
  auto config = config_of(registry, repository, manifest->second);
  if (!config) {
    return Unexpected(config.error());
  }
  return Build{manifest->first, std::move(config->diff_ids)};
}

std::string short_name(const ImageReference &reference) {
  return reference.familiar();
}

std::string at_digest(const ImageReference &base, const Digest &digest) {
  return short_name(base) + "@" + check::short_digest(digest.str());
}

// The work on one image, one platform after the other.
class ImageCheck {
public:
  ImageCheck(Registry &registry, const ImageOptions &options, std::string given)
      : m_registry(registry), m_options(options), m_given(std::move(given)) {}

  struct VersionQuestion {
    ImageReference base; // tag, no digest
    Platform platform;
    std::size_t finding_template; // index into findings
  };

  std::vector<ImageFinding> findings;
  std::vector<VersionQuestion> version_questions;
  std::optional<RegistryError> error;
  std::size_t platform_images = 0;

  void run() {
    auto parsed = reference::parse_reference(m_given);
    if (!parsed) {
      fail({}, RegistryError{RegistryErrorKind::refused,
                             "invalid image reference: " + parsed.error()});
      return;
    }
    m_image = std::move(*parsed);
    auto images = platform_images_of();
    if (!images) {
      fail({}, images.error());
      return;
    }
    for (const PlatformImage &image : *images) {
      ++platform_images;
      check_platform(image);
    }
  }

private:
  // The image's platforms that matter, each with its manifest and layers.
  Expected<std::vector<PlatformImage>, RegistryError> platform_images_of() {
    auto head = m_registry.resolve(m_image);
    if (!head) {
      return Unexpected(head.error());
    }
    auto top = m_registry.manifest(m_image, head->digest);
    if (!top) {
      return Unexpected(top.error());
    }
    std::vector<PlatformImage> images;
    if (!top->manifest.is_index) {
      auto config = config_of(m_registry, m_image, top->manifest);
      if (!config) {
        return Unexpected(config.error());
      }
      if (wanted(config->platform)) {
        images.push_back({config->platform,
                          head->digest,
                          top->manifest,
                          {},
                          std::move(config->diff_ids)});
      }
    } else {
      m_index = top->manifest;
      for (const registry::ManifestChild &child : top->manifest.children) {
        if (child.is_attestation || !child.platform ||
            !wanted(*child.platform)) {
          continue;
        }
        auto manifest = m_registry.manifest(m_image, child.digest);
        if (!manifest) {
          return Unexpected(manifest.error());
        }
        auto config = config_of(m_registry, m_image, manifest->manifest);
        if (!config) {
          return Unexpected(config.error());
        }
        images.push_back({*child.platform, child.digest,
                          std::move(manifest->manifest), child.annotations,
                          std::move(config->diff_ids)});
      }
    }
    if (images.empty()) {
      std::string wanted_text;
      for (const Platform &platform : m_options.platforms) {
        wanted_text += (wanted_text.empty() ? "" : ", ") + platform.to_string();
      }
      return Unexpected(
          RegistryError{RegistryErrorKind::not_found,
                        "no manifest for platform " +
                            (wanted_text.empty() ? std::string("(none listed)")
                                                 : "\"" + wanted_text + "\"")});
    }
    return images;
  }

  bool wanted(const Platform &platform) const {
    return m_options.platforms.empty() ||
           std::any_of(m_options.platforms.begin(), m_options.platforms.end(),
                       [&](const Platform &wanted) {
                         return reference::platform_matches(wanted, platform);
                       });
  }

  ImageFinding make(FindingKind kind,
                    const PlatformImage *image,
                    BaseInfo base,
                    std::string message) const {
    ImageFinding out;
    out.image = m_given;
    out.finding.kind = kind;
    out.finding.level = check::default_level(kind);
    out.finding.message = std::move(message);
    out.finding.location.reference = m_given;
    out.finding.location.canonical = m_image.canonical();
    out.finding.location.expanded = base.name;
    out.finding.current.tag = m_image.effective_tag();
    if (image != nullptr) {
      out.platform = image->platform.to_string();
      out.image_digest = image->digest.str();
      out.finding.current.digest = out.image_digest;
      out.finding.location.platform = out.platform;
    }
    out.base = std::move(base);
    return out;
  }

  void fail(const PlatformImage *image,
            const RegistryError &failure,
            BaseInfo base = {}) {
    findings.push_back(make(FindingKind::check_error, image, std::move(base),
                            failure.message));
    if (!error) {
      error = failure;
    }
  }

  // The candidates in the issue's order; the first one that settles the
  // base wins, and what each tried is said when none does.
  void check_platform(const PlatformImage &image) {
    std::vector<std::string> tried;
    if (try_annotations(image, tried) || try_provenance(image, tried) ||
        try_candidate(image, tried)) {
      return;
    }
    std::string message = "no base found:";
    for (std::size_t i = 0; i < tried.size(); ++i) {
      message += (i == 0 ? " " : "; ") + tried[i];
    }
    findings.push_back(make(FindingKind::base_unknown, &image, {}, message));
  }

  const std::string *annotation(const PlatformImage &image,
                                std::string_view key) const {
    for (const registry::Annotations *annotations :
         {&image.manifest.annotations, &image.descriptor_annotations}) {
      const auto found = annotations->find(std::string(key));
      if (found != annotations->end()) {
        return &found->second;
      }
    }
    return nullptr;
  }

  // 1. org.opencontainers.image.base.name / .base.digest.
  bool try_annotations(const PlatformImage &image,
                       std::vector<std::string> &tried) {
    const std::string *name =
        annotation(image, registry::k_annotation_base_name);
    if (name == nullptr) {
      tried.emplace_back("no base annotations");
      return false;
    }
    auto base = reference::parse_reference(*name);
    if (!base) {
      tried.push_back("the base annotation \"" + *name +
                      "\" is not a reference (" + base.error() + ")");
      return false;
    }
    Claim claim{*base, base->digest, BaseSource::annotation};
    claim.base.digest.reset();
    if (const std::string *digest =
            annotation(image, registry::k_annotation_base_digest)) {
      if (auto parsed = Digest::parse(*digest)) {
        claim.digest = std::move(*parsed);
      }
    }
    if (!claim.base.tag) {
      if (!claim.digest) {
        claim.base.tag = "latest";
      } else {
        tried.push_back("the base annotation names " +
                        at_digest(claim.base, *claim.digest) +
                        " without a tag: nothing to compare it with");
        return false;
      }
    }
    return settle(image, claim, tried, "annotation");
  }

  // Checks a claim: its build must be under the image's layers. True when it
  // settled the base (a finding, or none when current).
  bool settle(const PlatformImage &image,
              const Claim &claim,
              std::vector<std::string> &tried,
              std::string_view said_by) {
    if (!claim.digest) {
      return decide(image, claim, std::nullopt, false);
    }
    auto built =
        build_of(m_registry, claim.base, *claim.digest, image.platform);
    if (!built) {
      if (built.error().kind == RegistryErrorKind::not_found) {
        return decide(image, claim, std::nullopt, true);
      }
      fail(&image, built.error(), base_info(claim, std::nullopt));
      return true;
    }
    if (!is_layer_prefix(built->diff_ids, image.diff_ids)) {
      tried.push_back("the " + std::string(said_by) + " names " +
                      at_digest(claim.base, *claim.digest) +
                      ", whose layers are not under the image's (not trusted)");
      return false;
    }
    return decide(image, claim, *built, false);
  }

  BaseInfo base_info(const Claim &claim,
                     const std::optional<Digest> &current) const {
    BaseInfo info;
    info.name = claim.base.canonical();
    info.digest = claim.digest ? claim.digest->str() : std::string();
    info.current_digest = current ? current->str() : std::string();
    info.how = claim.how;
    return info;
  }

  // The base is `claim` (built on `built` when verified; `gone` when the
  // build it names no longer exists): compare with what its tag points at
  // now, by layers.
  bool decide(const PlatformImage &image,
              const Claim &claim,
              const std::optional<Build> &built,
              bool gone) {
    auto head = m_registry.resolve(claim.base);
    if (!head) {
      fail(&image, head.error(), base_info(claim, std::nullopt));
      return true;
    }
    auto now = build_of(m_registry, claim.base, head->digest, image.platform);
    if (!now) {
      fail(&image, now.error(), base_info(claim, head->digest));
      return true;
    }
    BaseInfo info = base_info(claim, head->digest);
    const std::string tag = short_name(claim.base);
    const std::string platform = image.platform.to_string();
    const bool same_build =
        built && (built->manifest_digest == now->manifest_digest ||
                  built->diff_ids == now->diff_ids);
    const bool under = is_layer_prefix(now->diff_ids, image.diff_ids);
    if (same_build || (under && !built)) {
      if (claim.digest && *claim.digest != head->digest &&
          *claim.digest != now->manifest_digest) {
        findings.push_back(
            make(FindingKind::index_drift, &image, info,
                 tag + " points at a new build (" +
                     check::short_digest(head->digest.str()) + "), but its " +
                     platform + " layers are the ones the image was built on"));
      }
      queue_versions(image, claim, info);
      return true;
    }
    if (under) {
      findings.push_back(
          make(FindingKind::index_drift, &image, info,
               tag + " was rebuilt (" +
                   check::short_digest(head->digest.str()) + "), but its " +
                   platform + " layers are still the ones under the image"));
      queue_versions(image, claim, info);
      return true;
    }
    std::string message = "built on " + tag;
    if (claim.digest) {
      message += " (" + check::short_digest(claim.digest->str()) + ")";
    }
    message += ", but the tag now points at another " + platform + " build (" +
               check::short_digest(now->manifest_digest.str()) + ")";
    if (gone) {
      message += "; the build the image names is gone from the registry";
    }
    message += ": rebuild to pick it up";
    ImageFinding finding =
        make(FindingKind::base_drift, &image, info, std::move(message));
    finding.finding.suggested =
        check::TagDigest{claim.base.effective_tag(), head->digest.str()};
    findings.push_back(std::move(finding));
    queue_versions(image, claim, info);
    return true;
  }

  void queue_versions(const PlatformImage &image,
                      const Claim &claim,
                      const BaseInfo &info) {
    findings.push_back(
        make(FindingKind::base_patch_available, &image, info, {}));
    version_questions.push_back(
        {claim.base, image.platform, findings.size() - 1});
  }

  // 2. BuildKit's provenance attestation for this platform's manifest.
  bool try_provenance(const PlatformImage &image,
                      std::vector<std::string> &tried) {
    const registry::ManifestChild *attestation = nullptr;
    if (m_index) {
      for (const registry::ManifestChild &child : m_index->children) {
        const auto type = child.annotations.find(
            std::string(registry::k_annotation_reference_type));
        const auto of = child.annotations.find(
            std::string(registry::k_annotation_reference_digest));
        if (type != child.annotations.end() &&
            type->second == "attestation-manifest" &&
            of != child.annotations.end() && of->second == image.digest.str()) {
          attestation = &child;
          break;
        }
      }
    }
    if (attestation == nullptr) {
      tried.emplace_back("no provenance attestation");
      return false;
    }
    auto manifest = m_registry.manifest(m_image, attestation->digest);
    if (!manifest) {
      fail(&image, manifest.error());
      return true;
    }
    std::vector<Material> materials;
    bool read_one = false;
    for (const registry::LayerDescriptor &layer : manifest->manifest.layers) {
      const auto type = layer.annotations.find(
          std::string(registry::k_annotation_predicate_type));
      if (type == layer.annotations.end() ||
          (type->second != k_slsa_v02 && type->second != k_slsa_v1)) {
        continue;
      }
      auto body =
          m_registry.blob(m_image, layer.digest, registry::k_max_blob_body);
      if (!body) {
        fail(&image, body.error());
        return true;
      }
      auto parsed = parse_provenance(*body);
      if (!parsed) {
        tried.push_back("the provenance attestation is malformed (" +
                        parsed.error() + ")");
        continue;
      }
      read_one = true;
      materials.insert(materials.end(), parsed->begin(), parsed->end());
    }
    if (!read_one) {
      if (tried.empty() ||
          tried.back().find("provenance") == std::string::npos) {
        tried.emplace_back("no SLSA provenance in the attestation");
      }
      return false;
    }
    // The base is the material whose build is under the image's layers;
    // builder stages and the `# syntax` frontend are not. A material that
    // cannot be read (a frontend on an unreachable registry) only matters
    // when no other one is the base.
    std::vector<Claim> gone;
    std::optional<std::pair<Claim, RegistryError>> unreadable;
    for (const Material &material : materials) {
      Claim claim{material.image, material.digest, BaseSource::provenance};
      auto built =
          build_of(m_registry, claim.base, *claim.digest, image.platform);
      if (!built) {
        if (built.error().kind == RegistryErrorKind::not_found) {
          gone.push_back(claim);
        } else if (!unreadable) {
          unreadable.emplace(claim, built.error());
        }
        continue;
      }
      if (is_layer_prefix(built->diff_ids, image.diff_ids)) {
        return decide(image, claim, *built, false);
      }
    }
    if (unreadable) {
      fail(&image, unreadable->second,
           base_info(unreadable->first, std::nullopt));
      return true;
    }
    // The old build is gone: the one material that cannot be checked is the
    // base, decided by what its tag points at now.
    if (gone.size() == 1) {
      return decide(image, gone.front(), std::nullopt, true);
    }
    tried.push_back("provenance names " + std::to_string(materials.size()) +
                    " images, none under the image's layers" +
                    (gone.empty() ? std::string()
                                  : " (" + std::to_string(gone.size()) +
                                        " no longer in their registries)"));
    return false;
  }

  // 3. --base: the user's word.
  bool try_candidate(const PlatformImage &image,
                     std::vector<std::string> &tried) {
    if (!m_options.base) {
      tried.emplace_back("no --base given");
      return false;
    }
    Claim claim{*m_options.base, m_options.base->digest, BaseSource::layers};
    claim.base.digest.reset();
    if (!claim.base.tag) {
      claim.base.tag = "latest";
    }
    if (!claim.digest) {
      return settle(image, claim, tried, "--base");
    }
    const std::size_t before = tried.size();
    if (settle(image, claim, tried, "--base")) {
      return true;
    }
    if (tried.size() > before) {
      tried.back() = "the image was not built from " +
                     at_digest(claim.base, *claim.digest) + " (--base)";
    }
    return false;
  }

  Registry &m_registry;
  const ImageOptions &m_options;
  std::string m_given;
  ImageReference m_image;
  std::optional<registry::Manifest> m_index;
};

FindingKind base_kind(FindingKind kind) {
  switch (kind) {
  case FindingKind::patch_available:
    return FindingKind::base_patch_available;
  case FindingKind::minor_available:
    return FindingKind::base_minor_available;
  case FindingKind::major_available:
    return FindingKind::base_major_available;
  default:
    return kind;
  }
}

std::string version_message(FindingKind kind,
                            const std::string &base,
                            const std::string &tag) {
  const char *what = kind == FindingKind::base_patch_available   ? "patch"
                     : kind == FindingKind::base_minor_available ? "minor"
                                                                 : "major";
  return "the base " + base + " has a newer " + what + " version: " + tag;
}

} // namespace

std::string_view to_string(BaseSource source) {
  switch (source) {
  case BaseSource::annotation:
    return "annotation";
  case BaseSource::provenance:
    return "provenance";
  case BaseSource::layers:
    return "layers";
  }
  return "layers";
}

ImageResult check_images(Registry &registry,
                         const std::vector<std::string> &images,
                         const ImageOptions &options) {
  std::vector<ImageCheck> checks;
  checks.reserve(images.size());
  for (const std::string &image : images) {
    checks.emplace_back(registry, options, image);
  }
  util::parallel_for(checks.size(),
                     registry::lookup_threads(static_cast<std::size_t>(
                         std::max(options.check.jobs, 1))),
                     [&](std::size_t i) { checks[i].run(); });

  // The bases' versions: one engine run over every base and platform, the
  // engine asking each tag list once.
  std::vector<check::Occurrence> occurrences;
  std::vector<std::pair<std::size_t, std::size_t>> owners; // check, finding
  for (std::size_t c = 0; c < checks.size(); ++c) {
    for (const auto &question : checks[c].version_questions) {
      check::Occurrence occurrence;
      occurrence.image = question.base;
      occurrence.location.reference = question.base.familiar();
      occurrence.location.file =
          checks[c].findings[question.finding_template].image;
      occurrence.from_platform = question.platform.to_string();
      occurrence.id = occurrences.size();
      occurrences.push_back(std::move(occurrence));
      owners.emplace_back(c, question.finding_template);
    }
  }
  std::map<std::size_t, std::vector<ImageFinding>> versions; // by occurrence
  if (!occurrences.empty()) {
    check::CheckOptions engine = options.check;
    engine.progress = nullptr;
    const check::CheckResult result =
        check::run_check(registry, occurrences, engine);
    for (const check::Finding &finding : result.findings) {
      if (finding.occurrence >= owners.size()) {
        continue;
      }
      const auto [c, t] = owners[finding.occurrence];
      const ImageFinding &pattern = checks[c].findings[t];
      const FindingKind kind = base_kind(finding.kind);
      if (kind == finding.kind && kind != FindingKind::check_error) {
        continue;
      }
      ImageFinding out = pattern;
      out.finding.kind = kind;
      out.finding.level = check::default_level(kind);
      out.finding.suggested = finding.suggested;
      out.finding.message =
          kind == FindingKind::check_error
              ? "could not look up the base's versions: " + finding.message
              : version_message(
                    kind, occurrences[finding.occurrence].location.reference,
                    finding.suggested ? finding.suggested->tag : std::string());
      if (kind == FindingKind::check_error && !checks[c].error) {
        checks[c].error =
            RegistryError{RegistryErrorKind::network, finding.message};
      }
      versions[finding.occurrence].push_back(std::move(out));
    }
  }

  ImageResult result;
  std::size_t occurrence = 0;
  for (std::size_t c = 0; c < checks.size(); ++c) {
    ImageCheck &check = checks[c];
    result.platform_images += check.platform_images;
    // Each template is replaced by its version findings, in place.
    std::vector<std::size_t> templates;
    for (const auto &question : check.version_questions) {
      templates.push_back(question.finding_template);
    }
    for (std::size_t f = 0; f < check.findings.size(); ++f) {
      const auto is_template =
          std::find(templates.begin(), templates.end(), f) != templates.end();
      if (!is_template) {
        result.findings.push_back(std::move(check.findings[f]));
        continue;
      }
      auto found = versions.find(occurrence++);
      if (found != versions.end()) {
        for (ImageFinding &finding : found->second) {
          result.findings.push_back(std::move(finding));
        }
      }
    }
    if (check.error) {
      result.errors.emplace_back(images[c], *check.error);
    } else {
      result.checked.push_back(images[c]);
    }
  }
  return result;
}

} // namespace stalebase::image
