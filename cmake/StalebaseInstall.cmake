# What `cmake --install` puts where (GNUInstallDirs), and the packages CPack
# makes of it: a .deb (scripts/package.sh) and a .tar.gz with the same layout.
#
#   bin/stalebase
#   share/man/man1/stalebase.1.gz                  `stalebase manpage`
#   share/bash-completion/completions/stalebase    `stalebase completion bash`
#   share/zsh/vendor-completions/_stalebase        `stalebase completion zsh`
#   share/fish/vendor_completions.d/stalebase.fish `stalebase completion fish`
#   share/doc/stalebase/                           README, CHANGELOG, docs, LICENSE, copyright,
#                                                  changelog.gz (Debian's),
#                                                  the pre-commit hooks, examples/cron-report.sh
include(GNUInstallDirs)

# Debian's zsh looks in vendor-completions; other systems' in site-functions.
set(STALEBASE_ZSH_COMPLETION_DIR "${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions" CACHE STRING
    "Where the zsh completion is installed, relative to the prefix (site-functions elsewhere than Debian)")

install(TARGETS stalebase RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}")

if(STALEBASE_GENERATE_DOCS)
  find_program(STALEBASE_GZIP gzip REQUIRED)
  set(generated "${PROJECT_BINARY_DIR}/generated")
  set(generate "${PROJECT_SOURCE_DIR}/cmake/StalebaseGenerate.cmake")
  # The page and the completions are the built binary's own output, so they
  # follow every change to the command-line definition.
  add_custom_command(
    OUTPUT "${generated}/stalebase.1" "${generated}/stalebase.1.gz"
    COMMAND "${CMAKE_COMMAND}" -DSTALEBASE=$<TARGET_FILE:stalebase> -DARGS=manpage
            "-DOUTPUT=${generated}/stalebase.1" "-DGZIP=${STALEBASE_GZIP}" -P "${generate}"
    DEPENDS stalebase "${generate}" VERBATIM)
  set(outputs "${generated}/stalebase.1" "${generated}/stalebase.1.gz")
  foreach(shell bash zsh fish)
    add_custom_command(
      OUTPUT "${generated}/completion.${shell}"
      COMMAND "${CMAKE_COMMAND}" -DSTALEBASE=$<TARGET_FILE:stalebase> "-DARGS=completion;${shell}"
              "-DOUTPUT=${generated}/completion.${shell}" -P "${generate}"
      DEPENDS stalebase "${generate}" VERBATIM)
    list(APPEND outputs "${generated}/completion.${shell}")
  endforeach()
  # A native package's changelog.gz is a Debian changelog (the upstream one is
  # CHANGELOG.md beside it); dated by SOURCE_DATE_EPOCH when set.
  string(TIMESTAMP stalebase_changelog_date "%a, %d %b %Y %H:%M:%S +0000" UTC)
  configure_file("${PROJECT_SOURCE_DIR}/packaging/changelog.in" "${generated}/changelog" @ONLY)
  add_custom_command(
    OUTPUT "${generated}/changelog.gz"
    COMMAND "${STALEBASE_GZIP}" -9 -n -f -k "${generated}/changelog"
    DEPENDS "${generated}/changelog" VERBATIM)
  list(APPEND outputs "${generated}/changelog.gz")
  add_custom_target(stalebase_docs ALL DEPENDS ${outputs})

  install(FILES "${generated}/stalebase.1.gz" DESTINATION "${CMAKE_INSTALL_MANDIR}/man1")
  install(FILES "${generated}/completion.bash"
          DESTINATION "${CMAKE_INSTALL_DATADIR}/bash-completion/completions" RENAME stalebase)
  install(FILES "${generated}/completion.zsh"
          DESTINATION "${STALEBASE_ZSH_COMPLETION_DIR}" RENAME _stalebase)
  install(FILES "${generated}/completion.fish"
          DESTINATION "${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d" RENAME stalebase.fish)
  install(FILES "${generated}/changelog.gz" DESTINATION "${CMAKE_INSTALL_DOCDIR}")
endif()

install(FILES README.md CHANGELOG.md LICENSE packaging/copyright
        DESTINATION "${CMAKE_INSTALL_DOCDIR}")
install(FILES .pre-commit-hooks.yaml DESTINATION "${CMAKE_INSTALL_DOCDIR}" RENAME pre-commit-hooks.yaml)
file(GLOB stalebase_docs CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/docs/*.md")
install(FILES ${stalebase_docs} DESTINATION "${CMAKE_INSTALL_DOCDIR}")
install(PROGRAMS contrib/cron-report.sh DESTINATION "${CMAKE_INSTALL_DOCDIR}/examples")

# ---- CPack: scripts/package.sh ----------------------------------------------
set(CPACK_PACKAGE_NAME stalebase)
set(CPACK_PACKAGE_VENDOR "The stalebase authors")
set(STALEBASE_MAINTAINER "stalebase maintainers <maintainers@stalebase.example>" CACHE STRING
    "The packages' maintainer (name <address>); releases set the real one")
set(CPACK_PACKAGE_CONTACT "${STALEBASE_MAINTAINER}")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "find and fix stale container base images")
set(CPACK_PACKAGE_DESCRIPTION
    "stalebase reads Dockerfiles and Containerfiles exactly as BuildKit does,
finds every external image they build from, and checks them against their
OCI registries: drifted digests, newer patch builds, missing tags and
unpinned references. It runs as a pre-commit hook, a CI gate (SARIF,
GitHub annotations) and a cron report, and its pin and update commands
fix Dockerfiles in place.")
set(CPACK_RESOURCE_FILE_LICENSE "${PROJECT_SOURCE_DIR}/LICENSE")
set(STALEBASE_HOMEPAGE "" CACHE STRING "The project's home page, for the packages (none by default)")
set(CPACK_PACKAGE_HOMEPAGE_URL "${STALEBASE_HOMEPAGE}")
# Stripped whatever the build type. The .deb roots the tree at /usr, the
# archive at its top folder.
set(CPACK_STRIP_FILES ON)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT) # stalebase_0.1.0_amd64.deb
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# Runtime dependencies from the binary's own libraries (dpkg-shlibdeps), never
# a hand-kept list.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "ca-certificates")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "bash-completion")
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${STALEBASE_HOMEPAGE}")
set(CPACK_DEBIAN_COMPRESSION_TYPE xz)

# stalebase-0.1.0-linux-x86_64.tar.gz: the same tree, rooted at the prefix.
string(TOLOWER "${CMAKE_SYSTEM_NAME}-${CMAKE_SYSTEM_PROCESSOR}" stalebase_system)
set(CPACK_PACKAGE_FILE_NAME "stalebase-${PROJECT_VERSION}-${stalebase_system}")
set(CPACK_GENERATOR DEB TGZ)
include(CPack)
