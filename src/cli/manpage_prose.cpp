// The prose of stalebase(1), in roff. The commands' synopses and flags are
// not here: `stalebase manpage` renders them from the parser's definition.
// Keep this in step with docs/manual.md; tests/e2e/manpage.sh checks that
// every environment variable the code reads is named here.

#include "manpage_prose.hpp"

namespace stalebase::cli::manpage_prose {

std::string description() {
  return R"roff(.SH DESCRIPTION
.B stalebase
reads Dockerfiles and Containerfiles exactly as BuildKit does (directives,
continuations, heredocs, global ARGs, \fB\-\-build\-arg\fR, multi\-stage builds,
\fBCOPY \-\-from\fR, \fBRUN \-\-mount=from=\fR, \fBONBUILD\fR, \fB# syntax=\fR),
finds every external image they build from, asks the registries over the OCI
distribution API, and reports the base images that have gone stale: drifted
digests, newer patch builds, missing tags, unpinned references.
\fBpin\fR and \fBupdate\fR fix them in place, byte for byte.
.PP
Results go to standard output; logs, warnings, progress and errors go to
standard error.
.PP
A \fIPATH\fR is a Dockerfile, a folder, or \fB\-\fR for standard input; none
means the current folder.
A folder is searched recursively for \fBDockerfile\fR, \fBContainerfile\fR
(either with a lower\-case first letter), \fINAME\fB.Dockerfile\fR,
\fBDockerfile.\fINAME\fR, \fBDockerfile\-\fINAME\fR, \fBDockerfile_\fINAME\fR
and the like, but not documentation, templates (\fB.j2\fR, \fB.tmpl\fR, ...),
editor leftovers or scripts; \fB.git\fR, what \fB.gitignore\fR files ignore and
symbolic links to files outside the folder are skipped.
A file named explicitly is always read.
Only regular files of at most 4 MiB are read.
.PP
A folder search also reads the images other files run: Compose files
(\fBcompose.yaml\fR, \fBdocker\-compose.yml\fR and their overrides, with the
\fB.env\fR beside them, and the Dockerfiles their services build), Kubernetes
manifests (any YAML file whose documents have \fBapiVersion\fR and \fBkind\fR),
GitHub Actions workflows, \fB.gitlab\-ci.yml\fR, dev container files and Helm
values beside a \fBChart.yaml\fR (never its \fBtemplates/\fR).
\fB\-\-source\fR and the configuration's \fBsources\fR, \fBinclude\fR and
\fBexclude\fR choose which; \fBpin\fR and \fBupdate\fR rewrite them byte for
byte too, or say why they will not.
.PP
\fBstalebase image\fR asks the same of images already built and running: whether
the base each platform was built on has been rebuilt or patched since.
.PP
Registries are reached with no configuration wherever \fBdocker pull\fR works:
credentials come from docker's and podman's files and credential helpers (see
\fBFILES\fR and \fBENVIRONMENT\fR), are sent only over https (or to loopback and
\fB\-\-insecure\-registry\fR hosts) and never appear in any output.
Requests are retried on resets, timeouts, 408, 429 and 5xx, honouring
\fBRetry\-After\fR.
Digests are read with \fBHEAD\fR, which Docker Hub's pull quota does not count.
)roff";
}

std::string command(std::string_view name) {
  if (name == "refs") {
    return R"roff(.PP
Offline: no registry is asked. Each reference has a status: \fBimage\fR,
\fBstage\fR, \fBscratch\fR, \fBunresolved\fR (empty or invalid after ARG
expansion) or \fBinvalid\fR (not a valid reference as written).
A file that cannot be read or parsed is reported as
\fIpath\fB:\fIline\fB:\fIcolumn\fB: error: \fImessage\fR and makes the exit
code 2; the other files are still reported.
)roff";
  }
  if (name == "resolve") {
    return R"roff(.PP
Prints \fIREF DIGEST\fR per reference, like \fBcrane digest\fR: the index
digest of a multi\-platform image, or with \fB\-\-platform\fR that platform's
manifest digest.
)roff";
  }
  if (name == "check") {
    return R"roff(.PP
The main job: a pre\-commit hook (answers from its cache within the TTL), a CI
gate (\fB\-\-format sarif\fR or \fBgithub\fR) and a cron report
(\fB\-\-format markdown\fR).
The finding kinds and their default levels:
\fBdigest\-drift\fR (fail), \fBindex\-drift\fR (info), \fBdigest\-only\fR (info),
\fBpatch\-available\fR (fail), \fBminor\-available\fR and \fBmajor\-available\fR
(info), \fBunpinned\fR (warn), \fBtag\-missing\fR (fail), \fBunresolvable\fR
(warn), \fBinvalid\-reference\fR (fail), \fBsingle\-platform\-pin\fR (warn),
\fBwrong\-platform\-pin\fR (fail) and \fBcheck\-error\fR (error: exit 3 unless
named in \fB\-\-fail\-on\fR).
\fB\-\-fail\-on\fR takes kinds, their short names, levels (a level means that
level and above), \fBall\fR or \fBnone\fR; the default is the kinds of level
fail.
Flags beat the configuration file.
)roff";
  }
  if (name == "pin" || name == "update") {
    return R"roff(.PP
Writes are atomic: the new bytes go to a temporary file in the same folder and
are renamed over the original, which keeps its permission bits; a file that
changed on disk since it was read is left alone.
A reference whose version is in an ARG default is fixed there.
The summary lists each change and each reference left alone with its reason.
With \fB\-\-check\fR, nothing is written and the exit code is 1 when something
would change.
)roff";
  }
  if (name == "completion") {
    return R"roff(.PP
The packages install this output where each shell looks for it; to load it by
hand: \fBsource <(stalebase completion bash)\fR,
\fBsource <(stalebase completion zsh)\fR (after \fBcompinit\fR) or
\fBstalebase completion fish | source\fR.
)roff";
  }
  return "";
}

