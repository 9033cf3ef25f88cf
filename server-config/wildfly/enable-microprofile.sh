#!/usr/bin/env bash
# Adds WildFly's MicroProfile subsystems (Health among them) to its standalone.xml, the configuration that also
# has Jakarta Enterprise Beans (standalone-microprofile.xml has none), with the CLI script WildFly ships for
# this. Does nothing when MicroProfile Health is there already, so it can run before every test run.
# Usage: enable-microprofile.sh JBOSS_HOME
set -euo pipefail

home="${1:?usage: enable-microprofile.sh JBOSS_HOME}"
config="${home}/standalone/configuration/standalone.xml"

if grep -q 'microprofile-health-smallrye' "${config}"; then
  exit 0
fi
if ! output="$(cd "${home}" && bin/jboss-cli.sh --file=docs/examples/enable-microprofile.cli 2>&1)" \
    || ! grep -q 'microprofile-health-smallrye' "${config}"; then
  printf '%s\n' "${output}" >&2
  echo "enable-microprofile: WildFly's enable-microprofile.cli did not add MicroProfile Health to ${config}" >&2
  exit 1
fi
echo "enable-microprofile: MicroProfile enabled in ${config}"
