// Kubernetes manifests: pods, pod templates, CronJobs, Lists, multi-document
// files.

#include "extract_helpers.hpp"

using namespace stalebase::sources;
using stalebase::test::at_path;
using stalebase::test::extract_ok;
using stalebase::test::slice;

TEST_CASE("kubernetes: a Deployment and a Service in one file", "[sources]") {
  const std::string text =
      "apiVersion: apps/v1\n"
      "kind: Deployment\n"
      "metadata:\n"
      "  name: web\n"
      "spec:\n"
      "  replicas: 3\n"
      "  template:\n"
      "    metadata:\n"
      "      labels: {app: web}\n"
      "    spec:\n"
      "      initContainers:\n"
      "        - name: migrate\n"
      "          image: ghcr.io/acme/migrate:v1.4.0\n"
      "      containers:\n"
      "        - name: web\n"
      "          image: \"nginx:1.25.3\"\n"
      "          ports: [{containerPort: 80}]\n"
      "        - name: sidecar\n"
      "          image: 'busybox@sha256:"
      "0000000000000000000000000000000000000000000000000000000000000000'\n"
      "---\n"
      "apiVersion: v1\n"
      "kind: Service\n"
      "metadata: {name: web}\n"
      "spec:\n"
      "  selector: {app: web}\n"
      "  ports: [{port: 80}]\n";
  const SourceExtraction out = extract_ok(SourceKind::kubernetes, text);
  REQUIRE(out.references.size() == 3);
  const SourceReference &web =
      at_path(out, "spec.template.spec.containers[0].image");
  CHECK(web.kind == SourceKind::kubernetes);
  CHECK(web.document == 0);
  CHECK(web.value == "nginx:1.25.3");
  CHECK(slice(text, web.value_span) == "nginx:1.25.3");
  CHECK(web.line == 16);
  CHECK(web.column == 19);
  const SourceReference &init =
      at_path(out, "spec.template.spec.initContainers[0].image");
  CHECK(init.image->registry == "ghcr.io");
  const SourceReference &sidecar =
      at_path(out, "spec.template.spec.containers[1].image");
  REQUIRE(sidecar.image);
  CHECK(sidecar.image->digest.has_value());
}

TEST_CASE("kubernetes: Pod, CronJob, PodTemplate and a List", "[sources]") {
  const std::string text =
      "apiVersion: v1\n"
      "kind: Pod\n"
      "metadata: {name: debug}\n"
      "spec:\n"
      "  containers: [{name: a, image: alpine:3.19}]\n"
      "  ephemeralContainers:\n"
      "  - name: debugger\n"
      "    image: busybox:1.36\n"
      "---\n"
      "apiVersion: batch/v1\n"
      "kind: CronJob\n"
      "metadata: {name: nightly}\n"
      "spec:\n"
      "  schedule: '0 3 * * *'\n"
      "  jobTemplate:\n"
      "    spec:\n"
      "      template:\n"
      "        spec:\n"
      "          restartPolicy: OnFailure\n"
      "          containers:\n"
      "          - name: backup\n"
      "            image: postgres:16\n"
      "---\n"
      "apiVersion: v1\n"
      "kind: List\n"
      "items:\n"
      "- apiVersion: apps/v1\n"
      "  kind: StatefulSet\n"
      "  metadata: {name: db}\n"
      "  spec:\n"
      "    template:\n"
      "      spec:\n"
      "        containers:\n"
      "        - {name: db, image: mysql:8.0}\n"
      "- apiVersion: example.com/v1\n"
      "  kind: Widget\n"
      "  spec:\n"
      "    template:\n"
      "      spec:\n"
      "        containers: [{name: w, image: \"${IMAGE}\"}]\n"
      "---\n"
      "# an empty document\n"
      "---\n"
      "apiVersion: v1\n"
      "kind: ConfigMap\n"
      "data: {image: not-a-container}\n";
  const SourceExtraction out = extract_ok(SourceKind::kubernetes, text);
  CHECK(out.references.size() == 5);
  CHECK(at_path(out, "spec.containers[0].image").value == "alpine:3.19");
  CHECK(at_path(out, "spec.ephemeralContainers[0].image").value ==
        "busybox:1.36");
  const SourceReference &cron =
      at_path(out, "spec.jobTemplate.spec.template.spec.containers[0].image");
  CHECK(cron.document == 1);
  CHECK(cron.line == 22);
  const SourceReference &db =
      at_path(out, "items[0].spec.template.spec.containers[0].image");
  CHECK(db.document == 2);
  CHECK(db.value == "mysql:8.0");
  // No interpolation in Kubernetes: `${IMAGE}` is simply not a reference.
  const SourceReference &widget =
      at_path(out, "items[1].spec.template.spec.containers[0].image");
  CHECK_FALSE(widget.image);
  CHECK_FALSE(widget.invalid.empty());
}