std::string closing_sections() {
  return R"roff(.SH DURATIONS AND PLATFORMS
Durations, in flags and in the configuration alike, are one or more whole
numbers each with a unit, \fBms\fR, \fBs\fR, \fBm\fR, \fBh\fR or \fBd\fR
(\fB1500ms\fR, \fB90s\fR, \fB1h30m\fR), or a lone number of seconds; at most
3660d.
Platforms are \fIos\fB/\fIarch\fR[\fB/\fIvariant\fR], normalised as containerd
does (\fBx86_64\fR is \fBamd64\fR, \fBaarch64\fR is \fBarm64\fR, ...).
.SH EXIT STATUS
.TP
.B 0
Everything was read (and, for the look\-up commands, checked); nothing at or
above the \fB\-\-fail\-on\fR policy.
.TP
.B 1
\fBcheck\fR: at least one finding at or above the policy;
\fBpin \-\-check\fR, \fBupdate \-\-check\fR: something would change.
.TP
.B 2
A usage, configuration or Dockerfile error: nothing was checked for that input
(other inputs still are).
.TP
.B 3
Some references could not be checked (network, authentication, rate limit,
unknown repository) and nothing else failed.
.TP
.B 70
An internal error (a bug: please report it).
.TP
.B 130
Interrupted by SIGINT (Ctrl\-C).
.TP
.B 143
Stopped by SIGTERM (a cancelled CI job).
.SH CONFIGURATION
The repository's configuration is \fB.stalebase.yaml\fR (or
\fB.stalebase.yml\fR) in the checked folder, the folder of the checked file, or
the nearest folder above it, or the file \fB\-\-config\fR names.
It sets policy: \fBfail\-on\fR, ignores, update rules, \fBbuild\-args\fR,
\fBplatforms\fR, the cache TTL.
Yours, \fB$XDG_CONFIG_HOME/stalebase/config.yaml\fR, may also set what a
repository's may not: registry mirrors, \fBmirror\-only\fR, \fBinsecure\fR,
\fBca\-file\fR, the credential variables \fBusername\-env\fR and
\fBpassword\-env\fR, and \fBcache.dir\fR.
A repository's file that sets those is obeyed only with
\fB\-\-trust\-repo\-config\fR or \fBSTALEBASE_TRUST_REPO_CONFIG=1\fR (never in
jobs that run pull requests from forks); otherwise they are ignored with a
warning.
The full reference is \fBconfiguration.md\fR (see \fBSEE ALSO\fR).
.SH ENVIRONMENT
.TP
.B DOCKER_CONFIG
The folder of docker's \fBconfig.json\fR (default \fB~/.docker\fR): its
\fBauths\fR, \fBcredsStore\fR and \fBcredHelpers\fR give registry credentials.
.TP
.B DOCKER_AUTH_CONFIG
Credentials in docker's \fBconfig.json\fR format, as the variable's value
(as GitLab CI sets it).
.TP
.B REGISTRY_AUTH_FILE
A podman/containers \fBauth.json\fR to read credentials from, after
\fB\-\-authfile\fR.
.TP
.B XDG_RUNTIME_DIR
Where podman's login keeps \fBcontainers/auth.json\fR (default
\fB/run/containers/\fIUID\fR).
.TP
.B XDG_CONFIG_HOME
The folder of your configuration, \fBstalebase/config.yaml\fR, and of
\fBcontainers/auth.json\fR (default \fB~/.config\fR).
.TP
.B XDG_CACHE_HOME
The look\-up cache is \fB$XDG_CACHE_HOME/stalebase\fR (default
\fB~/.cache/stalebase\fR); with neither it nor \fBHOME\fR set, there is no cache.
.TP
.B HOME
The default for the folders above, and \fB~/\fR in configuration paths.
.TP
.B STALEBASE_TRUST_REPO_CONFIG
\fB1\fR or \fBtrue\fR: as \fB\-\-trust\-repo\-config\fR.
.TP
.B NO_COLOR
Set and not empty: no colour with \fB\-\-color auto\fR (the default).
.TP
.B COLUMNS
The width of the table output (default: the terminal's, else 80).
.TP
.B GITHUB_STEP_SUMMARY
With \fB\-\-format github\fR (or \fB\-\-output github=\fIPATH\fR), the
Markdown report is appended to this file.
.TP
.BR SSL_CERT_FILE ", " SSL_CERT_DIR
A CA bundle file or folder to verify registries' certificates with, instead of
the system's.
.TP
.BR HTTPS_PROXY ", " HTTP_PROXY ", " NO_PROXY
Proxies, as for \fBcurl\fR(1) (libcurl reads them; lower case too).
.PP
The variables a registry's \fBusername\-env\fR and \fBpassword\-env\fR settings
name hold its credentials; a named variable that is unset or empty is a
configuration error.
.SH FILES
.TP
.BR .stalebase.yaml ", " .stalebase.yml
The repository's configuration, found upwards from the checked paths.
.TP
.B $XDG_CONFIG_HOME/stalebase/config.yaml
Your configuration.
.TP
.B $XDG_CACHE_HOME/stalebase/
The look\-up cache (read and written; folders \fB0700\fR, entries
\fB0600\fR); a folder that is another user's or that others may write to is
passed over with a warning.
.TP
.B $DOCKER_CONFIG/config.json\fR, \fB~/.docker/config.json
docker's credentials; \fBdocker\-credential\-\fIname\fR helpers are run with a
30 s limit.
.TP
.B $XDG_RUNTIME_DIR/containers/auth.json\fR, \fB~/.config/containers/auth.json
podman's credentials.
.TP
.B .gitignore
Read in every folder searched: what it ignores is not checked.
.PP
\fBpin\fR and \fBupdate\fR rewrite the Dockerfiles they were given (never with
\fB\-\-dry\-run\fR or \fB\-\-check\fR); \fBcheck \-\-output\fR writes the files
it names; with \fB\-\-format github\fR the report is appended to
\fB$GITHUB_STEP_SUMMARY\fR.
Besides those and the cache, nothing is written.
.SH EXAMPLES
Before a commit, with pre\-commit's \fB.pre\-commit\-config.yaml\fR:
.PP
.RS
.nf
repos:
  \- repo: \fIstalebase repository URL\fR
    rev: \fItag\fR
    hooks:
      \- id: stalebase\-check
.fi
.RE
.PP
or as a plain git hook, \fB.git/hooks/pre\-commit\fR:
.PP
.RS
.nf
#!/bin/sh
git diff \-\-cached \-\-name\-only \-\-diff\-filter=ACM \-z \e
  | grep \-z \-E \(aq(^|/)(Dockerfile|Containerfile)\(aq \e
  | xargs \-0 \-r stalebase check
.fi
.RE
.PP
A CI gate: annotations, the Markdown job summary and SARIF for code scanning
in one run; exit 1 fails the job:
.PP
.RS
.nf
stalebase check \-\-format github \-\-output sarif=stalebase.sarif .
.fi
.RE
.PP
Air\-gapped CI, through a mirror only:
.PP
.RS
.nf
stalebase check \-\-registry\-mirror docker.io=https://mirror.internal \e
  \-\-mirror\-only \-\-format json . > stalebase.json
.fi
.RE
.PP
A weekly cron report of several checked\-out repositories, mailed when anything is
stale or could not be checked (one crontab line):
.PP
.RS
.nf
0 6 * * 1  REPORT_TO=platform@example.com /usr/share/doc/stalebase/examples/cron\-report.sh /srv/checkouts/*
.fi
.RE
.PP
Fix what is stale, then look at the change:
.PP
.RS
.nf
stalebase update \-\-pin \-\-dry\-run .
stalebase update \-\-pin .
.fi
.RE
.SH SEE ALSO
\fBdocker\fR(1), \fBpodman\fR(1), \fBcurl\fR(1).
.PP
The full manual, the configuration reference and the output formats are
installed in \fB/usr/share/doc/stalebase/\fR (\fBmanual.md\fR,
\fBconfiguration.md\fR, \fBformats.md\fR, \fBintegrations.md\fR).
)roff";
}

} // namespace stalebase::cli::manpage_prose
